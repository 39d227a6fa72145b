"""R-Precision@K of mcmap's skill linking on the TECH and HOUSE validation sets.

Data: ../shared/data/skill-linking/{tech,house}_validation_annotations.csv, the validation
splits of Decorte et al.'s skill-extraction benchmark (job-ad sentences annotated with ESCO
v1.1.0 preferred labels). Rows labelled ``LABEL NOT PRESENT`` or ``UNDERSPECIFIED`` are dropped
and rows are grouped by sentence; gold labels are mapped to v1.1.1 concepts by preferred label
(then, failing that, by a unique alternative label) and unresolved labels are counted.

R-Precision@K = hits in the top K / min(K, number of gold concepts), averaged over sentences.

    python benchmarks/skill_linking_eval.py                # default parameters
    python benchmarks/skill_linking_eval.py --variants     # the few variants tried, one table
    python benchmarks/skill_linking_eval.py --semantic     # + mcmap[semantic] variants
    python benchmarks/skill_linking_eval.py --static       # + static-embedding variants

The taxonomy is the packaged ESCO (``load_taxonomy("esco")``) when it is there, otherwise it is
built from ../shared/data/esco/v1.1.1/classification/ (same content).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

from mcmap.align.index import IndexParams
from mcmap.align.skills import SkillIndex
from mcmap.taxonomy import Concept, Taxonomy

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ESCO_DIR = SHARED / "esco" / "v1.1.1" / "classification"
SETS = ("tech", "house")
DROP = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
ANCHORS = {  # R-P@5 on the test splits, from the literature (see RESULTS.md)
    "stock all-mpnet-base-v2": (39.6, 26.2),
    "fine-tuned 110M models": (54.6, 45.7),
    "LLM pipeline (Llama-2 + GPT-4)": (63.1, 55.6),
}


def _split(cell: str, sep: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(sep) if p.strip()) if cell else ()


def esco_from_csv(esco_dir: Path = ESCO_DIR) -> Taxonomy:
    """ESCO v1.1.1 built straight from the official CSV files (benchmark scaffolding)."""
    collections: dict[str, set[str]] = defaultdict(set)
    for name, tag in (("green", "green"), ("digital", "digital"), ("transversal", "transversal")):
        with open(esco_dir / f"{name}SkillsCollection_en.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                collections[row["conceptUri"]].add(tag)
    concepts = []
    with open(esco_dir / "skills_en.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            uri = row["conceptUri"]
            concepts.append(
                Concept(
                    id=uri,
                    label=row["preferredLabel"].strip(),
                    alt_labels=_split(row["altLabels"], "\n"),
                    description=(row["description"] or "").strip(),
                    kind=row["skillType"],
                    reuse_level=row["reuseLevel"],
                    collections=frozenset(collections.get(uri, ())),
                )
            )
    concepts.sort(key=lambda c: c.id)
    return Taxonomy(
        id="esco", name="ESCO", version="1.1.1", source=str(esco_dir), concepts=tuple(concepts)
    )


def load_esco() -> Taxonomy:
    """The packaged ESCO if the package has it, else the CSV scaffolding."""
    from mcmap.errors import McmapError

    try:
        from mcmap.taxonomy import load_taxonomy

        taxonomy: Taxonomy = load_taxonomy("esco")
        return taxonomy
    except (ImportError, McmapError):  # a tree without the packaged ESCO: the official CSVs
        return esco_from_csv()


def gold_sets(name: str, taxonomy: Taxonomy) -> tuple[list[str], list[set[str]], dict[str, int]]:
    """Sentences, their gold concept ids, and counts of what did and did not resolve."""
    by_label: dict[str, str] = {}
    by_alt: dict[str, set[str]] = defaultdict(set)
    for concept in taxonomy.concepts:
        by_label.setdefault(concept.label.lower(), concept.id)
        for alt in concept.alt_labels:
            by_alt[alt.lower()].add(concept.id)
    grouped: dict[str, set[str]] = {}
    stats = {"rows": 0, "dropped": 0, "gold_labels": 0, "by_alt_label": 0, "unresolved": 0}
    path = SHARED / "skill-linking" / f"{name}_validation_annotations.csv"
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stats["rows"] += 1
            label = row["label"].strip()
            if label in DROP:
                stats["dropped"] += 1
                continue
            stats["gold_labels"] += 1
            cid = by_label.get(label.lower())
            if cid is None and len(by_alt.get(label.lower(), ())) == 1:
                cid = next(iter(by_alt[label.lower()]))
                stats["by_alt_label"] += 1
            if cid is None:
                stats["unresolved"] += 1
                continue
            grouped.setdefault(row["sentence"], set()).add(cid)
    sentences = sorted(grouped)
    return sentences, [grouped[s] for s in sentences], stats


def r_precision(ranked: list[list[str]], gold: list[set[str]], k: int) -> float:
    """Mean over sentences of hits in top k / min(k, |gold|), as a percentage."""
    total = sum(
        len(set(r[:k]) & g) / min(k, len(g)) for r, g in zip(ranked, gold, strict=True)
    )
    return 100.0 * total / len(gold)


def evaluate(index: SkillIndex, taxonomy: Taxonomy) -> dict[str, dict[str, float]]:
    """R-P@1/5/10 per set; ranking ignores the confidence threshold (as the metric assumes)."""
    results: dict[str, dict[str, float]] = {}
    for name in SETS:
        sentences, gold, stats = gold_sets(name, taxonomy)
        links = index.link_outcomes(sentences, top_k=10, threshold=0.0)
        ranked = [[m.id for m in link] for link in links]
        results[name] = {f"R-P@{k}": r_precision(ranked, gold, k) for k in (1, 5, 10)}
        # what a user sees: only matches at or above the default "confident" threshold
        shown = [[m.id for m in link if m.score >= index.threshold] for link in links]
        results[name]["R-P@5 shown"] = r_precision(shown, gold, 5)
        results[name]["confident"] = 100.0 * sum(1 for s in shown if s) / len(shown)
        results[name].update({"sentences": len(sentences), **stats})
    return results


VARIANTS = {  # the only parameter choices tried (see RESULTS.md); the first is the default
    "labels, word 1-2, stem, 50 cand.": (IndexParams(), 50, 0.0),
    "labels, no stemming": (IndexParams(stemming=False), 50, 0.0),
    "labels, word 1-gram only": (IndexParams(ngram_max=1), 50, 0.0),
    "labels + descriptions": (IndexParams(descriptions=True), 50, 0.0),
    "one document per concept (all labels)": (IndexParams(granularity="concept"), 50, 0.0),
    "labels, 200 candidates": (IndexParams(), 200, 0.0),
}
SEMANTIC_VARIANTS = {  # mcmap[semantic]: embedding weight w in the final score
    "default + MiniLM, w=0.25": (IndexParams(), 50, 0.25),
    "default + MiniLM, w=0.5 (semantic default)": (IndexParams(), 50, 0.5),
    "MiniLM score only (w=1), union of candidates": (IndexParams(), 50, 1.0),
}
STATIC_VARIANTS = {  # packaged static embeddings (mcmap.align.static): weight in the score
    "default + static MiniLM, w=0.25": (IndexParams(), 50, 0.25),
    "default + static MiniLM, w=0.5": (IndexParams(), 50, 0.5),
}


def main(argv: list[str] | None = None) -> int:
    """Print the R-Precision table (markdown) for the default index or all variants."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", action="store_true", help="evaluate every variant tried")
    parser.add_argument(
        "--semantic", action="store_true", help="also evaluate the mcmap[semantic] variants"
    )
    parser.add_argument(
        "--static", action="store_true", help="also evaluate the static-embedding variants"
    )
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 2
    taxonomy = load_esco()
    chosen = dict(VARIANTS) if args.variants else dict(list(VARIANTS.items())[:1])
    if args.semantic:
        chosen.update(SEMANTIC_VARIANTS)
    static_labels = set(STATIC_VARIANTS) if args.static else set()
    if args.static:
        chosen.update(STATIC_VARIANTS)
    origin = getattr(taxonomy, "origin", "") or taxonomy.source
    print(f"taxonomy: {taxonomy.id} {taxonomy.version} ({origin}), {len(taxonomy.concepts)} concepts\n")
    print("| variant | TECH R-P@1 | TECH R-P@5 | TECH R-P@10 | HOUSE R-P@1 | HOUSE R-P@5 "
          "| HOUSE R-P@10 | time (s) |")
    print("|---|---|---|---|---|---|---|---|")
    stats: dict[str, dict[str, float]] = {}
    shown_rows: list[str] = []
    for label, (params, candidates, weight) in chosen.items():
        start = time.perf_counter()
        if label in static_labels:
            index = SkillIndex.build(
                taxonomy, params, candidates=candidates, static=True, static_weight=weight
            )
        else:
            index = SkillIndex.build(
                taxonomy, params, candidates=candidates, semantic=weight > 0,
                semantic_weight=weight,
            )
        stats = evaluate(index, taxonomy)
        cells = [f"{stats[s][f'R-P@{k}']:.1f}" for s in SETS for k in (1, 5, 10)]
        print(f"| {label} | {' | '.join(cells)} | {time.perf_counter() - start:.1f} |")
        shown_rows.append(
            f"| {label} | {index.threshold:g} | "
            + " | ".join(f"{stats[s]['confident']:.0f} % | {stats[s]['R-P@5 shown']:.1f}" for s in SETS)
            + " |"
        )
    print("\nwith the default confidence threshold applied (matches below it are not shown):\n")
    print("| variant | threshold | TECH confident | TECH R-P@5 | HOUSE confident | HOUSE R-P@5 |")
    print("|---|---|---|---|---|---|")
    print("\n".join(shown_rows))
    print("\nanchors (test splits, R-P@5 TECH / HOUSE): "
          + "; ".join(f"{k} {t} / {h}" for k, (t, h) in ANCHORS.items()))
    for name in SETS:
        s = stats[name]
        print(f"{name.upper()}: {s['sentences']:.0f} sentences, {s['rows']:.0f} rows, "
              f"{s['dropped']:.0f} dropped (LABEL NOT PRESENT / UNDERSPECIFIED), "
              f"{s['gold_labels']:.0f} gold labels, {s['by_alt_label']:.0f} resolved by an "
              f"alternative label, {s['unresolved']:.0f} unresolved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
