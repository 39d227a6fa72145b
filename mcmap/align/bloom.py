"""Bloom analysis of a learning outcome: its action verbs, their category, and what is wrong.

The analysis is rule-based and explains itself: ``decided_by`` names the verb or phrase that
set the level and ``origin`` the list it came from (A&K's cognitive processes, a QA guide's verb
list, or mcmap's own additions in ``taxonomies/bloom.yaml``).

How an outcome is read, after ``mcmap.align.text.normalize`` has removed lead-ins:

* the main verb is the first word (adverbs such as "critically" skipped) that is a known verb or
  multi-word phrase ("carry out", "be aware of"); if the outcome does not start with one, the
  first known verb after "to", "will", a comma or a conjunction is taken, with lower confidence;
* verbs joined to it by "and", "or" or commas ("analyse and evaluate", "identify, describe and
  explain") are further main verbs; a verb after "to" that states a purpose is not;
* "have / demonstrate / gain ... an understanding of" and knowledge statements ("Knowledge of
  soil chemistry") take the category of the noun and are flagged;
* with several main verbs the level is the highest category among the measurable ones
  (``POLICY = "highest"``; ``benchmarks/bloom_eval.py`` measures the alternative "first").

By default (``method="model"``) a small trained classifier (``mcmap.align.bloom_model``) then
sets the level, confidence and ``all_levels`` from the rule's findings and the outcome's words:
on held-out rows of the EDM2022 development data it scores far above the rules alone (see
``benchmarks/RESULTS.md``). Verbs and flags stay the rules' own, and ``origin`` keeps the rule's
view next to the model's strongest evidence. ``method="rules"`` gives the lists alone.

Flags (stable strings, the validator turns them into warnings):

* ``no-measurable-verb`` - no action verb at all, or only verbs QA guides call vague;
* ``vague-verb`` - a verb or phrase from the verbs-to-avoid list ("understand", "be aware of");
* ``compound-outcome`` - two verb phrases with their own objects ("describe X and evaluate Y");
  verbs sharing one object ("analyse and evaluate X") are one outcome with two verbs;
* ``knowledge-type`` - a knowledge statement without a verb.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from mcmap.align.bloom_lexicon import LEVELS, ORDER, Lexicon, VerbEntry, load_lexicon
from mcmap.align.text import normalize, tokenize, word_set

Policy = Literal["highest", "first"]
POLICY: Policy = "highest"
Method = Literal["model", "rules"]
METHOD: Method = "model"

FLAG_NO_VERB = "no-measurable-verb"
FLAG_VAGUE = "vague-verb"
FLAG_COMPOUND = "compound-outcome"
FLAG_KNOWLEDGE = "knowledge-type"
FLAGS = (FLAG_COMPOUND, FLAG_KNOWLEDGE, FLAG_NO_VERB, FLAG_VAGUE)

# Confidence by where the deciding verb came from: heuristic weights, roughly in line with how
# often each kind of decision was right on the training 80% of the EDM2022 data (the calibration
# table in benchmarks/RESULTS.md shows the held-out check), not probabilities.
_SOURCE_CONFIDENCE = {"AK_PROCESS": 0.85, "RACGP": 0.85, "OSU": 0.8, "mcmap": 0.7}
# A vague verb still names the category its writer meant ("understand" -> Understand was right
# for 94% of such rows in the training part of the EDM2022 data); the weak wording is reported by
# the vague-verb flag, not by a low confidence. Knowledge statements are less certain (78%).
_VAGUE_CONFIDENCE = 0.8
_KNOWLEDGE_CONFIDENCE = 0.7
_VAGUE_OBJECT_FACTOR = 0.85  # "demonstrate knowledge of": the verb decides, less surely
_CONFLICT_FACTOR = 0.85  # the verb is listed in several categories
_LATE_FACTOR = 0.7  # the verb was not at the start of the outcome
_MIXED_FACTOR = 0.9  # main verbs of different categories

_ADVERBS = word_set(
    "also further then both well better more fully independently not effectively clearly "
    "successfully appropriately confidently"
)
_CONJUNCTIONS = frozenset({"and", "or", ",", "/", ";", "as", "well", "then", "and/or"})
_TRIGGERS = frozenset({"to", "will", "can", "should", "must", ",", ";", ":", ")", "and", "or"})
_DETERMINERS = word_set(
    "a an the this that these those their its his her our your my of some any each"
)
# A coordinated "verb" followed by one of these is a noun: "the design of", "research methods".
_NOUN_FOLLOWERS = word_set(
    "of in for methods method techniques skills principles process processes theory theories "
    "practice practices strategies tools approaches data issues studies projects management "
    "software systems system results findings programs programmes outcomes"
)
_PREPOSITIONS = word_set("on upon to with about in into for from at by")
# Verbs that, before "an understanding of" or "knowledge of", carry no level of their own.
_KNOWLEDGE_VERBS = word_set(
    "have gain acquire develop demonstrate show possess display build deepen enhance attain "
    "obtain exhibit consolidate extend broaden"
)
# Nouns that name the Understand category itself: "demonstrate an understanding of" is Understand
# whatever the verb in front of it.
_UNDERSTANDING_NOUNS = frozenset({"understanding", "comprehension", "grasp", "insight", "insights"})
_KNOWLEDGE_LINKS = frozenset({"of", "about", "in", "into", "with", "and", "regarding", "on"})


@dataclass(frozen=True, slots=True)
class BloomAnalysis:
    """What an outcome expresses on Bloom's revised taxonomy, and why."""

    text: str
    level: str | None
    verbs: tuple[str, ...]
    decided_by: str
    confidence: float
    flags: tuple[str, ...]
    all_levels: tuple[str, ...]
    origin: str = ""  # the list that decided, e.g. "RACGP Evaluate list"
    method: str = "rules"

    def explain(self) -> str:
        """One sentence a curriculum designer can check."""
        if self.level is None:
            found = f" (found: {', '.join(self.verbs)})" if self.verbs else ""
            return f"no Bloom level: no measurable action verb{found}"
        by = f"'{self.decided_by}' ({self.origin})" if self.decided_by else self.origin
        return f"{self.level.capitalize()}: decided by {by}, {self.method}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``bloom`` object of ``mcmap align --format json``)."""
        return {
            "level": self.level,
            "verbs": list(self.verbs),
            "confidence": round(self.confidence, 3),
            "decided_by": self.decided_by,
            "origin": self.origin,
            "method": self.method,
            "flags": list(self.flags),
            "all_levels": list(self.all_levels),
        }


