"""`mcmap validate` output formats: text for people, JSON, GitHub annotations and JUnit for CI."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from mcmap.render.validation import RENDERERS
from tests.conftest import REPO

BROKEN = (
    "mcmap: credential/1\nid: broken-one\ntitel: Soil Health\n"
    "learning_outcomes:\n  - {id: a, text: Understand soil.}\n"
)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    return path


def test_text_names_file_line_and_column(run_cli, broken: Path) -> None:
    out = run_cli("validate", str(broken), expect=1).stdout
    assert f"{broken}:3:1: error: schema.unknown-property: unknown property 'titel'" in out
    assert "did you mean 'title'?" in out
    assert out.splitlines()[-1].startswith("1 file checked")


def test_json_is_valid_and_carries_every_field(run_cli, broken: Path) -> None:
    data = json.loads(run_cli("validate", "--format", "json", str(broken), expect=1).stdout)
    assert data["valid"] is False and data["summary"]["errors"] >= 1
    problem = data["problems"][0]
    assert set(problem) == {"file", "line", "column", "code", "severity", "message", "path", "hint"}


def test_github_annotations_and_automatic_choice(run_cli, broken: Path, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = run_cli("validate", str(broken), expect=1).stdout
    line = next(x for x in out.splitlines() if "title=schema.unknown-property" in x)
    assert line.startswith(f"::error file={broken},line=3,col=1,")


def test_junit_is_xml_with_a_failing_case(run_cli, broken: Path) -> None:
    root = ET.fromstring(run_cli("validate", "--format", "junit", str(broken), expect=1).stdout)
    assert root.tag == "testsuite" and root.get("failures") == "1"
    assert root.find("testcase/failure") is not None


def test_strict_fails_on_warnings_only_when_asked(run_cli, tmp_path: Path) -> None:
    text = (REPO / "tests" / "cases" / "valid" / "minimal-complete.yaml").read_text()
    path = tmp_path / "vague.yaml"
    path.write_text(text.replace("Calculate crop water requirements", "Understand crop water requirements"))
    out = run_cli("validate", str(path), expect=0).stdout
    assert "outcome.vague-verb" in out
    run_cli("validate", "--strict", str(path), expect=1)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_renders_a_clean_run(run_cli, fmt: str) -> None:
    out = run_cli("validate", "--format", fmt, str(REPO / "sample_credentials"), expect=0).stdout
    assert out.strip()
