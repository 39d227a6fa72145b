"""The Bloom verb lexicon, compiled once from the packaged ``taxonomies/bloom.yaml``.

Every verb keeps where it came from (A&K's cognitive processes, the RACGP or OSU guide, or
mcmap's own additions) and, when guides disagree, the rule that resolved it, so an analysis can
say "evaluate: from RACGP's Evaluate list" rather than just "evaluate".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mcmap.align.text import lemmatize, spelling_variants
from mcmap.errors import DataError
from mcmap.load.yamlpos import YamlProblem, parse_documents
from mcmap.resources import data_file

LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")
ORDER = {level: i for i, level in enumerate(LEVELS)}
BLOOM_FILE = "bloom.yaml"


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """One verb or fixed phrase and the Bloom category mcmap gives it."""

    phrase: str  # canonical (US) spelling, words joined by spaces
    level: str | None
    source: str  # AK_PROCESS, RACGP, OSU, mcmap, avoid-list
    vague: bool = False
    listed_in: tuple[tuple[str, str], ...] = ()  # every (level, source) that lists it
    reason: str = ""  # why a verb listed in several categories got this one

    def origin(self) -> str:
        """Human-readable provenance, e.g. "RACGP Evaluate list" or "avoid-list (vague)"."""
        if self.vague:
            return "verbs-to-avoid list (vague)"
        where = f"{self.source} {self.level.capitalize() if self.level else ''} list".strip()
        levels = {lv for lv, _ in self.listed_in}
        if len(levels) > 1:
            others = ", ".join(f"{src} {lv}" for lv, src in self.listed_in)
            how = self.reason or f"resolved by list priority ({self.source} first)"
            return f"{where}; also listed as {others}; {how}"
        return where


@dataclass(frozen=True)
class Lexicon:
    """Compiled lookups: single verbs, multi-word phrases by first word, knowledge nouns."""

    verbs: dict[str, VerbEntry]
    phrases: dict[str, tuple[tuple[tuple[str, ...], VerbEntry], ...]]  # first word -> longest first
    knowledge_nouns: dict[str, str]
    words: frozenset[str]  # every word a verb form may lemmatise to
    version: str
    # word -> lemma in ``words`` (or None); filled as outcomes are read, since the same few
    # thousand word forms recur across a catalogue
    _lemmas: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def lemma(self, word: str) -> str | None:
        """``lemmatize(word, self.words)``, cached."""
        try:
            return self._lemmas[word]
        except KeyError:
            result = self._lemmas[word] = lemmatize(word, self.words)
            return result

    def verb_lemma(self, word: str) -> str | None:
        """The lemma of ``word`` when it is a one-word verb of the lexicon."""
        lemma = self.lemma(word)
        return lemma if lemma in self.verbs else None


def _fold(word: str) -> str:
    """US spelling of one word (analyse -> analyze)."""
    return spelling_variants(word)[-1]


def _canon(phrase: str) -> str:
    return " ".join(_fold(w) for w in phrase.lower().split())


def _listings(data: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """phrase -> [(level, source), ...] over A&K processes and every verb list."""
    listed: dict[str, list[tuple[str, str]]] = {}
    for cat in data["categories"]:
        level = cat["id"]
        for proc in cat.get("processes") or []:
            for name in [proc["name"], *(proc.get("alt") or [])]:
                words = name.split()
                if words and words[0].endswith("ing") and len(words) == 1:
                    stem = _ing_to_base(words[0])
                    listed.setdefault(_canon(stem), []).append((level, "AK_PROCESS"))
        for source, verbs in (cat.get("verbs") or {}).items():
            for verb in verbs or []:
                listed.setdefault(_canon(str(verb)), []).append((level, str(source)))
    return listed


def _ing_to_base(word: str) -> str:
    """A&K's process names are gerunds ("recognizing"); the lexicon wants "recognize"."""
    special = {"carrying": "carry", "using": "use", "focusing": "focus", "mapping": "map",
               "planning": "plan", "testing": "test", "matching": "match",
               "explaining": "explain", "interpreting": "interpret", "recalling": "recall",
               "checking": "check", "attributing": "attribute", "generating": "generate",
               "producing": "produce", "designing": "design", "constructing": "construct",
               "judging": "judge", "critiquing": "critique", "detecting": "detect",
               "monitoring": "monitor", "selecting": "select", "structuring": "structure",
               "parsing": "parse", "outlining": "outline", "integrating": "integrate",
               "deconstructing": "deconstruct", "retrieving": "retrieve",
               "identifying": "identify", "coordinating": "coordinate"}
    if word in special:
        return special[word]
    stem = word[:-3]
    # classifying -> classify; summarizing -> summarize; inferring -> infer
    if stem.endswith("y"):
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2]:
        return stem[:-1]
    return stem + "e" if stem.endswith(("iz", "at", "uc", "ud", "as", "um", "ar", "ut")) else stem


