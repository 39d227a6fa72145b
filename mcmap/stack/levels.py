"""Level checks for stacking: is a credential's level inside a range read in some framework?

Within one framework levels compare by rank. Across frameworks both sides are read as EQF
levels through published referencing (``mcmap.frameworks.to_eqf``); the explanation says so,
and says when the route chained two referencings (no authority endorses such a mapping).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from mcmap.credential import Level
from mcmap.errors import UsageError


@dataclass(frozen=True)
class LevelCheck:
    """The answer and how it was reached: ``via`` is ``framework``, ``eqf`` or ``none``."""

    ok: bool
    explanation: str
    via: str = "none"
    chained: bool = False


@dataclass(frozen=True)
class Bound:
    """A level bound read in a framework, with its rank there and its EQF level (if any)."""

    framework: str
    level: int | str
    rank: int
    eqf: int | None
    chained: bool


def bound(framework: str, level: int | str) -> Bound:
    """Read ``level`` in ``framework``; an unknown framework or level is a UsageError."""
    return _bound(framework, str(level))


@lru_cache(maxsize=1024)
def _bound(framework: str, level: str) -> Bound:
    from mcmap.frameworks_eqf import to_eqf
    from mcmap.frameworks_lib import get_level

    lv = get_level(framework, level)
    translation = to_eqf(framework, level)
    return Bound(framework, level, lv.rank, translation.eqf, translation.chained)


def _label(framework: str, level: int | str) -> str:
    return f"{framework.upper()} {level}"


def _range_text(framework: str, low: int | str | None, high: int | str | None) -> str:
    if low is not None and high is not None:
        return f"{framework.upper()} {low}-{high}"
    return f"{framework.upper()} {'>= ' + str(low) if low is not None else '<= ' + str(high)}"


def level_in_range(
    level: Level | None, framework: str, low: int | str | None, high: int | str | None
) -> LevelCheck:
    """Whether ``level`` lies in ``low``..``high`` (inclusive) read in ``framework``."""
    return _check(level, framework, None if low is None else str(low), None if high is None else str(high))


@lru_cache(maxsize=4096)
def _check(level: Level | None, framework: str, low: str | None, high: str | None) -> LevelCheck:
    wanted = _range_text(framework, low, high)
    if level is None:
        return LevelCheck(False, f"no level is claimed, so it cannot be placed in {wanted}")
    try:
        lo = bound(framework, low) if low is not None else None
        hi = bound(framework, high) if high is not None else None
    except UsageError as exc:
        return LevelCheck(False, f"the pathway's level bound cannot be read: {exc.message}")
    own = _label(level.framework, level.level)
    if level.framework == framework:
        try:
            rank = bound(framework, level.level).rank
        except UsageError as exc:
            return LevelCheck(False, f"{own} cannot be read: {exc.message}")
        ok = (lo is None or rank >= lo.rank) and (hi is None or rank <= hi.rank)
        return LevelCheck(ok, f"{own} {'within' if ok else 'outside'} {wanted}", "framework")
    try:
        from mcmap.frameworks_eqf import to_eqf

        translation = to_eqf(level.framework, level.level)
    except UsageError as exc:
        return LevelCheck(False, f"{own} cannot be read: {exc.message}")
    if translation.eqf is None:
        return LevelCheck(
            False,
            f"{own} has no EQF level through published referencing ({translation.note}), "
            f"so it cannot be compared with {wanted}",
            "eqf",
            translation.chained,
        )
    chained = translation.chained or any(b is not None and b.chained for b in (lo, hi))
    eqf_lo = None if lo is None else (lo.rank if framework == "eqf" else lo.eqf)
    eqf_hi = None if hi is None else (hi.rank if framework == "eqf" else hi.eqf)
    if (lo is not None and eqf_lo is None) or (hi is not None and eqf_hi is None):
        return LevelCheck(False, f"{wanted} has no EQF equivalent, so {own} cannot be compared", "eqf")
    ok = (eqf_lo is None or translation.eqf >= eqf_lo) and (eqf_hi is None or translation.eqf <= eqf_hi)
    read_as = "" if framework == "eqf" else f" (read as {_range_text('eqf', eqf_lo, eqf_hi)})"
    route = "chained referencing, indicative only" if chained else "published referencing"
    return LevelCheck(
        ok,
        f"{own} = EQF {translation.eqf} ({route}) {'within' if ok else 'outside'} {wanted}{read_as}",
        "eqf",
        chained,
    )


def range_problem(framework: str, low: int | str | None, high: int | str | None) -> str | None:
    """Why a range can never hold a level (unknown framework or level, min above max), or None."""
    try:
        lo = bound(framework, low) if low is not None else None
        hi = bound(framework, high) if high is not None else None
    except UsageError as exc:
        return exc.message
    if lo is not None and hi is not None and lo.rank > hi.rank:
        return f"level_min {low} is above level_max {high} in {framework.upper()}"
    return None
