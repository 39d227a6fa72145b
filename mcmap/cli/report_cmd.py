"""``mcmap report``: the QA catalogue report in HTML, Markdown, CSV, Excel or JSON."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from mcmap.cli.options import taxonomy_option

FORMAT_NAMES = ("html", "md", "csv", "xlsx", "json")  # mcmap.report.FORMATS, without importing it


def _format_for(output: str, fmt: str | None) -> str:
    from mcmap.errors import UsageError
    from mcmap.report import EXTENSIONS

    if fmt:
        return fmt
    if output == "-":
        return "md"
    suffix = Path(output).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"cannot tell the format from {output!r}",
            hint=f"name the file with one of {', '.join(sorted(EXTENSIONS))} or give --format",
        )
    return EXTENSIONS[suffix]


def _write(path: str, data: str | bytes) -> None:
    from mcmap.errors import InputError

    try:
        if isinstance(data, bytes):
            Path(path).write_bytes(data)
        else:
            Path(path).write_text(data, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(
            f"{path}: cannot write the report: {exc.strerror or exc}", hint="choose a writable path with -o"
        ) from exc


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Where to write the report; - for stdout (text formats only).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Output format [default: from the file's extension; md for -].",
)
@taxonomy_option
@click.option("--title", default=None, help="Report title.")
@click.option(
    "--date",
    "date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date printed on the report (YYYY-MM-DD) and used for pathway age rules; none by default.",
)
@click.option(
    "--top",
    "top_k",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Skills linked per outcome.",
)
def report(
    paths: tuple[str, ...],
    output: str,
    fmt: str | None,
    taxonomy_ref: str,
    title: str | None,
    date: dt.datetime | None,
    top_k: int,
) -> None:
    """Write the QA report of a credential catalogue: levels, skills, workload, Annex I, findings.

    PATHS are files, folders, globs or - for stdin; pathway documents among them are evaluated
    with the whole catalogue. The format follows the extension of FILE (.html, .md, .csv, .xlsx,
    .json). CSV writes outcomes to FILE and, beside it, FILE's stem + .credentials.csv and
    .findings.csv. Exit code 0 when written, 1 when no credential could be read or validation
    found errors (the report is still written), 2 on a usage error.

    \b
    Examples:
      mcmap report sample_credentials -o report.html
      mcmap report sample_credentials -o report.xlsx --title "Spring review" --date 2026-03-01
      mcmap report sample_credentials -o - --format md | less
    """
    from mcmap.errors import UsageError
    from mcmap.report import BINARY_FORMATS, render
    from mcmap.report.build import DEFAULT_TITLE, build_report
    from mcmap.taxonomy import load_taxonomy

    fmt = _format_for(output, fmt)
    if output == "-" and fmt in BINARY_FORMATS:
        raise UsageError(
            f"{fmt} is a binary format and cannot go to stdout", hint="give a file: -o report.xlsx"
        )
    extra = (taxonomy_ref,) if os.path.isfile(taxonomy_ref) else ()
    result = build_report(
        list(paths),
        load_taxonomy(taxonomy_ref),
        title=title or DEFAULT_TITLE,
        date=date.date() if date else None,
        top_k=top_k,
        extra_taxonomies=extra,
    )
    if fmt == "csv" and output != "-":
        from mcmap.report.tabular import csv_files

        files = csv_files(result, output)
        for path, text in files.items():
            _write(path, text)
        written = ", ".join(files)
    elif output == "-":
        click.echo(render(result, fmt), nl=False)
        written = "stdout"
    else:
        _write(output, render(result, fmt))
        written = output
    s = result.summary
    errors = s.findings_by_severity.get("error", 0)
    click.echo(
        f"mcmap: report on {s.credentials} credential(s) ({s.outcomes} outcomes, "
        f"{errors} validation error(s)) written to {written}",
        err=True,
    )
    raise SystemExit(1 if errors else 0)
