"""Renderers for ``mcmap stack``: pure functions from a StackResult to text, JSON or Markdown.

JSON is the library's own ``to_dict`` (the contract in ``mcmap schema stack-result``); text and
Markdown show the same facts for people: verdict, credit sum with conversions, the rule tree
with a mark per node, gaps, the plan and the findings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mcmap.stack.result import StackResult

MARKS = {"met": "[x]", "not-met": "[ ]", "can-never-be-met": "[!]"}
LOW_END = "; NOT met at the low end of the conversion ranges"
VERDICT_TEXT = {"stackable": "STACKABLE", "not-yet": "NOT YET", "invalid-pathway": "INVALID PATHWAY"}


def render_json(result: StackResult) -> str:
    """The JSON contract, indented, keys in contract order."""
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _tree_lines(node: dict[str, Any], depth: int, markdown: bool) -> list[str]:
    name = (
        node["label"]
        or node["id"]
        or node.get("credential")
        or ("Pathway rules" if depth == 0 else f"{node['kind']} {node['path']}")
    )
    pad = "  " * depth
    bullet = "- " if markdown else ""
    head = f"{pad}{bullet}{MARKS[node['status']]} {name} ({node['kind']}): {node['explanation']}"
    lines = [head]
    for cand in node.get("candidates", []) if node["kind"] == "match" else []:
        mark = "counted" if cand.get("counted_here") else "matches" if cand["matches"] else "no match"
        why = "; ".join(cand["reasons"])
        lines.append(f"{pad}  {bullet}{cand['credential']}: {mark}" + (f" ({why})" if why else ""))
    for child in node.get("children", []):
        lines += _tree_lines(child, depth + 1, markdown)
    return lines


def _score(score: float | None) -> str:
    return "" if score is None else f", score {score:.0f}"


def _common(result: StackResult, markdown: bool) -> list[str]:
    data = result.to_dict()
    credits = data["credits"]
    h = "## " if markdown else ""
    bullet = "- " if markdown else "  "
    span = credits["range"]
    out = [
        f"{h}Credits: {credits['earned']:g} of {credits['required']:g} {credits['system']} "
        f"({'met' if credits['met'] else 'not met'}; conversion range {span[0]:g}-{span[1]:g}"
        f"{LOW_END if credits['met'] and not credits['met_at_low_end'] else ''})",
    ]
    out += [
        f"{bullet}{c['credential']}: counts {c['counted']:g} {c['system']} ({c['method']}"
        f"{', RPL' if c['rpl'] else ''}) - {c['explanation']}"
        for c in credits["conversions"]
    ]
    out += ["", f"{h}Rules"]
    out += _tree_lines(data["rules"][0], 0, markdown)
    reqs = data["requirements"]
    if reqs["skills"] or reqs["outcomes"]:
        out += ["", f"{h}Required skills and outcomes"]
        for s in reqs["skills"]:
            by = (
                "; ".join(f"{b['credential']} ({b['method']}{_score(b['score'])})" for b in s["by"])
                or "not evidenced"
            )
            out.append(
                f"{bullet}{MARKS['met' if s['covered'] else 'not-met']} skill {s['label'] or s['id']}: {by}"
            )
        for o in reqs["outcomes"]:
            by = (
                "; ".join(f"{b['credential']} {b['outcome']} (overlap {b['score']:.2f})" for b in o["by"])
                or "not covered"
            )
            out.append(f"{bullet}{MARKS['met' if o['covered'] else 'not-met']} outcome {o['id']}: {by}")
    if data["gaps"]:
        out += ["", f"{h}Gaps"]
        out += [
            f"{bullet}{g['message']}" + (f" (line {g['line']})" if g.get("line") else "")
            for g in data["gaps"]
        ]
    if result.plan is not None:
        plan = data["plan_details"]
        out += [
            "",
            f"{h}Plan (minimise {plan['minimize']}, {plan['candidates']} usable catalogue credentials)",
        ]
        if data["plan"] is None:
            out.append(f"{bullet}no plan: " + "; ".join(plan["reasons"]))
        else:
            proof = (
                "proven optimal"
                if plan["proven_optimal"]
                else "best found within the time limit, NOT proven optimal"
            )
            out.append(
                f"{bullet}{len(data['plan'])} credential(s), cost {plan['cost']:g} ({proof}; "
                f"verified: {plan['verified']})"
            )
            out += [
                f"{bullet}add {s['credential']}: {s['why']}, {s['credit']:g} {credits['system']}, "
                f"cost {s['cost']:g}"
                for s in plan["steps"]
            ]
            out += [f"{bullet}{r}" for r in plan["reasons"]]
    if data["findings"]:
        out += ["", f"{h}Findings"]
        out += [
            f"{bullet}{f['file']}:{f['line']}:{f['column']}: {f['severity']}: {f['code']}: {f['message']}"
            for f in data["findings"]
        ]
    return out


def render_text(result: StackResult) -> str:
    """Plain text for a terminal."""
    head = [
        f"{result.pathway_id}: {VERDICT_TEXT[result.verdict]} ({result.pathway_title})",
        f"as of {result.provenance['as_of']}; pathway {result.pathway_file or '(in memory)'}",
        "",
    ]
    return "\n".join(head + _common(result, markdown=False)) + "\n"


def render_markdown(result: StackResult) -> str:
    """Markdown for reports and pull requests."""
    head = [
        f"# {result.pathway_title} (`{result.pathway_id}`): **{VERDICT_TEXT[result.verdict]}**",
        "",
        f"As of {result.provenance['as_of']}; pathway `{result.pathway_file or '(in memory)'}`.",
        "",
    ]
    return "\n".join(head + _common(result, markdown=True)) + "\n"


RENDERERS: dict[str, Callable[[StackResult], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}
