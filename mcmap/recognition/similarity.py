"""Outcome-to-outcome similarity: shared wording and shared taxonomy skills.

Three signals, all reported so a reviewer can see why two outcomes were paired:

* text: cosine of the two outcomes' TF-IDF vectors in the skill index's own vector space
  (word 1-2-grams, lead-in and stop words removed, stemmed; IDF from ESCO's labels), so a word
  common in ESCO ("manage", "farm") weighs less than a specific one ("compaction", "LoRaWAN");
* declared: the Dice coefficient of the concepts the providers declared on the two outcomes
  (both must declare some);
* linked: the Dice coefficient of declared plus inferred concepts (alignment engine, score >=
  the skill threshold), counted at half weight because inferred links of short outcomes are
  often generic ("sensors") and a single shared one is weak evidence.

The similarity is the strongest signal, 0-100: any one kind of agreement is enough to pair two
outcomes, and none is penalised for another being absent (many outcomes declare no skill).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

    from mcmap.align.engine import OutcomeAlignment
    from mcmap.align.skills import SkillIndex

LINKED_WEIGHT = 0.5


@dataclass(frozen=True)
class OutcomeView:
    """What similarity reads of one outcome."""

    owner: str  # credential or pathway id
    id: str
    text: str
    declared: frozenset[str]
    concepts: frozenset[str]  # declared and inferred
    vector: Any  # 1 x vocabulary TF-IDF row of the skill index (scipy sparse)
    bloom: str | None
    domain: str | None = None


@dataclass(frozen=True)
class Similarity:
    """How alike two outcomes are, and why."""

    score: float  # 0-100, the strongest of the signals
    text: float
    declared: float
    linked: float
    shared_skills: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "text": self.text, "declared": self.declared, "linked": self.linked,
                "shared_skills": list(self.shared_skills)}

    def describe(self) -> str:
        parts = [f"text {self.text:.0f}"]
        if self.declared:
            parts.append(f"declared skills {self.declared:.0f}")
        if self.linked:
            parts.append(f"linked skills {self.linked:.0f}")
        return f"similarity {self.score:.0f} (" + ", ".join(parts) + ")"


def views(
    owner: str,
    aligned: Sequence[OutcomeAlignment],
    declared: Sequence[Sequence[str]],
    domains: Sequence[str | None],
    index: SkillIndex,
    threshold: float,
) -> list[OutcomeView]:
    """Aligned outcomes of one credential (or pathway) as similarity sees them."""
    if not aligned:
        return []
    matrix: csr_matrix = index.sparse.transform([index.clean(a.text) for a in aligned])
    result = []
    for n, (a, dec, dom) in enumerate(zip(aligned, declared, domains, strict=True)):
        inferred = {m.id for m in a.skills if m.score >= threshold}
        result.append(OutcomeView(owner, a.outcome_id or "", a.text, frozenset(dec),
                                  frozenset(dec) | frozenset(inferred), matrix[n], a.bloom.level, dom))
    return result


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def similarity(a: OutcomeView, b: OutcomeView) -> Similarity:
    """Similarity of two outcomes (symmetric)."""
    cosine = float(a.vector.multiply(b.vector).sum())
    text = round(100 * min(max(cosine, 0.0), 1.0), 1)
    declared = round(100 * _dice(a.declared, b.declared), 1)
    linked = round(100 * LINKED_WEIGHT * _dice(a.concepts, b.concepts), 1)
    return Similarity(max(text, declared, linked), text, declared, linked,
                      tuple(sorted(a.concepts & b.concepts)))


def best_match(
    target: OutcomeView, candidates: Sequence[OutcomeView]
) -> tuple[OutcomeView | None, Similarity | None]:
    """The candidate most similar to ``target`` (ties: owner id, then outcome id)."""
    best: tuple[OutcomeView | None, Similarity | None] = (None, None)
    for cand in sorted(candidates, key=lambda c: (c.owner, c.id)):
        sim = similarity(target, cand)
        if best[1] is None or sim.score > best[1].score:
            best = (cand, sim)
    return best
