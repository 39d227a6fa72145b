"""Shared value helpers of the Open Badges 3.0, ELM and CTDL converters: language maps, ISO 8601
durations, dates, ids and URIs, levels and credits, ESCO labels, Annex I gaps.

The report classes live in :mod:`mcmap.interop.report` and are re-exported here.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mcmap.credential import ANNEX1_MANDATORY, Credential, Organisation
from mcmap.errors import InputError
from mcmap.interop.report import (
    FORMAT_NAMES,
    STATUSES,
    ExportResult,
    FieldNote,
    ImportResult,
    InteropReport,
    dumps,
)

__all__ = ["FORMAT_NAMES", "STATUSES", "ExportResult", "FieldNote", "ImportResult", "InteropReport", "dumps"]

ESCO_URI = re.compile(r"^http://data\.europa\.eu/esco/(skill|knowledge|occupation|isco)/[A-Za-z0-9-]+$")
EQF_URI = re.compile(r"^https?://data\.europa\.eu/snb/eqf/([1-8])$")
EQF_SCHEME = "http://data.europa.eu/snb/eqf/25831c2"
#: mcmap's own URN for a level of a national framework (the EU QDR URIs are not in mcmap's data).
LEVEL_URN = re.compile(r"^urn:mcmap:framework:([a-z0-9][a-z0-9._-]*):level:([A-Za-z0-9][A-Za-z0-9._-]*)$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
OUTCOME_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<Mo>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<D>\d+(?:\.\d+)?)D)?(?:T(?:(?P<H>\d+(?:\.\d+)?)H)?(?:(?P<Mi>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<S>\d+(?:\.\d+)?)S)?)?$"
)


def read_json(path: str, text: str | None = None) -> Any:
    """Parse a JSON file; a bad file is an InputError with the line and column."""
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise InputError(f"{path}: no such file", hint="check the path") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read as UTF-8 text: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})",
            hint="Open Badges, ELM and CTDL documents are JSON(-LD) files",
        ) from exc


# --- values -----------------------------------------------------------------------------------


def text_of(value: Any, language: str | None = None) -> str | None:
    """A plain string from a string, a language map ({"en": ...}) or a list of either."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        parts = [t for t in (text_of(v, language) for v in value) if t]
        return "\n".join(parts) or None
    if isinstance(value, Mapping):
        if "@value" in value:
            return text_of(value["@value"])
        keys = sorted(k for k in value if isinstance(k, str))
        preferred = [k for k in keys if language and k.split("-")[0] == language.split("-")[0]]
        for key in preferred + [k for k in keys if k.startswith("en")] + keys:
            found = text_of(value[key])
            if found:
                return found
    return None


def languages_of(value: Any) -> list[str]:
    """The language keys of a language map, sorted."""
    if isinstance(value, Mapping):
        return sorted(k for k in value if isinstance(k, str) and LANGUAGE.match(k))
    return []


