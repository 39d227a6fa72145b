"""The command shell: version, help, and exit codes."""

from __future__ import annotations

import subprocess
import sys

from mcmap import __version__


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert __version__ in result.stdout


def test_help_lists_commands(run_cli) -> None:
    result = run_cli("--help")
    for name in ("validate", "schema", "frameworks", "taxonomy"):
        assert name in result.stdout


def test_unknown_command_is_usage_error(run_cli) -> None:
    run_cli("no-such-command", expect=2)


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mcmap", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert __version__ in proc.stdout
