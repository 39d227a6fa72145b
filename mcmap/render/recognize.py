"""Renderers for ``mcmap recognize`` (a RecognitionResult): text, JSON and Markdown, pure functions.

JSON is the result's own ``to_dict`` (``mcmap schema recognize-result``). Text and Markdown lead
with the proposed decision and its reasons, then each difference with its evidence, then the
element-by-element comparison, and always end with the notice that the authority decides.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mcmap.recognize import RecognitionResult


def _side(p: dict[str, Any]) -> str:
    claimed = p["claimed"]
    level = f"{claimed['framework'].upper()} {claimed['level']}" if claimed else "no level"
    return f"{p['id']} ({p['country'] or '-'}, {level})"


def _level_line(c: dict[str, Any]) -> str:
    lv = c["level"]
    inferred = lv["inferred_eqf"]
    tail = f"; outcomes point to EQF {inferred['foreign']} (foreign) and EQF {inferred['local']} (local)"
    if lv["status"] != "comparable":
        return f"not comparable: {lv['note']}{tail}"
    ref = lv["reference"].upper()
    head = f"{ref} {lv['foreign']} (foreign) vs {ref} {lv['local']} (local), gap {lv['gap']}"
    return f"{head}; {lv['note']}{tail}"


def _workload_line(c: dict[str, Any]) -> str:
    w = c["workload"]
    f, lo = w["foreign"], w["local"]

    def hours(x: dict[str, Any]) -> str:
        credits = f", {x['credits']['value']:g} {x['credits']['system']}" if x["credits"] else ""
        return f"{x['hours']:g} h ({x['source']}{credits})" if x["hours"] is not None else "not stated"

    line = f"foreign {hours(f)} vs local {hours(lo)}"
    conv = w["conversion"]
    if conv and "value" in conv:
        line += (f"; {f['credits']['value']:g} {conv['from']} = {conv['value']:g} {conv['to']} "
                 f"({conv['method']}: {conv['explanation']})")
    return line


def _outcome_lines(c: dict[str, Any]) -> list[str]:
    o = c["learning_outcomes"]
    lines = [f"{o['covered']} of {o['total']} local items covered ({o['coverage_percent']:g}%)"]
    for r in o["local"]:
        best = r["best"]
        how = f"by {best['id']} ({best['describe']})" if best and r["status"] != "not-covered" else (
            f"(closest {best['id']}, {best['describe']})" if best else "")
        lines.append(f"  {r['id']} {r['status']} {how}: {r['text']}")
    extra = o["foreign_additional"]
    if extra:
        named = "; ".join(f"{x['id']} {x['text']}" for x in extra)
        lines.append(f"  foreign outcomes with no local counterpart: {named}")
    return lines


def _qa_line(c: dict[str, Any]) -> str:
    q = c["quality_assurance"]
    return (f"foreign {q['foreign']['type'] or 'not stated'} ({q['foreign']['body'] or 'no body named'}); "
            f"local {q['local']['type'] or 'not stated'} ({q['local']['body'] or 'no body named'})")


def _assessment_line(c: dict[str, Any]) -> str:
    a = c["assessment"]

    def side(x: dict[str, Any]) -> str:
        comps = f" [{', '.join(x['components'])}]" if x["components"] else ""
        return f"{x['type'] or 'not stated'}{comps}, {x['supervision'] or 'supervision not stated'}"

    return f"foreign {side(a['foreign'])}; local {side(a['local'])}"


def _recognised(data: dict[str, Any]) -> str:
    r = data["recognised"]
    if not r:
        return ""
    ids = ", ".join(x["id"] for x in r["outcomes"]) or "none"
    credit = r.get("credits") or r.get("hours")
    unit = r["credits"]["system"] if r.get("credits") else "h"
    tail = f"; {credit['value']:g} {unit} ({credit['basis']})" if credit else ""
    return f"outcomes {ids} ({r['share_percent']:g}% of the local items){tail}"


def recognize_text(result: RecognitionResult) -> str:
    d = result.to_dict()
    c = d["comparison"]
    lines = [f"Recognition: foreign {_side(c['foreign'])} -> local {_side(c['local'])}",
             f"Proposed decision: {d['decision'].upper()}"]
    lines += [f"  reason: {r}" for r in d["reasons"]]
    if d["recognised"]:
        lines.append(f"  recognised: {_recognised(d)}")
    lines += [f"  condition for the authority to check: {x}" for x in d["conditions"]]
    lines.append(f"Differences ({len(d['differences'])}):")
    for diff in d["differences"]:
        lines.append(f"  [{diff['severity']}] {diff['element']}: {diff['summary']}")
        lines += [f"      - {e}" for e in diff["evidence"]]
    if not d["differences"]:
        lines.append("  (none)")
    lines += ["Comparison:", f"  level: {_level_line(c)}", f"  workload: {_workload_line(c)}",
              "  learning outcomes: " + "\n    ".join(_outcome_lines(c)),
              f"  quality assurance: {_qa_line(c)}", f"  assessment: {_assessment_line(c)}",
              "", f"Notice: {d['notice']}"]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def recognize_markdown(result: RecognitionResult) -> str:
    d = result.to_dict()
    c = d["comparison"]
    out = ["# Recognition comparison", "",
           f"- foreign: {_side(c['foreign'])}: {c['foreign']['title']}",
           f"- local: {_side(c['local'])}: {c['local']['title']}", "",
           f"**Proposed decision: {d['decision']}**", ""]
    out += [f"- {r}" for r in d["reasons"]]
    if d["recognised"]:
        out.append(f"- recognised: {_recognised(d)}")
    out += [f"- condition: {x}" for x in d["conditions"]]
    out += ["", "## Differences", "", "| severity | element | difference | evidence |", "|---|---|---|---|"]
    out += [f"| {x['severity']} | {x['element']} | {_md(x['summary'])} | {_md('; '.join(x['evidence']))} |"
            for x in d["differences"]]
    out += ["", "## Comparison", "", "| element | comparison |", "|---|---|",
            f"| level | {_md(_level_line(c))} |", f"| workload | {_md(_workload_line(c))} |",
            f"| quality assurance | {_md(_qa_line(c))} |", f"| assessment | {_md(_assessment_line(c))} |",
            "", "| local outcome | status | best foreign match |", "|---|---|---|"]
    for r in c["learning_outcomes"]["local"]:
        best = f"{r['best']['id']}: {r['best']['describe']}" if r["best"] else "-"
        out.append(f"| {r['id']} {_md(r['text'])} | {r['status']} | {_md(best)} |")
    out += ["", f"> {d['notice']}"]
    return "\n".join(out) + "\n"


def recognize_json(result: RecognitionResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


RECOGNIZE_RENDERERS: dict[str, Callable[[RecognitionResult], str]] = {
    "text": recognize_text,
    "json": recognize_json,
    "markdown": recognize_markdown,
}
