"""Bloom classification accuracy on the EDM2022 development split (Li et al., EDM 2022).

    python benchmarks/bloom_eval.py [--data PATH] [--policy highest|first] [--split all|heldout]
                                    [--method rules|model]

Each row of ``edm2022_dev.csv`` carries 0/1 labels for the six categories and may carry two.
A predicted category counts as correct when the row's label for it is 1. Two variants:

* single: the analysis's main ``level`` is the predicted set (at most one category);
* set: ``all_levels`` (every category expressed by the outcome's main verbs) is the set.

For each category: precision = correct predictions / predictions, recall = rows labelled with
the category that were predicted / rows labelled, F1; macro F1 over the six. Coverage = share of
outcomes given a level. Rows without a level count as predicting nothing (they lower recall).

``--split heldout`` evaluates only on the 20% of rows that ``benchmarks/train_bloom.py`` keeps
out of training (a fixed, seeded split), so rules and model are compared on the same rows.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "bloom" / "edm2022_dev.csv"
COLUMNS = ("Remember", "Understand", "Apply", "Analyze", "Evaluate", "Create")
LEVELS = tuple(c.lower() for c in COLUMNS)
SEED = 20220701  # the held-out split; train_bloom.py uses the same
HELDOUT_SHARE = 0.2


def load_rows(path: Path) -> list[tuple[str, frozenset[str]]]:
    """(outcome text, set of gold categories) per CSV row."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [
            (row["Learning_outcome"], frozenset(
                lv for lv, col in zip(LEVELS, COLUMNS, strict=True)
                if (row[col] or "").strip() not in ("", "0", "0.0")
            ))
            for row in reader
        ]


def split_indices(texts: Sequence[str]) -> tuple[list[int], list[int]]:
    """Fixed 80/20 split of row indices (train, held-out), seeded and stable.

    The split is by distinct normalised text, so an outcome repeated in several rows (about 3%
    of rows) lands on one side only and cannot leak from training into the held-out figures.
    """
    import numpy as np

    from mcmap.align.text import normalize

    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        groups.setdefault(normalize(text), []).append(i)
    keys = list(groups)  # first-occurrence order: stable for a given file
    order = np.random.default_rng(SEED).permutation(len(keys))
    cut = round(len(keys) * (1 - HELDOUT_SHARE))
    train = sorted(i for k in order[:cut] for i in groups[keys[k]])
    heldout = sorted(i for k in order[cut:] for i in groups[keys[k]])
    return train, heldout


def scores(
    gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]
) -> dict[str, tuple[float, float, float, int]]:
    """Per category (precision, recall, F1, support)."""
    out = {}
    for level in LEVELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if level in p and level in g)
        n_pred = sum(1 for p in predicted if level in p)
        n_gold = sum(1 for g in gold if level in g)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[level] = (precision, recall, f1, n_gold)
    return out


def report(title: str, gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> str:
    """A Markdown table of per-category figures and the macro F1."""
    table = scores(gold, predicted)
    lines = [f"**{title}**", "", "| category | precision | recall | F1 | support |",
             "|---|---|---|---|---|"]
    for level, (p, r, f, n) in table.items():
        lines.append(f"| {level} | {p:.3f} | {r:.3f} | {f:.3f} | {n} |")
    macro = sum(f for _, _, f, _ in table.values()) / len(table)
    exact = sum(1 for g, p in zip(gold, predicted, strict=True) if p and p <= g)
    lines.append(f"| **macro F1** | | | **{macro:.3f}** | {len(gold)} |")
    lines.append("")
    lines.append(f"all predicted categories correct: {exact / len(gold):.3f} of rows")
    return "\n".join(lines)


def calibration(results: Sequence[object], gold: Sequence[frozenset[str]]) -> str:
    """How often the main level is right, by reported confidence (are the numbers honest?)."""
    bins = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01))
    lines = ["| confidence | rows | main level correct |", "|---|---|---|"]
    for low, high in bins:
        hits = [
            level in g
            for r, g in zip(results, gold, strict=True)
            if (level := getattr(r, "level", None)) and low <= getattr(r, "confidence", 0) < high
        ]
        share = f"{sum(hits) / len(hits):.3f}" if hits else "-"
        lines.append(f"| {low:.2f}-{min(high, 1.0):.2f} | {len(hits)} | {share} |")
    return "\n".join(lines)


def speed(texts: Sequence[str], n: int) -> int:
    """Wall and CPU time of ``analyze_outcomes`` on ``n`` distinct outcomes, per method."""
    from mcmap.align.bloom import analyze_outcomes

    # distinct texts (a numbered suffix), since analyze_outcomes reads a repeated text once
    batch = [f"{texts[i % len(texts)]} ({i // len(texts)})" for i in range(n)]
    analyze_outcomes(batch[:10])  # load lexicon and model: timed apart
    print(f"# Bloom analysis speed, {n:,} distinct outcomes")
    for method in ("rules", "model"):
        wall, cpu = time.perf_counter(), time.process_time()
        analyze_outcomes(batch, method=method)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{method}: {wall:.2f} s wall, {cpu:.2f} s CPU ({n / wall:,.0f} outcomes/s)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--policy", choices=("highest", "first"), default="highest")
    parser.add_argument("--split", choices=("all", "heldout"), default="all")
    parser.add_argument("--method", choices=("rules", "model"), default="rules")
    parser.add_argument("--speed", type=int, metavar="N",
                        help="instead: time both methods on N outcomes made from the dev texts")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"error: {args.data} not found (pass --data)", file=sys.stderr)
        return 2
    rows = load_rows(args.data)
    if args.speed:
        return speed([t for t, _ in rows], args.speed)
    if args.split == "heldout":
        rows = [rows[i] for i in split_indices([t for t, _ in rows])[1]]
    texts = [t for t, _ in rows]
    gold = [g for _, g in rows]

    started = time.perf_counter()
    if args.method == "model":
        from mcmap.align.bloom_model import classify_outcomes

        results = classify_outcomes(texts)
    else:
        from mcmap.align.bloom import analyze_outcomes

        results = analyze_outcomes(texts, policy=args.policy, method="rules")
    elapsed = time.perf_counter() - started

    single = [frozenset({r.level}) if r.level else frozenset() for r in results]
    multi = [frozenset(r.all_levels) for r in results]
    covered = sum(1 for r in results if r.level) / len(results)
    print(f"# Bloom classification: {args.method}, policy={args.policy}, split={args.split}")
    if args.method == "model" and args.split == "all":
        print("WARNING: 80% of these rows trained the model; only --split heldout is a fair test")
    print(f"rows: {len(rows)}  coverage: {covered:.3f}  runtime: {elapsed:.2f} s "
          f"({len(rows) / elapsed:,.0f} outcomes/s, includes loading the lexicon)")
    print()
    print(report("single label (main level)", gold, single))
    print()
    print(report("set (all_levels)", gold, multi))
    print()
    print(calibration(results, gold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
