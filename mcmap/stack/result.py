"""The result of stacking credentials into a pathway: one object every renderer reads.

``StackResult.to_dict()`` is the JSON contract (``mcmap schema stack-result``): the verdict, the
credit arithmetic with every conversion, the evaluated rule tree, the gaps, the plan (when a
catalogue was given) and the provenance of every inference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcmap.problems import Problem
from mcmap.stack.explain import NodeResult
from mcmap.stack.facts import Facts

VERDICTS = ("stackable", "not-yet", "invalid-pathway")


@dataclass
class Credits:
    """Credit earned (counted) against credit required, in the pathway's system."""

    earned: float
    required: float
    system: str
    low: float  # earned at the low end of every conversion's range
    high: float
    conversions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def met(self) -> bool:
        """Enough credit is counted (nominal values, with float tolerance)."""
        return self.earned + 1e-6 >= self.required

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "earned": round(self.earned, 3),
            "required": self.required,
            "system": self.system,
            "met": self.met,
            "met_at_low_end": self.low + 1e-6 >= self.required,
            "range": [round(self.low, 3), round(self.high, 3)],
            "conversions": self.conversions,
        }


@dataclass
class Plan:
    """Catalogue credentials that complete the pathway, why each, and how sure the optimum is."""

    credentials: list[str] | None
    minimize: str
    status: str  # optimal | time-limit | already-stackable | no-plan
    cost: float | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    verified: bool | None = None  # evaluating held + planned gave "stackable"
    candidates: int = 0
    seconds: float = 0.0

    @property
    def proven_optimal(self) -> bool:
        """The solver proved no cheaper plan exists."""
        return self.status in ("optimal", "already-stackable")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "status": self.status,
            "proven_optimal": self.proven_optimal,
            "minimize": self.minimize,
            "cost": None if self.cost is None else round(self.cost, 3),
            "candidates": self.candidates,
            "steps": self.steps,
            "reasons": self.reasons,
            "verified": self.verified,
        }


@dataclass
class StackResult:
    """Everything ``mcmap stack`` reports."""

    pathway_id: str
    pathway_title: str
    pathway_file: str
    verdict: str
    credits: Credits
    rules: NodeResult
    gaps: list[dict[str, Any]]
    requirements: dict[str, list[dict[str, Any]]]
    credentials: list[Facts]
    findings: list[Problem]
    plan: Plan | None
    provenance: dict[str, Any]

    @property
    def stackable(self) -> bool:
        """The verdict is ``stackable``."""
        return self.verdict == "stackable"

    @property
    def exit_code(self) -> int:
        """0 when stackable, 1 otherwise (not yet, invalid pathway)."""
        return 0 if self.stackable else 1

    def summary(self) -> dict[str, Any]:
        """The verdict, credit and gaps only (what ``mcmap gaps --against PATHWAY`` embeds)."""
        return {
            "pathway": self.pathway_id,
            "stackable": self.stackable,
            "verdict": self.verdict,
            "credits": {k: v for k, v in self.credits.to_dict().items() if k != "conversions"},
            "gaps": self.gaps,
            "findings": [p.to_dict() for p in self.findings],
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract."""
        return {
            "pathway": self.pathway_id,
            "title": self.pathway_title,
            "file": self.pathway_file,
            "stackable": self.stackable,
            "verdict": self.verdict,
            "credits": self.credits.to_dict(),
            "rules": [self.rules.to_dict()],
            "gaps": self.gaps,
            "plan": None if self.plan is None else self.plan.credentials,
            "plan_details": None if self.plan is None else self.plan.to_dict(),
            "requirements": self.requirements,
            "credentials": [f.to_dict() for f in self.credentials],
            "findings": [p.to_dict() for p in self.findings],
            "provenance": self.provenance,
        }
