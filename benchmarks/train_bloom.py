"""Train the optional Bloom classifier shipped as ``taxonomies/bloom_model.json.gz``.

    python benchmarks/train_bloom.py [--data PATH] [--out taxonomies/bloom_model.json.gz]

Reproducible: the rows are split 80/20 with the fixed seed of ``bloom_eval.split_indices``;
only the 80% is used here. The L2 strength is chosen on an inner 15% of that 80% (seeded), then
the model is refitted on the whole 80%. The 20% stays unseen for
``python benchmarks/bloom_eval.py --split heldout --method model``.

Model: one-vs-rest logistic regression (each category its own yes/no, as rows may carry two
labels) over the sparse features of ``mcmap.align.bloom_model.features``, fitted by full-batch
Adam in numpy. Features seen fewer than ``MIN_COUNT`` times in training are dropped, which keeps
the file small.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bloom_eval import DEFAULT_DATA, LEVELS, REPO, load_rows, split_indices

from mcmap.align.bloom import analyze_normalized
from mcmap.align.bloom_lexicon import load_lexicon
from mcmap.align.bloom_model import features
from mcmap.align.text import normalize

SEED = 7
MIN_COUNT = 3
EPOCHS = 300
LEARNING_RATE = 0.05
L2_GRID = (1e-5, 3e-5, 1e-4, 3e-4)


def featurise(texts: Sequence[str]) -> list[list[str]]:
    lex = load_lexicon()
    out = []
    for text in texts:
        norm = normalize(text)
        out.append(features(analyze_normalized(text, norm, lex), norm))
    return out


def encode(feats: list[list[str]], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = [], []
    for r, names in enumerate(feats):
        for name in names:
            c = index.get(name)
            if c is not None:
                rows.append(r)
                cols.append(c)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def fit(rows: np.ndarray, cols: np.ndarray, y: np.ndarray, n_feat: int, l2: float
        ) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest logistic regression by full-batch Adam (mean log-loss + l2 * |W|^2)."""
    n, k = y.shape
    w = np.zeros((n_feat, k))
    b = np.log((y.mean(axis=0) + 1e-3) / (1 - y.mean(axis=0) + 1e-3))
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros(k), np.zeros(k)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, EPOCHS + 1):
        err = (predict(w, b, rows, cols, n) - y) / n
        contrib = err[rows]
        # bincount per category is the fast scatter-add (np.add.at is ~10x slower)
        grad_w = np.stack(
            [np.bincount(cols, weights=contrib[:, j], minlength=len(w)) for j in range(k)], axis=1
        ) + 2 * l2 * w
        grad_b = err.sum(axis=0)
        for param, grad, m, v in ((w, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= LEARNING_RATE * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return w, b


def macro_f1(probs: np.ndarray, y: np.ndarray) -> float:
    """Single-label macro F1 (argmax), the figure bloom_eval reports first."""
    pred = np.zeros_like(y)
    pred[np.arange(len(y)), probs.argmax(axis=1)] = 1
    f1s = []
    for k in range(y.shape[1]):
        tp = float((pred[:, k] * y[:, k]).sum())
        p = tp / max(pred[:, k].sum(), 1)
        r = tp / max(y[:, k].sum(), 1)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s)


def predict(w: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, n: int
            ) -> np.ndarray:
    gathered = w[cols]
    logits = np.stack(
        [np.bincount(rows, weights=gathered[:, j], minlength=n) for j in range(w.shape[1])], axis=1
    ) + b
    result: np.ndarray = 1 / (1 + np.exp(-logits))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=REPO / "taxonomies" / "bloom_model.json.gz")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    all_rows = load_rows(args.data)
    train_idx, heldout_idx = split_indices([t for t, _ in all_rows])
    rows = [all_rows[i] for i in train_idx]
    feats = featurise([t for t, _ in rows])
    y = np.asarray([[1.0 if lv in gold else 0.0 for lv in LEVELS] for _, gold in rows])

    counts = Counter(name for names in feats for name in names)
    vocab = sorted(name for name, c in counts.items() if c >= MIN_COUNT)
    index = {name: i for i, name in enumerate(vocab)}
    r, c = encode(feats, index)

    # choose L2 on an inner split of the training rows only
    inner = np.random.default_rng(SEED).permutation(len(rows))
    cut = int(len(rows) * 0.85)
    fit_rows, val_rows = set(inner[:cut].tolist()), inner[cut:]
    mask = np.asarray([i in fit_rows for i in range(len(rows))])
    remap = np.cumsum(mask) - 1
    keep = mask[r]
    best_l2, best_f1 = L2_GRID[0], -1.0
    val_feats = [feats[i] for i in val_rows]
    vr, vc = encode(val_feats, index)
    for l2 in L2_GRID:
        w, b = fit(remap[r[keep]], c[keep], y[mask], len(vocab), l2)
        f1 = macro_f1(predict(w, b, vr, vc, len(val_rows)), y[val_rows])
        print(f"l2={l2:g}: inner-validation macro F1 {f1:.3f}")
        if f1 > best_f1:
            best_l2, best_f1 = l2, f1
    w, b = fit(r, c, y, len(vocab), best_l2)

    # drop features whose weights are all tiny: they barely move a prediction, and cost bytes
    keep_feat = np.abs(w).max(axis=1) >= 0.02
    vocab = [name for name, k in zip(vocab, keep_feat, strict=True) if k]
    w = w[keep_feat]
    model = {
        "meta": {
            "kind": "one-vs-rest logistic regression",
            "levels": list(LEVELS),
            "trained_on": "EDM2022 development split (Li et al., EDM 2022), fixed 80% "
                          f"({len(rows)} rows; held-out {len(heldout_idx)} rows never seen)",
            "l2": best_l2, "epochs": EPOCHS, "min_count": MIN_COUNT, "seed": SEED,
            "features": len(vocab),
            "script": "benchmarks/train_bloom.py",
        },
        "vocab": vocab,
        "weights": [round(float(x), 3) for x in w.ravel()],
        "bias": [round(float(x), 4) for x in b],
    }
    payload = json.dumps(model, separators=(",", ":"), sort_keys=True).encode("utf-8")
    args.out.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    print(f"l2={best_l2:g}, {len(vocab)} features, {args.out.stat().st_size / 1024:.0f} KB "
          f"-> {args.out} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
