"""Reading Open Badges 3.0 documents (an OpenBadgeCredential, a CLR 2.0 transcript or a bare
Achievement) into credential descriptor fields; the export is in :mod:`mcmap.interop.ob3`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mcmap.errors import InputError, UsageError
from mcmap.interop.common import (
    ESCO_URI,
    ID_PATTERN,
    LANGUAGE,
    ImportResult,
    InteropReport,
    as_list,
    date_of,
    descriptor_order,
    level_from_uri,
    missing_annex1,
    number,
    slug,
    text_of,
    tidy_number,
    types_of,
)
from mcmap.interop.ob3 import INFERRED_NOTE, RESULT_TYPES
from mcmap.interop.ob3_narrative import read_narrative


def find_achievements(doc: Any) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Every Achievement in an OB3 credential, a CLR 2.0 transcript or a bare Achievement,
    each with the credential that awards it (None for a bare Achievement)."""
    found: list[tuple[dict[str, Any], dict[str, Any] | None]] = []

    def visit(node: Any, credential: dict[str, Any] | None) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item, credential)
            return
        if not isinstance(node, dict):
            return
        kinds = types_of(node)
        if kinds & {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"}:
            credential = node
        if "Achievement" in kinds and "name" in node:
            found.append((node, credential))
            return
        for key in ("credentialSubject", "achievement", "verifiableCredential", "association"):
            if key in node:
                visit(node[key], credential)

    visit(doc, None)
    # a CLR lists an achievement both on its own and inside the credential awarding it: keep one
    # (in first-seen order), with the awarding credential when there is one
    unique: dict[str, int] = {}
    kept: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for ach, credential in found:
        key = str(ach.get("id") or id(ach))
        if key not in unique:
            unique[key] = len(kept)
            kept.append((ach, credential))
        elif credential is not None and kept[unique[key]][1] is None:
            kept[unique[key]] = (ach, credential)
    return kept


def import_ob3(doc: Any, source: str = "", index: int = 0) -> ImportResult:
    """A descriptor from an OB3 credential or Achievement (the ``index``-th in a CLR)."""
    achievements = find_achievements(doc)
    if not achievements:
        raise InputError(
            f"{source}: no Open Badges 3.0 Achievement found",
            hint="expected an OpenBadgeCredential / AchievementCredential, a CLR 2.0 credential, "
            "or an Achievement with type 'Achievement'",
        )
    if not 0 <= index < len(achievements):
        raise UsageError(f"{source}: holds {len(achievements)} achievements; --index {index} is out of range")
    ach, credential = achievements[index]
    report = InteropReport("ob3", "import", source)
    if len(achievements) > 1:
        report.warnings.append(
            f"the document holds {len(achievements)} achievements; imported number {index + 1} "
            f"({text_of(ach.get('name'))!r}); choose another with --index"
        )
    used = {
        "type",
        "name",
        "description",
        "humanCode",
        "id",
        "criteria",
        "alignment",
        "creditsAvailable",
        "inLanguage",
        "tag",
        "fieldOfStudy",
        "version",
        "creator",
        "resultDescription",
        "achievementType",
    }
    report.unmapped = {k for k in ach if k not in used and not k.startswith("@")}
    out: dict[str, Any] = {"mcmap": "credential/1"}
    title = text_of(ach.get("name")) or "Untitled achievement"
    code = str(ach.get("humanCode") or "")
    out["id"] = code if ID_PATTERN.match(code) and len(code) <= 120 else slug(title)
    report.add(
        "id",
        "carried" if out["id"] == code else "derived",
        "from humanCode" if out["id"] == code else "made from the name; rename it if you like",
    )
    out["title"] = title
    report.add("title", "carried")
    if (description := text_of(ach.get("description"))) and description != title:
        out["description"] = description
        report.add("description", "carried")
    if str(ach.get("id", "")).startswith(("http://", "https://")):
        out["url"] = ach["id"]
        report.add("url", "carried", "from the Achievement id")
    if isinstance(language := ach.get("inLanguage"), str) and LANGUAGE.match(language):
        out["language"] = language
        report.add("language", "carried")
    _read_simple(ach, out, report)
    _read_orgs(ach, credential, out, report)
    narrative = (
        text_of((ach.get("criteria") or {}).get("narrative"))
        if isinstance(ach.get("criteria"), dict)
        else None
    )
    parsed = read_narrative(narrative or "")
    for key in ("assessment", "prerequisites"):
        if key in parsed:
            out[key] = parsed[key]
            report.add(key, "carried", "from criteria.narrative")
    _read_alignments(ach, parsed.get("learning_outcomes", []), out, report)
    for name, value in parsed.get("annex", {}).items():
        if name not in out:
            out[name] = value
            report.add(name, "derived", "read back from mcmap's text in criteria.narrative")
    _read_dates(credential, out, report)
    missing_annex1(out, report)
    return ImportResult(descriptor_order(out), report)


def _read_simple(ach: Mapping[str, Any], out: dict[str, Any], report: InteropReport) -> None:
    if (credits := number(ach.get("creditsAvailable"))) is not None:
        out["credits"] = {"system": "ects", "value": tidy_number(credits)}
        report.add(
            "credits", "converted", "creditsAvailable read as ECTS (Open Badges does not name the system)"
        )
    tags = [t for t in as_list(ach.get("tag")) if isinstance(t, str) and t.strip()]
    if tags:
        out["keywords"] = sorted(set(tags), key=tags.index)
        report.add("keywords", "carried", "from tag")
    field = text_of(ach.get("fieldOfStudy")) or ""
    if field.startswith("ISCED-F ") and field[8:].isdigit() and 2 <= len(field[8:]) <= 4:
        out["isced_f"] = field[8:]
        report.add("isced_f", "carried", "from fieldOfStudy")
    elif field:
        report.add("isced_f", "lost", f"fieldOfStudy {field!r} is free text, not an ISCED-F code")
    if isinstance(ach.get("version"), (str, int, float)):
        out["version"] = str(ach["version"])
        report.add("version", "carried")
    for rd in as_list(ach.get("resultDescription")):
        if isinstance(rd, dict) and rd.get("resultType"):
            out["grading"] = _grading(rd)
            report.add("grading", "carried", "from resultDescription")
            break


def _grading(rd: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(rd.get("resultType"))
    allowed = {str(v).lower() for v in as_list(rd.get("allowedValue"))}
    scheme = next((s for s, t in RESULT_TYPES.items() if t == kind and s not in ("pass-fail", "other")), None)
    if scheme is None:
        scheme = "pass-fail" if kind == "Result" and allowed == {"pass", "fail"} else "other"
    grading: dict[str, Any] = {"scheme": scheme}
    name = text_of(rd.get("name"))
    if name and name != f"Grade ({scheme})":
        grading["description"] = name
    return grading


def _organisation(profile: Any) -> dict[str, Any] | None:
    if isinstance(profile, str):
        return None
    if not isinstance(profile, dict) or not text_of(profile.get("name")):
        return None
    org: dict[str, Any] = {"name": text_of(profile.get("name"))}
    address = profile.get("address")
    country = address.get("addressCountryCode") if isinstance(address, dict) else None
    region = address.get("addressRegion") if isinstance(address, dict) else None
    if isinstance(region, str) and re.match(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", region):
        country = region  # mcmap writes an ISO 3166-2 subdivision there
    if isinstance(country, str) and re.match(r"^[A-Za-z]{2}(-[A-Z0-9]{1,3})?$", country):
        org["country"] = country.upper()
    url = profile.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        org["url"] = url
    pid = str(profile.get("id") or "")
    others = [e.get("identifier") for e in as_list(profile.get("otherIdentifier")) if isinstance(e, dict)]
    if pid and pid != url and not pid.startswith("urn:mcmap:"):
        org["identifier"] = pid
    elif others and isinstance(others[0], str):
        org["identifier"] = others[0]
    return org


def _profile_id(profile: Any) -> str:
    return str(profile.get("id") or "") if isinstance(profile, dict) else str(profile or "")


def _read_orgs(
    ach: Mapping[str, Any], credential: Mapping[str, Any] | None, out: dict[str, Any], report: InteropReport
) -> None:
    creator = _organisation(ach.get("creator"))
    issuer = _organisation(credential.get("issuer")) if credential else None
    same = (
        creator
        and issuer
        and (
            creator == issuer
            or _profile_id(ach.get("creator")) == _profile_id((credential or {}).get("issuer")) != ""
        )
    )
    if same and creator and issuer:
        creator, issuer = {**issuer, **creator}, None  # one Profile (same id), described twice
    if creator:
        out["provider"] = creator
        report.add("provider", "carried", "from creator")
    if issuer and creator and issuer != creator:
        out["awarding_body"] = issuer
        report.add("awarding_body", "carried", "from the credential's issuer")
    elif issuer and not creator:
        out["provider"] = issuer
        report.add("provider", "derived", "from the credential's issuer (the Achievement has no creator)")
    if isinstance(ach.get("creator"), str) or (credential and isinstance(credential.get("issuer"), str)):
        report.add("provider", "lost", "an organisation given only by URI; its name is not in the document")
    country = (out.get("awarding_body") or out.get("provider") or {}).get("country")
    if country:
        out["country"] = country
        report.add("country", "derived", "from the organisation's address")


def _read_alignments(
    ach: Mapping[str, Any], outcomes: list[dict[str, Any]], out: dict[str, Any], report: InteropReport
) -> None:
    esco: dict[str, dict[str, Any]] = {}
    levels: list[dict[str, Any]] = []
    other: list[str] = []
    competencies: list[Mapping[str, Any]] = []  # non-ESCO competencies: outcome text when none is given
    for a in as_list(ach.get("alignment")):
        if not isinstance(a, dict):
            continue
        url = str(a.get("targetUrl") or "")
        if (text_of(a.get("targetDescription")) or "").startswith(INFERRED_NOTE):
            report.add(
                "learning_outcomes.skills",
                "lost",
                "alignments mcmap inferred are not imported as declared links",
            )
        elif ESCO_URI.match(url):
            esco.setdefault(url, {"taxonomy": "esco", "id": url, "label": text_of(a.get("targetName"))})
        elif (level := level_from_uri(url)) is not None:
            levels.append(level)
        else:
            other.append(text_of(a.get("targetName")) or url)
            if str(a.get("targetType") or "CFItem") in COMPETENCY_TYPES and text_of(a.get("targetName")):
                competencies.append(a)
    if levels:  # the national level is the claim; its EQF URI is derived from it
        out["level"] = next((lv for lv in levels if lv["framework"] != "eqf"), levels[0])
        report.add("level", "carried", "from alignment[] to a level URI")
    if other:
        report.add("learning_outcomes.skills", "lost", "alignments outside ESCO: " + "; ".join(sorted(other)))
    linked = {s["id"] for o in outcomes for s in o.get("skills", [])}
    if outcomes:
        out["learning_outcomes"] = outcomes
        report.add("learning_outcomes", "carried", "from criteria.narrative")
        for o in outcomes:  # labels from the alignments when the narrative had none
            for s in o.get("skills", []):
                if "label" not in s and esco.get(s["id"], {}).get("label"):
                    s["label"] = esco[s["id"]]["label"]
        unlinked = sorted(set(esco) - linked)
        if unlinked:
            report.add(
                "learning_outcomes.skills",
                "lost",
                f"{len(unlinked)} ESCO alignments not tied to an outcome: " + ", ".join(unlinked),
            )
    elif esco:  # OB3 has no outcome property: each ESCO alignment states what the badge attests
        out["learning_outcomes"] = [
            {
                "id": f"LO{n}",
                "text": _alignment_text(a, skill),
                "skills": [{k: v for k, v in skill.items() if v}],
            }
            for n, (a, skill) in enumerate(((_find(ach, uri), esco[uri]) for uri in sorted(esco)), 1)
        ]
        report.add(
            "learning_outcomes",
            "derived",
            "one outcome per ESCO alignment (the document lists no outcomes); "
            "rewrite them as outcome statements",
        )
    elif competencies:  # a competency framework other than ESCO (CASE, CTDL): its statements
        out["learning_outcomes"] = [
            {"id": f"LO{n}", "text": _alignment_text(a, {"id": str(a.get("targetUrl"))})}
            for n, a in enumerate(competencies, 1)
        ]
        frameworks = sorted({str(a.get("targetFramework") or "an unnamed framework") for a in competencies})
        report.add(
            "learning_outcomes",
            "derived",
            "one outcome per competency alignment (" + "; ".join(frameworks) + "); "
            "the links themselves are not ESCO and are not kept",
        )
    if esco and outcomes:
        report.add("learning_outcomes.skills", "carried", "ESCO alignments as declared skill links")


#: alignment target types that name a competency (what the badge attests), not a credential or level
COMPETENCY_TYPES = {"CFItem", "ceasn:Competency", "CFRubricCriterion"}


def _find(ach: Mapping[str, Any], uri: str) -> Mapping[str, Any]:
    return next(a for a in as_list(ach.get("alignment")) if isinstance(a, dict) and a.get("targetUrl") == uri)


def _alignment_text(alignment: Mapping[str, Any], skill: Mapping[str, Any]) -> str:
    """ESCO: the description says what is done; other frameworks: the name is the statement."""
    first, second = (
        ("targetDescription", "targetName") if skill.get("taxonomy") else ("targetName", "targetDescription")
    )
    text = (
        text_of(alignment.get(first))
        or text_of(alignment.get(second))
        or str(skill.get("label") or skill["id"])
    )
    return text if len(text) >= 3 else f"Demonstrate {text}"


def _read_dates(credential: Mapping[str, Any] | None, out: dict[str, Any], report: InteropReport) -> None:
    if not credential:
        return
    for key, name in (
        ("awardedDate", "issue_date"),
        ("validFrom", "valid_from"),
        ("validUntil", "valid_until"),
    ):
        if date := date_of(credential.get(key)):
            out[name] = date
            report.add(name, "carried", f"from {key}")
    if isinstance(credential.get("credentialSubject"), dict) and credential["credentialSubject"].get("id"):
        report.add(
            "learner", "lost", "the recipient of an issued badge is not part of a catalogue descriptor"
        )
