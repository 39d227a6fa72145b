"""Checks across the whole run: duplicate ids and references between documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from mcmap.checks.context import CheckContext, Entry
from mcmap.checks.registry import catalog_check, document_check, finding
from mcmap.load.yamlpos import Document
from mcmap.problems import Problem


@catalog_check
def duplicate_ids(entries: list[Entry], context: CheckContext) -> Iterator[Problem]:
    seen: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        ident = entry.doc.data.get("id")
        if ident is not None:
            seen[(entry.kind, str(ident))].append(entry)
    for (kind, ident), group in sorted(seen.items()):
        if len(group) < 2:
            continue
        first = group[0].doc
        where = f"{first.source}:{first.locate(('id',))[0]}"
        for entry in group[1:]:
            yield finding(
                entry.doc, ("id",), "id.duplicate", f"{kind} id {ident!r} is already used at {where}"
            )


@catalog_check
def cross_references(entries: list[Entry], context: CheckContext) -> Iterator[Problem]:
    """Pathways naming unknown credentials, credentials stacking into unknown pathways.

    Only meaningful when the run holds the catalogue; a lone file is not checked this way.
    """
    ids = {
        kind: {str(e.doc.data.get("id")) for e in entries if e.kind == kind}
        for kind in ("credential", "pathway")
    }
    if not ids["credential"] or not ids["pathway"]:
        return
    for entry in entries:
        if entry.kind == "pathway":
            for path, ref in _credential_refs(entry.doc.data, ()):
                if ref not in ids["credential"]:
                    yield finding(
                        entry.doc,
                        path,
                        "pathway.unknown-credential",
                        f"credential {ref!r} is not in the catalogue being validated",
                    )
        elif entry.kind == "credential":
            stack = entry.doc.data.get("stackability") or {}
            for i, ref in enumerate(stack.get("stacks_into") or []):
                if str(ref) not in ids["pathway"]:
                    yield finding(
                        entry.doc,
                        ("stackability", "stacks_into", i),
                        "credential.unknown-pathway",
                        f"pathway {ref!r} is not in the catalogue being validated",
                    )


def _credential_refs(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every ``credential: ID`` leaf inside a pathway's rule tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "credential" and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from _credential_refs(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _credential_refs(item, (*path, i))


@document_check("credential")
def duplicate_outcomes(doc: Document, context: CheckContext) -> Iterator[Problem]:
    ids: dict[str, int] = {}
    texts: dict[str, int] = {}
    for i, outcome in enumerate(doc.data.get("learning_outcomes") or []):
        ident = outcome.get("id")
        if ident is not None:
            if str(ident) in ids:
                yield finding(
                    doc,
                    ("learning_outcomes", i, "id"),
                    "outcome.duplicate-id",
                    f"outcome id {ident!r} is already used by outcome {ids[str(ident)] + 1}",
                )
            ids.setdefault(str(ident), i)
        text = " ".join(str(outcome.get("text", "")).lower().split())
        if text:
            if text in texts:
                yield finding(
                    doc,
                    ("learning_outcomes", i, "text"),
                    "outcome.duplicate-text",
                    f"same text as outcome {texts[text] + 1}",
                )
            texts.setdefault(text, i)
