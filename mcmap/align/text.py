"""Text normalisation for learning outcomes: lead-ins, bullets, tokens and verb lemmas.

Outcome texts arrive as "1. On successful completion of this unit, students will be able to:
critically evaluate ...". The analysers want "critically evaluate ...": the same words, lower
case, with the boilerplate that every outcome shares removed. ``normalize`` is idempotent
(normalising twice changes nothing), which the tests check with Hypothesis.

The lemmatiser is deliberately small: outcome verbs are overwhelmingly imperatives or
infinitives, so -s/-es/-ies, -ed/-ied and -ing forms (with doubled consonants and a dropped
final e) cover what occurs; a candidate is accepted only when the caller's lexicon knows it,
which keeps "uses" -> "use" from turning "bus" into "bu".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

# Bullets and list numbering: "-", "•", "1.", "1)", "(a)", "a)", "iv.", "1.2.3".
_BULLET = re.compile(
    "^(?:[-*\u2022\u00b7\u25e6\u25aa\u2023\u2013\u2014>+]+|"
    r"\(?\d+(?:\.\d+)*[.)]?|\(?[a-h][.)]|\([a-h]\)|\(?[ivx]+[.)]|\([ivx]+\))"
    r"(?=\s|$)\s*"
    r"|^\d+[.)](?=[a-z])"  # "6.Identify": numbering glued to the first word
)

# Boilerplate at the start of an outcome. Applied repeatedly until nothing changes, so
# "On completion, the learner will be able to: 1. identify" loses every layer.
_SUBJECT = (
    r"(?:(?:the|all|successful|each|first-year|second-year|third-year|final-year|undergraduate|"
    r"postgraduate|graduate)\s+)*"
    r"(?:students?|learners?|participants?|graduates?|candidates?|trainees?|apprentices?|"
    r"individuals?|you|they|we)"
)
_MODAL = r"(?:will|should|shall|can|must|would|may)"
# What may stand between the subject and its modal: "students who complete this unit will".
_SUBJECT_TAIL = (
    r"(?:\s*,?\s*(?:who|that|successfully|completing|having|on|upon|after|at|by|in|undertaking|"
    r"taking|enrolled|passing)\b[^.;:]{0,120}?)?"
)
_END = r"[\s:,-]*"
_LEAD_IN_PATTERNS = (
    # "On successful completion of this unit, ..." / "By the end of the course: ..."
    r"^(?:on|upon|after|following|by|at|with)\s+(?:the\s+)?(?:successful\s+)?"
    r"(?:completion|end|conclusion|finish)\b[^,:;]{0,150}?[,:;]\s*",
    # "On completion of the module students will ..." (no comma)
    r"^(?:on|upon|after|following|by|at)\s+(?:the\s+)?(?:successful\s+)?"
    r"(?:completion|end|conclusion)\b.{0,150}?\b" + _SUBJECT + r"\s+" + _MODAL + _END,
    r"^in addition(?:\s+to\s+[^,]{0,60})?\s*,?\s*",
    # "Students who complete this unit will ..." / "The learner will ..."
    r"^" + _SUBJECT + _SUBJECT_TAIL + r"\s+(?:also\s+)?" + _MODAL + r"\b" + _END,
    # "Students analyse ...", "The learner designs ..." (a subject and straight to the verb)
    r"^" + _SUBJECT + r"\s+(?!(?:who|that|which|and|or|of|in|with|on|at|from|to|for|are|is|"
    r"were|was|have|has|had|will|should|shall|can|must|would|may|also)\b)(?=[a-z])",
    # "Students are able to ..." (no modal)
    r"^" + _SUBJECT + r"\s+(?:are|is)\s+(?=able|expected|equipped)",
    r"^" + _MODAL + r"\s+",
    # "be able to", "are expected to", "be capable of", "be in a position to"
    r"^(?:(?:be|are|is|being|become|to be)\s+)?(?:(?:better|more|fully|also)\s+)?"
    r"(?:able|expected|equipped|prepared|in a position|ready|capable|competent|confident)"
    r"\s+(?:to|of|in)\b" + _END,
    # "an enhanced ability to", "the capacity at an advanced level to", "have developed the ..."
    r"^(?:(?:have|has|had|possess|possessing)\s+)?(?:(?:developed|gained|acquired)\s+)?"
    r"(?:(?:an?|the|their|his|her)\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?:ability|abilities|capacity|capability|capabilities)(?:\s+at\s+[^,;:]{0,40}?)?"
    r"\s+(?:to|for)\b" + _END,
    # "Skills in applying ...", "Competence in designing ..."
    r"^(?:(?:have|has|possess|gain|acquire|develop|demonstrate|show)\s+)?"
    r"(?:(?:an?|the)\s+)?(?:[a-z-]+\s+){0,2}?"
    r"(?:skills?|competence|competency|proficiency|expertise)\s+(?:in|at)\s+(?=[a-z]+ing\b)",
    r"^(?:in order\s+)?to\s+",
    r"^(?:also|further|then|and|thereby|hence)\s+",
    r"^(?:[a-z]\s*\)|\(?[ivx]+\))\s*",
)
# One alternation, tried once per pass: the patterns are all anchored at the start, and the
# passes repeat until nothing changes, so every layer still goes (and 12x fewer regex calls).
_LEAD_IN = re.compile("|".join(f"(?:{p})" for p in (_BULLET.pattern, *_LEAD_IN_PATTERNS)))

_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = " \t.;,:!?*-\u2013\u2014\u2022\"'`"
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}
)
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[,;:/()]")


def _step(text: str) -> str:
    if not text.isascii():  # ASCII is already NFKC and quote-free: skip the costly calls
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = text.lower()
    text = _SPACE.sub(" ", text).strip(_EDGE_PUNCT)
    while True:
        stripped = _LEAD_IN.sub("", text, count=1).strip(_EDGE_PUNCT)
        if stripped == text:
            return text
        text = stripped


def normalize(text: str) -> str:
    """Lower-case ``text`` and strip bullets, numbering and lead-ins such as "students will be
    able to"; whitespace collapsed, edge punctuation removed. Idempotent."""
    # Each step only shortens the text or leaves it alone, so the loop ends; the bound is a
    # guard against Unicode case mappings that lengthen text (e.g. "İ".lower()).
    for _ in range(64):
        new = _step(text)
        if new == text:
            break
        text = new
    return text


