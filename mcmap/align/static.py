"""Static-embedding stage of skill linking: paraphrase candidates without torch.

Lexical matching misses paraphrases ("give prescribed drugs to residents" vs "administer
medication"). This stage gives every token of all-MiniLM-L6-v2's vocabulary one fixed vector,
distilled from the model (``benchmarks/build_static_embeddings.py``: each token run through the
model, PCA to 256 dimensions, float16), shipped as ``taxonomies/minilm_static.npz`` with the
model's tokenizer. A text's embedding is the mean of its tokens' vectors, so embedding costs a
table look-up (numpy + ``tokenizers``, no torch, nothing downloaded).

Texts are embedded after the same cleaning as the lexical stage without stemming (outcome
boilerplate and function words dropped), so generic words do not dominate the mean. Every
concept's preferred label is embedded once (cached on disk next to the index). Per outcome the
``STATIC_CANDIDATES`` concepts with the most similar preferred label join the lexical candidates
(entering through their preferred-label row, whose TF-IDF cosine is computed exactly), and every
candidate's score becomes ``(1 - w) * lexical + w * 100 * embedding cosine``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

    from mcmap.align.skills import SkillIndex

MODEL_NAME = "all-MiniLM-L6-v2, static token embeddings (PCA 256, float16)"
EMBEDDINGS_FILE = "minilm_static.npz"
TOKENIZER_FILE = "minilm_tokenizer.json"
# Share of the embedding cosine in the final score. Two weights were tried on the TECH and
# HOUSE validation sets: 0.25 (the best combination in earlier synthetic measurements) and 0.5
# (the semantic stage's weight); 0.5 was better on both (benchmarks/RESULTS.md).
DEFAULT_WEIGHT = 0.5
# "Confident" with this stage, set without the validation sets: on 5,000 real outcomes (EDM
# 2022) a lexically borderline top match (lexical 65-70) has a median embedding cosine of 0.46
# and a good one (70-80) 0.54, so 60 means e.g. lexical 65 with cosine 0.55 or lexical 70 with
# 0.5, and keeps the share of outcomes with a confident link close to the lexical default's
# (51 % vs 54 %). An embedding-only candidate (no shared word) scores at most 50, so a
# confident link always has lexical evidence a reviewer can see.
DEFAULT_THRESHOLD = 60.0
STATIC_CANDIDATES = 50  # concepts per outcome taken from the embeddings
_CHUNK = 1024  # outcomes per dense product: 1024 x 13,896 float32 is 57 MB
_BLOCK = 32  # columns per group in top_columns


@lru_cache(maxsize=1)
def _model() -> tuple[Any, np.ndarray, str]:
    """(tokenizer, float32 token table, digest of the packaged files), loaded once."""
    import numpy as np
    from tokenizers import Tokenizer

    from mcmap.resources import data_file

    raw = data_file("taxonomies", EMBEDDINGS_FILE).read_bytes()
    tokenizer_json = data_file("taxonomies", TOKENIZER_FILE).read_text(encoding="utf-8")
    import io

    with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
        table = archive["embeddings"].astype(np.float32)
    tokenizer = Tokenizer.from_str(tokenizer_json)
    tokenizer.no_padding()
    tokenizer.no_truncation()
    digest = hashlib.sha256(raw + tokenizer_json.encode("utf-8")).hexdigest()[:16]
    return tokenizer, table, digest


def model_digest() -> str:
    """Digest of the packaged embeddings + tokenizer (part of the embedding cache key)."""
    return _model()[2]


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised float32 embeddings (mean of token vectors) of already cleaned ``texts``.

    ``texts`` are space-separated words (as :func:`clean_outcomes` gives), so each distinct
    word is tokenised once and a text's vector is a sparse (texts x words) product: no
    per-token copies of 256-d vectors. A text without tokens embeds as the zero vector.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    tokenizer, table, _ = _model()
    word_ids: dict[str, int] = {}
    indptr, columns = [0], []
    for text in texts:
        for word in text.split():
            columns.append(word_ids.setdefault(word, len(word_ids)))
        indptr.append(len(columns))
    words = list(word_ids)
    encoded = tokenizer.encode_batch(words, add_special_tokens=False) if words else []
    word_sums = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    for i, e in enumerate(encoded):  # one row per distinct word: a few thousand
        if e.ids:
            word_sums[i] = table[e.ids].sum(axis=0)
    counts = csr_matrix(
        (
            np.ones(len(columns), dtype=np.float32),
            np.asarray(columns, dtype=np.int64),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(texts), len(words)),
    )
    sums = np.asarray(counts @ word_sums, dtype=np.float32)
    # the mean of the token vectors has the direction of their sum: normalising is enough
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)


def clean_outcomes(texts: list[str]) -> list[str]:
    """Outcomes as the stage embeds them: lead-in and stop words out, not stemmed."""
    from mcmap.align.index import clean_tokens, strip_lead_in

    return [" ".join(clean_tokens(strip_lead_in(t), stemming=False)) for t in texts]


def concept_embeddings(index: SkillIndex) -> np.ndarray:
    """Embeddings of every concept's preferred label, from the cache or computed (about 1 s)."""
    from mcmap.align.index import FUNCTION_WORDS, clean_tokens
    from mcmap.align.skill_rows import concept_matrix

    def compute() -> np.ndarray:
        labels = [
            " ".join(clean_tokens(c.label, stemming=False, stop_words=FUNCTION_WORDS))
            for c in index.taxonomy.concepts
        ]
        return embed(labels)

    model = {"model": model_digest(), "code": _code_digest()}
    return concept_matrix(index, "skill-static-embeddings", model, compute)


