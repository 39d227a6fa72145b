"""Level inference: the EQF level a set of learning outcomes expresses, with the evidence.

Two kinds of signal, both shown to the reader:

* the Bloom category of each outcome's main verb gives a prior level (mcmap's heuristic: lower
  cognitive processes sit at lower levels; it is not an official mapping, and says so);
* descriptor cues: phrases in the outcome that echo the wording of an EQF level descriptor
  (Council Recommendation 2017/C 189/03, Annex II), e.g. "complex and unpredictable" (level 6
  skills) or "under supervision" (levels 1-2). Each cue names the descriptor it comes from.

A credential's level is the median of its outcomes' levels; the plausible range is the
interquartile range widened by the uncertainty of each outcome. A claimed level inside that range
is "supported"; outside it is over- or under-claimed by the distance to the inferred level.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: Bloom category -> prior EQF level. A heuristic drawn from common QA guidance (lower-order
#: verbs for lower levels), not an official mapping: the evidence always says so.
BLOOM_PRIOR: dict[str, int] = {
    "remember": 2,
    "understand": 3,
    "apply": 4,
    "analyze": 5,
    "evaluate": 6,
    "create": 6,
}
BLOOM_WEIGHT = 1.0
#: Below this confidence an over- or under-claim says that it rests on thin or mixed evidence.
LOW_CONFIDENCE = 0.35
CUE_WEIGHT = 1.5  # descriptor wording is more specific than a verb alone


@dataclass(frozen=True)
class Cue:
    """A phrase that echoes an EQF descriptor, and the level whose descriptor it echoes."""

    pattern: str
    level: int
    domain: str  # knowledge | skills | responsibility_and_autonomy
    descriptor: str  # the EQF Annex II wording it echoes (quoted in the evidence)


# fmt: off
CUES: tuple[Cue, ...] = (
    Cue(r"\bunder direct supervision\b", 1, "responsibility_and_autonomy",
        "work or study under direct supervision in a structured context"),
    Cue(r"\bsimple tasks?\b", 1, "skills", "basic skills required to carry out simple tasks"),
    Cue(r"\bunder supervision\b", 2, "responsibility_and_autonomy",
        "work or study under supervision with some autonomy"),
    Cue(r"\broutine (problems?|tasks?)\b", 2, "skills",
        "solve routine problems using simple rules and tools"),
    Cue(r"\bsimple (rules|tools)\b", 2, "skills", "solve routine problems using simple rules and tools"),
    Cue(r"\bbasic (methods|tools|materials|procedures)\b", 3, "skills",
        "solve problems by selecting and applying basic methods, tools, materials and information"),
    Cue(r"\bselect(ing)? and apply(ing)?\b", 3, "skills",
        "solve problems by selecting and applying basic methods, tools, materials and information"),
    Cue(r"\bresponsibility for (the )?complet", 3, "responsibility_and_autonomy",
        "take responsibility for completion of tasks in work or study"),
    Cue(r"\bwithin (the |given |agreed )?guidelines\b", 4, "responsibility_and_autonomy",
        "exercise self-management within the guidelines of work or study contexts"),
    Cue(r"\broutine work of others\b", 4, "responsibility_and_autonomy",
        "supervise the routine work of others"),
    Cue(r"\bspecific problems?\b", 4, "skills", "generate solutions to specific problems"),
    Cue(r"\bbroad contexts?\b", 4, "knowledge", "factual and theoretical knowledge in broad contexts"),
    Cue(r"\bcomprehensive\b", 5, "knowledge",
        "comprehensive, specialised, factual and theoretical knowledge"),
    Cue(r"\babstract problems?\b", 5, "skills", "develop creative solutions to abstract problems"),
    Cue(r"\bcreative solutions?\b", 5, "skills", "develop creative solutions to abstract problems"),
    Cue(r"\bunpredictable change\b", 5, "responsibility_and_autonomy",
        "exercise management and supervision in contexts ... where there is unpredictable change"),
    Cue(r"\b(review|develop|improve)\w* (the )?performance of (self|others|staff|team)", 5,
        "responsibility_and_autonomy", "review and develop performance of self and others"),
    Cue(r"\bboundaries of (that |their |this )?knowledge\b", 5, "knowledge",
        "an awareness of the boundaries of that knowledge"),
    Cue(r"\bcritical(ly)? (understanding|analys|analyz|evaluat|assess|apprais|review|reflect)", 6,
        "knowledge", "advanced knowledge ... involving a critical understanding of theories and principles"),
    Cue(r"\btheories and principles\b", 6, "knowledge",
        "a critical understanding of theories and principles"),
    Cue(r"\bcomplex (and|or) unpredictable\b", 6, "skills",
        "solve complex and unpredictable problems in a specialised field"),
    Cue(r"\bcomplex (technical |professional )?(problems?|projects?|activities|systems?)\b", 6, "skills",
        "manage complex technical or professional activities or projects"),
    Cue(r"\bspeciali[sz]ed field\b", 6, "skills", "problems in a specialised field of work or study"),
    Cue(r"\bdecision[- ]making\b", 6, "responsibility_and_autonomy",
        "taking responsibility for decision-making in unpredictable work or study contexts"),
    Cue(r"\bprofessional development of\b", 6, "responsibility_and_autonomy",
        "take responsibility for managing professional development of individuals and groups"),
    Cue(r"\bhighly speciali[sz]ed\b", 7, "knowledge", "highly specialised knowledge"),
    Cue(r"\bforefront\b", 7, "knowledge", "at the forefront of knowledge in a field of work or study"),
    Cue(r"\boriginal (thinking|ideas|contribution)", 7, "knowledge",
        "as the basis for original thinking and/or research"),
    Cue(r"\b(research and/or innovation|research and innovation)\b", 7, "skills",
        "specialised problem-solving skills required in research and/or innovation"),
    Cue(r"\bnew (knowledge|procedures)\b", 7, "skills", "develop new knowledge and procedures"),
    Cue(r"\bintegrat\w* knowledge from (different|several|multiple) (fields|disciplines)\b", 7, "skills",
        "integrate knowledge from different fields"),
    Cue(r"\bnew strategic approach|\bstrategic performance\b|\bstrategic (plan|direction|approach)", 7,
        "responsibility_and_autonomy",
        "contexts that are complex, unpredictable and require new strategic approaches"),
    Cue(r"\bfrontier\b", 8, "knowledge", "knowledge at the most advanced frontier of a field"),
    Cue(r"\bextend and redefine\b|\bredefine existing knowledge\b", 8, "skills",
        "extend and redefine existing knowledge or professional practice"),
    Cue(r"\bsubstantial authority\b|\bscholarly\b", 8, "responsibility_and_autonomy",
        "demonstrate substantial authority, innovation, autonomy, scholarly and professional integrity"),
)
# fmt: on


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], Cue], ...]]:
    """One alternation to find whether any cue is present (most outcomes have none), and each
    cue's own pattern to list exactly which ones are."""
    anyone = re.compile("|".join(f"(?:{c.pattern})" for c in CUES), re.IGNORECASE)
    return anyone, tuple((re.compile(c.pattern, re.IGNORECASE), c) for c in CUES)


