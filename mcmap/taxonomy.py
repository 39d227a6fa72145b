"""Skills taxonomies (ESCO and user-supplied ones) as frozen, fast-to-query objects.

``load_taxonomy("esco")`` gives the packaged ESCO; ``load_taxonomy(path)`` reads a file written
by ``mcmap taxonomy import esco`` or a YAML document ``mcmap: taxonomy/1``. Loads are cached.
Broken packaged data raises DataError (exit 3); a broken user file raises InputError (exit 1).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from mcmap.errors import DataError, InputError, McmapError, UsageError
from mcmap.occupations import Occupation, Occupations, find_occupation, load_occupations
from mcmap.resources import data_dir
from mcmap.taxonomy_file import (
    CONCEPT_COLUMNS,
    SUFFIX,
    TAXONOMY_FORMAT,
    columns,
    read_payload,
)

_YAML_SUFFIXES = (".yaml", ".yml")
#: packaged compact taxonomies are named <id>-<version>.json.gz (other .json.gz files are not ours)
_COMPACT_NAME = re.compile(r"^([a-z][a-z0-9_]*(?:-[a-z][a-z0-9_]*)*)-(\d[\w.]*)" + re.escape(SUFFIX) + "$")
_YAML_KIND = re.compile(r"^mcmap:\s*['\"]?taxonomy/", re.MULTILINE)


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
    # matching aids that are not labels of the source (mcmap's own, e.g. for greening topics)
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """A versioned set of concepts; ``version`` keys on-disk caches (e.g. the skill index)."""

    id: str
    name: str
    version: str
    source: str
    concepts: tuple[Concept, ...] = field(repr=False)
    attribution: str = ""
    licence: str = ""
    language: str = "en"
    #: where it was loaded from ("packaged:esco-1.1.1.json.gz" or a file path)
    origin: str = ""
    #: grouping nodes above the concepts (ESCO skill groups), so broader ids can be shown by label
    groups: tuple[Concept, ...] = field(default=(), repr=False)

    @cached_property
    def by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}

    @cached_property
    def groups_by_id(self) -> dict[str, Concept]:
        return {g.id: g for g in self.groups}

    def label_of(self, concept_id: str) -> str:
        """The label of a concept or group, or the id itself when unknown."""
        node = self.by_id.get(concept_id) or self.groups_by_id.get(concept_id)
        return node.label if node else concept_id

    def collection_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for concept in self.concepts:
            for name in concept.collections:
                sizes[name] = sizes.get(name, 0) + 1
        return dict(sorted(sizes.items()))

    def kind_counts(self) -> dict[str, int]:
        """Concepts per kind (ESCO skill type); concepts without one count as "(none)"."""
        counts = Counter(c.kind or "(none)" for c in self.concepts)
        return dict(sorted(counts.items()))

    @cached_property
    def label_table(self) -> tuple[list[str], list[int], list[str]]:
        """Every searchable label (normalised), its concept's position, and what it is."""
        from rapidfuzz.utils import default_process

        texts: list[str] = []
        owners: list[int] = []
        sources: list[str] = []
        for i, concept in enumerate(self.concepts):
            seen: set[str] = set()
            for text, source in (
                [(concept.label, "label")]
                + [(a, "alt_label") for a in concept.alt_labels]
                + [(k, "keyword") for k in concept.keywords]
            ):
                norm = default_process(text)
                if norm and norm not in seen:
                    seen.add(norm)
                    texts.append(norm)
                    owners.append(i)
                    sources.append(source)
        return texts, owners, sources


@dataclass(frozen=True)
class SearchHit:
    """One concept found by ``search``: the best of its labels and how well it matched."""

    concept: Concept
    score: float  # 0-100
    matched_label: str
    matched_on: str  # "label", "alt_label" or "keyword"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.concept.id,
            "label": self.concept.label,
            "matched_label": self.matched_label,
            "matched_on": self.matched_on,
            "score": round(self.score, 1),
            "kind": self.concept.kind,
            "collections": sorted(self.concept.collections),
        }


