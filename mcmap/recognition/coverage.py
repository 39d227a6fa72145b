"""Which target items (skills, outcomes, level descriptors) a set of mapped credentials covers.

Used for the credentials given to ``mcmap gaps`` and, one candidate at a time, for the
catalogue credentials it suggests, so both are judged by exactly the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mcmap.recognition.evidence import declared_ids, skill_evidence
from mcmap.recognition.similarity import OutcomeView, similarity, views
from mcmap.recognition.targets import EQF_DOMAINS, Target, TargetItem

if TYPE_CHECKING:
    from mcmap.align.skills import SkillIndex
    from mcmap.mapping import CredentialMapping

#: an outcome's EQF signal counts for a level descriptor when it rounds to the level or above
LEVEL_SIGNAL_MARGIN = 0.5


@dataclass(frozen=True)
class Settings:
    """Thresholds of one gap analysis (reported in the provenance)."""

    threshold: float  # minimum skill score for an inferred link to count as coverage
    similarity: float  # minimum outcome similarity for a pathway outcome to count as covered


def outcome_views(
    mappings: Sequence[CredentialMapping], index: SkillIndex, settings: Settings
) -> list[OutcomeView]:
    """Every outcome of the credentials, as similarity sees it."""
    found = []
    for m in mappings:
        domains = {o.id: o.domain for o in m.credential.learning_outcomes}
        outcomes = m.alignment.outcomes
        found += views(
            m.credential.id, outcomes,
            [declared_ids(m, a.outcome_id, index.taxonomy.id) for a in outcomes],
            [domains.get(a.outcome_id or "") for a in outcomes], index, settings.threshold,
        )
    return found


def cover(
    target: Target,
    items: Sequence[TargetItem],
    mappings: Sequence[CredentialMapping],
    index: SkillIndex,
    settings: Settings,
    target_views: dict[str, OutcomeView],
) -> dict[str, list[dict[str, Any]]]:
    """Evidence for each item id (an empty list: not covered)."""
    found: dict[str, list[dict[str, Any]]] = {item.id: [] for item in items}
    skills = [i.id for i in items if i.kind == "skill"]
    if skills and mappings:
        for sid, evidence in skill_evidence(mappings, skills, index, settings.threshold).items():
            found[sid] = [e.to_dict() | {"describe": e.describe()} for e in evidence]
    outcomes = [i for i in items if i.kind == "outcome"]
    descriptors = [i for i in items if i.kind == "descriptor"]
    found_views = outcome_views(mappings, index, settings) if outcomes else []
    for item in outcomes:
        wanted = target_views[item.id]
        matches = []
        for v in found_views:
            sim = similarity(wanted, v)
            if sim.score >= settings.similarity:
                matches.append({"credential": v.owner, "outcome": v.id, "how": "similar", "score": sim.score,
                                "rank": None, "describe": "similar outcome, " + sim.describe()})
        found[item.id] = sorted(matches, key=lambda e: (-e["score"], e["credential"], e["outcome"]))
    if descriptors and target.level is not None and target.level.eqf is not None:
        found.update(_descriptor_evidence(descriptors, mappings, target.level.eqf))
    return found


def _descriptor_evidence(
    items: Sequence[TargetItem], mappings: Sequence[CredentialMapping], eqf: int
) -> dict[str, list[dict[str, Any]]]:
    """Outcomes of the item's domain whose EQF signal reaches the level."""
    found: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        domain = EQF_DOMAINS[item.id.split("/", 1)[1]]
        evidence = []
        for m in mappings:
            domains = {o.id: o.domain for o in m.credential.learning_outcomes}
            for aligned in m.alignment.outcomes:
                own = domains.get(aligned.outcome_id or "")
                signal = aligned.level.level
                if signal is None or signal < eqf - LEVEL_SIGNAL_MARGIN or own not in (domain, None):
                    continue
                why = "; ".join(aligned.level.evidence())
                evidence.append({
                    "credential": m.credential.id, "outcome": aligned.outcome_id or "", "how": "level-signal",
                    "score": round(signal, 2), "rank": None,
                    "describe": f"EQF signal {signal:.1f} ({why})"
                    + ("" if own else "; outcome has no domain, counted for every domain"),
                })
        found[item.id] = sorted(evidence, key=lambda e: (-e["score"], e["credential"], e["outcome"]))
    return found
