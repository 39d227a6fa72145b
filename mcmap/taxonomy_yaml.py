"""Taxonomies written by hand as YAML (``mcmap: taxonomy/1``), checked against the schema.

Every error names the file, line and column, and what to do about it.
"""

from __future__ import annotations

from typing import Any

from mcmap.errors import McmapError
from mcmap.load.yamlpos import Document, YamlProblem, parse_documents
from mcmap.problems import Problem

#: a hand-written taxonomy larger than this is better written with the importer
MAX_BYTES = 20 * 1024 * 1024


def taxonomy_from_yaml(data: bytes, origin: str, error: type[McmapError]) -> Any:
    """Build a Taxonomy from a YAML taxonomy document (the first document of the file)."""
    from mcmap.taxonomy import Concept, Taxonomy

    doc = _document(data, origin, error)
    problems = _problems(doc)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more; 'mcmap validate' lists all)" if len(
            problems) > 1 else ""
        raise error(f"{first.location()}: {first.code}: {first.message}{more}", first.hint or None)
    raw = doc.data
    concepts = tuple(
        Concept(
            id=str(c["id"]), label=str(c["label"]),
            alt_labels=tuple(str(a) for a in c.get("alt_labels", [])),
            description=str(c.get("description", "")).strip(),
            kind=str(c.get("kind", "")), reuse_level=str(c.get("reuse_level", "")),
            broader=tuple(str(b) for b in c.get("broader", [])),
            collections=frozenset(str(x) for x in c.get("collections", [])),
            keywords=tuple(str(k) for k in c.get("keywords", [])),
        )
        for c in raw["concepts"]
    )
    return Taxonomy(
        id=str(raw["id"]), name=str(raw["name"]), version=str(raw["version"]),
        source=_source_text(raw.get("source")), concepts=concepts,
        attribution=str(raw.get("attribution", "")), licence=str(raw.get("licence", "")),
        language=str(raw.get("language", "en")), origin=origin,
    )


def _document(data: bytes, origin: str, error: type[McmapError]) -> Document:
    if len(data) > MAX_BYTES:
        raise error(f"{origin}: file is larger than {MAX_BYTES // 2**20} MB",
                    "write large taxonomies with 'mcmap taxonomy import'")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{origin}: not UTF-8 text (byte {exc.start})",
                    "save the file as UTF-8") from exc
    try:
        doc = next(iter(parse_documents(text, origin)), None)
    except YamlProblem as exc:
        raise error(f"{origin}:{exc.line}:{exc.column}: {exc.message}", exc.hint or None) from exc
    if doc is None:
        raise error(f"{origin}: empty file", "start it with 'mcmap: taxonomy/1'")
    return doc


def _problems(doc: Document) -> list[Problem]:
    """Header, schema and referential problems, in file order."""
    from mcmap.load.schemas import document_kind, schema_problems

    kind, problem = document_kind(doc)
    if problem is not None:
        return [problem]
    if kind != "taxonomy":
        return [doc.problem(("mcmap",), "document.kind-unexpected",
                            f"expected a taxonomy document, found {kind!r}",
                            hint="give a file that starts with 'mcmap: taxonomy/1'")]
    problems = schema_problems(doc, "taxonomy")
    if problems:
        return problems
    found: list[Problem] = []
    seen: dict[str, int] = {}
    concepts = doc.data["concepts"]
    for i, concept in enumerate(concepts):
        cid = str(concept["id"])
        if cid in seen:
            found.append(doc.problem((("concepts", i, "id")), "taxonomy.duplicate-id",
                                     f"concept id {cid!r} is used twice (first at concept "
                                     f"{seen[cid] + 1})", hint="give every concept its own id"))
        seen.setdefault(cid, i)
    for i, concept in enumerate(concepts):
        for j, ref in enumerate(concept.get("broader", [])):
            if str(ref) not in seen:
                found.append(doc.problem(("concepts", i, "broader", j), "taxonomy.unknown-broader",
                                         f"broader concept {ref!r} is not defined in this file",
                                         hint="use the id of a concept listed under 'concepts'"))
    return sorted(found)


def _source_text(source: Any) -> str:
    if isinstance(source, dict):
        parts = [source.get("title"), source.get("publisher"), source.get("year"),
                 source.get("url")]
        return ", ".join(str(p) for p in parts if p)
    return str(source or "")


__all__ = ["taxonomy_from_yaml"]
