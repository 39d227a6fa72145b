"""The Markdown criteria narrative mcmap writes into an Open Badges 3.0 Achievement, and reads back.

Open Badges has no property for learning outcomes or for most EU Annex I elements, but its
``criteria.narrative`` is Markdown meant for people. mcmap writes the outcomes (with their
declared ESCO skills), the assessment and the prerequisites there in a fixed layout that reads
well in a wallet and that the importer parses back; the remaining Annex I elements follow as
plain text (carried for people, not read back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mcmap.credential import DOMAINS, Credential
from mcmap.interop.annex_text import read_annex_line

OUTCOMES_HEAD = "Learning outcomes:"
_OUTCOME = re.compile(
    r"^\s*[-*]\s+\*\*(?P<id>[A-Za-z0-9][A-Za-z0-9._-]*)\*\*\s+(?:\((?P<domain>[a-z-]+)\)\s+)?(?P<text>\S.*)$"
)
_PLAIN_OUTCOME = re.compile(r"^\s*[-*]\s+(?P<text>\S.{2,})$")
_SKILL = re.compile(r"^\s+[-*]\s+ESCO:\s+\[(?P<label>[^\]]*)\]\((?P<uri>[^)\s]+)\)\s*$")
_ASSESSMENT = re.compile(r"^Assessment \((?P<type>[a-z-]+)\):\s*(?P<desc>.*)$")
_COMPONENT = re.compile(
    r"^\s*[-*]\s+(?P<type>[a-z-]+)(?:,\s*(?P<weight>\d+(?:\.\d+)?)%)?"
    r"(?::\s*(?P<desc>.*?))?(?:\s+\[(?P<outcomes>[A-Za-z0-9._, -]+)\])?\s*$"
)
_PREREQ = re.compile(r"^Prerequisites:\s*(?P<text>\S.*)$")
ASSESSMENT_TYPES = (
    "exam",
    "test",
    "assignment",
    "project",
    "portfolio",
    "practical",
    "presentation",
    "oral",
    "observation",
    "recognition-of-prior-learning",
    "mixed",
    "other",
)


def write_narrative(cred: Credential, annex_lines: list[str]) -> str:
    """The criteria narrative: outcomes, assessment, prerequisites, then other Annex I text."""
    lines = [OUTCOMES_HEAD, ""]
    for outcome in cred.learning_outcomes:
        domain = f" ({outcome.domain})" if outcome.domain else ""
        lines.append(f"- **{outcome.id}**{domain} {_one_line(outcome.text)}")
        for link in outcome.skills:
            if link.taxonomy == "esco":
                label = (link.label or link.id).replace("]", ")")
                lines.append(f"  - ESCO: [{label}]({link.id})")
    if cred.assessment:
        a = cred.assessment
        lines += ["", f"Assessment ({a.type}): {_one_line(a.description or '')}".rstrip()]
        for c in a.components:
            weight = f", {c.weight_percent:g}%" if c.weight_percent is not None else ""
            desc = f": {_one_line(c.description)}" if c.description else ""
            los = f" [{', '.join(c.outcomes)}]" if c.outcomes else ""
            lines.append(f"- {c.type}{weight}{desc}{los}")
    if cred.prerequisites:
        lines += ["", f"Prerequisites: {_one_line(cred.prerequisites)}"]
    if annex_lines:
        lines += ["", "About this micro-credential:", ""] + [f"- {_one_line(t)}" for t in annex_lines]
    return "\n".join(lines) + "\n"


def read_narrative(narrative: str) -> dict[str, Any]:
    """Outcomes (with ESCO links), assessment and prerequisites found in a narrative.

    Outcomes come from mcmap's ``- **LO1** text`` lines, or from a plain bullet list under a
    'Learning outcomes' heading written by someone else (numbered LO1, LO2 ... in order).
    """
    found: dict[str, Any] = {}
    outcomes: list[dict[str, Any]] = []
    assessment: dict[str, Any] | None = None
    in_outcomes = in_assessment = False
    for raw in narrative.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if re.match(r"^\s*#*\s*learning outcomes\s*:?\s*$", line, re.IGNORECASE):
            in_outcomes = True
            continue
        if (m := _SKILL.match(line)) and outcomes:
            skill = {"taxonomy": "esco", "id": m["uri"]}
            if m["label"] and m["label"] != m["uri"]:
                skill["label"] = m["label"]
            outcomes[-1].setdefault("skills", []).append(skill)
            continue
        if m := _OUTCOME.match(line):
            outcome: dict[str, Any] = {"id": m["id"], "text": m["text"].strip()}
            if m["domain"] in DOMAINS:
                outcome["domain"] = m["domain"]
            outcomes.append(outcome)
            in_outcomes = True
            continue
        if in_outcomes and (m := _PLAIN_OUTCOME.match(line)) and not line.startswith(" "):
            outcomes.append({"id": f"LO{len(outcomes) + 1}", "text": m["text"].strip()})
            continue
        in_outcomes = False
        if m := _ASSESSMENT.match(line):
            if m["type"] in ASSESSMENT_TYPES:
                assessment = {"type": m["type"]}
                in_assessment = True
                if m["desc"].strip():
                    assessment["description"] = m["desc"].strip()
            continue
        if in_assessment and assessment and (m := _COMPONENT.match(line)) and m["type"] in ASSESSMENT_TYPES:
            assessment.setdefault("components", []).append(_component(m.groupdict()))
            continue
        in_assessment = False
        if (bullet := re.match(r"^[-*]\s+(.*)$", line)) and (annex := read_annex_line(bullet.group(1))):
            found.setdefault("annex", {})[annex[0]] = annex[1]
            continue
        if m := _PREREQ.match(line):
            found["prerequisites"] = m["text"].strip()
    if outcomes:
        found["learning_outcomes"] = _unique_ids(outcomes)
    if assessment:
        found["assessment"] = assessment
    return found


def _component(m: Mapping[str, Any]) -> dict[str, Any]:
    component: dict[str, Any] = {"type": m["type"]}
    if m["weight"]:
        weight = float(m["weight"])
        component["weight_percent"] = int(weight) if weight.is_integer() else weight
    if m["desc"]:
        component["description"] = m["desc"].strip()
    if m["outcomes"]:
        component["outcomes"] = [o.strip() for o in m["outcomes"].split(",") if o.strip()]
    return component


def _unique_ids(outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    for n, outcome in enumerate(outcomes, 1):
        if outcome["id"] in seen:
            outcome["id"] = f"LO{n}"
        seen.add(outcome["id"])
    return outcomes


def _one_line(text: str) -> str:
    return " ".join(text.split())
