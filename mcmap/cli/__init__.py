"""The ``mcmap`` command: a thin click shell over the library.

Subcommands live in their own modules and are imported only when invoked, so that
``mcmap --help`` stays fast (no pandas, no ESCO, no index at start-up).
"""

from __future__ import annotations

import importlib
import traceback
from typing import Any

import click

from mcmap import __version__
from mcmap.errors import McmapError

# command name -> (module, attribute, one-line help shown by `mcmap --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("mcmap.cli.validate_cmd", "validate", "Check descriptors against schemas and QA rules."),
    "schema": ("mcmap.cli.schema_cmd", "schema", "Print a packaged JSON Schema."),
    "frameworks": ("mcmap.cli.frameworks_cmd", "frameworks", "List and show qualification frameworks."),
    "taxonomy": ("mcmap.cli.taxonomy_cmd", "taxonomy", "List, show, search and import skills taxonomies."),
    "align": ("mcmap.cli.align_cmd", "align", "Align outcome text to Bloom levels, EQF level and skills."),
    "map": ("mcmap.cli.align_cmd", "map_command", "Map credentials: claimed vs inferred level, skills."),
    "export": ("mcmap.cli.interop_cmd", "export", "Export a credential to Open Badges 3.0, ELM or CTDL."),
    "import": ("mcmap.cli.interop_cmd", "import_command", "Import OB3, ELM or CTDL as a descriptor."),
    "stack": ("mcmap.cli.stack_cmd", "stack", "Check a stack against a pathway; plan what is missing."),
    "gaps": ("mcmap.cli.gaps_cmd", "gaps", "Covered and missing skills vs an occupation, level or pathway."),
    "recognize": ("mcmap.cli.recognize_cmd", "recognize", "Compare a foreign credential with a local one."),
    "report": ("mcmap.cli.report_cmd", "report", "QA catalogue report: HTML, Markdown, CSV, Excel or JSON."),
}

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attr, _ = COMMANDS[cmd_name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None  # command not built in this version
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except McmapError as exc:
            click.echo(f"mcmap: error: {exc}", err=True)
            if ctx.params.get("debug"):
                traceback.print_exc()
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("mcmap: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # the last line of defence: one line, code 3, no traceback
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"mcmap: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="mcmap")
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Map micro-credentials to qualification frameworks and skills taxonomies.

    \b
    Exit codes: 0 success, 1 findings (invalid data, unsupported level, not stackable),
    2 usage error, 3 broken reference data or internal error.

    \b
    Example:
      mcmap validate sample_credentials/
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="mcmap")


if __name__ == "__main__":
    main()
