"""The library entry points of ``mcmap export`` and ``mcmap import``: registries, loading a
descriptor to export, recognising a document's format, and writing an imported descriptor."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from mcmap.credential import Credential
from mcmap.errors import InputError, UsageError
from mcmap.interop.common import FORMAT_NAMES, ExportResult, ImportResult, read_json, types_of

FORMATS = tuple(FORMAT_NAMES)

#: skills mcmap inferred, per outcome id: (ESCO URI, label, score 0-100)
Inferred = Mapping[str, Sequence[tuple[str, str, float]]]


def export_credential(
    cred: Credential, fmt: str, *, wrap: bool = False, inferred: Inferred | None = None
) -> ExportResult:
    """Export one credential to ``fmt`` (ob3, elm, ctdl)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if wrap and fmt != "ob3":
        raise UsageError("--wrap applies to Open Badges only (an OpenBadgeCredential around the Achievement)")
    if inferred is not None and fmt != "ob3":
        raise UsageError(
            "--include-inferred applies to Open Badges only (extra alignments, marked as inferred)"
        )
    if fmt == "ob3":
        from mcmap.interop.ob3 import export_ob3

        return export_ob3(cred, wrap=wrap, inferred=inferred)
    if fmt == "elm":
        from mcmap.interop.elm import export_elm

        return export_elm(cred)
    from mcmap.interop.ctdl import export_ctdl

    return export_ctdl(cred)


def import_document(
    doc: Any, fmt: str, source: str, *, index: int = 0, related: Sequence[Any] = ()
) -> ImportResult:
    """Import a parsed JSON document of format ``fmt`` into a descriptor (plain data).

    ``related`` (CTDL only) are other parsed documents, e.g. the organisations the resource
    refers to by URI, so that the provider can be named without fetching anything.
    """
    importers: dict[str, Callable[[], ImportResult]] = {
        "ob3": lambda: _ob3(doc, source, index),
        "elm": lambda: _elm(doc, source),
        "ctdl": lambda: _ctdl(doc, source, related),
    }
    if fmt not in importers:
        raise UsageError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if related and fmt != "ctdl":
        raise UsageError("--with applies to CTDL only (documents whose nodes the resource refers to)")
    try:
        try:
            return importers[fmt]()
        except (AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
            # a value of a kind the format never uses there (a number where an object belongs):
            # the importers check the common shapes; this names the rest without a traceback
            raise InputError(
                f"{source}: not a {FORMAT_NAMES[fmt]} document mcmap can read ({type(exc).__name__}: {exc})",
                hint="check the document against the format's schema; run with --debug for details",
            ) from exc
    except InputError as exc:
        guess = detect_format(doc)
        if guess and guess != fmt:
            raise InputError(
                f"{exc.message}; it looks like {FORMAT_NAMES[guess]}", hint=f"try --from {guess}"
            ) from exc
        raise


def _ob3(doc: Any, source: str, index: int) -> ImportResult:
    from mcmap.interop.ob3_read import import_ob3

    return import_ob3(doc, source, index)


def _elm(doc: Any, source: str) -> ImportResult:
    from mcmap.interop.elm_read import import_elm

    return import_elm(doc, source)


def _ctdl(doc: Any, source: str, related: Sequence[Any]) -> ImportResult:
    from mcmap.interop.ctdl_read import graph_nodes, import_ctdl

    return import_ctdl(doc, source, [n for other in related for n in graph_nodes(other)])


def detect_format(doc: Any) -> str | None:
    """The format a document looks like, from its context and types (None when unsure)."""
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("credential"), dict):
        doc = doc["credential"]
    context = " ".join(
        str(c)
        for c in (doc.get("@context") if isinstance(doc.get("@context"), list) else [doc.get("@context")])
    )
    kinds = types_of(doc)
    if "credreg.net/ctdl" in context or any(str(k).startswith("ceterms:") for k in doc) or "@graph" in doc:
        return "ctdl"
    if "purl.imsglobal.org/spec/ob" in context or kinds & {
        "OpenBadgeCredential",
        "AchievementCredential",
        "Achievement",
        "ClrCredential",
    }:
        return "ob3"
    if "data.europa.eu/snb" in context or kinds & {
        "EuropeanDigitalCredential",
        "Qualification",
        "LearningAchievementSpecification",
    }:
        return "elm"
    return None


def read_document(path: str) -> Any:
    """A JSON document from a file (``-`` is not supported: the report names the file)."""
    return read_json(path)


def load_credentials(path: str) -> list[tuple[Credential, str, int]]:
    """The credentials in a descriptor file, each with file and line; schema problems are errors."""
    from mcmap.load.files import DEFAULT_MAX_BYTES, discover
    from mcmap.problems import Severity
    from mcmap.validate import read_entries

    sources, problems = discover([path])
    loaded: list[tuple[Credential, str, int]] = []
    for source in sources:
        for entry in read_entries(source, DEFAULT_MAX_BYTES, problems):
            if entry.kind == "credential":
                loaded.append(
                    (Credential.from_document(entry.doc.data), entry.doc.source, entry.doc.locate(())[0])
                )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors and not loaded:
        first = errors[0]
        raise InputError(
            f"{first.file}:{first.line}:{first.column}: {first.code} {first.message}",
            hint=f"run mcmap validate {path} to see every problem ({len(errors)} errors)",
        )
    if not loaded:
        raise InputError(f"{path}: no credential descriptor found (mcmap: credential/1)")
    return sorted(loaded, key=lambda item: (item[0].id, item[1]))


def pick_credential(
    loaded: list[tuple[Credential, str, int]], wanted: str | None
) -> tuple[Credential, str, int]:
    """The credential named by ``--id``, or the only one."""
    if wanted is not None:
        for item in loaded:
            if item[0].id == wanted:
                return item
        raise UsageError(
            f"no credential with id {wanted!r}", hint="ids here: " + ", ".join(c.id for c, _, _ in loaded)
        )
    if len(loaded) > 1:
        raise UsageError(
            f"{len(loaded)} credentials found; choose one with --id",
            hint="ids: " + ", ".join(c.id for c, _, _ in loaded),
        )
    return loaded[0]


class _Dumper(yaml.SafeDumper):
    """Quotes digit-only text (ISCED-F "0811"), which some YAML readers take for a number."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "'" if value.isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def descriptor_yaml(descriptor: Mapping[str, Any], source: str, fmt: str) -> str:
    """The imported descriptor as YAML, with a header that says where it came from."""
    body = yaml.dump(dict(descriptor), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return (
        "# yaml-language-server: $schema=https://mcmap.dev/schemas/credential.schema.json\n"
        f"# Imported by mcmap from {Path(source).name} ({FORMAT_NAMES[fmt]}).\n"
        "# Review it: the import report lists what was not carried and what Annex I still needs.\n" + body
    )


def write_new(path: str, text: str, force: bool) -> None:
    """Write ``text`` to ``path``; an existing file is kept unless ``force``."""
    target = Path(path)
    if target.exists() and not force:
        raise UsageError(
            f"{path} already exists", hint="choose another -o file, or add --force to overwrite it"
        )
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def inferred_skills(credential: Credential, source: str, line: int) -> Inferred:
    """Per outcome id, the top three ESCO skills the alignment engine infers (id, label, score)."""
    from mcmap.mapping import map_credentials
    from mcmap.taxonomy import load_taxonomy

    mapping = map_credentials([(credential, source, line)], load_taxonomy("esco"), top_k=3)[0]
    return {
        str(o.outcome_id): [(m.id, m.label, m.score) for m in o.skills] for o in mapping.alignment.outcomes
    }
