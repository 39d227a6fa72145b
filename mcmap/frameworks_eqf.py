"""Translate a national level to the EQF through published referencing, saying how.

A level is translated by its own published correspondence to the EQF when there is one. When the
framework's EQF table is not in mcmap's data, the translation may chain through another
published correspondence (AQF -> NZQF -> EQF); such a result is flagged ``chained``, because no
authority endorses the two-step mapping. A published "no corresponding level" (below EQF 1,
NZQF 8) stops the search: it is an answer, not a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from mcmap.errors import UsageError
from mcmap.frameworks_lib import find_level, get_level, load_framework
from mcmap.frameworks_model import Framework, Level, Referencing, Source

MAX_HOPS = 3


@dataclass(frozen=True)
class Step:
    """One hop: a level of one framework read in another, with the publication behind it."""

    from_framework: str
    from_level: str | None
    to_framework: str
    to_level: str | None
    relation: str  # corresponds | no-level | not-retrieved | no-referencing
    status: str  # referencing-report | official-comparison | secondary | "" (nothing published)
    sources: tuple[Source, ...]
    note: str = ""

    def describe(self) -> str:
        src = self.from_framework.upper() + (f" {self.from_level}" if self.from_level else "")
        dst = self.to_framework.upper() + (f" {self.to_level}" if self.to_level else "")
        if self.relation == "corresponds":
            head = f"{src} -> {dst}"
        elif self.relation == "no-level":
            head = f"{src} -> no {self.to_framework.upper()} level"
        elif self.relation == "not-retrieved":
            head = f"{src} -> {dst} (level table not in mcmap's data)"
        else:
            head = f"{src} -> {dst}: no published referencing"
        status = f" [{self.status}]" if self.status else ""
        cited = "; ".join(s.id for s in self.sources)
        return head + status + (f" ({cited})" if cited else "") + (f": {self.note}" if self.note else "")


class EqfTranslation(NamedTuple):
    """``level`` is the EQF level or None; ``chain`` the steps taken (or tried); ``chained`` is
    True when the route passes through another framework."""

    level: int | None
    chain: list[Step]
    chained: bool

    @property
    def eqf(self) -> int | None:
        return self.level

    def describe(self) -> list[str]:
        return [step.describe() for step in self.chain]

    @property
    def note(self) -> str:
        """A plain-language explanation of the result."""
        if not self.chain:
            return "EQF level itself." if self.level is not None else ""
        if self.level is None:
            last = self.chain[-1]
            return last.note or "No EQF level can be given from the published referencing."
        if self.chained:
            return (
                "Reached by chaining published correspondences; no authority endorses the "
                "combined mapping, so treat it as indicative."
            )
        return self.chain[-1].note


def _step(fw: Framework, lv: Level | None, ref: Referencing) -> Step:
    sources = tuple(fw.source(s) for s in ref.sources)
    return Step(
        fw.id, lv.id if lv else None, ref.target, ref.level, ref.relation, ref.status, sources, ref.note
    )


def _dead_end(fw: Framework, lv: Level | None) -> Step:
    note = fw.referencing_note or f"{fw.label} has no published referencing to the EQF in mcmap's data."
    return Step(fw.id, lv.id if lv else None, "eqf", None, "no-referencing", "", (), note)


def _search(fw: Framework, lv: Level, visited: frozenset[str], hops: int) -> tuple[int | None, list[Step]]:
    tried: list[Step] = []
    direct = lv.referencing_to("eqf")
    if direct is not None:
        step = _step(fw, lv, direct)
        if direct.relation == "corresponds" and direct.level is not None:
            return int(direct.level), [step]
        if direct.relation == "no-level":
            return None, [step]  # published answer: there is no EQF level
        tried.append(step)
    for ref in lv.referencing:
        if ref.target == "eqf" or ref.target in visited or hops >= MAX_HOPS:
            continue
        step = _step(fw, lv, ref)
        try:
            target = load_framework(ref.target)
        except UsageError:
            tried.append(step)
            continue
        target_level = find_level(target, ref.level) if ref.level is not None else None
        if ref.relation != "corresponds" or target_level is None:
            tried += [step, _dead_end(target, None)] if not _reaches_eqf(target) else [step]
            continue
        found, rest = _search(target, target_level, visited | {target.id}, hops + 1)
        if found is not None:
            return found, [step, *rest]
        tried += [step, *rest]
    if not tried:
        tried.append(_dead_end(fw, lv))
    return None, tried


def _reaches_eqf(fw: Framework) -> bool:
    return fw.id == "eqf" or any(r.target == "eqf" for r in fw.referencing)


def to_eqf(framework: Framework | str, level: int | str) -> EqfTranslation:
    """The EQF level of ``level`` in ``framework`` through published referencing, with its route.

    >>> to_eqf("nfq-ie", 6).level
    5
    """
    fw = load_framework(framework) if isinstance(framework, str) else framework
    lv = get_level(fw, level)
    if fw.id == "eqf":
        return EqfTranslation(lv.rank, [], False)
    found, chain = _search(fw, lv, frozenset({fw.id}), 0)
    if found is not None:
        chained = any(step.from_framework != fw.id for step in chain)
    else:
        chained = any(step.to_framework not in ("eqf", fw.id) for step in chain)
    return EqfTranslation(found, chain, chained)