@dataclass(frozen=True, slots=True)
class _Hit:
    entry: VerbEntry
    start: int
    end: int
    phrase: str  # the words as they decided, e.g. "demonstrate ... understanding of"
    vague_noun: bool = False  # a measurable verb with a vague object ("demonstrate knowledge")


def _is_adverb(token: str, lex: Lexicon) -> bool:
    if token in _ADVERBS:
        return True
    return len(token) > 4 and token.endswith("ly") and lex.verb_lemma(token) is None


def _match(tokens: list[str], i: int, lex: Lexicon) -> _Hit | None:
    """The verb, phrase or knowledge phrase starting at token ``i``, if any."""
    if i >= len(tokens):
        return None
    lemma = lex.lemma(tokens[i])
    if lemma is None:
        return None
    entry: VerbEntry | None
    for rest, entry in lex.phrases.get(lemma, ()):
        n = len(rest)
        window = tokens[i + 1 : i + 1 + n]
        if len(window) == n and all(
            w == r or lex.lemma(w) == r for w, r in zip(window, rest, strict=True)
        ):
            return _Hit(entry, i, i + 1 + n, " ".join((lemma, *rest)))
    if lemma in _KNOWLEDGE_VERBS:
        hit = _knowledge_phrase(tokens, i, i + 1, lex, lemma)
        if hit is not None:
            return hit
    entry = lex.verbs.get(lemma)
    return _Hit(entry, i, i + 1, lemma) if entry is not None else None


