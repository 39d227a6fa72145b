"""Annex I elements written as short labelled sentences, for formats with no property for them.

Open Badges (criteria narrative) and ELM (``additionalNote``) have nowhere structured to put the
form of participation, the quality assurance, supervision, stackability or the learning
setting. mcmap writes each as one line a person reads easily (``Quality assurance: external.
Body: QQI. ...``) and parses its own lines back on import, best effort: the importer marks what
it recovers this way as ``derived``, never as ``carried``.
"""

from __future__ import annotations

import re
from typing import Any

from mcmap.credential import Credential

_ENUMS = {
    "participation": ("online", "onsite", "blended", "work-based", "volunteering"),
    "quality_assurance": ("internal-and-external", "internal", "external"),
    "supervision_identity_verification": (
        "unsupervised-no-verification",
        "supervised-no-verification",
        "supervised-online-verified",
        "supervised-onsite-verified",
    ),
    "stackability": ("stand-alone", "stackable", "integrated"),
    "learning_setting": ("non-formal", "formal", "informal"),
}
HEADS = {
    "Notional workload": "workload_hours",
    "Form of participation": "participation",
    "Quality assurance": "quality_assurance",
    "Supervision and identity verification": "supervision_identity_verification",
    "Stackability": "stackability",
    "Learning setting": "learning_setting",
    "Further information": "further_information",
}
_LINE = re.compile(r"^(?P<head>" + "|".join(HEADS) + r"):\s*(?P<rest>.*)$", re.DOTALL)


def annex_lines(cred: Credential, include_further: bool = True) -> dict[str, str]:
    """Field name -> its sentence, for the Annex I elements the credential fills."""
    out: dict[str, str] = {}
    if cred.workload_hours:
        out["workload_hours"] = f"Notional workload: {cred.workload_hours:g} hours"
    if p := cred.participation:
        out["participation"] = _join(
            f"Form of participation: {p.form}",
            f"Duration: {p.duration_weeks:g} weeks" if p.duration_weeks else None,
            p.description,
        )
    if q := cred.quality_assurance:
        out["quality_assurance"] = _join(
            f"Quality assurance: {q.type}",
            f"Body: {q.body}" if q.body else None,
            f"Reference: {q.url}" if q.url else None,
            q.description,
        )
    if s := cred.supervision_identity_verification:
        out["supervision_identity_verification"] = _join(
            f"Supervision and identity verification: {s.type}", s.description
        )
    if st := cred.stackability:
        out["stackability"] = _join(
            f"Stackability: {st.type or 'unspecified'}",
            f"Stacks into: {', '.join(st.stacks_into)}" if st.stacks_into else None,
            st.options,
        )
    if cred.learning_setting:
        out["learning_setting"] = f"Learning setting: {cred.learning_setting}"
    if cred.further_information and include_further:
        out["further_information"] = f"Further information: {cred.further_information}"
    return out


def _join(*parts: str | None) -> str:
    return ". ".join(" ".join(p.split()).rstrip(".") for p in parts if p) + "."


def read_annex_line(text: str) -> tuple[str, Any] | None:
    """(field, value) from one of mcmap's sentences, or None for any other text."""
    m = _LINE.match(text.strip())
    if not m:
        return None
    name, rest = HEADS[m["head"]], m["rest"].strip()
    if name == "further_information":
        return name, rest
    if name == "workload_hours":
        hours = re.match(r"^(\d+(?:\.\d+)?) hours$", rest)
        return (name, _num(hours.group(1))) if hours else None
    kind = next((k for k in _ENUMS[name] if rest == k or rest.startswith(k + ".")), None)
    if kind is None and not (name == "stackability" and rest.startswith("unspecified")):
        return None
    rest = rest[len(kind or "unspecified") :].lstrip(". ").strip()
    if name == "learning_setting":
        return name, kind
    value: dict[str, Any] = {}
    key = {"participation": "form", "stackability": "type"}.get(name, "type")
    if kind:
        value[key] = kind
    labels = {
        "Duration: ": "duration_weeks",
        "Body: ": "body",
        "Reference: ": "url",
        "Stacks into: ": "stacks_into",
    }
    found = True
    while found and rest:
        found = False
        for label, field in labels.items():
            if rest.startswith(label):
                head, _, rest = rest[len(label) :].partition(". ")
                head = head.rstrip(".")
                if field == "duration_weeks":
                    weeks = re.match(r"^(\d+(?:\.\d+)?) weeks$", head)
                    if weeks:
                        value[field] = _num(weeks.group(1))
                elif field == "stacks_into":
                    value[field] = [s.strip() for s in head.split(",") if s.strip()]
                else:
                    value[field] = head
                found = True
    if rest.strip():
        value["options" if name == "stackability" else "description"] = rest.strip()
    return name, value


def _num(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number
