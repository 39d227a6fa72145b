"""The pathways each credential stacks into, read from the stacking engine.

Every pathway found among the report's inputs is evaluated once with the whole catalogue as
held credentials (``mcmap.stack.evaluate_pathway``). For each credential that gives: where it
counts in the best assignment, the rules it could fill, or why the pathway's constraints exclude
it. Pathways a credential names in ``stackability.stacks_into`` but that are not among the
inputs are listed as declared and not evaluated. If the stacking engine is not installed in this
build, declared pathways are listed and the evaluation is marked pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mcmap.credential import Credential
from mcmap.report.model import PathwayLink, PathwaySummary

if TYPE_CHECKING:
    from mcmap.load.yamlpos import Document


@dataclass(frozen=True)
class _Placement:
    """One credential against one evaluated pathway."""

    status: str
    detail: str


@dataclass(frozen=True)
class Evaluated:
    """Pathway summaries and, per (credential id, pathway id), where the credential stands."""

    pathways: tuple[PathwaySummary, ...]
    placements: dict[tuple[str, str], _Placement]
    available: bool  # the stacking engine could be imported


def evaluate(
    pathway_docs: Sequence[Document],
    loaded: Sequence[tuple[Credential, str, int]],
    as_of: dt.date | None,
) -> Evaluated:
    """Evaluate every pathway document with the catalogue as held credentials."""
    try:
        from mcmap.stack import LoadedCredential, LoadedPathway, evaluate_pathway
    except ImportError:  # the stacking engine ships separately in some builds
        return Evaluated(tuple(_pending(doc) for doc in pathway_docs), {}, False)
    from mcmap.pathway import Pathway

    held = [LoadedCredential(c, source, line) for c, source, line in loaded]
    summaries: list[PathwaySummary] = []
    placements: dict[tuple[str, str], _Placement] = {}
    for doc in pathway_docs:
        result = evaluate_pathway(LoadedPathway(Pathway.from_document(doc.data), doc), held, as_of=as_of)
        counted_at: dict[str, str] = {}
        by_index: dict[int, Any] = {}
        _walk(result.rules, None, counted_at, by_index)
        for facts in result.credentials:
            placements[(facts.id, result.pathway_id)] = _place(facts, counted_at, by_index)
        gaps = tuple(g["message"] for g in result.gaps if g.get("kind") != "not-counted")
        summaries.append(
            PathwaySummary(
                result.pathway_id,
                result.pathway_title,
                doc.source,
                result.verdict,
                tuple(sorted(counted_at)),
                gaps,
            )
        )
    summaries.sort(key=lambda p: (p.id, p.file))
    return Evaluated(tuple(summaries), placements, True)


def _pending(doc: Document) -> PathwaySummary:
    data = doc.data
    return PathwaySummary(
        str(data.get("id")), str(data.get("title", "")), doc.source, "evaluation-pending", (), ()
    )


def _walk(node: Any, parent_name: str | None, counted_at: dict[str, str], by_index: dict[int, Any]) -> None:
    """Record the rule each credential counts under (an unlabelled leaf takes its parent's name)."""
    info = node.item.node.info
    name = info.label or info.id or parent_name or node.item.name()
    by_index[node.item.index] = name
    if not node.children:
        for credential_id in node.credentials:
            counted_at.setdefault(credential_id, name)
    for child in node.children:
        _walk(child, name, counted_at, by_index)


def _place(facts: Any, counted_at: dict[str, str], by_index: dict[int, Any]) -> _Placement:
    if facts.id in counted_at:
        return _Placement("counts", f"counts towards '{counted_at[facts.id]}'")
    if facts.excluded:
        return _Placement("excluded", "; ".join(facts.excluded))
    eligible = facts.eligible()
    if eligible:
        names = sorted({str(by_index.get(i, f"rule {i}")) for i in eligible})
        return _Placement(
            "eligible",
            "could fill " + ", ".join(f"'{n}'" for n in names) + " (not used in the best assignment)",
        )
    return _Placement("no-leaf", "meets no rule of the pathway")


def links_for(credential: Credential, evaluated: Evaluated) -> tuple[PathwayLink, ...]:
    """The pathways to show for one credential: declared ones and any it counts or could count in."""
    declared = credential.stackability.stacks_into if credential.stackability else ()
    titles = {p.id: p.title for p in evaluated.pathways}
    links: list[PathwayLink] = []
    for pathway in sorted(set(declared) | set(titles)):
        is_declared = pathway in declared
        placement = evaluated.placements.get((credential.id, pathway))
        if placement is None:
            if not is_declared:
                continue
            if pathway in titles and not evaluated.available:
                status, detail = "evaluation-pending", "declared; stacking evaluation is not available"
            else:
                status, detail = "not-evaluated", "declared; the pathway file is not among the inputs"
            links.append(PathwayLink(pathway, titles.get(pathway, ""), True, status, detail))
            continue
        if not is_declared and placement.status in ("no-leaf", "excluded"):
            continue  # unrelated pathways would only add noise
        detail = placement.detail
        if not is_declared and placement.status == "counts":
            detail += " (not declared in stacks_into)"
        links.append(PathwayLink(pathway, titles[pathway], is_declared, placement.status, detail))
    return tuple(links)
