"""Shared fixtures: a CLI runner that shows output on failure, and the shared reference data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from mcmap.cli import cli

# Property tests must not fail because a shared CI machine is slow: no per-example deadline.
settings.register_profile(
    "mcmap", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("mcmap")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Invoke mcmap in-process; ``expect`` checks the exit code and shows output if it differs."""

    def _run(*args: str, expect: int | None = 0, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"mcmap {' '.join(args)} exited {result.exit_code}, expected {expect}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    return _run


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip: it exists in CI and on developers' machines, not on users'."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED
