"""The frameworks model: frozen dataclasses built from validated framework documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcmap.errors import UsageError

EQF_DOMAINS = ("knowledge", "skills", "responsibility_and_autonomy")


class UnknownFrameworkError(UsageError):
    """No framework has this id (exit code 2); ``known`` lists the ids that exist."""

    def __init__(self, framework_id: str, known: list[str]) -> None:
        super().__init__(f"unknown framework {framework_id!r}", hint=f"known frameworks: {', '.join(known)}")
        self.known = known


class UnknownLevelError(UsageError):
    """The framework has no such level (exit code 2)."""


@dataclass(frozen=True)
class Source:
    """Where text came from: a page or document, and whether it is the owner's own publication."""

    id: str
    title: str
    kind: str
    primary: bool
    url: str = ""
    locator: str = ""


@dataclass(frozen=True)
class TextBlock:
    """Sourced text that is not a level descriptor (typical qualifications, informative text)."""

    items: tuple[str, ...]
    status: str
    sources: tuple[str, ...]
    label: str = ""
    truncated: bool = False
    edition: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.items)


@dataclass(frozen=True)
class Descriptor:
    """The descriptor text of one level in one domain (always verbatim or verbatim_secondary)."""

    domain: str
    items: tuple[str, ...]
    status: str
    sources: tuple[str, ...]
    truncated: bool = False
    edition: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.items)


@dataclass(frozen=True)
class Referencing:
    """A published correspondence of one level to a level of another framework."""

    target: str
    relation: str  # corresponds | no-level | not-retrieved
    status: str  # referencing-report | official-comparison | secondary
    sources: tuple[str, ...]
    level: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Completeness:
    status: str
    missing: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Domain:
    """A descriptor domain (strand, characteristic); ``eqf_domain`` is mcmap's grouping."""

    id: str
    title: str
    eqf_domain: str | None
    group: str = ""
    description: TextBlock | None = None


@dataclass(frozen=True)
class VolumeOfLearning:
    """Typical duration of a qualification type at a level, in equivalent full-time years (AQF)."""

    qualification: str
    years_min: float
    years_max: float
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Level:
    """One level: id ("4", "E1"), rank (order; equals the number for numbered levels), texts."""

    id: str
    rank: int
    title: str
    completeness: Completeness
    aliases: tuple[str, ...] = ()
    descriptors: tuple[Descriptor, ...] = ()
    typical_qualifications: TextBlock | None = None
    informative: tuple[TextBlock, ...] = ()
    referencing: tuple[Referencing, ...] = ()
    notes: tuple[str, ...] = ()
    uri: str = ""
    volume_of_learning: tuple[VolumeOfLearning, ...] = ()

    def descriptor(self, domain: str) -> Descriptor | None:
        return next((d for d in self.descriptors if d.domain == domain), None)

    def referencing_to(self, target: str) -> Referencing | None:
        return next((r for r in self.referencing if r.target == target), None)


@dataclass(frozen=True)
class FrameworkReferencing:
    """A framework-wide referencing (the report or publication behind the per-level values)."""

    target: str
    status: str
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Framework:
    """A qualification framework as loaded from one YAML document."""

    id: str
    name: str
    kind: str
    owner: str
    jurisdiction: tuple[str, ...]
    credit_system: str | None
    domains: tuple[Domain, ...]
    levels: tuple[Level, ...]
    referencing: tuple[FrameworkReferencing, ...]
    completeness: Completeness
    sources: tuple[Source, ...]
    origin: str  # "built-in" or the file it was read from
    short_name: str = ""
    edition: str = ""
    licence: str = ""
    credit_system_note: str = ""
    referencing_note: str = ""
    notes: tuple[str, ...] = ()
    informative: tuple[TextBlock, ...] = field(default=(), repr=False)
    intro: TextBlock | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return self.short_name or self.id.upper()

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def level(self, level: int | str) -> Level:
        from mcmap.frameworks_lib import get_level  # the lookup lives with the loader

        return get_level(self, level)

    def eqf_referencing(self) -> str:
        """One phrase for listings: how (and whether) this framework reaches the EQF."""
        if self.id == "eqf":
            return "is the EQF"
        direct = next((r for r in self.referencing if r.target == "eqf"), None)
        per_level = [lv.referencing_to("eqf") for lv in self.levels]
        if direct and any(r is not None and r.relation != "not-retrieved" for r in per_level):
            return direct.status
        via = [r.target for r in self.referencing if r.target != "eqf"]
        if via:
            return f"via {', '.join(via)}" + (" (no EQF table)" if direct else "")
        return "none"


def text_block_from(data: dict[str, Any] | None) -> TextBlock | None:
    if data is None:
        return None
    return TextBlock(
        tuple(data["items"]),
        data["status"],
        tuple(data["sources"]),
        data.get("label", ""),
        bool(data.get("truncated")),
        data.get("edition", ""),
        data.get("note", ""),
    )


def level_from(data: dict[str, Any]) -> Level:
    c = data["completeness"]
    return Level(
        id=data["id"],
        rank=data["rank"],
        title=data["title"],
        completeness=Completeness(c["status"], tuple(c.get("missing", ())), c.get("note", "")),
        aliases=tuple(data.get("aliases", ())),
        descriptors=tuple(
            Descriptor(
                domain,
                tuple(d["items"]),
                d["status"],
                tuple(d["sources"]),
                bool(d.get("truncated")),
                d.get("edition", ""),
                d.get("note", ""),
            )
            for domain, d in data.get("descriptors", {}).items()
        ),
        typical_qualifications=text_block_from(data.get("typical_qualifications")),
        informative=tuple(b for b in map(text_block_from, data.get("informative", ())) if b),
        referencing=tuple(
            Referencing(
                r["target"],
                r["relation"],
                r["status"],
                tuple(r["sources"]),
                None if r.get("level") is None else str(r["level"]),
                r.get("note", ""),
            )
            for r in data.get("referencing", ())
        ),
        notes=tuple(data.get("notes", ())),
        volume_of_learning=tuple(
            VolumeOfLearning(
                v["qualification"], v["years_min"], v["years_max"], tuple(v["sources"]), v.get("note", "")
            )
            for v in data.get("volume_of_learning", ())
        ),
        uri=data.get("uri", ""),
    )
