"""The element-by-element comparison of a foreign and a local credential, and its differences.

Each ``compare_*`` function returns the comparison (plain data for the report) and the
differences it finds. A difference is ``substantial`` when it passes a documented threshold
(``Thresholds``), ``minor`` when it is real but, following the EAR manual, usually accepted
(differences in content, orientation or workload), and ``unassessed`` when the data cannot
settle it: the competent authority has to look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mcmap.errors import UsageError
from mcmap.recognition.levels import LevelComparison
from mcmap.recognition.profile import Profile
from mcmap.recognition.similarity import OutcomeView, best_match

#: supervision and identity verification, weakest first (credential schema values)
SUPERVISION = ("unsupervised-no-verification", "supervised-no-verification",
               "supervised-online-verified", "supervised-onsite-verified")
#: a foreign outcome this many Bloom categories below the local one covers it at a lower level
BLOOM_LOWER = 2


@dataclass(frozen=True)
class Thresholds:
    """What counts as substantial (all overridable on the command line)."""

    level_gap: int = 1  # foreign level this many levels below the local one
    workload_shortfall: float = 25.0  # per cent of the local notional hours
    coverage: float = 75.0  # per cent of local outcomes the foreign credential must cover
    partial_coverage: float = 25.0  # below this share, nothing substantial is left to recognise
    similarity: float = 25.0  # outcome similarity (0-100) for a local outcome to count as covered
    skill_threshold: float = 65.0  # skill score for an inferred link to count

    def to_dict(self) -> dict[str, Any]:
        return {"level_gap": self.level_gap, "workload_shortfall_percent": self.workload_shortfall,
                "coverage_percent": self.coverage, "partial_coverage_percent": self.partial_coverage,
                "outcome_similarity": self.similarity, "skill_threshold": self.skill_threshold}


@dataclass(frozen=True)
class Difference:
    """One difference between the foreign and the local credential."""

    element: str  # level | workload | learning-outcomes | quality-assurance | assessment
    severity: str  # substantial | minor | unassessed
    summary: str
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"element": self.element, "severity": self.severity, "summary": self.summary,
                "evidence": list(self.evidence)}


def level_differences(cmp: LevelComparison, t: Thresholds) -> list[Difference]:
    """A foreign level at least ``level_gap`` below, or a level that cannot be compared."""
    inferred = (f"the outcomes point to EQF {cmp.inferred_foreign} (foreign) and EQF {cmp.inferred_local} "
                "(local) (alignment engine; indicative only)")
    if cmp.status == "not-stated":
        return [Difference("level", "unassessed", f"level cannot be compared: {cmp.note}", (inferred,))]
    if cmp.status == "no-route":
        summary = "level cannot be compared through published referencing"
        if cmp.inferred_foreign is not None and cmp.inferred_local is not None:
            gap = cmp.inferred_local - cmp.inferred_foreign
            if gap >= t.level_gap:  # say what the outcomes suggest, without deciding on it
                summary += f"; the outcomes suggest the foreign level is {gap} below (indicative)"
        return [Difference("level", "unassessed", summary, (cmp.note, *cmp.route, inferred))]
    gap = cmp.gap or 0
    ref = (cmp.reference or "").upper()
    if gap >= t.level_gap:
        levels = "level" if gap == 1 else "levels"
        summary = (f"the foreign level is {gap} {ref} {levels} below the local one "
                   f"({ref} {cmp.foreign} vs {ref} {cmp.local})")
        return [Difference("level", "substantial", summary, (*cmp.route, cmp.note, inferred))]
    return []


Compared = tuple[dict[str, Any], list[Difference]]
ACCEPTED = "are usually accepted as non-substantial (EAR manual, ch. 10)"


def compare_workload(foreign: Profile, local: Profile, t: Thresholds) -> Compared:
    """Notional hours of both sides, the credit conversion used, and the shortfall."""
    from mcmap.credit_systems import convert_credits

    f, lo = foreign.workload, local.workload
    data: dict[str, Any] = {"foreign": f.to_dict(), "local": lo.to_dict(), "conversion": None,
                            "shortfall_percent": None}
    if f.credits and lo.credits:
        try:
            c = convert_credits(f.credits[1], f.credits[0], lo.credits[0])
            data["conversion"] = {"value": round(c.value, 2), "range": [round(c.min, 2), round(c.max, 2)],
                                  "from": c.from_system, "to": c.to_system, "method": c.method,
                                  "explanation": c.explanation}
        except UsageError as exc:
            data["conversion"] = {"error": exc.message}
    if f.hours is None or lo.hours is None:
        side = "foreign" if f.hours is None else "local"
        return data, [Difference("workload", "unassessed", f"the {side} workload is not stated")]
    shortfall = round(100 * (lo.hours - f.hours) / lo.hours, 1) if lo.hours else 0.0
    data["shortfall_percent"] = shortfall
    basis = (f"foreign {f.hours:g} h ({f.source}) vs local {lo.hours:g} h ({lo.source})",)
    if shortfall > t.workload_shortfall:
        return data, [Difference("workload", "substantial",
                                 f"the foreign workload is {shortfall:g}% below the local one "
                                 f"(threshold {t.workload_shortfall:g}%)", basis)]
    if shortfall > 0:
        summary = (f"the foreign workload is {shortfall:g}% below the local one; "
                   f"differences in workload {ACCEPTED}")
        return data, [Difference("workload", "minor", summary, basis)]
    return data, []


def compare_outcomes(
    local: Sequence[OutcomeView], foreign: Sequence[OutcomeView], t: Thresholds,
    skill_items: Sequence[tuple[str, str, bool]] = (),
) -> Compared:
    """Each local outcome's best foreign match; local items not covered; coverage share.

    ``skill_items`` are a local pathway's required skills: (id, label, evidenced by foreign).
    """
    from mcmap.align.bloom_lexicon import ORDER

    rows: list[dict[str, Any]] = []
    for lv in local:
        match, sim = best_match(lv, foreign)
        status = "not-covered"
        if match is not None and sim is not None and sim.score >= t.similarity:
            lower = (lv.bloom in ORDER and match.bloom in ORDER
                     and ORDER[lv.bloom] - ORDER[match.bloom] >= BLOOM_LOWER)
            status = "lower-level" if lower else "covered"
        rows.append({"kind": "outcome", "id": lv.id, "text": lv.text, "status": status, "bloom": lv.bloom,
                     "best": None if match is None or sim is None else {
                         "id": match.id, "text": match.text, "bloom": match.bloom, **sim.to_dict(),
                         "describe": sim.describe()}})
    rows += [{"kind": "skill", "id": sid, "text": label, "status": "covered" if ok else "not-covered",
              "bloom": None, "best": None} for sid, label, ok in skill_items]
    total = len(rows)
    covered = sum(r["status"] == "covered" for r in rows)
    coverage = round(100 * covered / total, 1) if total else 0.0
    best_ids = {r["best"]["id"] for r in rows if r["best"] and r["status"] != "not-covered"}
    data = {"coverage_percent": coverage, "covered": covered, "total": total, "local": rows,
            "foreign_additional": [{"id": f.id, "text": f.text} for f in foreign if f.id not in best_ids]}
    missing = [r for r in rows if r["status"] != "covered"]
    how = {"lower-level": "covered at a lower cognitive level", "not-covered": "not covered"}
    evidence = tuple(f"{r['id']} {how[r['status']]}: {r['text']}" for r in missing)
    if not total:
        return data, [Difference("learning-outcomes", "unassessed", "the local side states no outcomes")]
    if coverage < t.coverage:
        summary = (f"the foreign credential covers {covered} of {total} local learning outcomes "
                   f"({coverage:g}%, threshold {t.coverage:g}%)")
        return data, [Difference("learning-outcomes", "substantial", summary, evidence)]
    if missing:
        summary = (f"{len(missing)} of {total} local learning outcomes are not covered; "
                   f"differences in content {ACCEPTED}")
        return data, [Difference("learning-outcomes", "minor", summary, evidence)]
    return data, []


def compare_quality(foreign: Profile, local: Profile) -> Compared:
    """External vs internal quality assurance, and the body named."""
    data = {"foreign": {"type": foreign.qa_type, "body": foreign.qa_body},
            "local": {"type": local.qa_type, "body": local.qa_body}}
    external = ("external", "internal-and-external")
    if foreign.qa_type is None:
        return data, [Difference("quality-assurance", "unassessed",
                                 f"the foreign {foreign.kind} states no quality assurance; the authority "
                                 "should verify the provider's status")]
    if foreign.qa_type not in external and local.qa_type in external:
        return data, [Difference("quality-assurance", "substantial",
                                 "the foreign credential is only internally quality-assured while the local "
                                 "one is externally quality-assured",
                                 (f"foreign: {foreign.qa_type} ({foreign.qa_body or 'no body named'})",
                                  f"local: {local.qa_type} ({local.qa_body or 'no body named'})"))]
    if foreign.qa_type in external and not foreign.qa_body:
        return data, [Difference("quality-assurance", "minor",
                                 "external quality assurance is stated but no QA body is named")]
    return data, []


def compare_assessment(foreign: Profile, local: Profile) -> Compared:
    """Assessment type, and supervision / identity verification during assessment."""
    data = {"foreign": {"type": foreign.assessment, "components": list(foreign.assessment_components),
                        "supervision": foreign.supervision},
            "local": {"type": local.assessment, "components": list(local.assessment_components),
                      "supervision": local.supervision}}
    if foreign.assessment is None:
        if foreign.kind == "pathway":
            return data, []
        return data, [Difference("assessment", "unassessed", "the foreign credential states no assessment")]
    diffs: list[Difference] = []
    if foreign.assessment == "recognition-of-prior-learning":
        diffs.append(Difference("assessment", "minor",
                                "the foreign credential was itself awarded through recognition of prior "
                                "learning"))
    f_rank = SUPERVISION.index(foreign.supervision) if foreign.supervision in SUPERVISION else None
    l_rank = SUPERVISION.index(local.supervision) if local.supervision in SUPERVISION else None
    verified = SUPERVISION.index("supervised-online-verified")
    if f_rank is None and l_rank is not None and l_rank >= verified:
        diffs.append(Difference("assessment", "unassessed",
                                "the foreign credential does not say whether assessment was supervised and "
                                "the learner's identity verified; the local one verifies identity"))
    elif f_rank is not None and l_rank is not None and f_rank < verified <= l_rank:
        severity = "substantial" if f_rank == 0 else "minor"
        diffs.append(Difference("assessment", severity,
                                f"identity is not verified during the foreign assessment "
                                f"({foreign.supervision}); the local one is {local.supervision}"))
    return data, diffs
