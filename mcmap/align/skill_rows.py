"""The row-level machinery behind :class:`mcmap.align.skills.SkillIndex`.

Builds one index row per preferred / alternative label (and optionally per description),
turns the index into plain arrays for the on-disk cache and back, and ranks candidates:
index top-N rows -> rapidfuzz re-score of those pairs only -> best row per concept -> top-k.
Everything is vectorised over the whole batch of outcomes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mcmap.align.index import (
    FUNCTION_WORDS,
    SEPARATOR,
    IndexParams,
    SparseIndex,
    build_sparse_index,
    clean_tokens,
    top_rows,
)
from mcmap.taxonomy import Taxonomy

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

    from mcmap.align.skills import SkillIndex, SkillMatch

_PREFERRED, _ALTERNATIVE, _DESCRIPTION, _KEYWORD = 0, 1, 2, 3


def concept_matrix(
    index: SkillIndex, kind: str, model_parts: dict[str, Any], compute: Callable[[], np.ndarray]
) -> np.ndarray:
    """One row per concept of the index's taxonomy (e.g. label embeddings), cached on disk under
    the taxonomy's content fingerprint and ``model_parts``, computed only when missing."""
    from mcmap.align import cache

    t = index.taxonomy
    parts = {"taxonomy": t.id, "version": t.version, "fingerprint": _fingerprint(t, index.params)}
    return cache.cached_rows(kind, f"{t.id}-{t.version}", {**parts, **model_parts}, len(t.concepts), compute)


