"""Credits and hours on one scale: each credential's workload as ECTS and notional hours.

Conversions go through the frameworks API (``convert_credits``, ``hours_for``), which states the
rule used (identity, a published ratio such as 2 UK credits = 1 ECTS, or notional hours) and a
range; a credential that states hours only is converted at ECTS's 25-30 hours per credit.
"""

from __future__ import annotations

from mcmap.credential import Credential
from mcmap.errors import McmapError
from mcmap.report.model import Workload

ECTS = "ects"


def _r(value: float) -> float:
    return round(value, 2)


def workload_of(credential: Credential) -> Workload:
    """The credential's declared credits and hours, and their ECTS equivalent."""
    from mcmap.credit_systems import convert_credits, get_credit_system, hours_for

    credits, declared = credential.credits, credential.workload_hours
    system = credits.system if credits else None
    value = float(credits.value) if credits else None
    if credits is not None:
        try:
            conv = convert_credits(float(credits.value), credits.system, ECTS)
            hours = hours_for(float(credits.value), credits.system)
        except McmapError as exc:  # an unknown credit system: say so, count the hours if stated
            return _from_hours(system, value, declared, f"{credits} cannot be converted: {exc.message}")
        return Workload(
            system,
            value,
            declared,
            _r(conv.value),
            (_r(conv.min), _r(conv.max)),
            _r(hours.nominal),
            (_r(hours.min), _r(hours.max)),
            f"{credits} -> {conv.value:g} ECTS ({conv.method}: {conv.explanation})",
        )
    per = get_credit_system(ECTS).hours_per_credit
    return _from_hours(
        None,
        None,
        declared,
        f"hours only; ECTS at {per.min:g}-{per.max:g} h per credit (nominal {per.nominal:g})",
    )


def _from_hours(system: str | None, value: float | None, declared: float | None, basis: str) -> Workload:
    from mcmap.credit_systems import get_credit_system

    if declared is None:
        return Workload(system, value, None, None, None, None, None, basis + "; no workload stated")
    per = get_credit_system(ECTS).hours_per_credit
    return Workload(
        system,
        value,
        declared,
        _r(declared / per.nominal),
        (_r(declared / per.max), _r(declared / per.min)),
        _r(declared),
        (_r(declared), _r(declared)),
        basis,
    )
