"""``mcmap schema NAME``: print a packaged JSON Schema (for editors and other tools)."""

from __future__ import annotations

import json

import click


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_names", is_flag=True, help="List the schema names.")
def schema(name: str | None, list_names: bool) -> None:
    """Print the JSON Schema (draft 2020-12) NAME, e.g. credential, pathway, framework, taxonomy.

    \b
    Examples:
      mcmap schema --list
      mcmap schema credential > credential.schema.json

    Editors with the YAML language server pick it up from a first line such as
    '# yaml-language-server: $schema=credential.schema.json'.
    """
    from mcmap.errors import UsageError
    from mcmap.load.schemas import load_schema, schema_names

    if list_names or name is None:
        if name is None and not list_names:
            raise UsageError("name a schema", hint=f"one of: {', '.join(schema_names())}")
        click.echo("\n".join(schema_names()))
        return
    click.echo(json.dumps(load_schema(name), indent=2, ensure_ascii=False))
