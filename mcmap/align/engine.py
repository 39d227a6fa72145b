"""The alignment engine: one call that runs Bloom analysis, skill linking, greening topics and
level inference over a batch of outcomes, and returns data every renderer shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mcmap.align.level import LevelEstimate, OutcomeLevel, estimate_level, outcome_level

if TYPE_CHECKING:
    from mcmap.align.bloom import BloomAnalysis
    from mcmap.align.skills import DeclaredComparison, SkillIndex, SkillLinks
    from mcmap.taxonomy import Taxonomy


@dataclass(frozen=True)
class OutcomeAlignment:
    """Everything mcmap infers about one learning outcome."""

    text: str
    bloom: BloomAnalysis
    level: OutcomeLevel
    skills: SkillLinks
    greening_topics: tuple[str, ...]
    outcome_id: str | None = None
    declared: DeclaredComparison | None = None

    @property
    def green(self) -> bool:
        """Green if a linked skill is in ESCO's green collection or a greening topic matched."""
        return any(m.green for m in self.skills) or bool(self.greening_topics)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.outcome_id is not None:
            data["id"] = self.outcome_id
        data["bloom"] = {
            "level": self.bloom.level,
            "verbs": list(self.bloom.verbs),
            "decided_by": self.bloom.decided_by,
            "confidence": self.bloom.confidence,
            "flags": list(self.bloom.flags),
        }
        data["eqf_signal"] = round(self.level.level, 2) if self.level.level is not None else None
        data["skills"] = [
            {
                "id": m.id,
                "label": m.label,
                "matched": m.matched,
                "matched_kind": m.matched_kind,
                "score": m.score,
                "green": m.green,
                "digital": m.digital,
                "transversal": m.transversal,
            }
            for m in self.skills
        ]
        data["no_confident_match"] = not self.skills.confident
        data["greening_topics"] = list(self.greening_topics)
        data["green"] = self.green
        if self.declared is not None:
            data["declared_skills"] = {
                "confirmed": [
                    {"id": d.id, "label": d.label, "rank": d.rank, "score": d.score}
                    for d in self.declared.confirmed
                ],
                "not_inferred": [
                    {"id": d.id, "label": d.label, "score": d.score} for d in self.declared.not_inferred
                ],
                "unknown": list(self.declared.unknown),
            }
        return data


def levels_for_eqf(framework_id: str, eqf: int) -> dict[str, Any]:
    """The levels of a framework whose published referencing reaches ``eqf`` (reverse lookup)."""
    from mcmap.frameworks_eqf import to_eqf
    from mcmap.frameworks_lib import load_framework

    framework = load_framework(framework_id)
    matches, chained = [], False
    for level in framework.levels:
        translation = to_eqf(framework, level.id)
        if translation.eqf == eqf:
            matches.append(level.id)
            chained = chained or translation.chained
    note = "" if matches else f"no {framework.id} level is referenced to EQF {eqf} in mcmap's data"
    if chained:
        note = "reached by chaining published correspondences: indicative only"
    return {"id": framework.id, "levels": matches, "chained": chained, "note": note}


@dataclass(frozen=True)
class Alignment:
    """A batch of aligned outcomes and the level they express together."""

    outcomes: tuple[OutcomeAlignment, ...]
    level: LevelEstimate
    provenance: dict[str, Any]
    framework: str | None = None  # also express the inferred level in this framework

    @property
    def green_share(self) -> float:
        return round(sum(o.green for o in self.outcomes) / len(self.outcomes), 3) if self.outcomes else 0.0

    def level_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "eqf": self.level.eqf,
            "range": [self.level.low, self.level.high] if self.level.eqf is not None else None,
            "confidence": self.level.confidence,
            "evidence": self.level.evidence(),
        }
        if self.framework and self.level.eqf is not None:
            data["framework"] = levels_for_eqf(self.framework, self.level.eqf)
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcomes": [o.to_dict() for o in self.outcomes],
            "level": self.level_dict(),
            "green_share": self.green_share,
            "provenance": self.provenance,
        }


