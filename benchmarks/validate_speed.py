"""Time `mcmap validate` on N generated credential files, beside check-jsonschema on the same files.

The credentials are copies of the sample catalogue's credentials with unique ids, so every file
is realistic and schema-valid. Both tools get the same files and the same packaged schema;
mcmap also runs its semantic rules (levels, credits, ESCO links, outcome verbs, duplicates),
which check-jsonschema does not, so the comparison is generous to check-jsonschema.

    python benchmarks/validate_speed.py --count 10000

Needs `pip install -e ".[bench]"` (check-jsonschema).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


class _QuotingDumper(yaml.SafeDumper):
    """Quotes digit-only strings such as ISCED-F codes ("0811"): YAML 1.2 parsers (ruamel, used by
    check-jsonschema) read an unquoted 0811 as the number 811, PyYAML (YAML 1.1) as text."""


_QuotingDumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="'" if value.isdigit() else None
    ),
)


def generate(folder: Path, count: int) -> list[Path]:
    """Write ``count`` credential files made from the sample credentials, with unique ids."""
    templates = []
    for path in sorted((REPO / "sample_credentials").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if isinstance(data, dict) and str(data.get("mcmap", "")).startswith("credential/"):
            data.pop("stackability", None)  # pathways are not copied, so drop the references
            templates.append(data)
    if not templates:
        sys.exit("no sample credentials found")
    paths = []
    for i in range(count):
        data = dict(templates[i % len(templates)])
        data["id"] = f"{data['id']}-copy{i:05d}"
        path = folder / f"cred{i:05d}.yaml"
        path.write_text(yaml.dump(data, Dumper=_QuotingDumper, sort_keys=False, allow_unicode=True))
        paths.append(path)
    return paths


def timed(cmd: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc.returncode, proc.stdout[-300:] + proc.stderr[-300:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    mcmap = shutil.which("mcmap") or sys.exit("mcmap is not installed")
    checker = shutil.which("check-jsonschema") or sys.exit("check-jsonschema is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        schema = folder / "credential.schema.json"
        schema.write_text(subprocess.run([mcmap, "schema", "credential"], capture_output=True,
                                         text=True, check=True).stdout)
        data = folder / "data"
        data.mkdir()
        files = generate(data, args.count)
        mcmap_s, mcmap_rc, mcmap_out = timed([mcmap, "validate", "--quiet", str(data)])
        cj_s, cj_rc, cj_out = timed([checker, "--schemafile", str(schema), *map(str, files)])
    result = {
        "files": args.count,
        "mcmap_validate_s": round(mcmap_s, 2),
        "mcmap_exit": mcmap_rc,
        "check_jsonschema_s": round(cj_s, 2),
        "check_jsonschema_exit": cj_rc,
        "files_per_s": {"mcmap": round(args.count / mcmap_s), "check-jsonschema": round(args.count / cj_s)},
    }
    print(json.dumps(result, indent=2))
    if mcmap_rc != 0 or cj_rc != 0:
        print("mcmap:", mcmap_out, "\ncheck-jsonschema:", cj_out, file=sys.stderr)


if __name__ == "__main__":
    main()
