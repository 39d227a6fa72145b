"""An optional trained Bloom classifier that works on top of the rules, never instead of them.

One-vs-rest logistic regression over sparse features: the rule analysis (its verbs, level and
flags) plus the words, word pairs and opening words of the normalised outcome. Trained by
``benchmarks/train_bloom.py`` on a fixed 80% of the EDM2022 development split and shipped as
``taxonomies/bloom_model.json.gz`` (vocabulary and weights, a few hundred KB); inference is plain
numpy, nothing is downloaded.

The explanation stays human: a model result still carries the rule's verbs and deciding verb,
``method`` says "model", and ``origin`` gives the rule's own view next to the model's choice, so
a reviewer sees when and how the two disagree.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from mcmap.align.bloom import BloomAnalysis, analyze_normalized
from mcmap.align.bloom_lexicon import LEVELS, load_lexicon
from mcmap.align.text import normalize, tokenize
from mcmap.errors import DataError
from mcmap.resources import data_file

if TYPE_CHECKING:
    import numpy as np

MODEL_FILE = "bloom_model.json.gz"
#: a category joins ``all_levels`` when its probability reaches this (the main level always does)
SET_THRESHOLD = 0.5


def features(analysis: BloomAnalysis, normalized: str) -> list[str]:
    """Sparse binary features of one outcome (names, deduplicated, in a stable order)."""
    words = [t for t in tokenize(normalized) if t[0].isalnum()]
    out = [f"w={w}" for w in words]
    out += [f"b={a}_{b}" for a, b in pairwise(words)]
    out += [f"p{i}={w}" for i, w in enumerate(words[:3])]
    out += [f"v={v}" for v in analysis.verbs]
    if analysis.verbs:
        out.append(f"v1={analysis.verbs[0]}")
    out.append(f"rule={analysis.level}")
    out += [f"lv={lv}" for lv in analysis.all_levels]
    out += [f"flag={flag}" for flag in analysis.flags]
    if analysis.decided_by:
        out.append(f"dec={analysis.decided_by}")
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class BloomModel:
    """Vocabulary and one weight vector per category (plus bias)."""

    index: dict[str, int]
    weights: np.ndarray  # (len(index), 6)
    bias: np.ndarray  # (6,)
    meta: dict[str, Any]
    names: tuple[str, ...] = ()  # index order, for explanations

    def encode(self, feature_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) index pairs of the known features, rows ascending."""
        import numpy as np

        get = self.index.get
        lengths = np.fromiter(map(len, feature_lists), dtype=np.int64, count=len(feature_lists))
        rows = np.repeat(np.arange(len(feature_lists), dtype=np.int64), lengths)
        cols = np.fromiter(
            (get(name, -1) for feats in feature_lists for name in feats),
            dtype=np.int64, count=int(lengths.sum()),
        )
        known = cols >= 0
        return rows[known], cols[known]

    def probabilities(self, rows: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
        """(n, 6) sigmoid probabilities, one row per outcome, from ``encode``'s pairs."""
        import numpy as np

        gathered = self.weights[cols]
        # a bincount per category is numpy's fast scatter-add
        logits = np.stack(
            [np.bincount(rows, weights=gathered[:, j], minlength=n) for j in range(len(LEVELS))],
            axis=1,
        ) + self.bias
        result: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return result


def model_from_dict(data: dict[str, Any]) -> BloomModel:
    """Rebuild a model from its JSON form (see ``benchmarks/train_bloom.py``)."""
    import numpy as np

    vocab = data["vocab"]
    weights = np.asarray(data["weights"], dtype=np.float32).reshape(len(vocab), len(LEVELS))
    bias = np.asarray(data["bias"], dtype=np.float32)
    index = {name: i for i, name in enumerate(vocab)}
    return BloomModel(index, weights, bias, data["meta"], tuple(vocab))


@lru_cache(maxsize=1)
def load_model() -> BloomModel:
    """The packaged model, read once per process."""
    resource = data_file("taxonomies", MODEL_FILE)
    try:
        data = json.loads(gzip.decompress(resource.read_bytes()))
        return model_from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{MODEL_FILE}: unreadable Bloom model ({exc})",
                        hint="reinstall mcmap or retrain with benchmarks/train_bloom.py") from exc