_INDEXES: dict[tuple[str, str, int, int, str], SkillIndex] = {}


#: --embeddings choices: none (lexical only), static (packaged MiniLM token vectors), minilm (the
#: full model from the mcmap[semantic] extra).
EMBEDDINGS = ("none", "static", "minilm")


def skill_index(taxonomy: Taxonomy, top_k: int, embeddings: str = "none") -> SkillIndex:
    """The (disk-cached) skill index of a taxonomy, built once per process."""
    from mcmap.align.skills import SkillIndex

    key = (taxonomy.id, taxonomy.version, id(taxonomy), top_k, embeddings)
    if key not in _INDEXES:
        _INDEXES[key] = SkillIndex.build(
            taxonomy, top_k=top_k, semantic=embeddings == "minilm", static=embeddings == "static"
        )
    return _INDEXES[key]


def provenance(taxonomy: Taxonomy, top_k: int, embeddings: str = "none") -> dict[str, Any]:
    """What produced an alignment: versions, methods and thresholds."""
    from mcmap import __version__

    return {
        "mcmap_version": __version__,
        "skills": skill_index(taxonomy, top_k, embeddings).provenance(),
        "bloom": "mcmap rules over Bloom's revised taxonomy verb lists (taxonomies/bloom.yaml)",
        "level": "median of outcome signals: Bloom prior (mcmap heuristic) and EQF descriptor cues",
        "greening": "keyword match to UNESCO Greening Curriculum topics (taxonomies/greening.yaml)",
    }


def align_batch(
    texts: Sequence[str],
    taxonomy: Taxonomy,
    *,
    top_k: int = 5,
    outcome_ids: Sequence[str | None] | None = None,
    declared: Sequence[Sequence[str]] | None = None,
    embeddings: str = "none",
) -> list[OutcomeAlignment]:
    """Align many outcomes in one batch (the skill index works best on large batches)."""
    from mcmap.align.bloom import analyze_outcomes
    from mcmap.align.green import greening_topics

    index = skill_index(taxonomy, top_k, embeddings)
    texts = list(texts)
    blooms = analyze_outcomes(texts)
    links = index.link_outcomes(texts, top_k=top_k)
    topics = greening_topics(texts)
    ids = list(outcome_ids) if outcome_ids is not None else [None] * len(texts)
    # declared links are compared in one batched pass, only for outcomes that declare some
    wanted = [i for i in range(len(texts)) if declared and declared[i]]
    compared: dict[int, DeclaredComparison] = {}
    if declared and wanted:  # declared links are compared in one batched pass
        batch = index.compare_declared_many([links[i] for i in wanted], [declared[i] for i in wanted])
        compared = dict(zip(wanted, batch, strict=True))
    outcomes = []
    for i, text in enumerate(texts):
        bloom = blooms[i]
        comparison = compared.get(i)
        outcomes.append(
            OutcomeAlignment(
                text=text,
                bloom=bloom,
                level=outcome_level(text, bloom.level, bloom.decided_by),
                skills=links[i],
                greening_topics=topics[i],
                outcome_id=ids[i],
                declared=comparison,
            )
        )
    return outcomes


def combine(outcomes: Sequence[OutcomeAlignment], provenance: dict[str, Any]) -> Alignment:
    """The alignment of a set of outcomes taken together (a credential, or ad-hoc text)."""
    return Alignment(tuple(outcomes), estimate_level([o.level for o in outcomes]), provenance)


def align_outcomes(
    texts: Sequence[str],
    taxonomy: Taxonomy,
    *,
    top_k: int = 5,
    embeddings: str = "none",
    framework: str | None = None,
) -> Alignment:
    """Align ad-hoc outcome texts; results are in input order. ``framework`` also expresses the
    inferred EQF level as that framework's level(s)."""
    aligned = align_batch(texts, taxonomy, top_k=top_k, embeddings=embeddings)
    base = combine(aligned, provenance(taxonomy, top_k, embeddings))
    return Alignment(base.outcomes, base.level, base.provenance, framework)
