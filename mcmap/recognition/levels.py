"""Two levels compared through a common reference: the same framework, the EQF, or the AQRF.

National levels are placed on the EQF through published referencing (``mcmap.frameworks``);
when both frameworks are ASEAN frameworks referenced to the AQRF, their AQRF levels are used
instead. When no published route reaches a common reference, the comparison says so and gives
the levels the alignment engine infers from the outcomes as indicative evidence only: a level
difference that cannot be assessed is never reported as "no difference".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcmap.errors import UsageError
from mcmap.recognition.profile import Profile


@dataclass(frozen=True)
class LevelComparison:
    """The levels of both sides in one reference, and the gap (local minus foreign)."""

    status: str  # comparable | no-route | not-stated
    reference: str | None
    foreign: int | None
    local: int | None
    route: tuple[str, ...]
    chained: bool
    note: str
    inferred_foreign: int | None
    inferred_local: int | None

    @property
    def gap(self) -> int | None:
        """Levels the foreign side is below the local one (negative: above)."""
        return None if self.foreign is None or self.local is None else self.local - self.foreign

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "reference": self.reference, "foreign": self.foreign, "local": self.local,
            "gap": self.gap, "route": list(self.route), "chained": self.chained, "note": self.note,
            "inferred_eqf": {"foreign": self.inferred_foreign, "local": self.inferred_local},
        }


def _aqrf_level(framework: str, level: str) -> tuple[int | None, str]:
    from mcmap.frameworks_lib import get_level, load_framework

    try:
        fw = load_framework(framework)
        ref = get_level(fw, level).referencing_to("aqrf")
    except UsageError:
        return None, ""
    if ref is None:
        return None, ""
    if ref.relation == "corresponds" and ref.level is not None:
        return int(ref.level), f"{framework.upper()} {level} -> AQRF {ref.level}"
    return None, ref.note


def _rank(framework: str, level: str) -> int | None:
    from mcmap.frameworks_lib import get_level

    try:
        return get_level(framework, level).rank
    except UsageError:
        return None


def compare_levels(
    foreign: Profile, local: Profile, inferred_foreign: int | None, inferred_local: int | None
) -> LevelComparison:
    """Compare the claimed levels of two profiles (see the module docstring)."""
    f, lo = foreign.level, local.level

    def result(status: str, ref: str | None, a: int | None, b: int | None, route: tuple[str, ...],
               chained: bool, note: str) -> LevelComparison:
        return LevelComparison(status, ref, a, b, route, chained, note, inferred_foreign, inferred_local)

    if f is None or lo is None:
        side = "foreign" if f is None else "local"
        return result("not-stated", None, None, None, (), False, f"the {side} descriptor states no level")
    if f.framework == lo.framework:
        a, b = _rank(f.framework, f.level), _rank(lo.framework, lo.level)
        if a is not None and b is not None:
            return result("comparable", f.framework, a, b, (f"same framework ({f.framework.upper()})",),
                          False, "both levels are in the same framework")
    if f.eqf is not None and lo.eqf is not None:
        chained = f.chained or lo.chained
        note = ("reached by chaining published correspondences; indicative" if chained
                else "both levels translated through published EQF referencing")
        return result("comparable", "eqf", f.eqf, lo.eqf, f.route + lo.route, chained, note)
    fa, fa_note = _aqrf_level(f.framework, f.level)
    la, la_note = _aqrf_level(lo.framework, lo.level)
    if fa is not None and la is not None:
        return result("comparable", "aqrf", fa, la, (fa_note, la_note), False,
                      "both frameworks are referenced to the AQRF")
    if fa_note and la_note:
        note = (f"both frameworks are referenced to the AQRF, but the level tables are not in mcmap's data "
                f"({fa_note})")
        return result("no-route", None, None, None, f.route + lo.route, False, note)
    missing = f if f.eqf is None else lo
    note = f"{missing.framework.upper()} {missing.level} cannot be placed on the EQF: {missing.note}"
    return result("no-route", None, None, None, f.route + lo.route, False, note)
