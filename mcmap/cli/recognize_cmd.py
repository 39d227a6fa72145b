"""``mcmap recognize``: compare a foreign credential with a local one and propose a decision."""

from __future__ import annotations

import click

from mcmap.cli.options import taxonomy_option, top_option

FORMATS = ("text", "json", "markdown")


@click.command("recognize")
@click.argument("foreign", metavar="FOREIGN")
@click.option("--to", "local", required=True, metavar="LOCAL",
              help="The local credential or pathway file to compare with.")
@click.option("--level-gap", type=click.IntRange(1, 8), default=1, show_default=True,
              help="A foreign level this many levels below the local one is a substantial difference.")
@click.option("--workload-shortfall", type=click.FloatRange(0, 100), default=25.0, show_default=True,
              help="Per cent of the local workload missing that makes a substantial difference.")
@click.option("--coverage", type=click.FloatRange(0, 100), default=75.0, show_default=True,
              help="Per cent of local outcomes the foreign credential must cover.")
@click.option("--partial-coverage", type=click.FloatRange(0, 100), default=25.0, show_default=True,
              help="Below this coverage (per cent) nothing is left to recognise: decision none.")
@click.option("--similarity", type=click.FloatRange(0, 100), default=25.0, show_default=True,
              help="Outcome similarity (0-100) for a local outcome to count as covered.")
@click.option("--threshold", type=click.FloatRange(50, 100), default=65.0, show_default=True,
              help="Minimum score for an inferred skill link to count.")
@top_option
@taxonomy_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
def recognize(
    foreign: str, local: str, level_gap: int, workload_shortfall: float, coverage: float,
    partial_coverage: float, similarity: float, threshold: float, top_k: int, taxonomy_ref: str, fmt: str,
) -> None:
    """Compare FOREIGN with LOCAL (credential or pathway files) and propose full, partial or none.

    Level (through EQF or AQRF referencing), workload (notional hours), learning outcomes
    (alignment engine), quality assurance and assessment are compared; every substantial
    difference is listed with its evidence. The output supports a decision: the competent
    recognition authority decides.

    \b
    Exit codes: 0 full recognition proposed, 1 partial or none or an unreadable input file,
    2 usage error, 3 broken reference data.

    \b
    Examples:
      mcmap recognize sample_credentials/recognition/gb-sct-tweedside-irrigation-water-management.yaml \\
          --to sample_credentials/ie-shannonside-sustainable-irrigation.yaml
      mcmap recognize sample_credentials/recognition/my-tunas-smart-farming-iot.yaml \\
          --to sample_credentials/eu-esfsa-farm-iot.yaml --format json
    """
    from mcmap.recognition.compare import Thresholds
    from mcmap.recognize import recognize as run
    from mcmap.render.recognize import RECOGNIZE_RENDERERS

    thresholds = Thresholds(level_gap, workload_shortfall, coverage, partial_coverage, similarity, threshold)
    result = run(foreign, local, thresholds=thresholds, taxonomy_ref=taxonomy_ref, top_k=top_k)
    click.echo(RECOGNIZE_RENDERERS[fmt](result), nl=False)
    raise SystemExit(0 if result.full else 1)
