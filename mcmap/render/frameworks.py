"""Renderers for `mcmap frameworks list|show`: pure functions from the library's objects to text,
behind registries that also feed ``click.Choice``; ``--format json`` is the same records, serialised.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from mcmap.frameworks_eqf import to_eqf
from mcmap.frameworks_model import Descriptor, Framework, Level, Referencing, Source, TextBlock

WIDTH = 100


# ------------------------------------------------------------------------------------ records
def list_record(fw: Framework) -> dict[str, Any]:
    """One row of ``frameworks list``."""
    return {
        "id": fw.id,
        "name": fw.name,
        "jurisdiction": list(fw.jurisdiction),
        "levels": len(fw.levels),
        "eqf_referencing": fw.eqf_referencing(),
        "completeness": fw.completeness.status,
        "credit_system": fw.credit_system,
        "origin": fw.origin,
    }


def level_record(fw: Framework, lv: Level) -> dict[str, Any]:
    """A level with its descriptors, EQF translation and completeness."""
    record = asdict(lv)
    translation = to_eqf(fw, lv.id)
    record["eqf"] = {
        "level": translation.level,
        "chained": translation.chained,
        "route": translation.describe(),
        "note": translation.note,
    }
    return record


def show_record(fw: Framework, levels: list[Level]) -> dict[str, Any]:
    """Everything ``frameworks show`` prints, as data."""
    data = asdict(fw)
    data["levels"] = [level_record(fw, lv) for lv in levels]
    return data


# ------------------------------------------------------------------------------------ text
def _wrap(text: str, indent: int, bullet: str = "") -> list[str]:
    pad = " " * indent
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=pad + bullet,
        subsequent_indent=pad + " " * len(bullet),
        break_long_words=False,
        break_on_hyphens=False,
    ) or [pad]


def _eqf_line(rec: dict[str, Any]) -> str:
    eqf = rec["eqf"]
    if eqf["level"] is not None:
        return f"EQF level: {eqf['level']}" + (" (chained - indicative)" if eqf["chained"] else "")
    return "EQF level: none - " + (eqf["note"] or "no published referencing")


def render_list_text(fws: list[Framework]) -> str:
    rows = [list_record(fw) for fw in fws]
    header = ("ID", "NAME", "JURISDICTION", "LEVELS", "EQF REFERENCING", "COMPLETENESS")
    table = [header] + [
        (
            r["id"],
            r["name"] if len(r["name"]) <= 56 else r["name"][:53] + "...",
            ",".join(r["jurisdiction"]),
            str(r["levels"]),
            r["eqf_referencing"],
            r["completeness"],
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return (
        "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table
        )
        + "\n"
    )


def render_show_text(fw: Framework, levels: list[Level]) -> str:
    data = show_record(fw, levels)
    domains = {d.id: d.title for d in fw.domains}
    out = [
        f"{fw.label} - {fw.name}",
        f"Owner: {fw.owner}",
        f"Jurisdiction: {', '.join(fw.jurisdiction)}   Kind: {fw.kind}   "
        f"Credit system: {fw.credit_system or 'none'}   Levels: {len(fw.levels)}",
    ]
    if fw.edition:
        out += _wrap(f"Edition: {fw.edition}", 0)
    out += _wrap(
        f"Completeness: {fw.completeness.status}"
        + (f" - {fw.completeness.note}" if fw.completeness.note else ""),
        0,
    )
    for ref in fw.referencing:
        note = f": {ref.note}" if ref.note else ""
        out += _wrap(f"Referencing to {ref.target.upper()} [{ref.status}]{note}", 0)
    if fw.referencing_note:
        out += _wrap(f"Referencing: {fw.referencing_note}", 0)
    if len(levels) == len(fw.levels):  # the framework-wide texts only on a full listing
        heads = [("", fw.intro)] if fw.intro else []
        heads += [(f"{dm.title}: ", dm.description) for dm in fw.domains if dm.description]
        heads += [(f"{info.label}: ", info) for info in fw.informative]
        for head, text in heads:
            if text is not None:
                out += _wrap(f"{head}{'; '.join(text.items)} ({text.status}; {', '.join(text.sources)})", 0)
    for rec, lv in zip(data["levels"], levels, strict=True):
        out += ["", f"Level {lv.id} - {lv.title}   [descriptors: {lv.completeness.status}]"]
        out += _wrap(_eqf_line(rec), 2)
        if lv.typical_qualifications:
            tq = lv.typical_qualifications
            out += _wrap(f"Typical qualifications ({tq.status}): {'; '.join(tq.items)}", 2)
        for desc in lv.descriptors:
            tag = (
                desc.status
                + (", truncated" if desc.truncated else "")
                + (f", edition {desc.edition}" if desc.edition else "")
            )
            out.append(f"  {domains.get(desc.domain, desc.domain)} ({tag}; {', '.join(desc.sources)})")
            for item in desc.items:
                out += _wrap(item, 4, "- ")
        for info in lv.informative:
            head = f"Informative, not the descriptor: {info.label} ({info.status}; {', '.join(info.sources)})"
            out += _wrap(head, 2)
            for item in info.items:
                out += _wrap(item, 4, "- ")
        if lv.volume_of_learning:
            vols = "; ".join(
                f"{v.qualification} {v.years_min:g}-{v.years_max:g}" for v in lv.volume_of_learning
            )
            out += _wrap(f"Volume of learning (equivalent full-time years): {vols}", 2)
        if lv.completeness.missing:
            out += _wrap("Missing: " + "; ".join(lv.completeness.missing), 2)
    out += ["", "Sources:"]
    for s in _used_sources(fw, levels):
        out += _wrap(f"{s.id}: {s.title} - {s.url or s.locator} ({s.kind})", 2)
    return "\n".join(out) + "\n"


def render_show_markdown(fw: Framework, levels: list[Level]) -> str:
    data = show_record(fw, levels)
    domains = {d.id: d.title for d in fw.domains}
    out = [
        f"# {fw.name} ({fw.label})",
        "",
        f"- Owner: {fw.owner}",
        f"- Jurisdiction: {', '.join(fw.jurisdiction)}",
        f"- Credit system: {fw.credit_system or 'none'}",
        f"- Completeness: **{fw.completeness.status}**",
    ]
    for rec, lv in zip(data["levels"], levels, strict=True):
        out += [
            "",
            f"## Level {lv.id}: {lv.title}",
            "",
            f"- {_eqf_line(rec)}",
            f"- Descriptors: {lv.completeness.status}",
        ]
        if lv.typical_qualifications:
            out.append(f"- Typical qualifications: {'; '.join(lv.typical_qualifications.items)}")
        if lv.completeness.missing:
            out.append(f"- Missing: {'; '.join(lv.completeness.missing)}")
        for desc in lv.descriptors:
            out += [
                "",
                f"**{domains.get(desc.domain, desc.domain)}** ({desc.status}; {', '.join(desc.sources)})",
                "",
            ]
            out += [f"- {item}" for item in desc.items]
    out += ["", "## Sources", ""]
    out += [f"- `{s.id}`: {s.title}, {s.url or s.locator} ({s.kind})" for s in _used_sources(fw, levels)]
    return "\n".join(out) + "\n"


def _used_sources(fw: Framework, levels: list[Level]) -> list[Source]:
    """All sources for the whole framework; for a single level, those its text and referencing cite."""
    if len(levels) == len(fw.levels):
        return list(fw.sources)
    cited: set[str] = {sid for ref in fw.referencing for sid in ref.sources}
    for lv in levels:
        blocks: list[Descriptor | TextBlock | Referencing] = [
            *lv.descriptors,
            *lv.informative,
            *lv.referencing,
        ]
        if lv.typical_qualifications:
            blocks.append(lv.typical_qualifications)
        cited.update(sid for block in blocks for sid in block.sources)
    return [s for s in fw.sources if s.id in cited]


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


LIST_RENDERERS: dict[str, Callable[[list[Framework]], str]] = {
    "text": render_list_text,
    "json": lambda fws: _json([list_record(fw) for fw in fws]),
}
SHOW_RENDERERS: dict[str, Callable[[Framework, list[Level]], str]] = {
    "text": render_show_text,
    "json": lambda fw, levels: _json(show_record(fw, levels)),
    "markdown": render_show_markdown,
}