def _fingerprint(taxonomy: Taxonomy, params: IndexParams) -> str:
    """Hash of everything in the taxonomy the index reads: edits rebuild even without a new version."""
    digest = hashlib.sha256()
    for concept in taxonomy.concepts:
        parts = [concept.id, concept.label, *concept.alt_labels]
        if params.descriptions:
            parts.append(concept.description)
        digest.update("\x1f".join(parts).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def _code_digest() -> str:
    """Hash of the modules that build index rows (cleaning, stop words, stemmer, row layout).

    mcmap's version alone would miss a change made in a development checkout or an editable
    install, and a stale index would then be loaded silently.
    """
    from pathlib import Path

    from mcmap.align import index, skill_rows

    digest = hashlib.sha256()
    for module in (index, skill_rows):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # not a plain file (e.g. a zip import): the mcmap version still keys it
            digest.update(module.__name__.encode())
    return digest.hexdigest()[:16]


def _pack(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 byte array + character offsets (compact, no pickle)."""
    import numpy as np

    blob = "".join(strings)
    offsets = np.zeros(len(strings) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in strings], out=offsets[1:])
    return np.frombuffer(blob.encode("utf-8"), dtype=np.uint8), offsets


def _unpack(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    bounds = offsets.tolist()
    return [text[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def threads() -> int:
    """Worker threads for the sparse search and rapidfuzz (``MCMAP_THREADS`` or all cores)."""
    value = os.environ.get("MCMAP_THREADS", "")
    return max(1, int(value)) if value.isdigit() else max(1, os.cpu_count() or 1)


def search_backend() -> str:
    """How candidates are searched (reported in provenance)."""
    return "scipy sparse product, 2000 outcomes a chunk, partial sort per outcome"


def build_arrays(taxonomy: Taxonomy, params: IndexParams) -> dict[str, np.ndarray]:
    """Every row of the index as plain arrays (what the cache stores)."""
    concept_of: list[int] = []
    kinds: list[int] = []
    label_no: list[int] = []
    documents: list[list[str]] = []
    if params.granularity == "concept":
        return _concept_arrays(taxonomy, params)
    for position, concept in enumerate(taxonomy.concepts):
        seen: set[str] = set()
        labelled = [(_PREFERRED, -1, concept.label)]
        labelled += [(_ALTERNATIVE, j, alt) for j, alt in enumerate(concept.alt_labels)]
        labelled += [(_KEYWORD, j, word) for j, word in enumerate(getattr(concept, "keywords", ()))]
        if params.descriptions and concept.description:
            labelled.append((_DESCRIPTION, -1, concept.description))
        for kind, number, text in labelled:
            tokens = clean_tokens(text, params.stemming, FUNCTION_WORDS)
            key = " ".join(tokens)
            if not tokens or key in seen:  # alt labels often differ only by inflection
                continue
            seen.add(key)
            concept_of.append(position)
            kinds.append(kind)
            label_no.append(number)
            documents.append(tokens)
    return _arrays(taxonomy, params, documents, [" ".join(d) for d in documents],
                   concept_of, kinds, label_no)


def _concept_arrays(taxonomy: Taxonomy, params: IndexParams) -> dict[str, np.ndarray]:
    """One document per concept (all labels, separated); rapidfuzz compares the preferred label."""
    documents: list[list[str]] = []
    texts: list[str] = []
    concept_of: list[int] = []
    for position, concept in enumerate(taxonomy.concepts):
        parts = [concept.label, *concept.alt_labels]
        if params.descriptions and concept.description:
            parts.append(concept.description)
        tokens: list[str] = []
        for part in parts:
            cleaned = clean_tokens(part, params.stemming, FUNCTION_WORDS)
            if cleaned:
                tokens.extend([*cleaned, SEPARATOR])
        if not tokens:
            continue
        documents.append(tokens[:-1])
        texts.append(" ".join(clean_tokens(concept.label, params.stemming, FUNCTION_WORDS)))
        concept_of.append(position)
    kinds = [_PREFERRED] * len(documents)
    return _arrays(taxonomy, params, documents, texts, concept_of, kinds, [-1] * len(documents))


def _arrays(
    taxonomy: Taxonomy,
    params: IndexParams,
    documents: list[list[str]],
    texts: list[str],
    concept_of: list[int],
    kinds: list[int],
    label_no: list[int],
) -> dict[str, np.ndarray]:
    import numpy as np

    sparse = build_sparse_index(documents, params)
    terms_blob, terms_offsets = _pack(sparse.terms)
    text_blob, text_offsets = _pack(texts)
    matrix = sparse.matrix
    return {
        "n_concepts": np.asarray(len(taxonomy.concepts)),
        "m_data": matrix.data,
        "m_indices": matrix.indices,
        "m_indptr": matrix.indptr,
        "idf": sparse.idf,
        "terms_blob": terms_blob,
        "terms_offsets": terms_offsets,
        "text_blob": text_blob,
        "text_offsets": text_offsets,
        "row_concept": np.asarray(concept_of, dtype=np.int32),
        "row_kind": np.asarray(kinds, dtype=np.int8),
        "row_label_no": np.asarray(label_no, dtype=np.int16),
    }


def from_arrays(
    cls: type[SkillIndex],
    taxonomy: Taxonomy,
    params: IndexParams,
    arrays: dict[str, np.ndarray],
    settings: dict[str, Any],
) -> SkillIndex | None:
    """A SkillIndex from cached arrays, or None if they are inconsistent (then rebuild)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    try:
        terms = _unpack(arrays["terms_blob"], arrays["terms_offsets"])
        row_text = _unpack(arrays["text_blob"], arrays["text_offsets"])
        row_concept = arrays["row_concept"]
        n_rows = len(row_concept)
        consistent = (
            int(arrays["n_concepts"]) == len(taxonomy.concepts)
            and len(arrays["idf"]) == len(terms)
            and len(arrays["m_indptr"]) == n_rows + 1
            and len(row_text) == n_rows == len(arrays["row_kind"]) == len(arrays["row_label_no"])
            and (n_rows == 0 or int(row_concept.max()) < len(taxonomy.concepts))
        )
        if not consistent:
            return None
        matrix = csr_matrix(
            (arrays["m_data"], arrays["m_indices"], arrays["m_indptr"]), shape=(n_rows, len(terms))
        )
    except (KeyError, ValueError, UnicodeDecodeError, IndexError):
        return None
    sparse = SparseIndex(params=params, terms=terms, idf=arrays["idf"], matrix=matrix)
    order = sorted(range(len(taxonomy.concepts)), key=lambda i: taxonomy.concepts[i].id)
    id_rank = np.empty(len(order), dtype=np.int32)
    id_rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
    index = cls(
        taxonomy=taxonomy,
        params=params,
        sparse=sparse,
        row_concept=row_concept,
        row_kind=arrays["row_kind"],
        row_label_no=arrays["row_label_no"],
        row_text=row_text,
        **settings,
    )
    index._id_rank = id_rank
    return index


def _pair_scores(
    index: SkillIndex,
    queries: list[str],
    q: np.ndarray,
    r: np.ndarray,
    cosine: np.ndarray,
    semantic: np.ndarray | None = None,
) -> np.ndarray:
    """Combined 0-100 score of each (query, row) candidate pair, rounded to 0.1."""
    import numpy as np
    from rapidfuzz import fuzz, process

    from mcmap.align.skills import COSINE_WEIGHT

    if len(q) == 0:
        return np.zeros(0, dtype=np.float64)
    query_arr = np.asarray(queries, dtype=object)
    cos = cosine.astype(np.float64)
    # no shared term, no lexical evidence: character likeness of unrelated words is noise (the
    # lexical index never proposes such pairs; embedding candidates and declared links may), so
    # rapidfuzz runs only on pairs that share a term
    shared = np.flatnonzero(cos > 0.0)
    workers = threads() if len(shared) > 20_000 else 1  # threads cost more than a few pairs
    token_set = np.zeros(len(q), dtype=np.float64)
    token_set[shared] = process.cpdist(
        query_arr[q[shared]], index.row_text_array[r[shared]], scorer=fuzz.token_set_ratio,
        workers=workers,
    )
    # rapidfuzz against a whole description says little: description rows score on cosine alone
    token_set = np.where(index.row_kind[r] == _DESCRIPTION, 100.0 * cos, token_set)
    score = 100.0 * (COSINE_WEIGHT * cos + (1.0 - COSINE_WEIGHT) * token_set / 100.0)
    weight = index.semantic_weight or index.static_weight
    if semantic is not None and weight > 0:
        score = (1.0 - weight) * score + weight * 100.0 * semantic.astype(np.float64)
    return np.clip(np.round(score, 1), 0.0, 100.0)


def rank_candidates(
    index: SkillIndex, texts: Sequence[str], top_k: int
) -> list[list[tuple[int, float]]]:
    """Per text, up to ``top_k`` (row, score) pairs: one per concept, best first, ties by id."""
    import numpy as np

    cleaned = [index.clean(t) for t in texts]
    queries = [" ".join(tokens) for tokens in cleaned]
    query_vectors = index.sparse.transform(cleaned)
    q, r, cosine = top_rows(query_vectors, index.sparse.matrix_t, index.candidates)
    semantic = None
    if index.semantic_weight > 0:
        from mcmap.align.semantic import add_candidates

        q, r, cosine, semantic = add_candidates(index, list(texts), query_vectors, q, r, cosine)
    elif index.static_weight > 0:
        from mcmap.align import static

        q, r, cosine, semantic = static.add_candidates(
            index, list(texts), query_vectors, q, r, cosine
        )
    score = _pair_scores(index, queries, q, r, cosine, semantic)
    concept = index.row_concept[r]
    # best row per (query, concept): sort by query, concept, score desc, row; keep the first
    order = np.lexsort((r, -score, concept, q))
    q, r, score, concept = q[order], r[order], score[order], concept[order]
    first = np.ones(len(q), dtype=bool)
    first[1:] = (q[1:] != q[:-1]) | (concept[1:] != concept[:-1])
    q, r, score, concept = q[first], r[first], score[first], concept[first]
    # rank within each query: score desc, then a preferred-label match before an alternative
    # one (an exact alternative label of a broader concept must not outrank the concept whose
    # preferred label it is), then concept id: the deterministic tie-break
    assert index._id_rank is not None
    kind = np.minimum(index.row_kind[r], 1)
    order = np.lexsort((index._id_rank[concept], kind, -score, q))
    q, r, score = q[order], r[order], score[order]
    starts = np.searchsorted(q, np.arange(len(texts)), side="left")
    ends = np.searchsorted(q, np.arange(len(texts)), side="right")
    rows, scores = r.tolist(), score.tolist()
    return [
        list(zip(rows[s : min(e, s + top_k)], scores[s : min(e, s + top_k)], strict=True))
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]


def score_pairs(
    index: SkillIndex, texts: Sequence[str], wanted: Sequence[Sequence[str]]
) -> list[dict[str, SkillMatch | None]]:
    """Score given concepts for each text directly, all in one batch (explains declared links).

    ``wanted[i]`` are the concept ids to score for ``texts[i]``; an unknown id, or a concept
    whose labels share nothing with the text, maps to None.
    """
    import numpy as np

    results: list[dict[str, SkillMatch | None]] = [dict.fromkeys(ids) for ids in wanted]
    owners: list[int] = []  # text of each (text, row) pair
    rows: list[np.ndarray] = []
    for i, ids in enumerate(wanted):
        for cid in ids:
            position = index.positions.get(cid)
            if position is None:
                continue
            lo = int(np.searchsorted(index.row_concept, position, side="left"))
            hi = int(np.searchsorted(index.row_concept, position, side="right"))
            rows.append(np.arange(lo, hi, dtype=np.int32))
            owners.extend([i] * (hi - lo))
    if not owners:
        return results
    q = np.asarray(owners, dtype=np.int32)
    r = np.concatenate(rows)
    cleaned = [index.clean(t) for t in texts]
    vectors = index.sparse.transform(cleaned)
    cosine = np.asarray(
        vectors[q].multiply(index.sparse.matrix[r]).sum(axis=1), dtype=np.float32
    ).ravel()
    semantic = None
    if index.semantic_weight > 0:
        from mcmap.align.semantic import pair_similarity

        semantic = pair_similarity(index, list(texts), q, r)
    elif index.static_weight > 0:
        from mcmap.align import static

        semantic = static.pair_similarity(index, list(texts), q, r)
    scores = _pair_scores(index, [" ".join(c) for c in cleaned], q, r, cosine, semantic)
    concept = index.row_concept[r]
    order = np.lexsort((r, -scores, concept, q))  # best row of each (text, concept) first
    seen: set[tuple[int, int]] = set()
    for k in order.tolist():
        key = (int(q[k]), int(concept[k]))
        if key in seen:
            continue
        seen.add(key)
        if scores[k] > 0.0:
            match = index._match(int(r[k]), float(scores[k]))
            results[key[0]][match.id] = match
    return results
