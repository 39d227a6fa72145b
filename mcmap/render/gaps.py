"""Renderers for ``mcmap gaps`` (a GapResult): text, JSON and Markdown, pure functions.

JSON is the result's own ``to_dict`` (the contract in ``mcmap schema gaps-result``); text and
Markdown show the same facts: target, covered items with their evidence, missing items (essential
first), the level comparison, catalogue suggestions and the stacking verdict of a pathway.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mcmap.gaps import GapItem, GapResult

EVIDENCE_SHOWN = 2  # evidence entries per covered item in text and Markdown (JSON has all)


def _evidence(g: GapItem) -> str:
    parts = [f"{e['describe']} in {e['credential']} {e['outcome']}" for e in g.evidence[:EVIDENCE_SHOWN]]
    more = len(g.evidence) - EVIDENCE_SHOWN
    return "; ".join(parts) + (f"; +{more} more" if more > 0 else "")


def _label(g: GapItem) -> str:
    label = g.item.label
    return label if len(label) <= 140 else label[:137] + "..."


def _target_lines(result: GapResult) -> list[str]:
    t = result.target
    lines = []
    if t.kind == "occupation":
        lines.append(f"Target: ESCO occupation '{t.label}' ({t.details.get('code', '')}, {t.id})")
        if t.details.get("matched_by") == "search":
            ambiguous = " - ambiguous, check the alternatives" if t.details["ambiguous"] else ""
            lines.append(
                f"  '{t.query}' is not an ESCO label; chose '{t.label}' "
                f"(matched '{t.details['matched_label']}', score {t.details['score']:.1f}){ambiguous}"
            )
        elif t.details.get("matched_by") == "alternative label":
            shared = " (shared with the alternatives below)" if t.details["ambiguous"] else ""
            lines.append(f"  '{t.query}' is an alternative ESCO label of '{t.label}'{shared}")
        alts = t.details.get("alternatives") or []
        if alts:
            named = "; ".join(f"{a['label']} ({a['score']:.1f})" for a in alts)
            lines.append(f"  close alternatives: {named}")
    elif t.kind == "level":
        lines.append(f"Target: {t.label}: EQF descriptors ({t.details['descriptor_source']})")
    else:
        lines.append(f"Target: pathway {t.id} '{t.label}' ({t.details['file']})")
    if t.level is not None and t.level.route:
        lines.append("  level route: " + " | ".join(t.level.route))
    return lines


def _credential_lines(result: GapResult) -> list[str]:
    rows = []
    for c in result.credentials:
        claimed = c["claimed"]
        if not claimed:
            claim = "no level claimed"
        elif claimed["eqf"]:
            claim = f"{claimed['framework']} {claimed['level']} = EQF {claimed['eqf']}"
        else:
            claim = f"{claimed['framework']} {claimed['level']} (no EQF route)"
        inferred = f"EQF {c['inferred_eqf']}" if c["inferred_eqf"] else "none"
        rows.append(f"  {c['id']}: claimed {claim}; outcomes point to {inferred}")
    return ["Credentials:", *rows]


def _counts(items: list[GapItem]) -> str:
    counts: dict[str, int] = {}
    for g in items:
        counts[g.item.relation] = counts.get(g.item.relation, 0) + 1
    return ", ".join(f"{n} {rel}" for rel, n in sorted(counts.items())) or "none"


def _stack_lines(result: GapResult) -> list[str]:
    if result.stack is None:
        return []
    stack = result.stack
    credits = stack["credits"]
    lines = [f"Stacking (mcmap stack): {stack['verdict']}; credit {credits['earned']:g} of "
             f"{credits['required']:g} {credits['system']}"]
    lines += [f"  - {gap['message']}" for gap in stack.get("gaps", [])]
    if "plan" in stack:
        plan = ", ".join(stack["plan"] or []) or "none found"
        lines.append(f"  plan from the catalogue ({stack['plan_status']}): {plan}")
    return lines


def gaps_text(result: GapResult) -> str:
    lines = _target_lines(result) + _credential_lines(result) + [""]
    total = len(result.covered) + len(result.missing)
    lines.append(f"Covered {len(result.covered)} of {total} ({_counts(result.covered)}):")
    lines += [f"  [{g.item.relation}] {_label(g)}: {_evidence(g)}" for g in result.covered] or ["  (nothing)"]
    lines.append(f"Missing {len(result.missing)} ({_counts(result.missing)}):")
    lines += [f"  [{g.item.relation}] {_label(g)}" for g in result.missing] or ["  (nothing)"]
    lines.append(f"Level: {result.level['status']}: {result.level['note']}")
    if result.suggestions or result.uncoverable:
        lines.append(f"Catalogue suggestions ({len(result.missing) - len(result.uncoverable)} of "
                     f"{len(result.missing)} missing items covered):")
        labels = {g.item.id: g.item.label for g in result.missing}
        for n, s in enumerate(result.suggestions, 1):
            names = ", ".join(labels[c][:60] for c in s.covers)
            essential = f" ({s.essential} essential)" if result.target.kind == "occupation" else ""
            lines.append(f"  {n}. {s.id} ({s.title}) covers {len(s.covers)}{essential}: {names}")
        lines.append(f"  still missing with every suggestion: {len(result.uncoverable)}")
    lines += _stack_lines(result)
    lines.append("Result: " + ("gaps found" if result.has_gaps else "no gaps"))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def gaps_markdown(result: GapResult) -> str:
    out = ["# Gap report", ""]
    out += [f"- {line.strip()}" for line in _target_lines(result)]
    out += ["", "| credential | claimed | inferred EQF |", "|---|---|---|"]
    for c in result.credentials:
        claimed = c["claimed"]
        claim = f"{claimed['framework']} {claimed['level']} (EQF {claimed['eqf']})" if claimed else "-"
        out.append(f"| {c['id']} | {claim} | {c['inferred_eqf'] or '-'} |")
    out += ["", f"## Covered ({len(result.covered)})", "", "| relation | item | evidence |", "|---|---|---|"]
    out += [f"| {g.item.relation} | {_md(_label(g))} | {_md(_evidence(g))} |" for g in result.covered]
    out += ["", f"## Missing ({len(result.missing)})", "", "| relation | item |", "|---|---|"]
    out += [f"| {g.item.relation} | {_md(_label(g))} |" for g in result.missing]
    out += ["", "## Level", "", f"{result.level['status']}: {result.level['note']}"]
    if result.suggestions:
        out += ["", "## Catalogue suggestions", "", "| # | credential | covers | essential |",
                "|---|---|---|---|"]
        out += [f"| {n} | {s.id} | {len(s.covers)} | {s.essential} |"
                for n, s in enumerate(result.suggestions, 1)]
        out += ["", f"Still missing with every suggestion: {len(result.uncoverable)}"]
    stack = _stack_lines(result)
    if stack:
        out += ["", "## Stacking", "", *stack]
    out += ["", "**Result:** " + ("gaps found" if result.has_gaps else "no gaps")]
    return "\n".join(out) + "\n"


def gaps_json(result: GapResult) -> str:
    data: dict[str, Any] = result.to_dict()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


GAPS_RENDERERS: dict[str, Callable[[GapResult], str]] = {
    "text": gaps_text,
    "json": gaps_json,
    "markdown": gaps_markdown,
}
