"""How fast is `mcmap map` on a large catalogue? Wall time, peak memory and scaling.

Generates catalogues of 1,000 / 5,000 / 10,000 credential files (five outcomes each, about 50,000
outcomes at 10k) from real outcome texts: the EDM 2022 learning outcomes in ../shared/data/bloom
when present, else the sample catalogue's outcomes. Each size runs `mcmap map DIR --format json`
in a fresh process (warm skill-index cache, as a user's second run), measuring wall time and the
process's own peak RSS (os.wait4). The same run times rapidfuzz all-pairs `token_set_ratio`
(cdist, 2 workers) on a subset of outcomes x every ESCO label and extrapolates it to the whole
workload, so the speed-up of index-then-rescore is measured, not assumed.

    python benchmarks/map_speed.py                # 1k, 5k, 10k
    python benchmarks/map_speed.py --sizes 1000   # quick check
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EDM = REPO.parent / "shared" / "data" / "bloom" / "edm2022_dev.csv"
OUTCOMES_PER_CREDENTIAL = 5


def outcome_texts() -> tuple[list[str], str]:
    if EDM.is_file():
        with EDM.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            column = next(
                c
                for c in reader.fieldnames or []
                if c.lower() in ("learning_outcome", "text", "clo", "outcome", "sentence")
            )
            texts = [row[column].strip() for row in reader if row[column].strip()]
        return texts, f"EDM 2022 dev split ({len(texts):,} outcomes)"
    texts = []
    for path in sorted((REPO / "sample_credentials").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if isinstance(data, dict) and str(data.get("mcmap", "")).startswith("credential/"):
            texts += [o["text"] for o in data["learning_outcomes"]]
    return texts, f"sample catalogue ({len(texts)} outcomes)"


def template() -> dict:
    path = REPO / "tests" / "cases" / "valid" / "minimal-complete.yaml"
    data: dict = yaml.safe_load(path.read_text())
    return data


def generate(folder: Path, count: int, texts: list[str], seed: int = 7) -> int:
    rng = random.Random(seed)
    base = template()
    outcomes = 0
    for i in range(count):
        data = dict(base)
        data["id"] = f"bench-{i:05d}"
        data["title"] = f"Benchmark credential {i}"
        data["learning_outcomes"] = [
            {"id": f"LO{j + 1}", "text": rng.choice(texts)} for j in range(OUTCOMES_PER_CREDENTIAL)
        ]
        outcomes += OUTCOMES_PER_CREDENTIAL
        (folder / f"c{i:05d}.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return outcomes


def run_map(folder: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one `mcmap map` process."""
    mcmap = shutil.which("mcmap") or sys.exit("mcmap is not installed")
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen([mcmap, "map", str(folder), "--format", "json"], stdout=sink)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def all_pairs_estimate(texts: list[str], total_outcomes: int, subset: int = 100) -> dict:
    """Time rapidfuzz cdist token_set_ratio for ``subset`` outcomes x all ESCO labels."""
    from rapidfuzz import fuzz, process

    from mcmap.taxonomy import load_taxonomy

    labels = [label for c in load_taxonomy("esco").concepts for label in (c.label, *c.alt_labels)]
    queries = texts[:subset]
    start = time.perf_counter()
    process.cdist(queries, labels, scorer=fuzz.token_set_ratio, workers=2, dtype="uint8")
    seconds = time.perf_counter() - start
    pairs = len(queries) * len(labels)
    return {
        "subset_outcomes": len(queries),
        "labels": len(labels),
        "pairs_per_s": round(pairs / seconds),
        "extrapolated_s_for_all_outcomes": round(seconds / len(queries) * total_outcomes, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    args = parser.parse_args()
    texts, origin = outcome_texts()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        warm.mkdir()
        generate(warm, 2, texts)
        run_map(warm)  # builds the skill-index cache if it is cold
        for size in sorted(args.sizes):
            folder = Path(tmp) / f"n{size}"
            folder.mkdir()
            outcomes = generate(folder, size, texts)
            wall, rss, code = run_map(folder)
            rows.append(
                {
                    "credentials": size,
                    "outcomes": outcomes,
                    "wall_s": round(wall, 1),
                    "peak_rss_mb": round(rss),
                    "exit": code,
                    "ms_per_credential": round(wall / size * 1000, 2),
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
    largest = rows[-1]
    result = {
        "outcome_texts": origin,
        "cpu_count": os.cpu_count(),
        "runs": rows,
        "all_pairs_token_set_ratio": all_pairs_estimate(texts, largest["outcomes"]),
    }
    est = result["all_pairs_token_set_ratio"]["extrapolated_s_for_all_outcomes"]
    result["speedup_vs_all_pairs"] = round(est / largest["wall_s"], 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
