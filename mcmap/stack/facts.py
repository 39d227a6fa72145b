"""What the evaluator knows about each credential against one pathway, computed once.

For every credential (held or in the catalogue): its credit in the pathway's system (and in any
other system a ``min_credits`` node uses), after the per-component cap; whether the pathway's
constraints exclude it (component level, age); whether it was assessed by recognition of prior
learning; the skills and outcomes it evidences; and, for every leaf, whether it may fill that
leaf and why. The planner and the evaluator read the same facts, so a plan stacks as planned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mcmap.credential import Credential
from mcmap.pathway import CredentialRef, Match, Pathway
from mcmap.stack.credits import CreditValue, credit_in, notional_hours
from mcmap.stack.evidence import OutcomeEvidence, SkillEvidence
from mcmap.stack.levels import level_in_range
from mcmap.stack.tree import Tree

RPL = "recognition-of-prior-learning"
DAYS_PER_YEAR = 365.2425


@dataclass
class Facts:
    """One credential as the pathway sees it."""

    credential: Credential
    source: str
    line: int
    held: bool  # given by the user (True) or a catalogue candidate (False)
    credit: CreditValue  # in the pathway's system, before the cap
    counted: float  # credit that may count (after max_credits_per_component)
    per_system: dict[str, float]  # counted credit in each system a node uses
    hours: float | None
    rpl: bool
    excluded: list[str] = field(default_factory=list)  # reasons it cannot count at all
    checks: list[str] = field(default_factory=list)  # constraint checks it passed
    skills: dict[str, SkillEvidence] = field(default_factory=dict)
    outcomes: dict[str, OutcomeEvidence] = field(default_factory=dict)
    leaves: dict[int, tuple[bool, list[str]]] = field(default_factory=dict)  # leaf index -> (ok, why)

    @property
    def id(self) -> str:
        """The credential's id."""
        return self.credential.id

    @property
    def date(self) -> str | None:
        """Issue date (else the start of validity), ISO text."""
        return self.credential.issue_date or self.credential.valid_from

    def eligible(self) -> list[int]:
        """Leaves this credential may fill (none when a constraint excludes it)."""
        return [] if self.excluded else sorted(i for i, (ok, _) in self.leaves.items() if ok)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the rule tree says where it counted)."""
        return {
            "id": self.id,
            "file": self.source,
            "line": self.line,
            "held": self.held,
            "credit": self.credit.to_dict(),
            "counted_credit": round(self.counted, 3),
            "hours": self.hours,
            "rpl": self.rpl,
            "excluded": list(self.excluded),
            "checks": list(self.checks),
            "skills": [e.to_dict() for _, e in sorted(self.skills.items())],
            "outcomes": [e.to_dict() for _, e in sorted(self.outcomes.items())],
        }


def build_facts(
    pathway: Pathway,
    tree: Tree,
    credential: Credential,
    source: str,
    line: int,
    *,
    held: bool,
    as_of: dt.date,
    skills: dict[str, SkillEvidence],
    outcomes: dict[str, OutcomeEvidence],
) -> Facts:
    """Compute every fact the evaluator needs about ``credential`` for ``pathway``."""
    system = pathway.credits.system
    credit = credit_in(credential, system)
    cap = pathway.constraints.max_credits_per_component
    counted = min(credit.value, cap) if cap is not None else credit.value
    scale = counted / credit.value if credit.value > 0 else 0.0
    per_system = {system: counted}
    for other in tree.systems:
        if other not in per_system:
            per_system[other] = credit_in(credential, other).value * scale
    facts = Facts(
        credential,
        source,
        line,
        held,
        credit,
        counted,
        per_system,
        notional_hours(credential),
        credential.assessment is not None and credential.assessment.type == RPL,
        skills=skills,
        outcomes=outcomes,
    )
    if cap is not None and credit.value > cap:
        facts.checks.append(f"counts {cap:g} of its {credit.value:.2f} {system}: max_credits_per_component")
    _constraints(pathway, facts, as_of)
    for index, leaf in tree.leaves():
        facts.leaves[index] = leaf_check(pathway, leaf, facts)
    return facts


def _constraints(pathway: Pathway, facts: Facts, as_of: dt.date) -> None:
    rule = pathway.constraints.component_level
    if rule is not None:
        check = level_in_range(
            facts.credential.level, rule.framework or pathway.level.framework, rule.min, rule.max
        )
        (facts.checks if check.ok else facts.excluded).append(f"component level: {check.explanation}")
    if pathway.constraints.max_age_years is not None:
        limit = pathway.constraints.max_age_years
        issued = _date(facts.date)
        if issued is None:
            facts.excluded.append(f"age: no issue_date, so the {limit:g}-year limit cannot be checked")
        elif issued > as_of:
            facts.excluded.append(f"age: issued {issued} after the assessment date {as_of}")
        else:
            years = (as_of - issued).days / DAYS_PER_YEAR
            text = f"age: issued {issued}, {years:.1f} years before {as_of} (limit {limit:g})"
            (facts.checks if years <= limit else facts.excluded).append(text)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def leaf_check(pathway: Pathway, leaf: CredentialRef | Match, facts: Facts) -> tuple[bool, list[str]]:
    """Whether ``facts`` may fill ``leaf``, with a reason per criterion (passed and failed)."""
    cred = facts.credential
    if isinstance(leaf, CredentialRef):
        ok = cred.id == leaf.credential_id
        return ok, [f"is {leaf.credential_id}" if ok else f"is not {leaf.credential_id}"]
    reasons: list[tuple[bool, str]] = []
    if leaf.level_min is not None or leaf.level_max is not None:
        check = level_in_range(
            cred.level, leaf.framework or pathway.level.framework, leaf.level_min, leaf.level_max
        )
        reasons.append((check.ok, f"level: {check.explanation}"))
    if leaf.isced_f:
        field_ok = cred.isced_f is not None and any(cred.isced_f.startswith(p) for p in leaf.isced_f)
        reasons.append(
            (
                field_ok,
                f"field: ISCED-F {cred.isced_f or '(none)'} "
                f"{'starts with' if field_ok else 'does not start with'} one of {', '.join(leaf.isced_f)}",
            )
        )
    if leaf.skills:
        have = [s for s in leaf.skills if s.id in facts.skills]
        shown = "; ".join(f"{s.label or s.id} {facts.skills[s.id].describe()}" for s in have) or "none"
        reasons.append(
            (
                len(have) >= leaf.skills_needed,
                f"skills: {len(have)} of {len(leaf.skills)} evidenced (needs {leaf.skills_needed}): {shown}",
            )
        )
    if leaf.workload_hours_min is not None:
        hours = facts.hours
        ok = hours is not None and hours >= leaf.workload_hours_min
        reasons.append(
            (
                ok,
                f"workload: {'unknown' if hours is None else f'{hours:g} h'} "
                f"{'>=' if ok else 'below'} {leaf.workload_hours_min:g} h",
            )
        )
    if leaf.countries:
        where = cred.country or (cred.awarded_by.country if cred.awarded_by else None)
        ok = where in leaf.countries
        reasons.append(
            (ok, f"country: {where or '(none)'} {'in' if ok else 'not in'} {', '.join(leaf.countries)}")
        )
    if leaf.providers:
        names = {o.name for o in (cred.provider, cred.awarding_body) if o is not None}
        ok = bool(names & set(leaf.providers))
        reasons.append(
            (
                ok,
                f"provider: {', '.join(sorted(names)) or '(none)'} "
                f"{'in' if ok else 'not in'} the accepted providers",
            )
        )
    if leaf.quality_assurance:
        qa = cred.quality_assurance.type if cred.quality_assurance else None
        ok = qa in leaf.quality_assurance
        reasons.append(
            (
                ok,
                f"quality assurance: {qa or '(none)'} {'in' if ok else 'not in'} "
                f"{', '.join(leaf.quality_assurance)}",
            )
        )
    if leaf.keywords:
        shared = sorted(set(cred.keywords) & set(leaf.keywords))
        reasons.append((bool(shared), f"keywords: {', '.join(shared) or 'none shared'}"))
    return all(ok for ok, _ in reasons), [("" if ok else "NOT ") + text for ok, text in reasons]
