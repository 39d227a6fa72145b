"""A credential or a pathway as a recognition officer reads it: the five elements compared.

Level, workload, learning outcomes, quality assurance and assessment (with supervision and
identity verification) are taken from the descriptor; a pathway has no assessment or QA of its
own, so those read as "not stated".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcmap.credential import Credential
from mcmap.errors import UsageError
from mcmap.pathway import Pathway
from mcmap.recognition.targets import LevelRef, level_ref


@dataclass(frozen=True)
class Workload:
    """Notional hours, with where they come from."""

    hours: float | None
    low: float | None
    high: float | None
    source: str  # "workload_hours" | "credits" | "pathway credits" | "not stated"
    credits: tuple[str, float] | None = None  # (system, value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "hours": self.hours, "range": [self.low, self.high] if self.hours is not None else None,
            "source": self.source,
            "credits": {"system": self.credits[0], "value": self.credits[1]} if self.credits else None,
        }


@dataclass(frozen=True)
class Profile:
    """The comparable elements of one side of a recognition comparison."""

    kind: str  # credential | pathway
    id: str
    title: str
    file: str
    country: str | None
    awarded_by: str | None
    level: LevelRef | None
    claimed: tuple[str, str] | None  # (framework, level) as written
    workload: Workload
    qa_type: str | None
    qa_body: str | None
    assessment: str | None
    assessment_components: tuple[str, ...]
    supervision: str | None
    document: Credential | Pathway = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "id": self.id, "title": self.title, "file": self.file,
            "country": self.country, "awarded_by": self.awarded_by,
            "claimed": {"framework": self.claimed[0], "level": self.claimed[1]} if self.claimed else None,
            "level": self.level.to_dict() if self.level else None,
            "workload": self.workload.to_dict(),
            "quality_assurance": {"type": self.qa_type, "body": self.qa_body},
            "assessment": {"type": self.assessment, "components": list(self.assessment_components),
                           "supervision": self.supervision},
        }


def _level(framework: str, level: int | str) -> LevelRef:
    try:
        return level_ref(framework, level)
    except UsageError as exc:  # an unknown framework or level in a file is a fact to report
        return LevelRef(framework, str(level), None, (), False, exc.message)


def _workload(hours: float | None, credits: tuple[str, float] | None, pathway: bool) -> Workload:
    from mcmap.credit_systems import hours_for

    if hours is not None:
        return Workload(hours, hours, hours, "workload_hours", credits)
    if credits is not None:
        try:
            h = hours_for(credits[1], credits[0])
        except UsageError:
            return Workload(None, None, None, f"credits in unknown system {credits[0]!r}", credits)
        return Workload(h.nominal, h.min, h.max, "pathway credits" if pathway else "credits", credits)
    return Workload(None, None, None, "not stated", None)


def profile(doc: Credential | Pathway, source: str) -> Profile:
    """The recognition profile of a credential or pathway read from ``source``."""
    if isinstance(doc, Pathway):
        return Profile(
            "pathway", doc.id, doc.title, source, doc.country, doc.awarding_body.name,
            _level(doc.level.framework, doc.level.level), (doc.level.framework, str(doc.level.level)),
            _workload(None, (doc.credits.system, doc.credits.required), True),
            None, None, None, (), None, doc,
        )
    credits = (doc.credits.system, doc.credits.value) if doc.credits else None
    awarded = doc.awarded_by
    return Profile(
        "credential", doc.id, doc.title, source, doc.country, awarded.name if awarded else None,
        _level(doc.level.framework, doc.level.level) if doc.level else None,
        (doc.level.framework, str(doc.level.level)) if doc.level else None,
        _workload(doc.workload_hours, credits, False),
        doc.quality_assurance.type if doc.quality_assurance else None,
        doc.quality_assurance.body if doc.quality_assurance else None,
        doc.assessment.type if doc.assessment else None,
        tuple(c.type for c in doc.assessment.components) if doc.assessment else (),
        doc.supervision_identity_verification.type if doc.supervision_identity_verification else None,
        doc,
    )
