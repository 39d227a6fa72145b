"""Which taxonomy skills a set of credentials evidences, and how each link was made.

Three kinds of evidence, always named in the output so a reviewer can weigh them:

* ``declared``: the provider linked the outcome to the concept in the descriptor (the index's
  own score for that pair is reported beside it, so an implausible declaration shows);
* ``inferred``: the alignment engine links the outcome text to the concept with score >=
  the threshold, either among its top-k links (``rank`` set) or when the target concept is
  scored against the outcome directly with the same formula (``rank`` None);
* ``narrower``: the outcome evidences (declared or top-k inferred) a concept whose broader
  concepts in ESCO include the target, i.e. a more specific skill of the same kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mcmap.align.engine import OutcomeAlignment
    from mcmap.align.skills import SkillIndex
    from mcmap.mapping import CredentialMapping
    from mcmap.taxonomy import Taxonomy

#: how far up the ESCO broader relation a narrower concept may sit below the target
MAX_BROADER_STEPS = 3
HOW_ORDER = {"declared": 0, "inferred": 1, "narrower": 2}


@dataclass(frozen=True, order=True)
class Evidence:
    """One credential outcome evidencing one target concept."""

    credential: str
    outcome: str
    how: str  # declared | inferred | narrower
    score: float | None = None  # the index's score for the pair (None: nothing shared)
    rank: int | None = None  # rank among the engine's top-k links, None when scored directly
    via: str | None = None  # the narrower concept, for how == "narrower"
    via_label: str | None = None

    def sort_key(self) -> tuple[int, float, str, str]:
        return (HOW_ORDER[self.how], -(self.score or 0.0), self.credential, self.outcome)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "credential": self.credential,
            "outcome": self.outcome,
            "how": self.how,
            "score": None if self.score is None else round(self.score, 1),
            "rank": self.rank,
        }
        if self.via is not None:
            data["via"] = {"id": self.via, "label": self.via_label}
        return data

    def describe(self) -> str:
        """``declared`` / ``inferred score 72.4`` / ``narrower: mount photovoltaic panels``."""
        if self.how == "narrower":
            return f"narrower concept '{self.via_label}'"
        if self.how == "declared":
            return "declared" + (f" (index score {self.score:.0f})" if self.score else "")
        return f"inferred score {self.score:.0f}" + ("" if self.rank else " (scored directly)")


def outcome_concepts(outcome: OutcomeAlignment, declared: Sequence[str], threshold: float) -> set[str]:
    """Concepts an outcome evidences: its declared links and its top-k links >= threshold."""
    return set(declared) | {m.id for m in outcome.skills if m.score >= threshold}


def broader_closure(taxonomy: Taxonomy, concept_id: str, steps: int = MAX_BROADER_STEPS) -> set[str]:
    """Concept ids above ``concept_id`` in the broader relation, up to ``steps`` levels."""
    found: set[str] = set()
    frontier = {concept_id}
    for _ in range(steps):
        nxt: set[str] = set()
        for cid in frontier:
            concept = taxonomy.by_id.get(cid)
            if concept is not None:
                nxt.update(b for b in concept.broader if b not in found)
        found |= nxt
        frontier = nxt
        if not frontier:
            break
    return found


def declared_ids(mapping: CredentialMapping, outcome_id: str | None, taxonomy_id: str) -> list[str]:
    """Concept ids the provider declared on one outcome of a mapped credential."""
    for outcome in mapping.credential.learning_outcomes:
        if outcome.id == outcome_id:
            return [s.id for s in outcome.skills if s.taxonomy == taxonomy_id]
    return []


def score_targets(index: SkillIndex, texts: Sequence[str], targets: Sequence[str]) -> list[dict[str, float]]:
    """Score every target concept against every text in one batch, with the index's own formula.

    ``SkillIndex.score_concepts`` does this one text at a time; a gap report scores about 90
    occupation skills against every outcome of a catalogue, so the label rows of the targets
    are taken once and compared with all texts in one sparse product. Pairs sharing no indexed
    word (cosine 0) score at most 50 and are skipped: every threshold mcmap accepts is above.
    """
    import numpy as np

    from mcmap.align.skill_rows import _pair_scores  # the index's scoring formula, not a copy

    positions = {c.id: i for i, c in enumerate(index.taxonomy.concepts)}
    rows: list[int] = []
    for cid in dict.fromkeys(targets):
        if cid in positions:
            lo = int(np.searchsorted(index.row_concept, positions[cid], side="left"))
            hi = int(np.searchsorted(index.row_concept, positions[cid], side="right"))
            rows.extend(range(lo, hi))
    result: list[dict[str, float]] = [{} for _ in texts]
    if not rows or not texts:
        return result
    cleaned = [index.clean(t) for t in texts]
    row_ids = np.asarray(rows, dtype=np.int32)
    cosine = np.asarray((index.sparse.matrix[row_ids] @ index.sparse.transform(cleaned).T).todense())
    r_pos, q = np.nonzero(cosine > 0)
    if len(q) == 0:
        return result
    r = row_ids[r_pos]
    scores = _pair_scores(index, [" ".join(t) for t in cleaned], q.astype(np.int32), r, cosine[r_pos, q])
    concepts = index.taxonomy.concepts
    for qi, ri, score in zip(q.tolist(), r.tolist(), scores.tolist(), strict=True):
        cid = concepts[int(index.row_concept[ri])].id
        if score > result[qi].get(cid, 0.0):
            result[qi][cid] = float(score)
    return result


def skill_evidence(
    mappings: Iterable[CredentialMapping],
    targets: Sequence[str],
    index: SkillIndex,
    threshold: float,
) -> dict[str, list[Evidence]]:
    """For each target concept id, the evidence the credentials give, best first."""
    taxonomy = index.taxonomy
    wanted = list(dict.fromkeys(targets))
    target_set = set(wanted)
    found: dict[str, list[Evidence]] = {t: [] for t in wanted}
    mappings = list(mappings)
    texts = [o.text for m in mappings for o in m.alignment.outcomes]
    direct_scores = iter(score_targets(index, texts, wanted))
    for mapping in mappings:
        cred = mapping.credential.id
        for outcome in mapping.alignment.outcomes:
            oid = outcome.outcome_id or ""
            declared = declared_ids(mapping, outcome.outcome_id, taxonomy.id)
            ranks = {m.id: (r, m.score) for r, m in enumerate(outcome.skills, 1)}
            direct = next(direct_scores)
            seen: set[str] = set()
            for target in wanted:
                score = ranks[target][1] if target in ranks else direct.get(target)
                rank = ranks[target][0] if target in ranks else None
                if target in declared:
                    found[target].append(Evidence(cred, oid, "declared", score, rank))
                    seen.add(target)
                elif score is not None and score >= threshold:
                    found[target].append(Evidence(cred, oid, "inferred", score, rank))
                    seen.add(target)
            # every evidenced concept counts, target or not: a declared "calculate solar panel
            # orientation" also evidences its broader "provide information on solar panels"
            for concept in sorted(outcome_concepts(outcome, declared, threshold)):
                for above in sorted((broader_closure(taxonomy, concept) & target_set) - seen):
                    score = ranks[concept][1] if concept in ranks else None
                    found[above].append(
                        Evidence(cred, oid, "narrower", score, None, concept, taxonomy.label_of(concept))
                    )
                    seen.add(above)
    for target in wanted:
        found[target].sort(key=Evidence.sort_key)
    return found