def _knowledge_phrase(
    tokens: list[str], start: int, j: int, lex: Lexicon, lead: str
) -> _Hit | None:
    """"[have] a sound understanding of": the noun within a few words, then "of"/"in"/..."""
    for k in range(j, min(j + 5, len(tokens))):
        noun = tokens[k]
        if noun in lex.knowledge_nouns:
            after = tokens[k + 1] if k + 1 < len(tokens) else ""
            if after in _KNOWLEDGE_LINKS or after in {"", ","}:
                words = (lead, "...", noun) if k > j else (lead, noun) if lead else (noun,)
                phrase = " ".join(w for w in (*words, after if after != "," else "") if w)
                verb = lex.verbs.get(lead)
                if noun not in _UNDERSTANDING_NOUNS and verb and verb.level and not verb.vague:
                    # "demonstrate knowledge of": the measurable verb decides, the noun is vague
                    return _Hit(verb, start, k + 1, phrase, vague_noun=True)
                level = lex.knowledge_nouns[noun]
                entry = VerbEntry(noun, level, "avoid-list", True, ((level, "DAVENPORT"),))
                return _Hit(entry, start, k + 1, phrase)
        if not noun.isalpha() or (noun not in _DETERMINERS and lex.lemma(noun)):
            return None
    return None


def _skip_adverbs(tokens: list[str], i: int, lex: Lexicon) -> int:
    while i < len(tokens) and _match(tokens, i, lex) is None and _is_adverb(tokens[i], lex):
        i += 1
    return i


def _main_hit(tokens: list[str], lex: Lexicon) -> tuple[_Hit | None, bool, bool]:
    """(hit, late, knowledge_statement) for the outcome's main verb."""
    i = _skip_adverbs(tokens, 0, lex)
    hit = _match(tokens, i, lex)
    if hit is not None:
        return hit, False, False
    known = _knowledge_phrase(tokens, i, i, lex, "")
    if known is not None:
        return known, False, True
    for j in range(i + 1, len(tokens)):
        prev = tokens[j - 1]
        if prev in _TRIGGERS:
            k = _skip_adverbs(tokens, j, lex)
            late = _match(tokens, k, lex)
            if late is not None and (not late.entry.vague or k == j):
                return late, True, False
    return None, False, False


def _participle_after_finite(tokens: list[str], first: _Hit, j: int) -> bool:
    return tokens[j].endswith("ing") and not tokens[first.start].endswith("ing")


def _coordinated(tokens: list[str], first: _Hit, lex: Lexicon) -> tuple[list[_Hit], bool]:
    """Further main verbs joined to ``first``; True when two of them have their own objects."""
    hits = [first]
    compound = False
    has_object = False
    i = first.end
    while i < len(tokens):
        token = tokens[i]
        if token in _CONJUNCTIONS:
            j = i
            while j < len(tokens) and tokens[j] in _CONJUNCTIONS:
                j += 1
            j = _skip_adverbs(tokens, j, lex)
            hit = _match(tokens, j, lex)
            if hit is not None and _participle_after_finite(tokens, first, j):
                # "Commission X, recording results": a participle adds detail to the main verb
                i = hit.end
                continue
            after = tokens[hit.end] if hit is not None and hit.end < len(tokens) else ""
            if hit is not None and after not in _NOUN_FOLLOWERS and tokens[j - 1] != "the":
                compound = compound or (has_object and after not in {"", ",", "and", "or"})
                hits.append(hit)
                has_object = False
                i = hit.end
                continue
            i = j if j > i else i + 1
            continue
        # "reflect on and evaluate X": a bare preposition is not an object of its own
        has_object = has_object or token not in _PREPOSITIONS
        i += 1
    return hits, compound


