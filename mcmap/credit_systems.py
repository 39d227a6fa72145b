"""Credit systems and conversions through notional learning hours.

Each system states its notional hours per credit as a range (ECTS: 25-30 h) and a nominal value;
the published rule text is the authority. A conversion uses a published ratio when one exists
(2 UK credits = 1 ECTS), otherwise notional hours, and always reports the range and the rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mcmap.errors import DataError, UsageError
from mcmap.frameworks_lib import CREDIT_SYSTEMS_FILE, check_document, read_fast
from mcmap.frameworks_model import Source, TextBlock
from mcmap.resources import data_file


@dataclass(frozen=True)
class Hours:
    """Notional learning hours: a range and the nominal value inside it."""

    min: float
    max: float
    nominal: float


@dataclass(frozen=True)
class PublishedConversion:
    to: str
    factor: float  # 1 credit of the owning system = factor credits of ``to``
    rule: TextBlock
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class CreditSystem:
    id: str
    name: str
    unit: str
    hours_per_credit: Hours
    rule: TextBlock
    sources: tuple[Source, ...]
    region: str = ""
    nominal_note: str = ""
    full_time_year_credits: float | None = None
    published: tuple[PublishedConversion, ...] = ()


@dataclass(frozen=True)
class Conversion:
    """``value`` credits of ``from_system`` expressed in ``to_system``: nominal value and range."""

    value: float
    min: float
    max: float
    from_system: str
    to_system: str
    method: str  # identity | published-ratio | notional-hours
    hours: Hours | None
    explanation: str
    sources: tuple[Source, ...] = ()


def _block(data: dict[str, Any]) -> TextBlock:
    return TextBlock(
        tuple(data["items"]),
        str(data["status"]),
        tuple(data["sources"]),
        str(data.get("label", "")),
        bool(data.get("truncated")),
        note=str(data.get("note", "")),
    )


@lru_cache(maxsize=1)
def load_credit_systems() -> dict[str, CreditSystem]:
    """The built-in credit systems by id (frameworks/credit-systems.yaml)."""
    name = f"frameworks/{CREDIT_SYSTEMS_FILE}"
    try:
        text = data_file("frameworks", CREDIT_SYSTEMS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"built-in credit systems {name} cannot be read: {exc}") from exc
    doc = read_fast(text, name, builtin=True)
    check_document(doc, "credit-systems", builtin=True)
    sources = {
        s["id"]: Source(s["id"], s["title"], s["kind"], s["primary"], s.get("url", ""), s.get("locator", ""))
        for s in doc.data["sources"]
    }
    systems: dict[str, CreditSystem] = {}
    for s in doc.data["systems"]:
        h = s["hours_per_credit"]
        if not h["min"] <= h["nominal"] <= h["max"]:
            raise DataError(f"{name}: {s['id']}: nominal hours {h['nominal']} outside {h['min']}-{h['max']}")
        rule = _block(s["rule"])
        systems[s["id"]] = CreditSystem(
            id=s["id"],
            name=s["name"],
            unit=s["unit"],
            hours_per_credit=Hours(h["min"], h["max"], h["nominal"]),
            rule=rule,
            sources=tuple(sources[i] for i in rule.sources),
            region=s.get("region", ""),
            nominal_note=s.get("nominal_note", ""),
            full_time_year_credits=(s.get("full_time_year") or {}).get("credits"),
            published=tuple(
                PublishedConversion(p["to"], p["factor"], _block(p), tuple(sources[i] for i in p["sources"]))
                for p in s.get("published_conversions", ())
            ),
        )
    for system in systems.values():
        for p in system.published:
            if p.to not in systems:
                raise DataError(f"{name}: {system.id}: published conversion to unknown system {p.to!r}")
    return systems


def get_credit_system(system_id: str) -> CreditSystem:
    """A credit system by id; an unknown id is a UsageError listing the known ones."""
    systems = load_credit_systems()
    if system_id not in systems:
        raise UsageError(f"unknown credit system {system_id!r}", hint=f"known: {', '.join(sorted(systems))}")
    return systems[system_id]


def _check_value(value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise UsageError(f"credits must be a finite number >= 0, got {value!r}")


def hours_for(credits: float, system_id: str) -> Hours:
    """Notional hours of ``credits`` in ``system_id`` (a range, and the nominal value)."""
    _check_value(credits)
    h = get_credit_system(system_id).hours_per_credit
    return Hours(credits * h.min, credits * h.max, credits * h.nominal)


def convert_credits(value: float, from_system: str, to_system: str) -> Conversion:
    """``value`` credits of ``from_system`` in ``to_system``, with the rule used and its range."""
    _check_value(value)
    src, dst = get_credit_system(from_system), get_credit_system(to_system)
    if src.id == dst.id:
        return Conversion(value, value, value, src.id, dst.id, "identity", None, "same credit system")
    for system, factor_of in ((src, lambda f: f), (dst, lambda f: 1 / f)):
        for p in system.published:
            if {system.id, p.to} == {src.id, dst.id}:
                converted = value * factor_of(p.factor)
                return Conversion(
                    converted,
                    converted,
                    converted,
                    src.id,
                    dst.id,
                    "published-ratio",
                    None,
                    f"published convention: {p.rule.text}",
                    p.sources,
                )
    hours = hours_for(value, src.id)
    per = dst.hours_per_credit
    return Conversion(
        hours.nominal / per.nominal,
        hours.min / per.max,
        hours.max / per.min,
        src.id,
        dst.id,
        "notional-hours",
        hours,
        f"{value:g} {src.unit} x {_hrange(src.hours_per_credit)} h = {_hrange(hours)} h; "
        f"/ {_hrange(per)} h per {dst.unit}",
        src.sources + dst.sources,
    )


def _hrange(h: Hours) -> str:
    return f"{h.min:g}" if h.min == h.max else f"{h.min:g}-{h.max:g} (nominal {h.nominal:g})"