def as_list(value: Any) -> list[Any]:
    """JSON-LD allows a single value where a list is expected."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def types_of(node: Any) -> set[str]:
    """The ``type`` / ``@type`` values of a node, without prefixes such as ``ceterms:``."""
    if not isinstance(node, Mapping):
        return set()
    raw = as_list(node.get("type")) + as_list(node.get("@type"))
    return {str(t).split(":")[-1] for t in raw if isinstance(t, str)}


def number(value: Any) -> float | None:
    """A positive finite number from a number or numeric text, else None."""
    if isinstance(value, bool):
        return None
    try:
        result = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        return None
    return result if 0 < result < 1e9 else None


def tidy_number(value: float) -> int | float:
    """5.0 -> 5, so YAML and JSON read as people write them."""
    return int(value) if float(value).is_integer() else round(value, 4)


def iso_hours(hours: float) -> str:
    """Notional hours as an ISO 8601 duration: 125 -> PT125H, 12.5 -> PT12.5H."""
    return f"PT{tidy_number(hours)}H"


def duration_hours(text: Any) -> float | None:
    """Hours of an ISO 8601 duration made of hours, minutes and seconds (PT60H, PT90M).

    Years, months, weeks and days are calendar time, not notional hours: None.
    """
    match = _DURATION.match(str(text or "").strip())
    if not match or str(text).strip() in ("P", "PT"):
        return None
    parts = match.groupdict()
    if any(parts[k] for k in ("Y", "Mo", "W", "D")):
        return None
    hours = sum(float(parts[k] or 0) * f for k, f in (("H", 1), ("Mi", 1 / 60), ("S", 1 / 3600)))
    return hours if hours > 0 else None


def duration_weeks(text: Any) -> float | None:
    """Weeks of a calendar duration written in weeks or days (P10W, P70D)."""
    match = _DURATION.match(str(text or "").strip())
    if not match:
        return None
    parts = match.groupdict()
    if any(parts[k] for k in ("Y", "Mo", "H", "Mi", "S")):
        return None
    weeks = float(parts["W"] or 0) + float(parts["D"] or 0) / 7
    return round(weeks, 2) if weeks > 0 else None


def date_of(value: Any) -> str | None:
    """The YYYY-MM-DD part of a date or date-time."""
    match = DATE.match(str(value or ""))
    return match.group(1) if match else None


def date_time(date: str) -> str:
    """A descriptor date as the date-time OB3 and ELM ask for (midnight UTC)."""
    return f"{date}T00:00:00Z"


def slug(text: str, fallback: str = "imported-credential") -> str:
    """A descriptor id from free text: lower case, digits, '-', at most 80 characters."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")
    return out if out and ID_PATTERN.match(out) else fallback


def credential_uri(cred: Credential) -> str:
    """The URI an export gives the credential: its web page, else a stable mcmap URN."""
    return cred.url or f"urn:mcmap:credential:{cred.id}"


def stable_uuid(*parts: str) -> str:
    """A UUID derived from names, so the same descriptor always exports the same ids."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "mcmap:" + ":".join(parts)))


def organisation_uri(org: Organisation) -> str:
    """An organisation's URI: its identifier if that is a URI, its web site, else a URN."""
    if org.identifier and re.match(r"^[a-z][a-z0-9+.-]*:", org.identifier):
        return org.identifier
    return org.url or f"urn:mcmap:organisation:{slug(org.name, 'organisation')}"


def level_urn(framework: str, level: int | str) -> str:
    """mcmap's URN for a national level (no authority publishes URIs for most of them)."""
    return f"urn:mcmap:framework:{framework}:level:{level}"


def level_from_uri(uri: Any) -> dict[str, Any] | None:
    """``{framework, level}`` from an EQF URI or an mcmap level URN."""
    text = str(uri or "")
    if match := EQF_URI.match(text):
        return {"framework": "eqf", "level": int(match.group(1))}
    if match := LEVEL_URN.match(text):
        level = match.group(2)
        return {"framework": match.group(1), "level": int(level) if level.isdigit() else level}
    return None


def eqf_of(cred: Credential) -> tuple[int | None, str]:
    """The EQF level of the claimed level and how it was reached (published referencing)."""
    if cred.level is None:
        return None, ""
    if cred.level.framework == "eqf":
        return int(cred.level.level), "claimed in the EQF"
    from mcmap.frameworks_eqf import to_eqf

    try:
        translation = to_eqf(cred.level.framework, cred.level.level)
    except Exception as exc:  # an unknown user framework: the level stays national only
        return None, f"no EQF level ({exc})"
    route = "; ".join(translation.describe())
    return translation.eqf, route or translation.note


def framework_name(framework: str) -> str:
    """A framework's name for labels, or its id when mcmap does not know it."""
    from mcmap.frameworks_lib import load_framework

    try:
        return str(load_framework(framework).name)
    except Exception:  # a label only: an unknown framework keeps its id
        return framework.upper()