_FEATURE_WORDS = {"w": "word", "b": "words", "p0": "first word", "p1": "second word",
                  "p2": "third word", "v": "verb", "v1": "main verb", "rule": "rule level",
                  "lv": "one of the rule's levels", "flag": "flag", "dec": "rule's deciding phrase"}


def _evidence(
    model: BloomModel, rows: np.ndarray, cols: np.ndarray, best: np.ndarray, n: int
) -> list[list[tuple[str, float]]]:
    """Per outcome, the (at most three) features that pushed hardest towards its category."""
    import numpy as np

    contrib = model.weights[cols, best[rows]]
    order = np.lexsort((-contrib, rows))  # by row, strongest first
    sorted_rows = rows[order]
    first = np.searchsorted(sorted_rows, sorted_rows)  # where each row's run starts
    rank = np.arange(len(order)) - first
    keep = order[(rank < 3) & (contrib[order] > 0)]
    names = model.names
    out: list[list[tuple[str, float]]] = [[] for _ in range(n)]
    for r, c, w in zip(rows[keep].tolist(), cols[keep].tolist(), contrib[keep].tolist(),
                       strict=True):
        out[r].append((names[c], w))
    return out


@lru_cache(maxsize=65536)
def _describe(name: str) -> str:
    kind, _, value = name.partition("=")
    return f"{_FEATURE_WORDS.get(kind, kind)} '{value.replace('_', ' ')}'"


def _combine(
    rule: BloomAnalysis, probs: list[float], evidence: list[tuple[str, float]]
) -> BloomAnalysis:
    best = probs.index(max(probs))  # first of equals: the lower category
    if rule.level is None and probs[best] < SET_THRESHOLD:
        return replace(rule, method="model")  # no verb and no confident guess: no level
    level = LEVELS[best]
    chosen = tuple(
        lv for lv, p in zip(LEVELS, probs, strict=True) if p >= SET_THRESHOLD or lv == level
    )
    rule_view = (
        f"rules say {rule.level} via '{rule.decided_by}' ({rule.origin})" if rule.level
        else "rules found no level"
    )
    decided_by = rule.decided_by
    if rule.level != level:
        for name, _ in evidence:
            if name.startswith(("v1=", "v=", "dec=")):
                decided_by = name.partition("=")[2]
                break
    why = ", ".join(f"{_describe(n)} (+{w:.1f})" for n, w in evidence) or "prior"
    return BloomAnalysis(
        text=rule.text,
        level=level,
        verbs=rule.verbs,
        decided_by=decided_by,
        confidence=round(probs[best], 3),
        flags=rule.flags,
        all_levels=chosen,
        origin=f"trained model, strongest evidence {why}; {rule_view}",
        method="model",
    )


def refine(rules: Sequence[BloomAnalysis], normalized: Sequence[str]) -> list[BloomAnalysis]:
    """The rule analyses of ``normalized`` texts, with level, confidence and all_levels set by
    the packaged model; verbs and flags stay the rules' own."""
    if not rules:
        return []
    model = load_model()
    rows, cols = model.encode([features(r, n) for r, n in zip(rules, normalized, strict=True)])
    probs = model.probabilities(rows, cols, len(rules))
    best = probs.argmax(axis=1)
    evidence = _evidence(model, rows, cols, best, len(rules))
    return [
        _combine(rule, row, why)
        for rule, row, why in zip(rules, probs.tolist(), evidence, strict=True)
    ]


def classify_outcomes(texts: Iterable[str]) -> list[BloomAnalysis]:
    """Rule analysis refined by the trained model, in input order."""
    lex = load_lexicon()
    items = list(texts)
    normalized = [normalize(t) for t in items]
    rules = [analyze_normalized(t, n, lex) for t, n in zip(items, normalized, strict=True)]
    return refine(rules, normalized)
