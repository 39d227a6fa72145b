"""The catalogue report as data: one object every format (HTML, Markdown, CSV, Excel, JSON) reads.

Nothing here formats text for a reader; the renderers do. ``Report.to_dict()`` is the JSON form
(``mcmap report --format json``), so every fact a table or chart shows is in the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcmap.mapping import ClaimedLevel
from mcmap.problems import Problem

NONE_LEVEL = "none"  # the matrix row/column for "no claimed EQF level" / "nothing inferred"


@dataclass(frozen=True)
class SkillRef:
    """A taxonomy concept linked to an outcome, with the matcher's score (0-100)."""

    id: str
    label: str
    score: float
    green: bool = False
    digital: bool = False
    transversal: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "score": self.score,
            "green": self.green,
            "digital": self.digital,
            "transversal": self.transversal,
        }


@dataclass(frozen=True)
class OutcomeEntry:
    """One learning outcome: Bloom level and the verb that decided it, EQF signal, skills."""

    id: str
    text: str
    domain: str | None
    bloom: str | None
    verb: str | None
    bloom_flags: tuple[str, ...]
    eqf_signal: float | None
    skills: tuple[SkillRef, ...]
    greening_topics: tuple[str, ...]
    green: bool

    @property
    def top_skill(self) -> SkillRef | None:
        return self.skills[0] if self.skills else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "domain": self.domain,
            "bloom": self.bloom,
            "verb": self.verb,
            "bloom_flags": list(self.bloom_flags),
            "eqf_signal": self.eqf_signal,
            "skills": [s.to_dict() for s in self.skills],
            "greening_topics": list(self.greening_topics),
            "green": self.green,
        }


@dataclass(frozen=True)
class Workload:
    """Declared credits and hours, and their ECTS equivalent through the frameworks API."""

    credit_system: str | None
    credit_value: float | None
    declared_hours: float | None
    ects: float | None  # nominal ECTS equivalent
    ects_range: tuple[float, float] | None
    hours: float | None  # notional learning hours (nominal)
    hours_range: tuple[float, float] | None
    basis: str  # how the figures were reached, in words

    def to_dict(self) -> dict[str, Any]:
        return {
            "credits": None
            if self.credit_system is None
            else {"system": self.credit_system, "value": self.credit_value},
            "declared_hours": self.declared_hours,
            "ects": self.ects,
            "ects_range": list(self.ects_range) if self.ects_range else None,
            "hours": self.hours,
            "hours_range": list(self.hours_range) if self.hours_range else None,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class PathwayLink:
    """A pathway this credential is declared to stack into, or one it can count towards."""

    pathway: str
    title: str
    declared: bool  # named in the credential's stackability.stacks_into
    status: str  # counts | eligible | excluded | no-leaf | not-evaluated | evaluation-pending
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "pathway": self.pathway,
            "title": self.title,
            "declared": self.declared,
            "status": self.status,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class PathwaySummary:
    """A pathway found among the inputs, evaluated with the whole catalogue as held credentials."""

    id: str
    title: str
    file: str
    verdict: str  # stackable | not-yet | invalid-pathway | evaluation-pending
    counted: tuple[str, ...]
    gaps: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "file": self.file,
            "verdict": self.verdict,
            "counted": list(self.counted),
            "gaps": list(self.gaps),
        }


@dataclass(frozen=True)
class CredentialEntry:
    """One credential's section of the report."""

    id: str
    title: str
    file: str
    line: int
    provider: str | None
    country: str | None
    claimed: ClaimedLevel | None
    inferred_eqf: int | None
    inferred_range: tuple[int, int] | None
    confidence: float
    verdict: str
    verdict_by: int
    verdict_reason: str
    green_share: float
    workload: Workload
    annex1_missing: tuple[str, ...]
    outcomes: tuple[OutcomeEntry, ...]
    evidence: tuple[dict[str, Any], ...]
    findings: tuple[Problem, ...]
    pathways: tuple[PathwayLink, ...]

    @property
    def claimed_eqf(self) -> int | None:
        return self.claimed.eqf if self.claimed else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "file": self.file,
            "line": self.line,
            "provider": self.provider,
            "country": self.country,
            "claimed": self.claimed.to_dict() if self.claimed else None,
            "inferred": {
                "eqf": self.inferred_eqf,
                "range": list(self.inferred_range) if self.inferred_range else None,
                "confidence": self.confidence,
                "evidence": list(self.evidence),
            },
            "verdict": {"status": self.verdict, "by": self.verdict_by, "reason": self.verdict_reason},
            "green_share": self.green_share,
            "workload": self.workload.to_dict(),
            "annex1_missing": list(self.annex1_missing),
            "outcomes": [o.to_dict() for o in self.outcomes],
            "findings": [p.to_dict() for p in self.findings],
            "pathways": [p.to_dict() for p in self.pathways],
        }


