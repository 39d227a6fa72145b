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
semantic_option = click.option(
    "--semantic",
    is_flag=True,
    help="Add the embedding stage of skill linking (needs pip install 'mcmap[semantic]'; slower).",
)
