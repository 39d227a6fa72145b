"""``mcmap taxonomy``: list, show, search and import skills taxonomies."""

from __future__ import annotations

from pathlib import Path

import click

from mcmap.render.taxonomy import FORMATS, RENDERERS

_FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                       show_default=True, help="Output format.")


def _emit(kind: str, fmt: str, data: object) -> None:
    click.echo(RENDERERS[kind][fmt](data))


@click.group()
def taxonomy() -> None:
    """List, show, search and import skills taxonomies (ESCO, UNESCO greening topics).

    A taxonomy is named by a packaged id (see 'mcmap taxonomy list') or by the path of a file
    written by 'mcmap taxonomy import' or of a YAML document 'mcmap: taxonomy/1'.

    \b
    Examples:
      mcmap taxonomy show esco
      mcmap taxonomy search esco "soil management" --collection green
    """


@taxonomy.command("list")
@_FORMAT
def list_cmd(fmt: str) -> None:
    """List the packaged taxonomies with their versions and sizes.

    \b
    Example:
      mcmap taxonomy list --format json
    """
    from mcmap.taxonomy import list_taxonomies, load_taxonomy, summary

    rows = []
    for entry in list_taxonomies():
        info = summary(load_taxonomy(entry.id))
        rows.append({"id": entry.id, "name": info["name"], "version": info["version"],
                     "concepts": info["concepts"], "file": entry.file})
    _emit("list", fmt, rows)


@taxonomy.command()
@click.argument("taxonomy_id", metavar="ID")
@click.option("--concept", metavar="CONCEPT_ID", help="Show one concept instead of the summary.")
@_FORMAT
def show(taxonomy_id: str, concept: str | None, fmt: str) -> None:
    """Show a taxonomy: version, source, concept counts per kind, collection sizes.

    ID is a packaged id or a taxonomy file.

    \b
    Examples:
      mcmap taxonomy show esco
      mcmap taxonomy show greening --format json
      mcmap taxonomy show esco --concept http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab
    """
    from mcmap.taxonomy import concept_details, load_taxonomy, summary

    tax = load_taxonomy(taxonomy_id)
    if concept is not None:
        _emit("concept", fmt, concept_details(tax, concept))
    else:
        _emit("show", fmt, summary(tax))


@taxonomy.command("search")
@click.argument("taxonomy_id", metavar="ID")
@click.argument("text")
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many concepts to return.")
@click.option("--collection", metavar="NAME", help="Only concepts of this collection (e.g. green).")
@_FORMAT
def search_cmd(taxonomy_id: str, text: str, limit: int, collection: str | None, fmt: str) -> None:
    """Find concepts whose preferred or alternative labels resemble TEXT.

    Prints score (0-100), label, the label that matched and the concept's collections.
    A quick look-up by label, not the alignment of learning outcomes to skills.

    \b
    Examples:
      mcmap taxonomy search esco "irrigation systems"
      mcmap taxonomy search esco "waste" --collection green --limit 5 --format json
    """
    from mcmap.errors import UsageError
    from mcmap.taxonomy import load_taxonomy, search

    tax = load_taxonomy(taxonomy_id)
    if collection is not None and collection not in tax.collection_sizes():
        names = ", ".join(tax.collection_sizes()) or "none"
        raise UsageError(f"taxonomy {tax.id!r} has no collection {collection!r}",
                         f"collections: {names}")
    hits = [hit.to_dict() for hit in search(tax, text, limit, collection)]
    _emit("search", fmt, hits)


@taxonomy.command("occupation")
@click.argument("occupation")
@click.option("--occupations", "occupations_file", metavar="PATH",
              help="Occupations file written by 'mcmap taxonomy import' [default: packaged].")
@click.option("--taxonomy", "taxonomy_ref", metavar="ID|PATH", default="esco", show_default=True,
              help="Taxonomy used to name the skills.")
@_FORMAT
def occupation_cmd(occupation: str, occupations_file: str | None, taxonomy_ref: str,
                   fmt: str) -> None:
    """Show an ESCO occupation with its essential and optional skills.

    OCCUPATION is a URI, an exact label, or a label to search for.

    \b
    Examples:
      mcmap taxonomy occupation "agronomist"
      mcmap taxonomy occupation "technical director" --format json
    """
    from mcmap.occupations import find_occupation, load_occupations, occupation_details
    from mcmap.taxonomy import load_taxonomy

    occs = load_occupations(occupations_file)
    found = find_occupation(occupation, occs)
    _emit("occupation", fmt, occupation_details(found, load_taxonomy(taxonomy_ref)))


@taxonomy.group("import")
def import_group() -> None:
    """Import a published taxonomy into mcmap's compact format.

    \b
    Example:
      mcmap taxonomy import esco ESCO_v1.1.1_classification_en_csv.zip -o taxonomies/
    """


@import_group.command("esco")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--output", "-o", "out", type=click.Path(path_type=Path), required=True,
              help="A folder (gets esco-VERSION.json.gz and esco-occupations-VERSION.json.gz) "
                   "or a file name ending in .json.gz (the taxonomy only).")
@click.option("--relations", type=click.Path(path_type=Path), metavar="PATH",
              help="The ESCO relations download (zip or folder): broader concepts and the "
                   "skills of each occupation. Not needed when PATH already holds them.")
@click.option("--esco-version", metavar="X.Y.Z",
              help="ESCO version, when it is not in the file or folder name.")
@_FORMAT
def import_esco_cmd(path: Path, out: Path, relations: Path | None, esco_version: str | None,
                    fmt: str) -> None:
    """Read the ESCO CSV download (zip or extracted folder, ESCO 1.1.x or 1.2.x).

    Writes a taxonomy that every command accepts with --taxonomy PATH.

    \b
    Examples:
      mcmap taxonomy import esco ESCO_v1.1.1_classification_en_csv.zip \\
          --relations ESCO_v1.1.1_relations_csv.zip -o my-esco/
      mcmap taxonomy import esco ~/Downloads/ESCO_dataset_v1.2.0/ -o esco-1.2.0.json.gz
      mcmap validate --taxonomy my-esco/esco-1.1.1.json.gz credentials/
    """
    from mcmap.interop.esco_import import import_esco

    result = import_esco(path, relations, esco_version)
    written = result.write(out)
    occ = result.occupations
    _emit("import", fmt, {
        "version": result.version,
        "alt_label_style": result.alt_label_style,
        "counts": result.taxonomy["header"]["counts"],
        "occupations": None if occ is None else occ["header"]["counts"]["occupations"],
        "written": [{"path": str(p), "bytes": size} for p, size in written],
        "notes": result.notes,
    })