@dataclass(frozen=True)
class Summary:
    """The catalogue at a glance: the facts a QA committee reads first."""

    credentials: int
    outcomes: int
    verdicts: dict[str, int]
    level_axis: tuple[str, ...]  # matrix rows (claimed) and columns (inferred), e.g. ("4", ..., "none")
    level_matrix: dict[tuple[str, str], int]  # (claimed, inferred) -> number of credentials
    over_claims: tuple[str, ...]  # credential ids, by distance then id
    under_claims: tuple[str, ...]
    credits_by_system: dict[str, float]
    ects_total: float
    ects_range: tuple[float, float]
    hours_total: float
    hours_range: tuple[float, float]
    declared_hours_total: float
    without_workload: tuple[str, ...]
    annex1_missing: dict[str, int]  # element -> credentials missing it
    annex1_complete: int
    annex1_elements: int
    findings_by_code: tuple[tuple[str, str, int], ...]  # (code, severity, count)
    findings_by_severity: dict[str, int]
    green_share: float
    green_outcomes: int
    top_skills: tuple[tuple[SkillRef, int, int], ...]  # (skill, outcomes, credentials)

    def matrix_rows(self) -> list[list[int]]:
        """Counts as rows (claimed) by columns (inferred), in ``level_axis`` order."""
        return [[self.level_matrix.get((c, i), 0) for i in self.level_axis] for c in self.level_axis]

    def to_dict(self) -> dict[str, Any]:
        return {
            "credentials": self.credentials,
            "outcomes": self.outcomes,
            "verdicts": dict(self.verdicts),
            "level_matrix": {
                "axis": list(self.level_axis),
                "rows_claimed_columns_inferred": self.matrix_rows(),
            },
            "over_claims": list(self.over_claims),
            "under_claims": list(self.under_claims),
            "workload": {
                "credits_by_system": dict(self.credits_by_system),
                "ects_equivalent": self.ects_total,
                "ects_equivalent_range": list(self.ects_range),
                "notional_hours": self.hours_total,
                "notional_hours_range": list(self.hours_range),
                "declared_hours": self.declared_hours_total,
                "without_workload": list(self.without_workload),
            },
            "annex1": {
                "elements": self.annex1_elements,
                "complete_credentials": self.annex1_complete,
                "missing_by_element": dict(self.annex1_missing),
            },
            "findings": {
                "by_severity": dict(self.findings_by_severity),
                "by_code": [{"code": c, "severity": s, "count": n} for c, s, n in self.findings_by_code],
            },
            "green_share": self.green_share,
            "green_outcomes": self.green_outcomes,
            "top_skills": [
                {
                    "id": s.id,
                    "label": s.label,
                    "green": s.green,
                    "digital": s.digital,
                    "outcomes": n,
                    "credentials": m,
                }
                for s, n, m in self.top_skills
            ],
        }


@dataclass(frozen=True)
class Report:
    """The whole catalogue report."""

    title: str
    date: str | None
    inputs: tuple[str, ...]
    summary: Summary
    credentials: tuple[CredentialEntry, ...]
    pathways: tuple[PathwaySummary, ...]
    findings: tuple[Problem, ...]
    provenance: dict[str, Any] = field(default_factory=dict)

    def credential(self, credential_id: str) -> CredentialEntry:
        """The entry of one credential (KeyError when it is not in the report)."""
        for entry in self.credentials:
            if entry.id == credential_id:
                return entry
        raise KeyError(credential_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "inputs": list(self.inputs),
            "summary": self.summary.to_dict(),
            "credentials": [c.to_dict() for c in self.credentials],
            "pathways": [p.to_dict() for p in self.pathways],
            "findings": [p.to_dict() for p in self.findings],
            "provenance": self.provenance,
        }
