"""``mcmap validate``: schema and QA checks for CI and for people."""

from __future__ import annotations

import os

import click

from mcmap.load.files import DEFAULT_MAX_BYTES

FORMATS = ("text", "json", "github", "junit")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: github when GITHUB_ACTIONS is set, else text].",
)
@click.option(
    "--taxonomy",
    "taxonomies",
    multiple=True,
    metavar="PATH",
    help="An extra taxonomy (written by `mcmap taxonomy import`) that skill links may use.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Files larger than this many bytes are reported and not read.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors and warnings only, no notices.")
def validate(
    paths: tuple[str, ...],
    strict: bool,
    fmt: str | None,
    taxonomies: tuple[str, ...],
    max_file_size: int,
    quiet: bool,
) -> None:
    """Check credential, pathway, framework and taxonomy descriptors.

    PATHS are files, folders (searched recursively for *.yaml / *.yml), globs, or - for stdin.
    Exit code 0 when valid, 1 when there are errors (or warnings with --strict).

    \b
    Examples:
      mcmap validate sample_credentials/
      mcmap validate --strict --format github 'credentials/**/*.yaml'
      cat draft.yaml | mcmap validate -
    """
    from mcmap.problems import Severity
    from mcmap.render.validation import RENDERERS
    from mcmap.validate import validate_paths

    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    result = validate_paths(list(paths), max_bytes=max_file_size, taxonomies=taxonomies)
    if quiet:
        result.problems = [p for p in result.problems if p.severity is not Severity.INFO]
    click.echo(RENDERERS[fmt](result), nl=False)
    raise SystemExit(1 if result.failed(strict) else 0)
