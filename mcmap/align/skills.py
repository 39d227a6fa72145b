"""Skill linking: learning outcomes to the concepts of a skills taxonomy (ESCO by default).

Two stages, so a catalogue never costs outcomes x concepts string comparisons:

1. candidates: a sparse TF-IDF index over word 1-2-grams of every preferred and alternative
   label (one row per label, mapped back to its concept) gives each outcome its ``candidates``
   most similar label rows (cosine);
2. re-scoring: each candidate row is compared with the outcome by rapidfuzz ``token_set_ratio``
   (100 when every word of the label occurs in the outcome), and the score is
   ``100 * (COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * token_set / 100)``. A concept takes
   the score of its best row, which is also the label reported as ``matched``.

Matches scoring below ``threshold`` are dropped; an outcome left with none is reported as "no
confident match" (``SkillLinks.confident`` is False and ``nearest`` shows the best rejected
candidate so a reviewer can see why). Ranking is by score (rounded to 0.1) descending, then
preferred-label matches before others, then concept id, so equal inputs give equal outputs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from mcmap.align import cache as _cache
from mcmap.align.declared import DeclaredComparison, DeclaredLink
from mcmap.align.index import IndexParams, SparseIndex, clean_tokens, strip_lead_in
from mcmap.errors import UsageError
from mcmap.taxonomy import Concept, Taxonomy

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

# DeclaredLink and DeclaredComparison live in mcmap.align.declared and are re-exported here
__all__ = [
    "DEFAULT_THRESHOLD",
    "DeclaredComparison",
    "DeclaredLink",
    "SkillIndex",
    "SkillLinks",
    "SkillMatch",
]

DEFAULT_TOP_K = 5
DEFAULT_CANDIDATES = 50  # label rows per outcome taken from the index before re-scoring
# Below this an outcome has "no confident match". Set from what the formula means, not fitted
# to the evaluation sets: 65 needs a label wholly contained in the outcome plus a cosine of
# 0.3 (more than one shared, specific word), or a close near-exact label. A single generic
# word shared with a long outcome ("plan", "frames") scores about 55-62 and is rejected.
DEFAULT_THRESHOLD = 65.0
COSINE_WEIGHT = 0.5
KIND_NAMES = ("preferred", "alternative", "description", "keyword")
_INDEX_FORMAT = 1


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """One concept linked to an outcome, with what matched and how well (score 0-100)."""

    id: str
    label: str  # the concept's preferred label
    matched: str  # the label (or description) that matched
    matched_kind: str  # "preferred" | "alternative" | "description" | "keyword"
    score: float
    method: str
    green: bool = False
    digital: bool = False
    transversal: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (field order is stable)."""
        return {
            "id": self.id,
            "label": self.label,
            "matched": self.matched,
            "matched_kind": self.matched_kind,
            "score": self.score,
            "method": self.method,
            "green": self.green,
            "digital": self.digital,
            "transversal": self.transversal,
        }


@dataclass(frozen=True)
class SkillLinks(Sequence[SkillMatch]):
    """The confident matches of one outcome in rank order; iterates like a list of them."""

    text: str
    matches: tuple[SkillMatch, ...]
    threshold: float
    nearest: SkillMatch | None = None  # best candidate, even when below the threshold

    @property
    def confident(self) -> bool:
        """False means "no confident match": nothing reached the threshold."""
        return bool(self.matches)

    def __len__(self) -> int:
        return len(self.matches)

    @overload
    def __getitem__(self, i: int) -> SkillMatch: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[SkillMatch]: ...
    def __getitem__(self, i: int | slice) -> SkillMatch | Sequence[SkillMatch]:
        return self.matches[i]

    def __iter__(self) -> Iterator[SkillMatch]:
        return iter(self.matches)


