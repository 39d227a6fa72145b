"""Speed of skill linking against full ESCO, and the all-pairs rapidfuzz cost it avoids.

    python benchmarks/matching_speed.py                  # 10k / 25k / 50k outcomes + all-pairs
    python benchmarks/matching_speed.py --sizes 50000 --no-allpairs

Outcome texts are real university learning outcomes (../shared/data/bloom/edm2022_dev.csv,
16,927 of them); beyond the first pass they are varied (a lead-in, or a context phrase taken
from another outcome) so that no text repeats, and every size draws from the same shuffled
pool. Each size runs in a fresh child process, so its peak RSS (``resource.getrusage``) is its
own; the index comes from a warm cache, as it would in ``mcmap map`` after the first run (cold
build and warm load are timed separately).

The all-pairs baseline times rapidfuzz ``process.cdist`` with ``token_set_ratio`` (workers=2)
of a few hundred outcomes against every ESCO label, in the same run, and extrapolates linearly
to the full workload: the speed-up is measured here, not assumed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "data"
LEAD_INS = ("Students will be able to ", "On completion of the module, learners can ", "Be able to ")


def outcome_texts(n: int, pool: int = 50_000) -> list[str]:
    """``n`` distinct real-looking outcome texts built from the EDM2022 development split.

    A fixed pool of ``pool`` texts is shuffled with a fixed seed and its first ``n`` taken, so
    every size has the same mix of original and varied texts (scaling compares like with like).
    """
    texts = _pool(max(n, pool))
    random.Random(20221).shuffle(texts)
    return texts[:n]


def _pool(n: int) -> list[str]:
    with open(SHARED / "bloom" / "edm2022_dev.csv", encoding="utf-8") as handle:
        base = [row["Learning_outcome"].strip() for row in csv.DictReader(handle)]
    base = sorted({t for t in base if t})
    texts: list[str] = []
    seen: set[str] = set()
    round_no = 0
    while len(texts) < n:
        for i, text in enumerate(base):
            if round_no == 0:
                candidate = text
            elif round_no % 2 == 1:
                candidate = LEAD_INS[round_no % 3] + text[0].lower() + text[1:]
            else:
                tail = base[(i * 7919 + round_no) % len(base)].rstrip(". ").split()[-3:]
                candidate = f"{text.rstrip('. ')} in the context of {' '.join(tail)}."
            if candidate not in seen:
                seen.add(candidate)
                texts.append(candidate)
            if len(texts) == n:
                break
        round_no += 1
    return texts


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def child(size: int) -> dict[str, Any]:
    """Run in a fresh process: load ESCO + index (warm cache), link ``size`` outcomes."""
    sys.path.insert(0, str(HERE))
    from skill_linking_eval import load_esco

    from mcmap.align.skills import SkillIndex

    texts = outcome_texts(size)
    start = time.perf_counter()
    taxonomy = load_esco()
    loaded = time.perf_counter()
    index = SkillIndex.build(taxonomy)
    ready = time.perf_counter()
    cpu_before = _cpu_s()
    links = index.link_outcomes(texts)
    done = time.perf_counter()
    cpu = _cpu_s() - cpu_before
    return {
        "outcomes": size,
        "taxonomy_load_s": loaded - start,
        "index_load_s": ready - loaded,
        "cache": index.cache_status,
        "link_s": done - ready,
        "link_cpu_s": cpu,
        "total_s": done - start,
        "peak_rss_mb": _rss_mb(),
        "confident_share": sum(1 for x in links if x.confident) / size,
    }


def build_times() -> dict[str, float]:
    """Cold build (cache off) and warm load (from a fresh cache folder) of the ESCO index."""
    sys.path.insert(0, str(HERE))
    from skill_linking_eval import load_esco

    from mcmap.align.skills import SkillIndex

    taxonomy = load_esco()
    os.environ["MCMAP_NO_CACHE"] = "1"
    start = time.perf_counter()
    index = SkillIndex.build(taxonomy)
    cold = time.perf_counter() - start
    del os.environ["MCMAP_NO_CACHE"]
    SkillIndex.build(taxonomy)  # writes the cache
    start = time.perf_counter()
    warm_index = SkillIndex.build(taxonomy)
    warm = time.perf_counter() - start
    assert warm_index.cache_status == "hit"
    return {"cold_build_s": cold, "warm_load_s": warm, "rows": float(len(index.row_text))}


def all_pairs(sample: int, total: int) -> dict[str, float]:
    """rapidfuzz cdist token_set_ratio, ``sample`` outcomes x every ESCO label, extrapolated."""
    sys.path.insert(0, str(HERE))
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process
    from skill_linking_eval import load_esco

    taxonomy = load_esco()
    labels = [lab for c in taxonomy.concepts for lab in (c.label, *c.alt_labels)]
    texts = outcome_texts(sample)
    start, cpu = time.perf_counter(), _cpu_s()
    process.cdist(texts, labels, scorer=fuzz.token_set_ratio, processor=default_process,
                  workers=2, dtype="uint8")
    elapsed = time.perf_counter() - start
    return {
        "sample_cpu_s": _cpu_s() - cpu,
        "sample_outcomes": sample,
        "labels": len(labels),
        "pairs_per_s": sample * len(labels) / elapsed,
        "sample_s": elapsed,
        "extrapolated_s": elapsed * total / sample,
    }


def main(argv: list[str] | None = None) -> int:
    """Orchestrate: build times, one child per size, the all-pairs baseline; print markdown."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,25000,50000")
    parser.add_argument("--allpairs-sample", type=int, default=200)
    parser.add_argument("--no-allpairs", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"load average at the start (1/5/15 min): {os.getloadavg()}, cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="mcmap-bench-cache-") as folder:
        os.environ["MCMAP_CACHE_DIR"] = folder
        build = build_times()
        print(f"index: {build['rows']:.0f} label rows; cold build {build['cold_build_s']:.2f} s, "
              f"warm load from cache {build['warm_load_s']:.2f} s\n")
        print("| outcomes | link wall (s) | link CPU (s) | total incl. ESCO + index load (s) "
              "| peak RSS (MB) | outcomes/s | confident at threshold |")
        print("|---|---|---|---|---|---|---|")
        largest: dict[str, Any] = {}
        for size in sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size)],
                check=True, capture_output=True, text=True, env=dict(os.environ),
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            largest = r
            print(f"| {size:,} | {r['link_s']:.1f} | {r['link_cpu_s']:.1f} | {r['total_s']:.1f} "
                  f"| {r['peak_rss_mb']:.0f} "
                  f"| {size / r['link_s']:,.0f} | {100 * r['confident_share']:.0f} % |")
    if not args.no_allpairs:
        base = all_pairs(args.allpairs_sample, sizes[-1])
        print(f"\nall pairs: rapidfuzz cdist token_set_ratio, {base['sample_outcomes']} outcomes x "
              f"{base['labels']:,} labels (workers=2): {base['sample_s']:.1f} s, "
              f"{base['sample_cpu_s']:.1f} s CPU, "
              f"{base['pairs_per_s'] / 1e6:.2f} M pairs/s -> {sizes[-1]:,} outcomes would take "
              f"{base['extrapolated_s']:.0f} s ({base['extrapolated_s'] / 3600:.2f} h); "
              f"index + re-score: {largest['link_s']:.1f} s, "
              f"{base['extrapolated_s'] / largest['link_s']:.0f}x faster; in CPU time "
              f"{base['sample_cpu_s'] * sizes[-1] / base['sample_outcomes']:.0f} s vs "
              f"{largest['link_cpu_s']:.1f} s, "
              f"{base['sample_cpu_s'] * sizes[-1] / base['sample_outcomes'] / largest['link_cpu_s']:.0f}x")
    # other work on the machine inflates wall times; CPU times are the steadier comparison
    print(f"\nload average at the end (1/5/15 min): {os.getloadavg()}, cores: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
