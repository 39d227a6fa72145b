"""``mcmap align`` (ad-hoc outcome text) and ``mcmap map`` (credential descriptors)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from mcmap.cli.options import embeddings_option, format_option, taxonomy_option, top_option


def _read_lines(source: str) -> list[str]:
    """One outcome per non-empty line; binary, non-UTF-8 or oversized files are refused, located."""
    from pathlib import Path

    from mcmap.errors import InputError
    from mcmap.load.files import STDIN_NAME, Source, read_text

    path = None if source == "-" else Path(source)
    text, problem = read_text(Source(STDIN_NAME if path is None else source, path, True))
    if problem is not None:
        if problem.code == "input.empty":
            return []
        raise InputError(
            f"{problem.location()}: cannot read outcomes: {problem.message}",
            hint="give a UTF-8 text file with one outcome per line",
        )
    assert text is not None
    return [line.strip() for line in text.splitlines() if line.strip()]


@click.command()
@click.option("--outcome", "outcomes", multiple=True, metavar="TEXT", help="An outcome (repeatable).")
@click.option("--from", "from_file", metavar="FILE", help="A file with one outcome per line, - for stdin.")
@top_option
@taxonomy_option
@embeddings_option
@click.option(
    "--framework", metavar="ID", help="Also give the inferred level in this framework (e.g. nfq-ie, scqf)."
)
@format_option
def align(
    outcomes: tuple[str, ...],
    from_file: str | None,
    top_k: int,
    taxonomy_ref: str,
    embeddings: str,
    framework: str | None,
    fmt: str,
) -> None:
    """Align learning outcomes to Bloom levels, an EQF level and taxonomy skills.

    \b
    Examples:
      mcmap align --outcome "Design a drip irrigation schedule for a smallholding"
      mcmap align --from outcomes.txt --format json > alignment.json
    """
    from mcmap.align.engine import align_outcomes
    from mcmap.errors import UsageError
    from mcmap.render.alignment import ALIGN_RENDERERS
    from mcmap.taxonomy import load_taxonomy

    texts = list(outcomes) + (_read_lines(from_file) if from_file else [])
    if not texts:
        raise UsageError("no outcomes given", hint="use --outcome TEXT or --from FILE")
    if framework:
        from mcmap.frameworks_lib import load_framework

        load_framework(framework)  # an unknown id is a usage error before any work is done
    result = align_outcomes(
        texts, load_taxonomy(taxonomy_ref), top_k=top_k, embeddings=embeddings, framework=framework
    )
    click.echo(ALIGN_RENDERERS[fmt](result), nl=False)


@click.command("map")
@click.argument("paths", nargs=-1, required=True)
@top_option
@taxonomy_option
@embeddings_option
@format_option
@click.option("--strict", is_flag=True, help="Exit 1 when a claimed level is over- or under-claimed.")
def map_command(
    paths: tuple[str, ...], top_k: int, taxonomy_ref: str, embeddings: str, fmt: str, strict: bool
) -> None:
    """Map credential descriptors: claimed vs inferred level, Bloom levels, skills, green share.

    PATHS are files, folders, globs or - for stdin. Exit code 1 when a file could not be read
    or, with --strict, when a claimed level is over- or under-claimed; 0 otherwise.

    \b
    Examples:
      mcmap map sample_credentials
      mcmap map sample_credentials --format csv > mapping.csv
    """
    from mcmap.errors import InputError
    from mcmap.mapping import map_paths
    from mcmap.render.alignment import MAP_RENDERERS
    from mcmap.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(taxonomy_ref)
    with _progress() as progress:
        result = map_paths(list(paths), taxonomy, top_k=top_k, progress=progress, embeddings=embeddings)
    for problem in result.problems:
        click.echo(
            f"{problem.location()}: {problem.severity.value}: {problem.code}: {problem.message}", err=True
        )
    if not result.credentials:
        raise InputError(
            f"no credential could be mapped from {', '.join(paths)}",
            hint="give credential files ('mcmap: credential/1'); mcmap validate explains what is wrong",
        )
    click.echo(MAP_RENDERERS[fmt](result), nl=False)
    failed = strict and any(c.verdict.status in ("over-claimed", "under-claimed") for c in result.credentials)
    unreadable = any(p.severity.value == "error" for p in result.problems)
    raise SystemExit(1 if failed or unreadable else 0)


class _progress:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""

    def __enter__(self) -> Callable[[str, int, int], None] | None:
        self._bar: Any = None
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(transient=True, console=Console(stderr=True))
        self._bar.start()
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = self._bar.add_task(phase, total=total)
            self._bar.update(tasks[phase], completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