def search(taxonomy: Taxonomy, text: str, limit: int = 10,
           collection: str | None = None) -> list[SearchHit]:
    """Concepts whose labels resemble ``text``, best first (rapidfuzz over every label).

    ``collection`` keeps only members of one collection (e.g. "green").

    The score is the mean of token-set and token-sort similarity, so that a label containing
    the query scores high but an exact label scores highest. For the CLI and quick look-ups;
    outcome-to-skill alignment has its own index.
    """
    import numpy as np
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    query = default_process(text)
    texts, owners, sources = taxonomy.label_table
    if not query or not texts or limit < 1:
        return []
    scores = (
        process.cdist([query], texts, scorer=fuzz.token_set_ratio, dtype=np.float32)[0]
        + process.cdist([query], texts, scorer=fuzz.token_sort_ratio, dtype=np.float32)[0]
    ) / 2
    if collection is not None:
        member = np.fromiter((collection in taxonomy.concepts[o].collections for o in owners),
                             dtype=bool, count=len(owners))
        scores[~member] = -1.0
    # best label per concept; ties go to the preferred label, then the earlier label
    order = np.lexsort((np.arange(len(texts)), -scores))
    best: dict[int, int] = {}
    for row in order[: max(limit * 40, 400)].tolist():
        if scores[row] < 0:
            break
        owner = owners[row]
        if owner not in best or (
            scores[row] == scores[best[owner]] and sources[row] == "label"
        ):
            best[owner] = row
    hits = [_hit(taxonomy, owner, row, float(scores[row]), sources[row])
            for owner, row in best.items()]
    hits.sort(key=lambda h: (-h.score, h.matched_on != "label", h.concept.label, h.concept.id))
    return hits[:limit]


def _hit(taxonomy: Taxonomy, owner: int, row: int, score: float, source: str) -> SearchHit:
    from rapidfuzz.utils import default_process

    concept = taxonomy.concepts[owner]
    candidates = {"label": [concept.label], "alt_label": list(concept.alt_labels),
                  "keyword": list(concept.keywords)}[source]
    wanted = taxonomy.label_table[0][row]
    label = next((c for c in candidates if default_process(c) == wanted), wanted)
    return SearchHit(concept, round(score, 1), label, source)


# --- finding and loading -------------------------------------------------------------------


@dataclass(frozen=True)
class TaxonomyEntry:
    """A packaged taxonomy: its id and the file that holds it."""

    id: str
    file: str


@lru_cache(maxsize=1)
def _packaged() -> dict[str, TaxonomyEntry]:
    """Packaged taxonomies by id: ``<id>-<version>.json.gz`` files and taxonomy YAML documents.

    Other packaged data (Bloom's verbs, model files) shares the folder and is skipped.
    """
    entries: dict[str, TaxonomyEntry] = {}
    for item in sorted(data_dir("taxonomies").iterdir(), key=lambda p: p.name):
        name = item.name
        compact = _COMPACT_NAME.match(name)
        if compact and "-occupations-" not in name:
            tid = compact.group(1)
        elif name.endswith(_YAML_SUFFIXES) and _YAML_KIND.search(item.read_text("utf-8")[:4000]):
            tid = name.rsplit(".", 1)[0]
        else:
            continue  # other data (e.g. Bloom's verbs) is not a concept taxonomy
        entries.setdefault(tid, TaxonomyEntry(tid, name))
    return entries


def list_taxonomies() -> list[TaxonomyEntry]:
    """Packaged taxonomies, sorted by id."""
    return sorted(_packaged().values(), key=lambda e: e.id)


