"""Finding and reading input files safely.

Inputs are untrusted: folders may hold thousands of files or symlink loops, files may be binary,
huge, empty or in the wrong encoding. Each such case becomes a located Problem, never an
exception, and nothing is ever written back.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mcmap.problems import Problem, Severity

YAML_SUFFIXES = (".yaml", ".yml")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Source:
    """A file to read: a path on disk, or standard input."""

    name: str  # as shown to the user
    path: Path | None  # None for stdin
    explicit: bool  # named on the command line (not found by walking a folder)


def discover(paths: list[str]) -> tuple[list[Source], list[Problem]]:
    """Expand files, folders (recursively) and globs into sources, in a deterministic order."""
    sources: list[Source] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(source: Source) -> None:
        key = STDIN_NAME if source.path is None else os.path.realpath(source.path)
        if key not in seen:
            seen.add(key)
            sources.append(source)

    for arg in paths:
        if arg == "-":
            add(Source(STDIN_NAME, None, True))
            continue
        matches = sorted(glob.glob(arg, recursive=True)) if glob.has_magic(arg) else [arg]
        if not matches:
            problems.append(_missing(arg, "no file matches this pattern"))
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for found in _walk(path, problems):
                    add(Source(str(found), found, False))
            elif path.is_file():
                add(Source(str(path), path, True))
            elif path.is_symlink():
                problems.append(_missing(match, "broken symbolic link"))
            else:
                problems.append(_missing(match, "no such file or folder"))
    return sources, problems


def _missing(name: str, why: str) -> Problem:
    return Problem(name, 0, 0, "input.not-found", Severity.ERROR, why, hint="check the path and try again")


def _walk(root: Path, problems: list[Problem]) -> Iterator[Path]:
    """YAML files under ``root``, sorted, skipping hidden folders and never looping on symlinks."""
    visited: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=None):
        real = os.path.realpath(folder)
        if real in visited:  # a symlink led back to a folder already walked
            problems.append(
                Problem(
                    folder,
                    0,
                    0,
                    "input.symlink-loop",
                    Severity.WARNING,
                    "folder already visited through a symbolic link; skipped",
                )
            )
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                path = Path(folder) / name
                if path.is_file():
                    yield path
                else:
                    problems.append(_missing(str(path), "broken symbolic link"))


def read_text(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str | None, Problem | None]:
    """The file's text, or a problem explaining why it was not read."""
    try:
        if source.path is None:
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            size = source.path.stat().st_size
            if size > max_bytes:
                return None, _problem(
                    source,
                    "input.too-large",
                    f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; not read",
                    "split it, or raise the limit with --max-file-size",
                )
            with source.path.open("rb") as handle:
                raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return None, _problem(source, "input.unreadable", f"cannot read: {exc.strerror or exc}")
    if len(raw) > max_bytes:
        return None, _problem(
            source,
            "input.too-large",
            f"input is over the {max_bytes:,}-byte limit; not read",
            "split it, or raise the limit with --max-file-size",
        )
    if b"\x00" in raw[:8192]:
        return None, _problem(
            source, "input.binary", "binary file, not YAML; skipped", severity=Severity.WARNING
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            source.name,
            line,
            column,
            "input.encoding",
            Severity.ERROR,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            hint="save the file as UTF-8",
        )
    if not text.strip():
        return None, _problem(source, "input.empty", "empty file; skipped", severity=Severity.WARNING)
    return text, None


def _problem(
    source: Source, code: str, message: str, hint: str = "", severity: Severity = Severity.ERROR
) -> Problem:
    return Problem(source.name, 0, 0, code, severity, message, hint=hint)
