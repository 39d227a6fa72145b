"""The proposed decision: ``full``, ``partial`` (which parts) or ``none``, with its reasons.

The rules, in order (documented in docs/gaps-and-recognition.md):

1. no substantial and no unassessed difference: ``full`` (minor differences are listed);
2. ``none`` when there is nothing to recognise: no local outcome covered, coverage below
   ``partial_coverage``, or a foreign level more than ``level_gap`` below the local one
   through published referencing (too far for part of the local credential to be granted);
3. otherwise ``partial``: the covered local outcomes are recognised, with the local credit
   pro rata to them (capped at the foreign workload converted to the local credit system),
   and every unassessed difference becomes a condition for the authority to check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mcmap.recognition.compare import Difference, Thresholds
from mcmap.recognition.levels import LevelComparison
from mcmap.recognition.profile import Profile


@dataclass(frozen=True)
class Decision:
    """A proposed decision with reasons, the parts recognised and the conditions attached."""

    decision: str  # full | partial | none
    reasons: tuple[str, ...]
    recognised: dict[str, Any] | None = None
    conditions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "reasons": list(self.reasons), "recognised": self.recognised,
                "conditions": list(self.conditions)}


def decide(
    differences: Sequence[Difference],
    level: LevelComparison,
    outcomes: dict[str, Any],
    workload: dict[str, Any],
    local: Profile,
    t: Thresholds,
) -> Decision:
    """Apply the rules of the module docstring."""
    substantial = [d for d in differences if d.severity == "substantial"]
    unassessed = [d for d in differences if d.severity == "unassessed"]
    minor = [d for d in differences if d.severity == "minor"]
    if not substantial and not unassessed:
        why = "no substantial difference was found" + (
            f"; {len(minor)} minor difference{'s' if len(minor) != 1 else ''} listed" if minor else "")
        return Decision("full", (why,))
    reasons = tuple(f"{d.element}: {d.summary}" for d in substantial)
    conditions = tuple(f"{d.element}: {d.summary}" for d in unassessed)
    coverage, covered = outcomes["coverage_percent"], outcomes["covered"]
    gap = level.gap if level.status == "comparable" else None
    if covered == 0:
        return Decision("none", ("no local learning outcome is covered by the foreign credential", *reasons),
                        None, conditions)
    if coverage < t.partial_coverage:
        return Decision("none", (f"only {coverage:g}% of the local learning outcomes are covered "
                                 f"(below {t.partial_coverage:g}%)", *reasons), None, conditions)
    if gap is not None and gap > t.level_gap:
        return Decision("none", (f"the foreign level is {gap} levels below the local one, more than the "
                                 f"{t.level_gap} level(s) that partial recognition can bridge", *reasons),
                        None, conditions)
    return Decision("partial", reasons or ("differences remain that the data cannot settle",),
                    _parts(outcomes, workload, local), conditions)


def _parts(outcomes: dict[str, Any], workload: dict[str, Any], local: Profile) -> dict[str, Any]:
    """The covered local outcomes and the credit that goes with them."""
    rows = outcomes["local"]
    share = outcomes["covered"] / outcomes["total"] if outcomes["total"] else 0.0
    parts: dict[str, Any] = {
        "outcomes": [{"id": r["id"], "text": r["text"]} for r in rows if r["status"] == "covered"],
        "not_recognised": [{"id": r["id"], "text": r["text"], "status": r["status"]}
                           for r in rows if r["status"] != "covered"],
        "share_percent": round(100 * share, 1),
    }
    credits = local.workload.credits
    if credits is not None:
        value = credits[1] * share
        conversion = workload.get("conversion") or {}
        cap = conversion.get("value")
        basis = f"{share:.0%} of {credits[1]:g} {credits[0]}"
        if isinstance(cap, int | float) and cap < value:
            value, basis = cap, basis + f", capped at the foreign workload ({cap:g} {credits[0]})"
        parts["credits"] = {"system": credits[0], "value": round(value, 1), "basis": basis}
    elif local.workload.hours is not None:
        parts["hours"] = {"value": round(local.workload.hours * share, 1),
                          "basis": f"{share:.0%} of {local.workload.hours:g} notional hours"}
    return parts
