"""``mcmap stack``: check whether credentials stack into a pathway, and plan what is missing."""

from __future__ import annotations

import datetime as dt

import click

FORMATS = ("text", "json", "markdown")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from exc


@click.command()
@click.argument("credentials", nargs=-1, metavar="[CRED]...")
@click.option(
    "--into",
    "pathway_path",
    required=True,
    metavar="PATHWAY",
    help="The pathway file (mcmap: pathway/1) to stack into.",
)
@click.option(
    "--catalog",
    "catalog",
    metavar="DIR",
    multiple=True,
    help="Catalogue of credentials to plan from (folder or file; repeatable).",
)
@click.option(
    "--minimize",
    type=click.Choice(("credits", "count", "hours")),
    default="credits",
    show_default=True,
    help="What the plan minimises.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    callback=_date,
    help="Assessment date for age and order checks (default: today).",
)
@click.option("--no-infer", is_flag=True, help="Count declared skill links only (no alignment).")
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 3600),
    default=20.0,
    show_default=True,
    help="Seconds the planner may search before returning its best plan, flagged unproven.",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format."
)
def stack(
    credentials: tuple[str, ...],
    pathway_path: str,
    catalog: tuple[str, ...],
    minimize: str,
    as_of: dt.date | None,
    no_infer: bool,
    time_limit: float,
    fmt: str,
) -> None:
    """Check whether CRED... (files or folders) stack into PATHWAY, and plan what is missing.

    The verdict is stackable, not-yet or invalid-pathway; every rule is explained and the gaps
    are listed. With --catalog, the cheapest set of catalogue credentials that completes the
    pathway is proposed (exact; flagged when a time limit stopped the proof).

    Exit codes: 0 stackable, 1 not yet / invalid pathway / unreadable input, 2 usage error,
    3 broken reference data.

    \b
    Examples:
      mcmap stack sample_credentials/ie-shannonside-*.yaml \\
        --into sample_credentials/pathways/ie-cert-sustainable-agriculture.yaml
      mcmap stack --into sample_credentials/pathways/eu-digital-agriculture-track.yaml \\
        --catalog sample_credentials --format json
    """
    from mcmap.errors import InputError, UsageError
    from mcmap.render.stack import RENDERERS
    from mcmap.stack import evaluate_pathway, load_credentials, load_pathway
    from mcmap.stack.load import unreadable

    if not credentials and not catalog:
        raise UsageError(
            "give credentials to stack, or --catalog DIR to plan from",
            hint="mcmap stack CRED... --into PATHWAY [--catalog DIR]",
        )
    pathway = load_pathway(pathway_path)
    held, problems = load_credentials(list(credentials)) if credentials else ([], [])
    for p in problems:
        click.echo(f"{p.location()}: {p.severity.value}: {p.code}: {p.message}", err=True)
    if unreadable(problems):
        raise InputError(
            f"{len(unreadable(problems))} credential file(s) could not be read (see above)",
            hint="fix them, or check them with: mcmap validate FILE",
        )
    if credentials and not held:
        raise InputError("no credential documents found in " + ", ".join(credentials))
    pool = None
    if catalog:
        pool, catalog_problems = load_credentials(list(catalog))
        for p in unreadable(catalog_problems):
            click.echo(f"{p.location()}: warning: catalogue entry skipped: {p.code}: {p.message}", err=True)
    result = evaluate_pathway(
        pathway,
        held,
        catalog=pool,
        as_of=as_of,
        infer_skills=not no_infer,
        minimize=minimize,
        time_limit=time_limit,
    )
    click.echo(RENDERERS[fmt](result), nl=False)
    raise SystemExit(result.exit_code)
