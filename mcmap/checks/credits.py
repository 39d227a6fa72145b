"""Credits must use a known credit system and agree with the notional workload in hours."""

from __future__ import annotations

from collections.abc import Iterator

from mcmap.checks.context import CheckContext
from mcmap.checks.registry import document_check, finding, known_hint
from mcmap.load.yamlpos import Document
from mcmap.problems import Problem

#: Allowed slack around a credit system's hour range: providers round workloads (e.g. 5 ECTS
#: stated as 120 h), and a tenth either side is still the same credit value in practice.
TOLERANCE = 0.10


@document_check("credential")
def workload_matches_credits(doc: Document, context: CheckContext) -> Iterator[Problem]:
    from mcmap.credit_systems import hours_for, load_credit_systems

    credits = doc.data.get("credits")
    if not isinstance(credits, dict) or "system" not in credits:
        return
    systems = load_credit_systems()
    system = str(credits["system"])
    if system not in systems:
        yield finding(
            doc,
            ("credits", "system"),
            "credits.unknown-system",
            f"unknown credit system {system!r}",
            hint=known_hint(system, sorted(systems), "credit systems"),
        )
        return
    hours, value = doc.data.get("workload_hours"), credits.get("value")
    if not isinstance(hours, int | float) or not isinstance(value, int | float) or value <= 0:
        return
    expected = hours_for(float(value), system)
    low, high = expected.min * (1 - TOLERANCE), expected.max * (1 + TOLERANCE)
    if not low <= hours <= high:
        per = systems[system].hours_per_credit
        rate = f"{per.min:g}" if per.min == per.max else f"{per.min:g}-{per.max:g}"
        span = f"{expected.min:g}" if expected.min == expected.max else f"{expected.min:g}-{expected.max:g}"
        yield finding(
            doc,
            ("workload_hours",),
            "credits.workload-mismatch",
            f"{hours:g} hours does not fit {value:g} {system} credits ({rate} h per credit: {span} h)",
            hint=f"set workload_hours near {expected.nominal:g}, or correct the credits",
        )
