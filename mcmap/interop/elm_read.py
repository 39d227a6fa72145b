"""Reading an ELM learning achievement specification (and its achievement) into descriptor fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mcmap.errors import InputError
from mcmap.interop import elm_vocab as V
from mcmap.interop.common import (
    ESCO_URI,
    ID_PATTERN,
    OUTCOME_ID,
    InteropReport,
    as_list,
    date_of,
    descriptor_order,
    duration_hours,
    level_from_uri,
    missing_annex1,
    number,
    text_of,
    tidy_number,
    types_of,
)
from mcmap.interop.elm_context import read_assessment, read_notes, read_organisations
from mcmap.interop.report import ImportResult

_USED = {
    "@context",
    "id",
    "type",
    "identifier",
    "title",
    "description",
    "homepage",
    "language",
    "eqfLevel",
    "nqfLevel",
    "creditPoint",
    "volumeOfLearning",
    "mode",
    "learningSetting",
    "thematicArea",
    "entryRequirement",
    "learningOutcome",
    "provenBy",
    "awardingOpportunity",
    "additionalNote",
}


def read_specification(
    spec: Mapping[str, Any],
    claim: Mapping[str, Any] | None,
    credential: Mapping[str, Any] | None,
    report: InteropReport,
) -> dict[str, Any]:
    """Descriptor fields from the specification, with what the achievement adds."""
    report.unmapped = {k for k in spec if k not in _USED}
    lang = _language(spec.get("language"))
    out: dict[str, Any] = {"mcmap": "credential/1"}
    for ident in as_list(spec.get("identifier")):
        if (
            isinstance(ident, dict)
            and ident.get("schemeName") == "mcmap credential id"
            and ID_PATTERN.match(str(ident.get("notation", "")))
        ):
            out["id"] = str(ident["notation"])
            report.add("id", "carried", "from identifier")
    if "id" not in out:
        report.add("id", "derived", "made from the title; rename it if you like")
    out["title"] = text_of(spec.get("title"), lang) or text_of((claim or {}).get("title"), lang)
    report.add("title", "carried")
    if description := text_of(spec.get("description"), lang) or text_of(
        (claim or {}).get("description"), lang
    ):
        out["description"] = description
        report.add("description", "carried")
    for page in as_list(spec.get("homepage")):
        if isinstance(page, dict) and str(page.get("contentURL", "")).startswith(("http://", "https://")):
            out["url"] = page["contentURL"]
            report.add("url", "carried", "from homepage")
            break
    if lang:
        out["language"] = lang
        report.add("language", "carried", "from the language concept")
    _level(spec, out, report)
    _credits(spec, out, report)
    _setting(spec, out, report)
    out["learning_outcomes"] = _outcomes(spec, lang, report)
    if not out["learning_outcomes"]:
        del out["learning_outcomes"]
    read_assessment(spec, claim, lang, out, report)
    read_organisations(spec, claim, credential, lang, out, report)
    read_notes(spec, lang, out, report)
    if credential:
        for key, name in (
            ("issued", "issue_date"),
            ("issuanceDate", "issue_date"),
            ("validFrom", "valid_from"),
            ("validUntil", "valid_until"),
            ("expirationDate", "valid_until"),
        ):
            if name not in out and (date := date_of(credential.get(key))):
                out[name] = date
                report.add(name, "carried", f"from the credential's {key}")
    return out


def _language(concept: Any) -> str | None:
    for c in as_list(concept):
        code = str((c or {}).get("id", "") if isinstance(c, dict) else c).rsplit("/", 1)[-1].upper()
        for two, three in V.LANGUAGES.items():
            if three == code:
                return two
    return None


def _level(spec: Mapping[str, Any], out: dict[str, Any], report: InteropReport) -> None:
    from mcmap.frameworks_lib import framework_ids

    nqf = spec.get("nqfLevel")
    nqf = nqf[0] if isinstance(nqf, list) and nqf else nqf
    level = level_from_uri(nqf.get("id")) if isinstance(nqf, dict) else None
    if level is None and isinstance(nqf, dict):
        # "RQF Level 6": a framework mcmap knows, named in the label of an EU QDR concept
        label = text_of(nqf.get("prefLabel")) or ""
        m = re.match(r"^\s*([A-Za-z][A-Za-z-]*)\s+level\s+([A-Za-z0-9]+)\s*$", label, re.IGNORECASE)
        if m and m.group(1).lower() in framework_ids():
            level = {"framework": m.group(1).lower(), "level": int(m[2]) if m[2].isdigit() else m[2]}
            report.add("level", "derived", f"from the nqfLevel label {label!r}")
        elif label:
            report.add(
                "level", "lost", f"nqfLevel {label!r} is not a framework mcmap knows; the EQF level is used"
            )
    elif level is not None:
        report.add("level", "carried", "from nqfLevel")
    if level is None:
        eqf = spec.get("eqfLevel")
        eqf = eqf[0] if isinstance(eqf, list) and eqf else eqf
        level = level_from_uri(eqf.get("id")) if isinstance(eqf, dict) else None
        if level is not None:
            report.add("level", "carried", "from eqfLevel")
    if level is not None:
        out["level"] = level


def _credits(spec: Mapping[str, Any], out: dict[str, Any], report: InteropReport) -> None:
    for credit in as_list(spec.get("creditPoint")):
        if not isinstance(credit, dict):
            continue
        framework: dict[str, Any] = credit["framework"] if isinstance(credit.get("framework"), dict) else {}
        label = (text_of(framework.get("prefLabel")) or "").lower()
        value = number(credit.get("point"))
        if value and (
            framework.get("id") == V.ECTS[0] or "ects" in label or "european credit transfer" in label
        ):
            out["credits"] = {"system": "ects", "value": tidy_number(value)}
            report.add("credits", "carried", "from creditPoint (ECTS)")
        elif value:
            report.add("credits", "lost", f"{value:g} credits in {label or 'an unnamed system'} (not ECTS)")
        break
    if spec.get("volumeOfLearning") is not None:
        hours = duration_hours(spec["volumeOfLearning"])
        if hours:
            out["workload_hours"] = tidy_number(hours)
            report.add("workload_hours", "carried", f"from volumeOfLearning {spec['volumeOfLearning']}")
        else:
            report.add(
                "workload_hours", "lost", f"volumeOfLearning {spec['volumeOfLearning']!r} is not in hours"
            )


def _setting(spec: Mapping[str, Any], out: dict[str, Any], report: InteropReport) -> None:
    mode = spec.get("mode")
    mode = mode[0] if isinstance(mode, list) and mode else mode
    label = (text_of(mode.get("prefLabel")) or "").strip().lower() if isinstance(mode, dict) else ""
    if label in V.MODE_LABELS:
        out["participation"] = {"form": V.MODE_LABELS[label]}
        report.add("participation.form", "carried", "from mode")
    elif label:
        report.add("participation", "lost", f"mode {label!r} has no descriptor equivalent")
    setting = spec.get("learningSetting")
    label = (text_of(setting.get("prefLabel")) or "").lower() if isinstance(setting, dict) else ""
    if label.startswith(("non-formal", "formal", "informal")):
        out["learning_setting"] = label.split()[0]
        report.add("learning_setting", "carried", "from learningSetting")
    for area in as_list(spec.get("thematicArea")):
        code = str((area or {}).get("id", "")).rsplit("/", 1)[-1] if isinstance(area, dict) else ""
        if code.isdigit() and 2 <= len(code) <= 4 and "isced-f" in str(area.get("id")):
            out["isced_f"] = code
            report.add("isced_f", "carried", "from thematicArea")
            break
    if prereq := text_of(
        (spec.get("entryRequirement") or {}).get("noteLiteral")
        if isinstance(spec.get("entryRequirement"), dict)
        else None
    ):
        out["prerequisites"] = prereq
        report.add("prerequisites", "carried", "from entryRequirement")


def _outcomes(spec: Mapping[str, Any], lang: str | None, report: InteropReport) -> list[dict[str, Any]]:
    outcomes: list[dict[str, Any]] = []
    lost: list[str] = []
    for n, lo in enumerate(as_list(spec.get("learningOutcome")), 1):
        if not isinstance(lo, dict) or not (text := text_of(lo.get("title"), lang)):
            continue
        tail = str(lo.get("id", "")).rsplit(":", 1)[-1]
        oid = tail if OUTCOME_ID.match(tail) and not tail.isdigit() else f"LO{n}"
        outcome: dict[str, Any] = {"id": oid, "text": text if len(text) >= 3 else f"Demonstrate {text}"}
        skills = []
        for skill in as_list(lo.get("relatedESCOSkill")):
            uri = str(skill.get("id", "")) if isinstance(skill, dict) else str(skill)
            if ESCO_URI.match(uri):
                link = {"taxonomy": "esco", "id": uri}
                if isinstance(skill, dict) and (label := text_of(skill.get("prefLabel"), "en")):
                    link["label"] = label
                skills.append(link)
        lost += [
            text_of(s.get("prefLabel")) or str(s.get("id"))
            for s in as_list(lo.get("relatedSkill"))
            if isinstance(s, dict)
        ]
        if skills:
            outcome["skills"] = skills
        outcomes.append(outcome)
    if outcomes:
        report.add("learning_outcomes", "carried", "from learningOutcome")
    if any("skills" in o for o in outcomes):
        report.add("learning_outcomes.skills", "carried", "from relatedESCOSkill")
    if lost:
        report.add("learning_outcomes.skills", "lost", "non-ESCO relatedSkill: " + "; ".join(sorted(lost)))
    return outcomes


def find_specification(
    doc: Any, source: str
) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """The specification, the achievement that points to it and the credential, from any ELM shape."""
    if isinstance(doc, dict) and isinstance(doc.get("credential"), dict):
        doc = doc["credential"]  # the EC sample wraps the credential in {"credential": ...}
    if not isinstance(doc, dict):
        raise InputError(f"{source}: not an ELM document (expected a JSON object)")
    kinds = types_of(doc)
    if kinds & {"Qualification", "LearningAchievementSpecification"}:
        return doc, None, None
    if kinds & {"EuropeanDigitalCredential", "VerifiableCredential"} and isinstance(
        doc.get("credentialSubject"), dict
    ):
        for claim in as_list(doc["credentialSubject"].get("hasClaim")):
            if isinstance(claim, dict) and isinstance(claim.get("specifiedBy"), dict):
                return claim["specifiedBy"], claim, doc
        raise InputError(
            f"{source}: the credential's hasClaim has no specifiedBy specification",
            hint="mcmap imports a learning achievement and its specification",
        )
    raise InputError(
        f"{source}: not an ELM credential or specification (type {sorted(kinds) or 'missing'})",
        hint="expected a EuropeanDigitalCredential or a Qualification / LearningAchievementSpecification",
    )


def import_elm(doc: Any, source: str = "") -> ImportResult:
    """A descriptor from an ELM (Europass) credential or learning achievement specification."""
    spec, claim, credential = find_specification(doc, source)
    report = InteropReport("elm", "import", source)
    out = read_specification(spec, claim, credential, report)
    if not out.get("title"):
        raise InputError(f"{source}: the specification has no title", hint="ELM requires a title")
    out.setdefault("id", re.sub(r"[^a-z0-9]+", "-", out["title"].lower()).strip("-")[:80] or "imported")
    missing_annex1(out, report)
    if text_of(spec.get("title")) and any(k for k in (spec.get("title") or {}) if k != "en"):
        report.add(
            "title", "lost", "only one language of the title is kept: " + ", ".join(sorted(spec["title"]))
        )
    if (
        isinstance(spec, Mapping)
        and credential is not None
        and isinstance(credential.get("credentialSubject"), dict)
    ):
        report.add(
            "learner", "lost", "the holder of an issued credential is not part of a catalogue descriptor"
        )
    return ImportResult(descriptor_order(out), report)