def _code_digest() -> str:
    from pathlib import Path

    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    except OSError:  # pragma: no cover - zip import: the model digest still keys it
        return "unknown"


def union_candidates(
    index: SkillIndex,
    queries: np.ndarray,
    concepts: np.ndarray,
    n: int,
    query_vectors: Any,
    q: np.ndarray,
    r: np.ndarray,
    cosine: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lexical candidates (q, r, cosine) plus each query's ``n`` nearest concepts by embedding.

    ``queries`` / ``concepts`` are L2-normalised embeddings of the outcomes and of each concept's
    preferred label; ``query_vectors`` the outcomes' TF-IDF rows. Embedding candidates enter
    through their concept's preferred-label row and get their exact TF-IDF cosine, so every pair
    is scored by one formula. Returns (q, r, cosine, embedding cosine clipped to 0-1).
    """
    import numpy as np

    n_concepts = len(concepts)
    # first row of each concept = its preferred label (rows are built in concept order)
    first_row = np.searchsorted(index.row_concept, np.arange(n_concepts), side="left")
    has_row = (first_row < len(index.row_concept)) & (
        index.row_concept[np.minimum(first_row, len(index.row_concept) - 1)] == np.arange(n_concepts)
    )
    columns = np.flatnonzero(has_row)  # concepts that have rows, in order
    rows = first_row[columns]  # their preferred-label rows
    n = min(n, len(columns))
    column_of = np.full(n_concepts, -1, dtype=np.int64)
    column_of[columns] = np.arange(len(columns))
    pair_column = column_of[index.row_concept[r]]
    is_preferred = r == first_row[index.row_concept[r]]
    # TF-IDF cosine of an outcome with each preferred-label row: one sparse product a chunk
    preferred_t = index.sparse.matrix[rows].T.tocsr()
    vectors = np.zeros((len(columns) + (-len(columns) % _BLOCK), concepts.shape[1]), np.float32)
    vectors[: len(columns)] = concepts[columns]  # padded to whole blocks for top_columns
    embedding = np.zeros(len(q), dtype=np.float32)
    extra_q, extra_r, extra_cos, extra_emb = [], [], [], []
    bounds = np.searchsorted(q, np.arange(0, len(queries) + _CHUNK, _CHUNK))  # q is sorted
    for chunk, start in enumerate(range(0, len(queries) if n else 0, _CHUNK)):
        sims = queries[start : start + _CHUNK] @ vectors.T
        sims[:, len(columns) :] = -np.inf
        lo, hi = bounds[chunk], bounds[chunk + 1]
        local_q = q[lo:hi] - start
        embedding[lo:hi] = sims[local_q, pair_column[lo:hi]]
        proposed = np.zeros(sims.shape, dtype=bool)  # lexical pairs on a preferred-label row
        keep = is_preferred[lo:hi]
        proposed[local_q[keep], pair_column[lo:hi][keep]] = True
        top = top_columns(sims, n).ravel()
        local = np.repeat(np.arange(len(sims)), n)
        value = sims[local, top]
        ok = (value > 0.0) & ~proposed[local, top]  # new, and at least a little similar
        lexical = (query_vectors[start : start + _CHUNK] @ preferred_t).toarray()
        extra_q.append((start + local[ok]).astype(np.int32))
        extra_r.append(rows[top[ok]].astype(np.int32))
        extra_cos.append(lexical[local[ok], top[ok]].astype(np.float32))
        extra_emb.append(value[ok])
    if not n:
        return q, r, cosine, pair_cosine(queries, concepts, q, index.row_concept[r])
    q = np.concatenate([q, *extra_q])
    r = np.concatenate([r, *extra_r])
    cosine = np.concatenate([cosine, *extra_cos])
    return q, r, cosine, np.clip(np.concatenate([embedding, *extra_emb]), 0.0, 1.0)


def top_columns(sims: np.ndarray, n: int) -> np.ndarray:
    """Column indices of the ``n`` largest values of each row of ``sims`` (any order).

    A full argpartition reads every value several times (about 9 ns each here); instead the
    columns are dealt into ``_BLOCK``-sized groups (column c in group c mod groups), and the
    ``n`` best values of a row lie in its ``n`` groups with the largest maxima (a value outside
    them has ``n`` larger group maxima above it), so only those are partitioned. The column
    count must be a multiple of ``_BLOCK`` (pad with -inf).
    """
    import numpy as np

    n_rows, n_cols = sims.shape
    if n_cols <= 4 * n * _BLOCK:  # small taxonomies: nothing to gain
        return np.argpartition(sims, n_cols - n, axis=1)[:, n_cols - n :]
    n_groups = n_cols // _BLOCK
    grouped = sims.reshape(n_rows, _BLOCK, n_groups)  # [row, k, g] = column k * n_groups + g
    maxima = grouped.max(axis=1)
    best = np.argpartition(maxima, n_groups - n, axis=1)[:, n_groups - n :]
    values = np.take_along_axis(grouped, best[:, None, :], axis=2).reshape(n_rows, -1)
    width = values.shape[1]
    chosen = np.argpartition(values, width - n, axis=1)[:, width - n :]
    group = np.take_along_axis(best, chosen % n, axis=1)
    return (chosen // n) * n_groups + group


def pair_cosine(queries: np.ndarray, concepts: np.ndarray, q: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Embedding cosine of query ``q[i]`` with concept ``owner[i]``, clipped to 0-1."""
    import numpy as np

    out = np.empty(len(q), dtype=np.float32)
    for start in range(0, len(q), 100_000):
        part = slice(start, start + 100_000)
        out[part] = np.einsum("ij,ij->i", queries[q[part]], concepts[owner[part]])
    return np.clip(out, 0.0, 1.0)


def add_candidates(
    index: SkillIndex,
    texts: list[str],
    query_vectors: Any,
    q: np.ndarray,
    r: np.ndarray,
    cosine: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The static stage's candidates joined to the lexical ones (see :func:`union_candidates`)."""
    queries = embed(clean_outcomes(texts))
    concepts = concept_embeddings(index)
    return union_candidates(index, queries, concepts, STATIC_CANDIDATES, query_vectors, q, r, cosine)


def pair_similarity(index: SkillIndex, texts: list[str], q: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Embedding cosine of ``texts[q]`` with the concepts owning rows ``r`` (declared links)."""
    queries = embed(clean_outcomes(texts))
    return pair_cosine(queries, concept_embeddings(index), q, index.row_concept[r])
