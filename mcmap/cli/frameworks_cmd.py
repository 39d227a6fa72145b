"""``mcmap frameworks list|show``: the built-in (and user) qualification frameworks."""

from __future__ import annotations

import click

from mcmap.frameworks_lib import get_level, list_frameworks, load_framework
from mcmap.render.frameworks import LIST_RENDERERS, SHOW_RENDERERS


# ------------------------------------------------------------------------------------ commands
@click.group("frameworks")
def frameworks() -> None:
    """List and show qualification frameworks (EQF and national frameworks).

    \b
    Add your own with MCMAP_FRAMEWORKS_PATH=folder1:folder2 (YAML files with
    'mcmap: framework/1'); see `mcmap schema framework`.

    \b
    Example:
      mcmap frameworks list
      mcmap frameworks show eqf
    """


@frameworks.command("list")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(LIST_RENDERERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
def list_cmd(fmt: str) -> None:
    """List the available frameworks with their EQF referencing status and completeness.

    \b
    Example:
      mcmap frameworks list --format json
    """
    click.echo(LIST_RENDERERS[fmt](list_frameworks()), nl=False)


@frameworks.command("show")
@click.argument("framework_id", metavar="ID")
@click.option(
    "--level",
    "level",
    default=None,
    metavar="N",
    help="Only this level (a number, or an id such as E1 for RQF Entry 1).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(SHOW_RENDERERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
def show_cmd(framework_id: str, level: str | None, fmt: str) -> None:
    """Show a framework's levels: title, descriptors per domain, EQF level and completeness.

    ID is a framework id (see `mcmap frameworks list`) or a path to a framework YAML file.

    \b
    Example:
      mcmap frameworks show eqf
      mcmap frameworks show nfq-ie --level 6
      mcmap frameworks show rqf --level E3 --format json
    """
    fw = load_framework(framework_id)
    levels = [get_level(fw, level)] if level is not None else list(fw.levels)
    click.echo(SHOW_RENDERERS[fmt](fw, levels), nl=False)
