"""Evidence that credentials cover skills and outcomes a pathway asks for.

Skills: a credential evidences a concept when one of its outcomes declares the link, or when the
alignment engine's skill index links an outcome to it with a score at or above the index's
threshold (the same index, method and threshold as ``mcmap map``; all outcomes in one batch).

Outcomes: a required outcome is covered by a credential outcome that shares enough of its
content words (stop words out, stemmed, as the skill index tokenises): the share of the required
outcome's words found in the credential's outcome, at least ``OUTCOME_THRESHOLD``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mcmap.credential import Credential, LearningOutcome

#: Share of a required outcome's content words a credential outcome must contain to cover it.
#: 0.5 asks for the verb-object core ("prepare ... climate action plan ... farm") while a shared
#: topic word alone ("farm", "soil") stays well below it.
OUTCOME_THRESHOLD = 0.5
TOP_K = 5


@dataclass(frozen=True)
class SkillEvidence:
    """How a credential evidences one concept."""

    skill: str
    method: str  # "declared" or the skill index's method
    outcome: str  # id of the outcome carrying it
    score: float | None = None  # index score 0-100 (inferred links)
    matched: str = ""  # the label that matched (inferred links)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "skill": self.skill,
            "method": self.method,
            "outcome": self.outcome,
            "score": self.score,
            "matched": self.matched or None,
        }

    def describe(self) -> str:
        """One phrase for explanations."""
        if self.method == "declared":
            return f"declared on {self.outcome}"
        return f"inferred from {self.outcome} (score {self.score:.0f}, matched '{self.matched}')"


@dataclass(frozen=True)
class OutcomeEvidence:
    """The credential outcome that best covers a required outcome."""

    required: str
    outcome: str
    score: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "required": self.required,
            "outcome": self.outcome,
            "score": round(self.score, 3),
            "method": "content-word overlap",
            "text": self.text,
        }


@dataclass
class EvidenceProvenance:
    """What produced inferred evidence, for the result's provenance."""

    inferred: bool
    skills: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "skills_inferred": self.inferred,
            "skill_index": self.skills,
            "outcome_coverage": f"content-word overlap >= {OUTCOME_THRESHOLD}",
        }


def skill_evidence(
    credentials: Sequence[Credential], wanted: set[str], *, infer: bool = True, taxonomy: str = "esco"
) -> tuple[list[dict[str, SkillEvidence]], EvidenceProvenance]:
    """For each credential, the wanted concepts it evidences (declared first, then inferred)."""
    found: list[dict[str, SkillEvidence]] = [{} for _ in credentials]
    for n, cred in enumerate(credentials):
        for outcome, link in cred.skill_links():
            if link.id in wanted and link.id not in found[n]:
                found[n][link.id] = SkillEvidence(link.id, "declared", outcome.id)
    if not infer or not wanted or not credentials:
        return found, EvidenceProvenance(False)
    from mcmap.align.engine import skill_index
    from mcmap.taxonomy import load_taxonomy

    index = skill_index(load_taxonomy(taxonomy), TOP_K)
    owners: list[tuple[int, LearningOutcome]] = [
        (n, o) for n, cred in enumerate(credentials) for o in cred.learning_outcomes
    ]
    links = index.link_outcomes([o.text for _, o in owners], top_k=TOP_K)
    for (n, outcome), linked in zip(owners, links, strict=True):
        for match in linked:
            if match.id in wanted and match.id not in found[n]:
                found[n][match.id] = SkillEvidence(
                    match.id, match.method, outcome.id, match.score, match.matched
                )
    return found, EvidenceProvenance(True, index.provenance())


def _words(text: str) -> set[str]:
    from mcmap.align.index import clean_tokens
    from mcmap.align.text import normalize

    return set(clean_tokens(normalize(text)))


def outcome_evidence(
    credentials: Sequence[Credential], required: Sequence[LearningOutcome]
) -> list[dict[str, OutcomeEvidence]]:
    """For each credential, the required outcomes (by id) one of its outcomes covers."""
    wanted = [(r, _words(r.text)) for r in required]
    found: list[dict[str, OutcomeEvidence]] = []
    for cred in credentials:
        mine = [(o, _words(o.text)) for o in cred.learning_outcomes]
        covered: dict[str, OutcomeEvidence] = {}
        for req, words in wanted:
            if not words:
                continue
            best = max(((len(words & w) / len(words), o) for o, w in mine), key=lambda t: t[0], default=None)
            if best is not None and best[0] >= OUTCOME_THRESHOLD:
                covered[req.id] = OutcomeEvidence(req.id, best[1].id, best[0], best[1].text)
        found.append(covered)
    return found


def best_outcome_score(credentials: Sequence[Credential], required: LearningOutcome) -> float:
    """The best overlap any of ``credentials`` reaches for ``required`` (for gap reports)."""
    words = _words(required.text)
    if not words:
        return 0.0
    scores = [len(words & _words(o.text)) / len(words) for c in credentials for o in c.learning_outcomes]
    return max(scores, default=0.0)