def load_taxonomy(id_or_path: str | Path) -> Taxonomy:
    """A packaged taxonomy by id (``esco``, ``greening``) or a taxonomy file by path."""
    key = str(id_or_path)
    packaged = _packaged()
    if key in packaged and not Path(key).is_file():  # a folder called "esco" is not a taxonomy
        return _load_packaged(packaged[key].file)
    path = Path(key).expanduser()
    if not path.is_file():
        raise UsageError(
            f"unknown taxonomy {key!r}: not a packaged taxonomy id nor a file",
            hint=f"use one of: {', '.join(sorted(packaged))}, or the path of a taxonomy file",
        )
    stat = path.stat()
    return _load_user(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_packaged(name: str) -> Taxonomy:
    item = data_dir("taxonomies") / name
    try:
        data = item.read_bytes()
    except OSError as exc:
        raise DataError(f"packaged taxonomy {name!r} cannot be read: {exc}",
                        "reinstall mcmap (pip install --force-reinstall mcmap)") from exc
    origin = f"packaged:{name}"
    if name.endswith(_YAML_SUFFIXES):
        from mcmap.taxonomy_yaml import taxonomy_from_yaml

        return taxonomy_from_yaml(data, origin, DataError)
    return from_payload(read_payload(data, origin, TAXONOMY_FORMAT, DataError), origin, DataError)


@lru_cache(maxsize=8)
def _load_user(path: str, _mtime: int, _size: int) -> Taxonomy:
    """A user's taxonomy file; mtime and size are part of the cache key, so edits are seen."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if path.endswith(_YAML_SUFFIXES):
        from mcmap.taxonomy_yaml import taxonomy_from_yaml

        return taxonomy_from_yaml(data, path, InputError)
    return from_payload(read_payload(data, path, TAXONOMY_FORMAT, InputError), path, InputError)


def from_payload(payload: dict[str, Any], origin: str, error: type[McmapError]) -> Taxonomy:
    """Build a Taxonomy from a decoded compact file, checking it against its own header."""
    header = payload.get("header")
    if not isinstance(header, dict) or not header.get("id") or not header.get("version"):
        raise error(f"{origin}: header with id and version is missing")
    table, size = columns(payload, "concepts", CONCEPT_COLUMNS, origin, error)
    _check_types(table, origin, error)
    members: list[set[str]] = [set() for _ in range(size)]
    try:
        for cname, rows in sorted(payload.get("collections", {}).items()):
            for row in rows:
                if type(row) is not int or not 0 <= row < size:  # no bools, no negatives
                    raise ValueError(f"collection {cname!r} lists row {row!r} of {size}")
                members[row].add(cname)
        concepts = tuple(
            Concept(cid, label, tuple(alts), desc, kind, reuse, tuple(broader), frozenset(m))
            for cid, label, alts, desc, kind, reuse, broader, m in zip(
                *(table[c] for c in CONCEPT_COLUMNS), members, strict=True
            )
        )
        groups_table = payload.get("groups") or {"id": [], "label": [], "broader": []}
        groups = tuple(
            Concept(gid, glabel, broader=tuple(gb), kind="group")
            for gid, glabel, gb in zip(groups_table["id"], groups_table["label"],
                                       groups_table["broader"], strict=True)
        )
    except (TypeError, IndexError, KeyError, ValueError, AttributeError) as exc:
        raise error(f"{origin}: malformed concept data ({type(exc).__name__}: {exc})") from exc
    counts = header.get("counts", {})
    expected = {"concepts": len(concepts), **_sizes(concepts)}
    wrong = {k: (v, expected.get(k, 0)) for k, v in counts.items() if expected.get(k, 0) != v}
    if wrong:
        raise error(f"{origin}: content does not match its header counts "
                    f"(header, found): {wrong}", "the file is damaged; write it again")
    return Taxonomy(
        id=str(header["id"]), name=str(header.get("name", header["id"])),
        version=str(header["version"]), source=str(header.get("source", "")),
        concepts=concepts, attribution=str(header.get("attribution", "")),
        licence=str(header.get("licence", "")), language=str(header.get("language", "en")),
        origin=origin, groups=groups,
    )


def _check_types(table: dict[str, list[Any]], origin: str, error: type[McmapError]) -> None:
    """Text columns hold text and list columns lists of text, so later code can trust them."""
    for name in CONCEPT_COLUMNS:
        values = table[name]
        if name in ("alt_labels", "broader"):
            # map(type, ...) keeps the check at C speed: it runs on every load of ESCO
            ok = set(map(type, values)) <= {list} and set(
                map(type, chain.from_iterable(values))) <= {str}
        else:
            ok = set(map(type, values)) <= {str}
        if not ok:
            raise error(f"{origin}: concepts column {name!r} holds values of the wrong type",
                        "the file is damaged; write it again")


def _sizes(concepts: tuple[Concept, ...]) -> dict[str, int]:
    sizes: Counter[str] = Counter()
    for concept in concepts:
        sizes.update(concept.collections)
    return dict(sizes)


def summary(taxonomy: Taxonomy) -> dict[str, Any]:
    """What ``mcmap taxonomy show`` reports: identity, provenance and counts."""
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "version": taxonomy.version,
        "language": taxonomy.language,
        "source": taxonomy.source,
        "licence": taxonomy.licence,
        "attribution": taxonomy.attribution,
        "origin": taxonomy.origin,
        "concepts": len(taxonomy.concepts),
        "kinds": taxonomy.kind_counts(),
        "collections": taxonomy.collection_sizes(),
        "groups": len(taxonomy.groups),
        "with_broader": sum(1 for c in taxonomy.concepts if c.broader),
    }


def concept_details(taxonomy: Taxonomy, concept_id: str) -> dict[str, Any]:
    """One concept with its broader concepts resolved to labels (UsageError when unknown)."""
    concept = taxonomy.by_id.get(concept_id)
    if concept is None:
        raise UsageError(f"no concept {concept_id!r} in taxonomy {taxonomy.id!r}",
                         f"find its id with 'mcmap taxonomy search {taxonomy.id} TEXT'")
    return {
        "id": concept.id,
        "label": concept.label,
        "alt_labels": list(concept.alt_labels),
        "description": concept.description,
        "kind": concept.kind,
        "reuse_level": concept.reuse_level,
        "broader": [{"id": b, "label": taxonomy.label_of(b)} for b in concept.broader],
        "collections": sorted(concept.collections),
        "keywords": list(concept.keywords),
    }


__all__ = [
    "Concept",
    "Occupation",
    "Occupations",
    "SearchHit",
    "Taxonomy",
    "TaxonomyEntry",
    "concept_details",
    "find_occupation",
    "list_taxonomies",
    "load_occupations",
    "load_taxonomy",
    "search",
    "summary",
]