def tokenize(text: str) -> list[str]:
    """Word tokens of already-normalised text, keeping , ; : / ( ) as tokens of their own
    (they mark where one verb phrase ends and the next may begin)."""
    return _TOKEN.findall(text)


def word_set(words: str) -> frozenset[str]:
    """A frozenset of the space-separated ``words`` (keeps long word lists readable)."""
    return frozenset(words.split())


# Words in -ise that are spelt so in US English too (no "advize", "exercize").
_ISE_EVERYWHERE = word_set(
    "advise revise supervise compromise exercise promise raise comprise devise improvise "
    "surprise televise appraise apprise despise disguise premise precise concise expertise "
    "enterprise franchise merchandise rise arise wise otherwise chastise incise excise "
    "praise poise noise cruise bruise guise demise treatise"
)


def spelling_variants(word: str) -> tuple[str, ...]:
    """``word`` and its US spelling: analyse -> analyze, organise -> organize,
    practise -> practice, judgement -> judgment."""
    variants = [word]
    if word.endswith("yse"):
        variants.append(word[:-3] + "yze")
    elif word.endswith("ise") and word not in _ISE_EVERYWHERE:
        variants.append(word[:-3] + "ize")
    elif word.endswith("ement") and word.startswith("judg"):
        variants.append(word.replace("judgement", "judgment"))
    if word == "practise":
        variants.append("practice")
    return tuple(variants)


def lemma_candidates(word: str) -> tuple[str, ...]:
    """Possible dictionary forms of a verb form, most literal first (no lexicon needed)."""
    out = [word]
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    if word.endswith("ied") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("ed") and len(word) > 4:
        out.extend((word[:-1], word[:-2]))
        if len(word) > 5 and word[-3] == word[-4]:
            out.append(word[:-3])  # planned -> plan
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        out.extend((stem, stem + "e"))
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append(stem[:-1])  # planning -> plan
        if stem.endswith("y"):
            out.append(stem)  # carrying -> carry
    return tuple(dict.fromkeys(out))


# Irregular forms that occur in outcomes ("have developed", "understood", "written").
IRREGULAR = {
    "made": "make", "took": "take", "taken": "take", "found": "find", "drew": "draw",
    "drawn": "draw", "broke": "break", "broken": "break", "came": "come", "built": "build",
    "wrote": "write", "written": "write", "chose": "choose", "chosen": "choose", "led": "lead",
    "had": "have", "has": "have", "knew": "know", "known": "know", "understood": "understand",
    "learnt": "learn", "shown": "show", "given": "give", "gave": "give", "ran": "run",
    "thought": "think", "saw": "see", "seen": "see", "heard": "hear", "told": "tell",
    "taught": "teach", "was": "be", "were": "be", "is": "be", "are": "be", "been": "be",
    "being": "be", "set": "set", "put": "put", "read": "read",
}


def lemmatize(word: str, lexicon: Container[str]) -> str | None:
    """The first dictionary form of ``word`` (in either spelling) that ``lexicon`` knows, in the
    lexicon's spelling; None when no candidate is known."""
    irregular = IRREGULAR.get(word)
    if irregular is not None and irregular in lexicon:
        return irregular
    for candidate in lemma_candidates(word):
        for variant in spelling_variants(candidate):
            if variant in lexicon:
                return variant
    return None
