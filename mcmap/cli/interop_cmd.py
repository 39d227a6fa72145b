"""``mcmap export`` and ``mcmap import``: Open Badges 3.0, ELM (Europass) and CTDL."""

from __future__ import annotations

import click

from mcmap.interop.common import FORMAT_NAMES

FORMATS = tuple(FORMAT_NAMES)


def _write_report(path: str | None, data: str) -> None:
    from mcmap.interop.formats import write_new

    if path:
        write_new(path, data, force=True)  # a report is derived output: always refreshed


@click.command("export")
@click.argument("cred", metavar="CRED")
@click.option("--to", "fmt", type=click.Choice(FORMATS), required=True, help="Target format.")
@click.option("--id", "wanted", metavar="ID", help="Which credential, when CRED holds several.")
@click.option(
    "--wrap",
    is_flag=True,
    help="OB3 only: wrap the Achievement in an UNSIGNED OpenBadgeCredential (no proof, no recipient).",
)
@click.option(
    "--include-inferred",
    is_flag=True,
    help="OB3 only: add the ESCO skills mcmap infers, marked as inferred (loads the skill index).",
)
@click.option("-o", "--output", metavar="FILE", help="Write the JSON here instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option(
    "--report", "report_path", metavar="FILE", help="Also write the carried/not-carried report as JSON."
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print the report on standard error.")
def export(
    cred: str,
    fmt: str,
    wanted: str | None,
    wrap: bool,
    include_inferred: bool,
    output: str | None,
    force: bool,
    report_path: str | None,
    quiet: bool,
) -> None:
    """Export a credential descriptor to Open Badges 3.0, ELM (Europass) or CTDL JSON-LD.

    CRED is a descriptor file (mcmap: credential/1). The JSON goes to standard output (or -o);
    the report of fields carried, converted, kept as text only or lost goes to standard error
    (or --report FILE as JSON). Output is deterministic: the same descriptor gives the same bytes.

    \b
    Examples:
      mcmap export sample_credentials/ie-shannonside-climate-smart-agriculture.yaml --to ob3
      mcmap export cred.yaml --to ob3 --wrap -o badge.json --report badge-report.json
      mcmap export cred.yaml --to elm -o elm.json
      mcmap export cred.yaml --to ctdl
    """
    from mcmap.interop.common import dumps
    from mcmap.interop.formats import (
        export_credential,
        inferred_skills,
        load_credentials,
        pick_credential,
        write_new,
    )

    credential, source, line = pick_credential(load_credentials(cred), wanted)
    inferred = inferred_skills(credential, source, line) if include_inferred else None
    result = export_credential(credential, fmt, wrap=wrap, inferred=inferred)
    result.report.source = source
    if output:
        write_new(output, result.to_json(), force)
    else:
        click.echo(result.to_json(), nl=False)
    _write_report(report_path, dumps(result.report.to_dict()))
    if not quiet:
        click.echo(result.report.to_text(), err=True, nl=False)


@click.command("import")
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--from", "fmt", type=click.Choice(FORMATS), required=True, help="Format of FILE.")
@click.option("-o", "--output", metavar="OUT.yaml", required=True, help="Descriptor file to write.")
@click.option("--force", is_flag=True, help="Overwrite OUT.yaml if it exists.")
@click.option(
    "--index",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Which achievement, when the document holds several (a CLR transcript).",
)
@click.option(
    "--with",
    "related",
    multiple=True,
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="CTDL only: another document (e.g. the organisation) the resource refers to by URI.",
)
@click.option("--report", "report_path", metavar="FILE", help="Also write the import report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def import_command(
    file: str,
    fmt: str,
    output: str,
    force: bool,
    index: int,
    related: tuple[str, ...],
    report_path: str | None,
    quiet: bool,
) -> None:
    """Import an Open Badges 3.0, ELM (Europass) or CTDL document as a credential descriptor.

    Maps what maps (title, description, provider, outcomes, ESCO alignments as declared skill
    links, credits, level, language, assessment ...), writes OUT.yaml (never over an existing
    file without --force), then validates it: missing Annex I elements are reported as findings.
    Exit code 0 when the descriptor is valid, 1 when it was written but needs completing.

    \b
    Examples:
      mcmap import badge.json --from ob3 -o imported.yaml
      mcmap import europass.json --from elm -o imported.yaml --report import-report.json
      mcmap import registry.json --from ctdl -o imported.yaml --force
      mcmap import Credential-1.json --from ctdl --with Organization-1.json -o cred.yaml
    """
    from mcmap.interop.common import dumps
    from mcmap.interop.formats import descriptor_yaml, import_document, read_document, write_new
    from mcmap.render.validation import RENDERERS
    from mcmap.validate import validate_paths

    others = [read_document(path) for path in related]
    result = import_document(read_document(file), fmt, file, index=index, related=others)
    write_new(output, descriptor_yaml(result.descriptor, file, fmt), force)
    _write_report(report_path, dumps(result.report.to_dict()))
    validation = validate_paths([output])
    if not quiet:
        click.echo(result.report.to_text(), err=True, nl=False)
        click.echo(f"wrote {output}", err=True)
    if validation.failed() or not quiet:
        click.echo(RENDERERS["text"](validation), err=True, nl=False)
    if validation.failed():
        click.echo(
            f"{output} needs completing before it is a valid descriptor (see the findings above)", err=True
        )
        raise SystemExit(1)
