"""Skills taxonomies (ESCO and user-supplied ones) as frozen, fast-to-query objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, slots=True)
class Concept:
    """One skill or knowledge concept of a taxonomy."""

    id: str  # the concept URI for ESCO
    label: str  # preferred label
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    kind: str = ""  # ESCO skillType: "skill/competence" or "knowledge"
    reuse_level: str = ""  # ESCO: transversal, cross-sector, sector-specific, occupation-specific
    broader: tuple[str, ...] = ()  # ids of broader concepts
    collections: frozenset[str] = frozenset()  # e.g. {"green", "digital", "transversal"}


@dataclass(frozen=True)
class Taxonomy:
    """A versioned set of concepts; ``version`` keys on-disk caches (e.g. the skill index)."""

    id: str
    name: str
    version: str
    source: str
    concepts: tuple[Concept, ...] = field(repr=False)
    attribution: str = ""

    @cached_property
    def by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}

    def collection_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for concept in self.concepts:
            for name in concept.collections:
                sizes[name] = sizes.get(name, 0) + 1
        return dict(sorted(sizes.items()))