def _cues_in(text: str) -> tuple[tuple[Cue, str], ...]:
    """Each cue present in ``text`` with the words that matched it."""
    anyone, each = _compiled()
    if not anyone.search(text):
        return ()
    result = []
    for pattern, cue in each:
        m = pattern.search(text)
        if m:
            end = m.end()
            while end < len(text) and text[end].isalnum():  # show whole words ("evaluat" -> "evaluate")
                end += 1
            result.append((cue, text[m.start() : end]))
    return tuple(result)


@dataclass(frozen=True)
class OutcomeLevel:
    """The level one outcome expresses, and why."""

    level: float | None  # weighted mean of the signals, None when there is no signal
    bloom: str | None
    verb: str | None
    cues: tuple[Cue, ...] = ()
    matched: tuple[str, ...] = ()  # the outcome's words that matched each cue, in order

    def evidence(self) -> list[str]:
        parts = []
        if self.bloom:
            parts.append(
                f"verb '{self.verb}' -> Bloom {self.bloom} -> EQF {BLOOM_PRIOR[self.bloom]} (mcmap heuristic)"
            )
        parts += [
            f"cue '{words}' -> EQF {c.level} {c.domain.replace('_', ' ')}: \"{c.descriptor}\""
            for c, words in zip(self.cues, self.matched or [c.pattern for c in self.cues], strict=True)
        ]
        return parts


