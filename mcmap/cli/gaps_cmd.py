"""``mcmap gaps``: what credentials cover of an occupation, a level or a pathway, and what is missing."""

from __future__ import annotations

import click

from mcmap.cli.options import taxonomy_option, top_option

FORMATS = ("text", "json", "markdown")


@click.command("gaps")
@click.argument("credentials", nargs=-1, required=True, metavar="CRED...")
@click.option("--against", "against", required=True, metavar="TARGET",
              help="ESCO occupation (URI or label), FRAMEWORK:LEVEL (eqf:6, nfq-ie:7) or a pathway file.")
@click.option("--catalog", metavar="DIR",
              help="Suggest credentials from this folder that cover what is missing.")
@click.option("--threshold", type=click.FloatRange(50, 100), default=65.0, show_default=True,
              help="Minimum score (0-100) for an inferred skill link to count as coverage.")
@click.option("--similarity", type=click.FloatRange(0, 100), default=25.0, show_default=True,
              help="Minimum outcome similarity (0-100) for a pathway outcome to count as covered.")
@top_option
@taxonomy_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
def gaps(
    credentials: tuple[str, ...], against: str, catalog: str | None, threshold: float, similarity: float,
    top_k: int, taxonomy_ref: str, fmt: str,
) -> None:
    """Report the skills, outcomes and level CRED... cover of TARGET, and what is missing.

    Covered items say how: declared in the descriptor, inferred by the alignment engine (with its
    score) or through a narrower ESCO concept. Missing essential skills are listed first.

    \b
    Exit codes: 0 no gaps, 1 gaps found or an unreadable input file, 2 usage error (unknown
    occupation, bad TARGET), 3 broken reference data.

    \b
    Examples:
      mcmap gaps sample_credentials/gb-sct-forthvale-solar-pv.yaml --against "solar energy technician"
      mcmap gaps sample_credentials/ie-*.yaml --against nfq-ie:7 --format json
      mcmap gaps sample_credentials/ie-shannonside-soil-health.yaml --catalog sample_credentials \\
          --against sample_credentials/pathways/ie-cert-sustainable-agriculture.yaml
    """
    from mcmap.gaps import analyse_gaps
    from mcmap.render.gaps import GAPS_RENDERERS

    result = analyse_gaps(list(credentials), against, catalog=catalog, threshold=threshold,
                          similarity=similarity, taxonomy_ref=taxonomy_ref, top_k=top_k)
    click.echo(GAPS_RENDERERS[fmt](result), nl=False)
    raise SystemExit(1 if result.has_gaps else 0)
