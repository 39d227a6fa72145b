"""The pre-commit hook definitions point at real commands and options."""

from __future__ import annotations

import shlex

import yaml

from tests.conftest import REPO


def test_hooks_run_real_commands(run_cli) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"mcmap-validate", "mcmap-validate-strict"}
    for hook in hooks:
        program, *args = shlex.split(hook["entry"])
        assert program == "mcmap"
        result = run_cli(*args, "--help")
        for arg in args[1:]:
            assert arg in result.stdout
        assert hook["types"] == ["yaml"] and hook["require_serial"] is True
