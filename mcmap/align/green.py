"""Greening tags: which UNESCO Greening Curriculum sub-topics an outcome addresses.

A sub-topic matches when every content word of one of its phrases (label, alternative label, or
mcmap's keywords) occurs in the outcome, after the same light stemming the skill index uses. It is
deliberately literal: a reader can see the phrase that matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from mcmap.align.index import clean_tokens


@dataclass(frozen=True)
class _Phrase:
    tokens: frozenset[str]
    topic: str  # "Topic > Sub-topic"


@lru_cache(maxsize=1)
def _phrases() -> tuple[_Phrase, ...]:
    from mcmap.taxonomy import load_taxonomy

    taxonomy = load_taxonomy("greening")
    labels = {c.id: c.label for c in taxonomy.concepts}
    phrases = []
    for concept in taxonomy.concepts:
        if not concept.broader:  # top-level topics are matched through their sub-topics
            continue
        topic = f"{labels.get(concept.broader[0], concept.broader[0])} > {concept.label}"
        for text in (concept.label, *concept.alt_labels, *concept.keywords):
            tokens = frozenset(clean_tokens(text))
            if tokens:
                phrases.append(_Phrase(tokens, topic))
    return tuple(phrases)


def greening_topics(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """For each outcome, the sorted greening sub-topics it addresses."""
    phrases = _phrases()
    result = []
    for text in texts:
        tokens = set(clean_tokens(text))
        result.append(tuple(sorted({p.topic for p in phrases if p.tokens <= tokens})))
    return result
