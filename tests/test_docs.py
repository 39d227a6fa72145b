"""Docs checked by tests: the README lists every command and every finding code."""

from __future__ import annotations

import re

import pytest

from mcmap.checks.registry import RULES
from mcmap.cli import COMMANDS
from tests.conftest import REPO

README = (REPO / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_readme_lists_every_command(name: str) -> None:
    assert re.search(rf"`mcmap {re.escape(name)}\b", README), f"README does not document `mcmap {name}`"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(run_cli, name: str) -> None:
    text = run_cli(name, "--help").stdout
    assert "Example" in text or "example" in text, f"`mcmap {name} --help` shows no example"


def test_readme_lists_every_finding_code() -> None:
    missing = [code for code in RULES if f"`{code}`" not in README]
    assert not missing, f"README's code table lacks: {missing}"


def test_quick_start_has_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "pip install . && mcmap " in quick
    assert 'pip install -e ".[test]" && python -m pytest -q' in quick
    ci = (REPO / ".ci" / "run").read_text()
    assert 'pip install -e ".[test]" && python -m pytest -q' in ci
