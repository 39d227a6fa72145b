"""The report's summary: counts, the claimed-vs-inferred matrix, workload totals, Annex I, findings.

Every figure is computed from the credential entries (and the findings), so a reader can check
any total against the per-credential sections below it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mcmap.credential import ANNEX1_MANDATORY
from mcmap.problems import Problem
from mcmap.report.model import NONE_LEVEL, CredentialEntry, SkillRef, Summary

TOP_SKILLS = 10
VERDICT_ORDER = ("supported", "over-claimed", "under-claimed", "not-comparable", "no-evidence")
SEVERITY_ORDER = ("error", "warning", "info")


def _axis(credentials: Sequence[CredentialEntry]) -> tuple[str, ...]:
    """Levels from the lowest to the highest seen (claimed or inferred), then "none" if needed."""
    seen = [lv for c in credentials for lv in (c.claimed_eqf, c.inferred_eqf) if lv is not None]
    axis = [str(n) for n in range(min(seen), max(seen) + 1)] if seen else []
    if any(c.claimed_eqf is None or c.inferred_eqf is None for c in credentials):
        axis.append(NONE_LEVEL)
    return tuple(axis)


def _level_key(level: int | None) -> str:
    return NONE_LEVEL if level is None else str(level)


def _top_skills(credentials: Sequence[CredentialEntry]) -> tuple[tuple[SkillRef, int, int], ...]:
    outcomes: Counter[str] = Counter()
    owners: dict[str, set[str]] = {}
    refs: dict[str, SkillRef] = {}
    for c in credentials:
        for o in c.outcomes:
            for s in {s.id: s for s in o.skills}.values():
                outcomes[s.id] += 1
                owners.setdefault(s.id, set()).add(c.id)
                refs.setdefault(s.id, SkillRef(s.id, s.label, 0.0, s.green, s.digital, s.transversal))
    ranked = sorted(outcomes, key=lambda i: (-outcomes[i], -len(owners[i]), refs[i].label, i))
    return tuple((refs[i], outcomes[i], len(owners[i])) for i in ranked[:TOP_SKILLS])


def _ordered(counts: Counter[str], order: Sequence[str]) -> dict[str, int]:
    known = {k: counts[k] for k in order if counts[k]}
    return known | {k: counts[k] for k in sorted(counts) if k not in known}


def summarise(credentials: Sequence[CredentialEntry], findings: Sequence[Problem]) -> Summary:
    """The summary of a report's credential entries and findings."""
    outcomes = [o for c in credentials for o in c.outcomes]
    matrix: Counter[tuple[str, str]] = Counter(
        (_level_key(c.claimed_eqf), _level_key(c.inferred_eqf)) for c in credentials
    )
    over = sorted(
        (c for c in credentials if c.verdict == "over-claimed"), key=lambda c: (-c.verdict_by, c.id)
    )
    under = sorted(
        (c for c in credentials if c.verdict == "under-claimed"), key=lambda c: (-c.verdict_by, c.id)
    )
    credits: dict[str, float] = {}
    for c in credentials:
        if c.workload.credit_system and c.workload.credit_value is not None:
            system = c.workload.credit_system
            credits[system] = credits.get(system, 0.0) + c.workload.credit_value
    with_work = [c.workload for c in credentials if c.workload.ects is not None]
    missing: Counter[str] = Counter(m for c in credentials for m in c.annex1_missing)
    by_code = Counter((p.code, p.severity.value) for p in findings)
    green = sum(o.green for o in outcomes)
    return Summary(
        credentials=len(credentials),
        outcomes=len(outcomes),
        verdicts=_ordered(Counter(c.verdict for c in credentials), VERDICT_ORDER),
        level_axis=_axis(credentials),
        level_matrix=dict(sorted(matrix.items())),
        over_claims=tuple(c.id for c in over),
        under_claims=tuple(c.id for c in under),
        credits_by_system={k: round(v, 2) for k, v in sorted(credits.items())},
        ects_total=round(sum(w.ects or 0.0 for w in with_work), 2),
        ects_range=(
            round(sum(w.ects_range[0] for w in with_work if w.ects_range), 2),
            round(sum(w.ects_range[1] for w in with_work if w.ects_range), 2),
        ),
        hours_total=round(sum(w.hours or 0.0 for w in with_work), 1),
        hours_range=(
            round(sum(w.hours_range[0] for w in with_work if w.hours_range), 1),
            round(sum(w.hours_range[1] for w in with_work if w.hours_range), 1),
        ),
        declared_hours_total=round(sum(c.workload.declared_hours or 0.0 for c in credentials), 1),
        without_workload=tuple(c.id for c in credentials if c.workload.ects is None),
        annex1_missing={e: missing[e] for e in ANNEX1_MANDATORY if missing[e]},
        annex1_complete=sum(not c.annex1_missing for c in credentials),
        annex1_elements=len(ANNEX1_MANDATORY),
        findings_by_code=tuple(
            (code, sev, n)
            for (code, sev), n in sorted(
                by_code.items(), key=lambda kv: (SEVERITY_ORDER.index(kv[0][1]), kv[0][0])
            )
        ),
        findings_by_severity=_ordered(Counter(p.severity.value for p in findings), SEVERITY_ORDER),
        green_share=round(green / len(outcomes), 3) if outcomes else 0.0,
        green_outcomes=green,
        top_skills=_top_skills(credentials),
    )
