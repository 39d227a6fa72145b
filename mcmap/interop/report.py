"""The report every conversion returns: per descriptor field, what was carried and what was not.

A wallet or registry integrator reads it first, and the round-trip tests hold the converters to
it: whatever an export calls ``carried`` must come back equal through the matching import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: Formats the converters understand, with the name people know them by.
FORMAT_NAMES = {
    "ob3": "Open Badges 3.0",
    "elm": "European Learning Model (Europass)",
    "ctdl": "CTDL (Credential Engine)",
}

#: What happened to one field.
STATUSES = ("carried", "converted", "derived", "text-only", "lost", "missing")


@dataclass(frozen=True, order=True)
class FieldNote:
    """One line of a conversion report: a descriptor field (dotted path) and what became of it."""

    field: str
    status: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "status": self.status, "detail": self.detail}


@dataclass
class InteropReport:
    """What a conversion carried and what it could not, in a stable order."""

    format: str
    direction: str  # export | import
    source: str = ""
    notes: list[FieldNote] = field(default_factory=list)
    unmapped: set[str] = field(default_factory=set)  # source properties nothing read (import)
    warnings: list[str] = field(default_factory=list)  # things to say before anything else

    def add(self, name: str, status: str, detail: str = "") -> None:
        assert status in STATUSES, status
        self.notes.append(FieldNote(name, status, detail))

    def fields(self, *statuses: str) -> list[str]:
        """Sorted field names with one of ``statuses``."""
        return sorted({n.field for n in self.notes if n.status in statuses})

    @property
    def carried(self) -> list[str]:
        """Fields that arrive unchanged (what a round trip must keep); partly lost is not carried."""
        return sorted(set(self.fields("carried")) - set(self.fields("lost")))

    def to_dict(self) -> dict[str, Any]:
        by_status: dict[str, list[dict[str, str]]] = {s: [] for s in STATUSES}
        for note in sorted(set(self.notes)):
            by_status[note.status].append(note.to_dict())
        return {
            "format": self.format,
            "format_name": FORMAT_NAMES[self.format],
            "direction": self.direction,
            "source": self.source,
            "summary": {s: len(v) for s, v in by_status.items()},
            "fields": {s: v for s, v in by_status.items() if v},
            "unmapped_source_properties": sorted(self.unmapped),
            "warnings": list(self.warnings),
        }

    def to_text(self) -> str:
        """A short human report for stderr: everything that is not simply carried."""
        verb = "to" if self.direction == "export" else "from"
        head = f"{self.direction} {verb} {FORMAT_NAMES[self.format]}"
        lines = [f"warning: {w}" for w in self.warnings]
        lines.append(f"{head}: {len(self.carried)} fields carried")
        for status in STATUSES[1:]:
            for note in sorted(n for n in set(self.notes) if n.status == status):
                lines.append(f"  {status:<10} {note.field}" + (f": {note.detail}" if note.detail else ""))
        if self.unmapped:
            lines.append(f"  not read   source properties: {', '.join(sorted(self.unmapped))}")
        return "\n".join(lines) + "\n"


@dataclass
class ExportResult:
    """An exported document (plain JSON data) and its report."""

    document: dict[str, Any]
    report: InteropReport

    def to_json(self) -> str:
        return dumps(self.document)


@dataclass
class ImportResult:
    """A descriptor (plain data, ``mcmap: credential/1``) and its report."""

    descriptor: dict[str, Any]
    report: InteropReport


def dumps(data: Any) -> str:
    """Deterministic JSON: the converters build keys in a fixed order, lists sorted where free."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