def outcome_level(text: str, bloom_level: str | None, verb: str | None) -> OutcomeLevel:
    """Combine the Bloom prior and descriptor cues for one outcome."""
    found = _cues_in(text)
    cues, matched = tuple(c for c, _ in found), tuple(w for _, w in found)
    weights: list[tuple[float, float]] = [(c.level, CUE_WEIGHT) for c in cues]
    if bloom_level in BLOOM_PRIOR:
        weights.append((BLOOM_PRIOR[bloom_level], BLOOM_WEIGHT))
    if not weights:
        return OutcomeLevel(None, bloom_level, verb, cues, matched)
    total = sum(w for _, w in weights)
    return OutcomeLevel(sum(lv * w for lv, w in weights) / total, bloom_level, verb, cues, matched)


@dataclass(frozen=True)
class LevelEstimate:
    """Best-fit EQF level of a set of outcomes, with its plausible range and evidence."""

    eqf: int | None
    low: int | None
    high: int | None
    confidence: float
    outcomes: tuple[OutcomeLevel, ...] = field(repr=False)

    def evidence(self) -> list[dict[str, Any]]:
        return [
            {
                "outcome": i,
                "level": round(o.level, 2) if o.level is not None else None,
                "signals": o.evidence(),
            }
            for i, o in enumerate(self.outcomes)
        ]


def estimate_level(outcomes: Sequence[OutcomeLevel]) -> LevelEstimate:
    """Median level of the outcomes that carry a signal; confidence from agreement and count."""
    levels = sorted(o.level for o in outcomes if o.level is not None)
    if not levels:
        return LevelEstimate(None, None, None, 0.0, tuple(outcomes))
    median = statistics.median(levels)
    best = _clamp(int(median + 0.5))
    if len(levels) >= 4:
        q1, _, q3 = statistics.quantiles(levels, n=4, method="inclusive")
    else:
        q1, q3 = levels[0], levels[-1]
    low, high = _clamp(int(q1 + 0.5) if q1 < best else best), _clamp(int(q3 + 0.5) if q3 > best else best)
    agreement = sum(abs(lv - best) <= 0.75 for lv in levels) / len(levels)
    coverage = len(levels) / len(outcomes)
    support = min(1.0, len(levels) / 4)  # fewer than four outcomes is thin evidence
    confidence = round(agreement * coverage * (0.5 + 0.5 * support), 2)
    return LevelEstimate(best, low, high, confidence, tuple(outcomes))


def _clamp(level: int) -> int:
    return max(1, min(8, level))


@dataclass(frozen=True)
class Verdict:
    """Is a claimed level supported by the outcomes?"""

    status: str  # supported | over-claimed | under-claimed | not-comparable | no-evidence
    claimed_eqf: int | None
    inferred_eqf: int | None
    by: int = 0  # levels of difference for over/under-claimed
    reason: str = ""


def verdict(claimed_eqf: int | None, estimate: LevelEstimate, why_not_comparable: str = "") -> Verdict:
    """Compare a claimed EQF level with the estimate's plausible range."""
    if claimed_eqf is None:
        return Verdict(
            "not-comparable",
            None,
            estimate.eqf,
            reason=why_not_comparable or "the claimed level has no EQF referencing",
        )
    if estimate.eqf is None or estimate.low is None or estimate.high is None:
        return Verdict(
            "no-evidence",
            claimed_eqf,
            None,
            reason="no outcome carries a measurable verb or a descriptor cue",
        )
    if estimate.low <= claimed_eqf <= estimate.high:
        note = (
            ""
            if claimed_eqf == estimate.eqf
            else (f"within the plausible range EQF {estimate.low}-{estimate.high}")
        )
        return Verdict("supported", claimed_eqf, estimate.eqf, reason=note)
    reason = f"outcomes point to EQF {estimate.eqf} (range {estimate.low}-{estimate.high})"
    if estimate.confidence < LOW_CONFIDENCE:  # say so: the reader should weigh the evidence
        reason += f"; low confidence ({estimate.confidence:.2f}), read the evidence"
    if claimed_eqf > estimate.high:
        return Verdict("over-claimed", claimed_eqf, estimate.eqf, claimed_eqf - estimate.eqf, reason)
    return Verdict("under-claimed", claimed_eqf, estimate.eqf, estimate.eqf - claimed_eqf, reason)
