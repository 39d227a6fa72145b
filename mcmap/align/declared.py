"""Skill links declared in a descriptor, compared with the links mcmap infers.

A curriculum designer declares "this outcome develops ESCO skill X"; the QA officer wants to
know whether the text supports it. Each declared concept is "confirmed" (among the inferred
matches, with rank and score), "not-inferred" (with the score the index gives it for this
outcome, so one sees how far off it is), or "unknown" (not in the taxonomy); inferred matches
nobody declared are "new".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    from mcmap.align.skills import SkillIndex, SkillLinks, SkillMatch


@dataclass(frozen=True)
class DeclaredLink:
    """A skill link declared in a descriptor, checked against what the index infers."""

    id: str
    label: str | None  # None when the id is not in the taxonomy
    status: str  # "confirmed" (among inferred) | "not-inferred" | "unknown"
    rank: int | None = None  # 1-based rank among the inferred matches
    score: float | None = None  # the index's score for this concept and outcome


@dataclass(frozen=True)
class DeclaredComparison:
    """Declared vs inferred links of one outcome."""

    confirmed: tuple[DeclaredLink, ...]
    not_inferred: tuple[DeclaredLink, ...]
    unknown: tuple[str, ...]
    new: tuple[SkillMatch, ...]  # inferred but not declared


def compare_many(
    index: SkillIndex, links: Sequence[SkillLinks], declared: Sequence[Sequence[str]]
) -> list[DeclaredComparison]:
    """Declared vs inferred links of many outcomes, scored in one batched pass.

    A declared concept among the inferred matches is "confirmed" with its rank and score;
    a known one that was not inferred is "not-inferred" with the score the index gives it
    for this outcome (0 when nothing is shared), so a reviewer sees how far off it is;
    ids the taxonomy does not have are "unknown"; inferred matches nobody declared are "new".
    """
    from mcmap.align.skill_rows import score_pairs

    by_id = index.taxonomy.by_id
    wanted = [list(dict.fromkeys(ids)) for ids in declared]  # keep order, drop repeats
    ranks = [{m.id: (k, m) for k, m in enumerate(x.matches, start=1)} for x in links]
    to_score = [
        [i for i in ids if i in by_id and i not in rank]
        for ids, rank in zip(wanted, ranks, strict=True)
    ]
    scores = score_pairs(index, [x.text for x in links], to_score)
    results = []
    for link, ids, rank, scored in zip(links, wanted, ranks, scores, strict=True):
        confirmed, missing = [], []
        for cid in ids:
            if cid in rank:
                k, match = rank[cid]
                confirmed.append(DeclaredLink(cid, match.label, "confirmed", k, match.score))
            elif cid in by_id:
                found = scored.get(cid)
                score = found.score if found else 0.0
                missing.append(DeclaredLink(cid, by_id[cid].label, "not-inferred", None, score))
        declared_set = set(ids)
        results.append(
            DeclaredComparison(
                confirmed=tuple(confirmed),
                not_inferred=tuple(missing),
                unknown=tuple(i for i in ids if i not in by_id),
                new=tuple(m for m in link.matches if m.id not in declared_set),
            )
        )
    return results
