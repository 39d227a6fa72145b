"""Data-driven validation cases: tests/cases/{valid,invalid}/*.yaml.

Each invalid case lists what it must produce in header comments:
``# expect: CODE@LINE`` (optionally `` xN`` for N findings with that code and line).
Valid cases must produce no errors and no warnings.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"^# expect: (?P<code>[\w.-]+)@(?P<line>\d+)(?: x(?P<times>\d+))?$", re.M)


def _cases(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.yaml"))


@pytest.mark.parametrize("path", _cases("valid"), ids=lambda p: p.name)
def test_valid_case(run_cli, path: Path) -> None:
    result = run_cli("validate", "--strict", "--format", "json", str(path), expect=None)
    problems = json.loads(result.stdout)["problems"]
    assert problems == [], problems
    assert result.exit_code == 0


@pytest.mark.parametrize("path", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case(run_cli, path: Path) -> None:
    expected = Counter()
    for m in EXPECT.finditer(path.read_text()):
        expected[(m["code"], int(m["line"]))] += int(m["times"] or 1)
    assert expected, f"{path.name} declares no '# expect:' lines"
    result = run_cli("validate", "--strict", "--format", "json", str(path), expect=1)
    found = Counter((p["code"], p["line"]) for p in json.loads(result.stdout)["problems"])
    assert found == expected


def test_fast_and_reference_validators_agree() -> None:
    """The compiled pre-check must never pass a document the reference validator rejects."""
    import yaml

    from mcmap.load.schemas import _fast_check, _validator

    for path in sorted(CASES.rglob("*.yaml")):
        for data in yaml.safe_load_all(path.read_text()):
            kind = str(data.get("mcmap", "")).split("/")[0]
            fast = _fast_check(kind).is_valid(data)
            reference = not list(_validator(kind).iter_errors(data))
            assert fast == reference, path.name