@dataclass
class SkillIndex:
    """A taxonomy's label index, ready to link outcomes. Build with :meth:`SkillIndex.build`."""

    taxonomy: Taxonomy
    params: IndexParams
    sparse: SparseIndex
    row_concept: np.ndarray  # int32: concept position of each row
    row_kind: np.ndarray  # int8: index into KIND_NAMES
    row_label_no: np.ndarray  # int16: alternative label position (-1 otherwise)
    row_text: list[str]  # cleaned row text compared by rapidfuzz
    threshold: float = DEFAULT_THRESHOLD
    top_k: int = DEFAULT_TOP_K
    candidates: int = DEFAULT_CANDIDATES
    semantic_weight: float = 0.0  # > 0 only with semantic=True (the optional extra)
    static_weight: float = 0.0  # > 0 with the static-embedding stage (mcmap.align.static)
    cache_status: str = "off"  # "hit", "built", "built (not saved)" or "off"
    _id_rank: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        taxonomy: Taxonomy,
        params: IndexParams | None = None,
        *,
        use_cache: bool = True,
        threshold: float | None = None,
        top_k: int = DEFAULT_TOP_K,
        candidates: int = DEFAULT_CANDIDATES,
        semantic: bool = False,
        semantic_weight: float | None = None,
        static: bool = False,
        static_weight: float | None = None,
    ) -> SkillIndex:
        """Load the index of ``taxonomy`` from the cache, or build (and cache) it.

        ``semantic=True`` adds the embedding stage of ``mcmap[semantic]`` (a UsageError with an
        install hint when the extra is missing); ``semantic_weight`` overrides its share.
        ``threshold`` defaults to DEFAULT_THRESHOLD, or to the semantic stage's own default
        (its scores sit lower: an embedding cosine of 0.6 is already a close paraphrase).
        ``static=True`` adds the static-embedding stage (packaged, numpy + tokenizers only);
        the semantic stage, when also asked for, replaces it.
        """
        from mcmap.align.skill_rows import build_arrays, from_arrays

        params = params or IndexParams()
        weight = 0.0
        if semantic:
            from mcmap.align import semantic as _semantic

            if not _semantic.available():
                raise UsageError(
                    "semantic skill linking needs the optional model",
                    hint="pip install 'mcmap[semantic]'",
                )
            weight = _semantic.DEFAULT_WEIGHT if semantic_weight is None else semantic_weight
            if threshold is None:
                threshold = _semantic.DEFAULT_THRESHOLD
        static_w = 0.0
        if static and not semantic:
            from mcmap.align import static as _static

            static_w = _static.DEFAULT_WEIGHT if static_weight is None else static_weight
            if threshold is None:
                threshold = _static.DEFAULT_THRESHOLD
        settings: dict[str, Any] = {
            "threshold": DEFAULT_THRESHOLD if threshold is None else threshold,
            "top_k": top_k,
            "candidates": candidates,
            "semantic_weight": weight,
            "static_weight": static_w,
        }
        use_cache = use_cache and _cache.cache_enabled()
        key = path = None
        if use_cache:
            key = _cache.cache_key(cls._key_parts(taxonomy, params))
            path = _cache.entry_path("skill-index", f"{taxonomy.id}-{taxonomy.version}", key)
            arrays = _cache.load_entry(path, key)
            if arrays is not None:
                loaded = from_arrays(cls, taxonomy, params, arrays, settings)
                if loaded is not None:
                    loaded.cache_status = "hit"
                    return loaded
        arrays = build_arrays(taxonomy, params)
        index = from_arrays(cls, taxonomy, params, arrays, settings)
        assert index is not None  # freshly built arrays are always consistent
        if use_cache and path is not None and key is not None:
            saved = _cache.save_entry(path, key, arrays)
            index.cache_status = "built" if saved else "built (not saved)"
        return index

    @staticmethod
    def _key_parts(taxonomy: Taxonomy, params: IndexParams) -> dict[str, Any]:
        from mcmap import __version__
        from mcmap.align.skill_rows import _code_digest, _fingerprint

        return {
            "kind": "skill-index",
            "format": _INDEX_FORMAT,
            "code": _code_digest(),
            "taxonomy": taxonomy.id,
            "version": taxonomy.version,
            "fingerprint": _fingerprint(taxonomy, params),
            "params": params.as_dict(),
            "mcmap": __version__,
        }

    @cached_property
    def method(self) -> str:
        """Short name of the matching method, repeated in every match."""
        p = self.params
        parts = [f"word1-{p.ngram_max}"] + (["stem"] if p.stemming else [])
        source = "labels+descriptions" if p.descriptions else "labels"
        method = f"tfidf({','.join(parts)};{source})+token_set_ratio"
        if self.semantic_weight > 0:
            method += f"+all-MiniLM-L6-v2(w={self.semantic_weight:g})"
        elif self.static_weight > 0:
            method += f"+static-MiniLM(w={self.static_weight:g})"
        return method

    def provenance(self) -> dict[str, Any]:
        """Taxonomy, method, parameters and thresholds behind every link of this index."""
        from mcmap import __version__
        from mcmap.align.skill_rows import search_backend

        t = self.taxonomy
        return {
            "taxonomy": {"id": t.id, "name": t.name, "version": t.version, "source": t.source},
            "method": self.method,
            "parameters": {
                **self.params.as_dict(),
                "candidates": self.candidates,
                "cosine_weight": COSINE_WEIGHT,
                "fuzzy_scorer": "rapidfuzz.fuzz.token_set_ratio",
                "search_backend": search_backend(),
            },
            "semantic": self._semantic_provenance(),
            "static": self._static_provenance(),
            "threshold": self.threshold,
            "top_k": self.top_k,
            "mcmap_version": __version__,
        }

    def _semantic_provenance(self) -> dict[str, Any] | None:
        if self.semantic_weight <= 0:
            return None
        from mcmap.align import semantic as _semantic

        return {
            "model": _semantic.MODEL_NAME,
            "package": f"{_semantic.MODEL_PACKAGE} {_semantic.model_version()}",
            "weight": self.semantic_weight,
            "candidates": _semantic.SEMANTIC_CANDIDATES,
            "embedded": "preferred labels",
        }

    def _static_provenance(self) -> dict[str, Any] | None:
        if self.static_weight <= 0:
            return None
        from mcmap.align import static as _static

        return {
            "model": _static.MODEL_NAME,
            "files": [_static.EMBEDDINGS_FILE, _static.TOKENIZER_FILE],
            "digest": _static.model_digest(),
            "weight": self.static_weight,
            "candidates": _static.STATIC_CANDIDATES,
            "embedded": "preferred labels",
        }

    def clean(self, text: str) -> list[str]:
        """The tokens an outcome is matched on (lead-in stripped, stop words out, stemmed)."""
        return clean_tokens(strip_lead_in(text), self.params.stemming)

    def link(self, text: str, top_k: int | None = None, threshold: float | None = None) -> SkillLinks:
        """Link one outcome; see :meth:`link_outcomes`."""
        return self.link_outcomes([text], top_k=top_k, threshold=threshold)[0]

    def link_outcomes(
        self,
        texts: Sequence[str],
        top_k: int | None = None,
        threshold: float | None = None,
    ) -> list[SkillLinks]:
        """Link every outcome at once (batched); one :class:`SkillLinks` per text, in order."""
        from mcmap.align.skill_rows import rank_candidates

        top_k = self.top_k if top_k is None else top_k
        threshold = self.threshold if threshold is None else threshold
        if top_k < 1:
            raise ValueError("top_k must be at least 1")
        ranked = rank_candidates(self, texts, max(top_k, 1))
        results = []
        for text, found in zip(texts, ranked, strict=True):
            matches = [self._match(*item) for item in found]
            kept = tuple(m for m in matches[:top_k] if m.score >= threshold)
            nearest = matches[0] if matches else None
            results.append(SkillLinks(text, kept, threshold, nearest))
        return results

    @cached_property
    def row_text_array(self) -> np.ndarray:
        """``row_text`` as a numpy object array, for fancy indexing of candidate pairs."""
        import numpy as np

        return np.asarray(self.row_text, dtype=object)

    @cached_property
    def positions(self) -> dict[str, int]:
        """Concept id -> position in the taxonomy (built once; declared links look ids up)."""
        return {c.id: i for i, c in enumerate(self.taxonomy.concepts)}

    @cached_property
    def _concept_flags(self) -> list[dict[str, bool]]:
        return [_flags(c) for c in self.taxonomy.concepts]

    def _match(self, row: int, score: float) -> SkillMatch:
        position = int(self.row_concept[row])
        concept = self.taxonomy.concepts[position]
        kind = KIND_NAMES[int(self.row_kind[row])]
        if kind == "preferred":
            matched = concept.label
        elif kind == "alternative":
            matched = concept.alt_labels[int(self.row_label_no[row])]
        elif kind == "keyword":  # mcmap's own matching aids (e.g. greening topics)
            matched = getattr(concept, "keywords", ())[int(self.row_label_no[row])]
        else:
            matched = concept.description
        return SkillMatch(
            id=concept.id,
            label=concept.label,
            matched=matched,
            matched_kind=kind,
            score=score,
            method=self.method,
            **self._concept_flags[position],
        )

    def score_concepts(self, text: str, ids: Sequence[str]) -> dict[str, SkillMatch | None]:
        """The score of specific concepts for ``text`` (None: unknown id or nothing shared)."""
        from mcmap.align.skill_rows import score_pairs

        return score_pairs(self, [text], [ids])[0]

    def compare_declared(self, links: SkillLinks, declared: Sequence[str]) -> DeclaredComparison:
        """Compare the declared concept ids of an outcome with its inferred ``links``."""
        return self.compare_declared_many([links], [declared])[0]

    def compare_declared_many(
        self, links: Sequence[SkillLinks], declared: Sequence[Sequence[str]]
    ) -> list[DeclaredComparison]:
        """:meth:`compare_declared` for many outcomes at once (one batched scoring pass)."""
        from mcmap.align.declared import compare_many

        return compare_many(self, links, declared)


def _flags(concept: Concept) -> dict[str, bool]:
    collections = concept.collections
    return {
        "green": "green" in collections,
        "digital": "digital" in collections,
        # ESCO marks transversal skills both by collection and by reuse level
        "transversal": "transversal" in collections or concept.reuse_level == "transversal",
    }