def _confidence(decider: _Hit, late: bool, mixed: bool, knowledge: bool) -> float:
    entry = decider.entry
    if knowledge:
        value = _KNOWLEDGE_CONFIDENCE
    elif entry.vague:
        value = _VAGUE_CONFIDENCE
    else:
        value = _SOURCE_CONFIDENCE.get(entry.source, 0.7)
        if len({level for level, _ in entry.listed_in}) > 1:
            value *= _CONFLICT_FACTOR
    if decider.vague_noun:
        value *= _VAGUE_OBJECT_FACTOR
    if late:
        value *= _LATE_FACTOR
    if mixed:
        value *= _MIXED_FACTOR
    return round(value, 3)


def analyze_normalized(
    text: str, normalized: str, lex: Lexicon, policy: Policy = POLICY
) -> BloomAnalysis:
    """Analyse text that ``normalize`` has already cleaned (the batch path reuses it)."""
    tokens = tokenize(normalized)
    main, late, knowledge = _main_hit(tokens, lex)
    if main is None:
        return BloomAnalysis(text, None, (), "", 0.0, (FLAG_NO_VERB,), (), "no verb found")
    hits, compound = ([main], False) if knowledge else _coordinated(tokens, main, lex)
    flags = set()
    if compound:
        flags.add(FLAG_COMPOUND)
    if knowledge:
        flags.update((FLAG_KNOWLEDGE, FLAG_NO_VERB))
    if any(h.entry.vague or h.vague_noun for h in hits):
        flags.add(FLAG_VAGUE)
    measurable = [h for h in hits if not h.entry.vague and h.entry.level]
    if not measurable and not knowledge:
        flags.add(FLAG_NO_VERB)
    candidates = measurable or [h for h in hits if h.entry.level]
    levels = tuple(sorted({h.entry.level for h in hits if h.entry.level}, key=ORDER.__getitem__))
    verbs = tuple(h.entry.phrase for h in hits)
    if not candidates:
        return BloomAnalysis(text, None, verbs, hits[0].phrase, 0.0, tuple(sorted(flags)), (),
                             hits[0].entry.origin())
    if policy == "first":
        decider = candidates[0]
    else:
        decider = max(candidates, key=lambda h: (ORDER[h.entry.level or ""], -h.start))
    mixed = len({h.entry.level for h in candidates}) > 1
    return BloomAnalysis(
        text=text,
        level=decider.entry.level,
        verbs=verbs,
        decided_by=decider.phrase,
        confidence=_confidence(decider, late, mixed, knowledge),
        flags=tuple(sorted(flags)),
        all_levels=levels,
        origin=("knowledge statement; " if knowledge else "") + decider.entry.origin(),
    )


def analyze_outcome(
    text: str, policy: Policy = POLICY, method: Method = METHOD
) -> BloomAnalysis:
    """Bloom analysis of one learning outcome (never raises on text)."""
    return analyze_outcomes([text], policy, method)[0]


def analyze_outcomes(
    texts: Iterable[str], policy: Policy = POLICY, method: Method = METHOD
) -> list[BloomAnalysis]:
    """Bloom analysis of many outcomes, in input order; repeated texts are analysed once.

    ``method="rules"`` uses the verb lists alone; ``"model"`` (the default, see module notes)
    lets the packaged classifier set level, confidence and ``all_levels`` on top of the rules.
    """
    lex = load_lexicon()
    items = list(texts)
    unique = list(dict.fromkeys(items))
    normalized = [normalize(t) for t in unique]
    results = [analyze_normalized(t, n, lex, policy) for t, n in zip(unique, normalized, strict=True)]
    if method == "model":
        from mcmap.align.bloom_model import refine

        results = refine(results, normalized)
    by_text = dict(zip(unique, results, strict=True))
    return [by_text[t] for t in items]


__all__ = ["FLAGS", "LEVELS", "BloomAnalysis", "analyze_outcome", "analyze_outcomes"]