def ects_of(cred: Credential) -> tuple[float | None, str]:
    """The credits in ECTS and, when converted, how (published ratio or notional hours)."""
    if cred.credits is None:
        return None, ""
    if cred.credits.system == "ects":
        return cred.credits.value, ""
    from mcmap.credit_systems import convert_credits

    try:
        conversion = convert_credits(cred.credits.value, cred.credits.system, "ects")
    except Exception as exc:  # unknown credit system: nothing to convert with
        return None, f"cannot convert {cred.credits} to ECTS ({exc})"
    value = round(conversion.value, 2)
    return (
        value,
        f"{cred.credits} converted to {value:g} ECTS ({conversion.method}: {conversion.explanation})",
    )


def workload_of(cred: Credential) -> tuple[float | None, str]:
    """Notional hours: stated, else the nominal hours of the credits (and say so)."""
    if cred.workload_hours is not None:
        return cred.workload_hours, ""
    if cred.credits is None:
        return None, ""
    from mcmap.credit_systems import hours_for

    try:
        hours = hours_for(cred.credits.value, cred.credits.system)
    except Exception:  # unknown credit system: no hours
        return None, ""
    return hours.nominal, f"no workload_hours: {hours.nominal:g} h are the nominal hours of {cred.credits}"


def esco_concepts(uris: Iterable[str]) -> dict[str, tuple[str, str]]:
    """ESCO label and description of each URI the packaged ESCO knows (loaded only if needed)."""
    wanted = sorted(set(uris))
    if not wanted:
        return {}
    from mcmap.taxonomy import load_taxonomy

    by_id = load_taxonomy("esco").by_id
    return {u: (by_id[u].label, by_id[u].description) for u in wanted if u in by_id}


def skill_label(link_label: str | None, uri: str, esco: Mapping[str, tuple[str, str]]) -> str:
    """A skill's label: declared, else ESCO's, else the URI."""
    return link_label or (esco[uri][0] if uri in esco else uri)


# --- reports ----------------------------------------------------------------------------------


def present_fields(cred: Credential) -> list[str]:
    """Top-level descriptor fields this credential fills (what an export must account for)."""
    names = []
    for name in Credential.__dataclass_fields__:
        if getattr(cred, name) not in (None, "", ()):
            names.append(name)
    return names


def missing_annex1(descriptor: Mapping[str, Any], report: InteropReport) -> None:
    """Report every Annex I mandatory element an imported descriptor lacks."""
    for element, names in ANNEX1_MANDATORY.items():
        if all(descriptor.get(n) in (None, "", [], {}) for n in names):
            report.add(
                names[0],
                "missing",
                f"Annex I '{element}' is not in the source document; add it before publishing",
            )


def descriptor_order(descriptor: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order of docs/descriptors.md (``mcmap`` first), so imports read naturally."""
    order = [
        "mcmap",
        "id",
        "title",
        "description",
        "url",
        "version",
        "language",
        "provider",
        "awarding_body",
        "co_awarding_bodies",
        "country",
        "level",
        "credits",
        "workload_hours",
        "isced_f",
        "learning_setting",
        "keywords",
        "learning_outcomes",
        "assessment",
        "participation",
        "quality_assurance",
        "prerequisites",
        "supervision_identity_verification",
        "grading",
        "stackability",
        "further_information",
        "issue_date",
        "valid_from",
        "valid_until",
    ]
    out = {k: descriptor[k] for k in order if k in descriptor and descriptor[k] not in (None, [], {})}
    out.update({k: v for k, v in descriptor.items() if k not in out and v not in (None, [], {})})
    return out


def field_value(descriptor: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted report path; ``learning_outcomes.text`` lists it per outcome."""
    head, _, rest = path.partition(".")
    value = descriptor.get(head)
    if not rest:
        return value
    if isinstance(value, list):
        return [field_value(v, rest) if isinstance(v, Mapping) else None for v in value]
    return field_value(value, rest) if isinstance(value, Mapping) else None