def _resolve(phrase: str, listed: list[tuple[str, str]], data: dict[str, Any]) -> VerbEntry:
    resolution = data.get("resolution") or {}
    overrides = resolution.get("overrides") or {}
    priority = list(resolution.get("list_priority") or ["AK_PROCESS", "RACGP", "OSU", "mcmap"])
    unique = tuple(dict.fromkeys(listed))
    levels = {lv for lv, _ in unique}
    if phrase in overrides:
        rule = overrides[phrase]
        level = str(rule["level"])
        source = next((src for lv, src in unique if lv == level), "mcmap")
        return VerbEntry(phrase, level, source, False, unique, f"mcmap: {rule['reason']}")
    if len(levels) == 1:
        level, source = min(unique, key=lambda ls: _rank(ls[1], priority))
        return VerbEntry(phrase, level, source, False, unique)
    # Several categories and no override: list priority, then the lower category.
    level, source = min(unique, key=lambda ls: (_rank(ls[1], priority), ORDER[ls[0]]))
    return VerbEntry(phrase, level, source, False, unique)


def _rank(source: str, priority: list[str]) -> int:
    return priority.index(source) if source in priority else len(priority)


def compile_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build the lookups from the parsed ``bloom.yaml`` mapping."""
    entries: dict[str, VerbEntry] = {}
    for phrase, listed in _listings(data).items():
        entries[phrase] = _resolve(phrase, listed, data)
    for phrase, spec in (data.get("phrasal_verbs") or {}).items():
        key = _canon(str(phrase))
        entries[key] = VerbEntry(key, spec["level"], spec["source"], False,
                                 ((spec["level"], spec["source"]),))
    for phrase, level in ((data.get("verbs_to_avoid") or {}).get("items") or {}).items():
        key = _canon(str(phrase))
        entries[key] = VerbEntry(key, level, "avoid-list", True,
                                 ((level, "avoid-list"),) if level else ())
    verbs: dict[str, VerbEntry] = {}
    grouped: dict[str, list[tuple[tuple[str, ...], VerbEntry]]] = {}
    for key, entry in sorted(entries.items()):
        words = key.split()
        if len(words) == 1:
            verbs[key] = entry
        else:
            grouped.setdefault(words[0], []).append((tuple(words[1:]), entry))
    phrases = {
        first: tuple(sorted(items, key=lambda item: (-len(item[0]), item[0])))
        for first, items in grouped.items()
    }
    nouns = {_canon(str(k)): str(v) for k, v in (data.get("knowledge_nouns") or {}).items()}
    known = frozenset(verbs) | frozenset(phrases)
    return Lexicon(verbs, phrases, nouns, known, str(data.get("meta", {}).get("version", "")))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged Bloom lexicon, read and compiled once per process."""
    resource = data_file("taxonomies", BLOOM_FILE)
    try:
        docs = list(parse_documents(resource.read_text(encoding="utf-8"), BLOOM_FILE))
    except YamlProblem as exc:
        raise DataError(f"{BLOOM_FILE}:{exc.line}:{exc.column}: {exc.message}",
                        hint="reinstall mcmap") from exc
    if not docs or not isinstance(docs[0].data, dict) or "categories" not in docs[0].data:
        raise DataError(f"{BLOOM_FILE}: no 'categories' mapping", hint="reinstall mcmap")
    try:
        return compile_lexicon(docs[0].data)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{BLOOM_FILE}: malformed entry ({exc})", hint="reinstall mcmap") from exc
