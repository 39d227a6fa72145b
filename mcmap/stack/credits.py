"""A credential's credit in the pathway's credit system, and how it was converted.

Conversion goes through ``mcmap.frameworks.convert_credits``: identity, a published ratio
(2 UK credits = 1 ECTS) or notional hours with the range the systems' hour rules allow. A
credential that states hours only is converted from its hours. The nominal value is what counts;
the range is reported so a reader sees how much the conversion could move.
"""

from __future__ import annotations

from dataclasses import dataclass

from mcmap.credential import Credential
from mcmap.errors import UsageError


@dataclass(frozen=True)
class CreditValue:
    """Credit of one credential in one system: nominal value, range and the rule used."""

    value: float
    min: float
    max: float
    system: str
    method: str  # identity | published-ratio | notional-hours | workload-hours | none | unknown-system
    explanation: str
    source: str = ""  # what the credential states, e.g. "15 scqf" or "60 h"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (values rounded to 3 decimals)."""
        return {
            "from": self.source,
            "value": round(self.value, 3),
            "min": round(self.min, 3),
            "max": round(self.max, 3),
            "system": self.system,
            "method": self.method,
            "explanation": self.explanation,
        }


def credit_in(credential: Credential, system: str) -> CreditValue:
    """The credential's credit in ``system`` (0 with a reason when it states neither)."""
    from mcmap.credit_systems import convert_credits, get_credit_system

    if credential.credits is not None:
        stated = f"{credential.credits.value:g} {credential.credits.system}"
        try:
            conv = convert_credits(credential.credits.value, credential.credits.system, system)
        except UsageError as exc:
            return CreditValue(0.0, 0.0, 0.0, system, "unknown-system", exc.message, stated)
        span = "" if conv.min == conv.max else f" (range {conv.min:.2f}-{conv.max:.2f})"
        return CreditValue(
            conv.value,
            conv.min,
            conv.max,
            system,
            conv.method,
            f"{stated} = {conv.value:.2f} {system}{span}: {conv.explanation}",
            stated,
        )
    if credential.workload_hours is not None:
        hours = credential.workload_hours
        try:
            per = get_credit_system(system).hours_per_credit
        except UsageError as exc:
            return CreditValue(0.0, 0.0, 0.0, system, "unknown-system", exc.message, f"{hours:g} h")
        value = hours / per.nominal
        return CreditValue(
            value,
            hours / per.max,
            hours / per.min,
            system,
            "workload-hours",
            f"no credits stated; {hours:g} h / {per.nominal:g} h per {system} credit "
            f"(published {per.min:g}-{per.max:g} h) = {value:.2f} {system}",
            f"{hours:g} h",
        )
    return CreditValue(0.0, 0.0, 0.0, system, "none", "states neither credits nor workload hours", "")


def notional_hours(credential: Credential) -> float | None:
    """Notional hours: the stated workload, else the nominal hours of its credits."""
    from mcmap.credit_systems import hours_for

    if credential.workload_hours is not None:
        return credential.workload_hours
    if credential.credits is not None:
        try:
            return hours_for(credential.credits.value, credential.credits.system).nominal
        except UsageError:
            return None
    return None
