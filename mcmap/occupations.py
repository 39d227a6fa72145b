"""ESCO occupations with their essential and optional skills, loaded only when asked.

The packaged file ``taxonomies/esco-occupations-1.1.1.json.gz`` holds the 3,007 ESCO v1.1.1
occupations (URI, labels, ISCO group, description) and their skill links from ESCO's
``occupationSkillRelations.csv``. ``find_occupation`` accepts a URI, an exact label or a loose
label (searched with rapidfuzz).

This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcmap.errors import DataError, InputError, McmapError, UsageError
from mcmap.resources import data_file
from mcmap.taxonomy_file import OCCUPATION_COLUMNS, OCCUPATIONS_FORMAT, columns, read_payload

if TYPE_CHECKING:
    from mcmap.taxonomy import Taxonomy

PACKAGED = "esco-occupations-1.1.1.json.gz"
#: below this rapidfuzz score a loose label is "not found" rather than a wild guess
MIN_FUZZY_SCORE = 80.0


@dataclass(frozen=True, slots=True)
class Occupation:
    """One ESCO occupation and the skills ESCO lists for it."""

    id: str  # the occupation URI
    label: str
    alt_labels: tuple[str, ...] = ()
    isco_group: str = ""  # ISCO-08 unit group code, e.g. "2654"
    code: str = ""  # ESCO code, e.g. "2654.1.7"
    description: str = ""
    essential: tuple[str, ...] = ()  # concept ids (skill URIs)
    optional: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "label": self.label, "alt_labels": list(self.alt_labels),
            "isco_group": self.isco_group, "code": self.code, "description": self.description,
            "essential": list(self.essential), "optional": list(self.optional),
        }


@dataclass(frozen=True)
class Occupations:
    """All occupations of one ESCO version."""

    version: str
    source: str
    attribution: str
    occupations: tuple[Occupation, ...] = field(repr=False)

    @cached_property
    def by_id(self) -> dict[str, Occupation]:
        return {o.id: o for o in self.occupations}

    @cached_property
    def by_label(self) -> dict[str, Occupation]:
        """Exact labels (preferred first, then alternative), compared case-insensitively."""
        table: dict[str, Occupation] = {}
        for occ in self.occupations:
            table.setdefault(occ.label.casefold(), occ)
        for occ in self.occupations:
            for alt in occ.alt_labels:
                table.setdefault(alt.casefold(), occ)
        return table

    def search(self, text: str, limit: int = 5) -> list[tuple[Occupation, float, str]]:
        """Occupations whose labels resemble ``text``: (occupation, score 0-100, label matched)."""
        from rapidfuzz import fuzz, process, utils

        labels: list[tuple[str, Occupation]] = [
            (label, occ) for occ in self.occupations for label in (occ.label, *occ.alt_labels)
        ]
        found = process.extract(
            text, [label for label, _ in labels], scorer=fuzz.WRatio,
            processor=utils.default_process, limit=limit * 10,
        )
        best: dict[str, tuple[Occupation, float, str]] = {}
        for label, score, row in found:
            occ = labels[row][1]
            if occ.id not in best or score > best[occ.id][1]:
                best[occ.id] = (occ, float(score), label)
        ranked = sorted(best.values(), key=lambda t: (-t[1], t[0].label, t[0].id))
        return ranked[:limit]


def load_occupations(path: str | Path | None = None) -> Occupations:
    """The packaged ESCO occupations, or those of a file written by the ESCO importer."""
    if path is None:
        return _load_packaged()
    p = Path(path).expanduser()
    if not p.is_file():
        raise UsageError(f"{p}: no such occupations file",
                         "write one with 'mcmap taxonomy import esco ZIP --relations REL -o DIR'")
    return _from_bytes(p.read_bytes(), str(p), InputError)


@lru_cache(maxsize=1)
def _load_packaged() -> Occupations:
    return _from_bytes(data_file("taxonomies", PACKAGED).read_bytes(), f"packaged:{PACKAGED}",
                       DataError)


def _from_bytes(data: bytes, origin: str, error: type[McmapError]) -> Occupations:
    payload = read_payload(data, origin, OCCUPATIONS_FORMAT, error)
    table, _ = columns(payload, "occupations", OCCUPATION_COLUMNS, origin, error)
    header = payload.get("header") or {}
    skills = payload.get("skills")
    try:
        assert isinstance(skills, list)
        occupations = tuple(
            Occupation(oid, label, tuple(alts), isco, code, desc,
                       tuple(skills[i] for i in ess), tuple(skills[i] for i in opt))
            for oid, label, alts, isco, code, desc, ess, opt in zip(
                *(table[c] for c in OCCUPATION_COLUMNS), strict=True)
        )
    except (AssertionError, TypeError, IndexError, ValueError) as exc:
        raise error(f"{origin}: malformed occupation data ({type(exc).__name__}: {exc})",
                    "the file is damaged; write it again") from exc
    expected = header.get("counts", {}).get("occupations")
    if expected is not None and expected != len(occupations):
        raise error(f"{origin}: header says {expected} occupations, found {len(occupations)}",
                    "the file is damaged; write it again")
    return Occupations(str(header.get("version", "")), str(header.get("source", "")),
                       str(header.get("attribution", "")), occupations)


def find_occupation(uri_or_label: str, occupations: Occupations | None = None) -> Occupation:
    """An occupation by exact URI, then exact label (any case), then the closest label.

    Raises InputError when nothing is close enough, naming the nearest candidates.
    """
    occs = occupations or load_occupations()
    text = uri_or_label.strip()
    if text in occs.by_id:
        return occs.by_id[text]
    if text.casefold() in occs.by_label:
        return occs.by_label[text.casefold()]
    ranked = occs.search(text, limit=3) if text else []
    if ranked and ranked[0][1] >= MIN_FUZZY_SCORE:
        return ranked[0][0]
    near = "; ".join(f"{o.label} ({s:.0f})" for o, s, _ in ranked) or "none"
    raise InputError(f"no ESCO occupation matches {uri_or_label!r} (closest: {near})",
                     "give an occupation URI or its ESCO label")


def occupation_details(occupation: Occupation, taxonomy: Taxonomy) -> dict[str, Any]:
    """An occupation with its essential and optional skills named, each list sorted by label."""

    def named(ids: tuple[str, ...]) -> list[dict[str, str]]:
        rows = [{"id": i, "label": taxonomy.label_of(i)} for i in ids]
        return sorted(rows, key=lambda r: (r["label"].casefold(), r["id"]))

    head = occupation.to_dict()
    del head["essential"], head["optional"]
    return {
        "occupation": head,
        "taxonomy": {"id": taxonomy.id, "version": taxonomy.version},
        "essential": named(occupation.essential),
        "optional": named(occupation.optional),
    }


__all__ = [
    "Occupation",
    "Occupations",
    "find_occupation",
    "load_occupations",
    "occupation_details",
]
