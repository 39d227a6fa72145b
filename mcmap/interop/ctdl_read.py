"""Reading CTDL (Credential Engine) JSON-LD, a single resource or an ``@graph``, into credential
descriptor fields; the export is in :mod:`mcmap.interop.ctdl`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mcmap.errors import InputError
from mcmap.interop import elm_vocab as V
from mcmap.interop.common import (
    ESCO_URI,
    ID_PATTERN,
    LANGUAGE,
    OUTCOME_ID,
    ImportResult,
    InteropReport,
    as_list,
    date_of,
    descriptor_order,
    duration_hours,
    duration_weeks,
    missing_annex1,
    number,
    slug,
    text_of,
    tidy_number,
    types_of,
)
from mcmap.interop.ctdl import CLASSES, CONDITION, DELIVERY, FOR_OUTCOME


def graph_nodes(doc: Any) -> list[dict[str, Any]]:
    """The nodes of a CTDL document: its ``@graph``, or the document itself."""
    nodes = [n for n in as_list(doc.get("@graph")) if isinstance(n, dict)] if isinstance(doc, dict) else []
    return nodes or ([doc] if isinstance(doc, dict) else [])


def find_resource(
    doc: Any, source: str, extra: list[dict[str, Any]] | None = None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The credential (or learning opportunity) node and every node of the graph by @id,
    including the ``extra`` nodes of other documents (the organisations a resource refers to)."""
    nodes = graph_nodes(doc)
    by_id = {str(n["@id"]): n for n in (extra or []) + nodes if n.get("@id")}
    for node in nodes:
        if types_of(node) & CLASSES and any(str(k).startswith("ceterms:") for k in node):
            return node, by_id
    kinds = sorted({t for n in nodes for t in types_of(n)})
    raise InputError(
        f"{source}: no CTDL credential or learning opportunity found (types: {', '.join(kinds) or 'none'})",
        hint="expected a ceterms:MicroCredential, Badge, Certificate, Course, LearningProgram ...",
    )


def import_ctdl(doc: Any, source: str = "", extra: list[dict[str, Any]] | None = None) -> ImportResult:
    """A descriptor from a CTDL credential, course or learning programme (JSON-LD or @graph);
    ``extra`` nodes (from other files) resolve the organisations it names by URI."""
    node, by_id = find_resource(doc, source, extra)
    report = InteropReport("ctdl", "import", source)
    used = {
        "@context",
        "@id",
        "@type",
        "ceterms:ctid",
        "ceterms:name",
        "ceterms:codedNotation",
        "ceterms:description",
        "ceterms:subjectWebpage",
        "ceterms:inLanguage",
        "ceterms:keyword",
        "ceterms:ownedBy",
        "ceterms:offeredBy",
        "ceterms:estimatedDuration",
        "ceterms:deliveryType",
        "ceterms:deliveryTypeDescription",
        "ceterms:requires",
        "ceterms:entryCondition",
        "ceterms:accreditedBy",
        "ceterms:approvedBy",
        "ceterms:recognizedBy",
        "ceterms:dateEffective",
        "ceterms:expirationDate",
    }
    report.unmapped = {k for k in node if k not in used}
    languages = [
        lang
        for lang in as_list(node.get("ceterms:inLanguage"))
        if isinstance(lang, str) and LANGUAGE.match(lang)
    ]
    lang = languages[0] if languages else None
    out: dict[str, Any] = {"mcmap": "credential/1"}
    title = text_of(node.get("ceterms:name"), lang) or "Untitled credential"
    code = str(node.get("ceterms:codedNotation") or "")
    out["id"] = code if ID_PATTERN.match(code) else slug(title)
    report.add(
        "id",
        "carried" if out["id"] == code else "derived",
        "from ceterms:codedNotation" if out["id"] == code else "made from the name",
    )
    out["title"] = title
    report.add("title", "carried")
    for key, name in (("ceterms:description", "description"),):
        if text := text_of(node.get(key), lang):
            out[name] = text
            report.add(name, "carried")
    if str(node.get("ceterms:subjectWebpage", "")).startswith(("http://", "https://")):
        out["url"] = node["ceterms:subjectWebpage"]
        report.add("url", "carried")
    if lang:
        out["language"] = lang
        report.add("language", "carried")
    keywords = node.get("ceterms:keyword")
    words = [
        w
        for w in (
            as_list(keywords.get(lang) if lang in keywords else next(iter(keywords.values()), []))
            if isinstance(keywords, dict) and keywords
            else as_list(keywords)
        )
        if isinstance(w, str)
    ]
    if words:
        out["keywords"] = list(dict.fromkeys(words))
        report.add("keywords", "carried")
    _organisations(node, by_id, lang, out, report)
    _durations_in(node, out, report)
    _requirements_in(node, lang, out, report)
    _delivery(node, lang, out, report)
    if prereq := "\n".join(
        filter(
            None,
            (
                text_of(c.get("ceterms:description"), lang) or text_of(c.get("ceterms:condition"), lang)
                for c in as_list(node.get("ceterms:entryCondition"))
                if isinstance(c, dict)
            ),
        )
    ):
        out["prerequisites"] = prereq
        report.add("prerequisites", "carried", "from ceterms:entryCondition")
    for key, qa_type in (
        ("ceterms:accreditedBy", "external"),
        ("ceterms:approvedBy", "internal"),
        ("ceterms:recognizedBy", "external"),
    ):
        agents = [
            a for a in as_list(node.get(key)) if isinstance(a, dict) and text_of(a.get("ceterms:name"), lang)
        ]
        if agents and "quality_assurance" not in out:
            out["quality_assurance"] = {"type": qa_type, "body": text_of(agents[0].get("ceterms:name"), lang)}
            if d := text_of(agents[0].get("ceterms:description"), lang):
                out["quality_assurance"]["description"] = d
            if str(agents[0].get("ceterms:subjectWebpage", "")).startswith(("http://", "https://")):
                out["quality_assurance"]["url"] = agents[0]["ceterms:subjectWebpage"]
            report.add(
                "quality_assurance", "derived", f"from {key} (the QA type is inferred from the property)"
            )
    if date := date_of(node.get("ceterms:dateEffective")):
        out["valid_from"] = date
        report.add("valid_from", "carried", "from ceterms:dateEffective")
    if date := date_of(node.get("ceterms:expirationDate")):
        out["valid_until"] = date
        report.add("valid_until", "carried", "from ceterms:expirationDate")
    missing_annex1(out, report)
    return ImportResult(descriptor_order(out), report)


#: the descriptor's country pattern: ISO 3166-1 alpha-2, a subdivision (GB-SCT) or a region name
COUNTRY = re.compile(r"^([A-Z]{2}(-[A-Z0-9]{1,3})?|[A-Z][A-Za-z .'-]{2,})$")


def _organisations(
    node: Mapping[str, Any],
    by_id: Mapping[str, Any],
    lang: str | None,
    out: dict[str, Any],
    report: InteropReport,
) -> None:
    def read(ref: Any) -> dict[str, Any] | None:
        org_node = by_id.get(ref) if isinstance(ref, str) else ref
        if not isinstance(org_node, dict) or not (name := text_of(org_node.get("ceterms:name"), lang)):
            return None
        org: dict[str, Any] = {"name": name}
        if str(org_node.get("ceterms:subjectWebpage", "")).startswith(("http://", "https://")):
            org["url"] = org_node["ceterms:subjectWebpage"]
        for place in as_list(org_node.get("ceterms:address")):
            country = text_of(place.get("ceterms:addressCountry")) if isinstance(place, dict) else None
            if country and COUNTRY.match(country):
                org["country"] = country
        for ident in as_list(org_node.get("ceterms:identifier")):
            if isinstance(ident, dict) and ident.get("ceterms:identifierValueCode"):
                org["identifier"] = str(ident["ceterms:identifierValueCode"])
        return org

    offered = [o for o in map(read, as_list(node.get("ceterms:offeredBy"))) if o]
    owned = [o for o in map(read, as_list(node.get("ceterms:ownedBy"))) if o]
    refs = [
        r
        for r in as_list(node.get("ceterms:offeredBy")) + as_list(node.get("ceterms:ownedBy"))
        if isinstance(r, str) and r not in by_id
    ]
    if offered or owned:
        out["provider"] = (offered or owned)[0]
        report.add("provider", "carried", "from ceterms:offeredBy" if offered else "from ceterms:ownedBy")
        if offered and owned and owned[0] != offered[0]:
            out["awarding_body"] = owned[0]
            report.add("awarding_body", "carried", "from ceterms:ownedBy")
        if country := out["provider"].get("country"):
            out["country"] = country
            report.add("country", "derived", "from the organisation's address")
    elif refs:
        report.add(
            "provider",
            "lost",
            "organisations given only by URI (not in this document): " + ", ".join(sorted(set(refs))),
        )


def _durations_in(node: Mapping[str, Any], out: dict[str, Any], report: InteropReport) -> None:
    for profile in as_list(node.get("ceterms:estimatedDuration")):
        if not isinstance(profile, dict):
            continue
        exact = profile.get("ceterms:exactDuration")
        if (hours := duration_hours(exact)) and "workload_hours" not in out:
            out["workload_hours"] = tidy_number(hours)
            report.add("workload_hours", "carried", f"from ceterms:estimatedDuration {exact}")
        elif (weeks := duration_weeks(exact)) is not None:
            out.setdefault("participation", {})["duration_weeks"] = tidy_number(weeks)
            report.add("participation.duration_weeks", "carried", f"from ceterms:estimatedDuration {exact}")
        elif exact or profile.get("ceterms:description"):
            what = exact or text_of(profile.get("ceterms:description"))
            report.add(
                "workload_hours", "lost", f"estimated duration {what!r} is calendar time, not notional hours"
            )


def _delivery(node: Mapping[str, Any], lang: str | None, out: dict[str, Any], report: InteropReport) -> None:
    forms = {v[0]: k for k, v in DELIVERY.items()}
    for cao in as_list(node.get("ceterms:deliveryType")):
        target = str(cao.get("ceterms:targetNode", "")) if isinstance(cao, dict) else ""
        if target in forms:
            out.setdefault("participation", {})["form"] = forms[target]
            report.add("participation.form", "carried", "from ceterms:deliveryType")
            break
    if "participation" in out and "form" not in out["participation"]:
        del out["participation"]  # a duration without a delivery type is not enough for the schema
        report.add("participation.duration_weeks", "lost", "no delivery type to attach it to")
    if (desc := text_of(node.get("ceterms:deliveryTypeDescription"), lang)) and "participation" in out:
        out["participation"]["description"] = desc
        report.add("participation.description", "carried", "from ceterms:deliveryTypeDescription")


def _requirements_in(
    node: Mapping[str, Any], lang: str | None, out: dict[str, Any], report: InteropReport
) -> None:
    outcomes: list[dict[str, Any]] = []
    competencies: list[dict[str, Any]] = []
    for profile in as_list(node.get("ceterms:requires")):
        if not isinstance(profile, dict):
            continue
        conditions = profile.get("ceterms:condition")
        if isinstance(conditions, dict):
            conditions = conditions.get(lang) if lang in conditions else next(iter(conditions.values()), [])
        for text in (c for c in as_list(conditions) if isinstance(c, str) and len(c.strip()) >= 3):
            m = CONDITION.match(text.strip())
            if m and OUTCOME_ID.match(m["id"]):
                outcomes.append({"id": m["id"], "text": m["text"].strip()})
            else:
                outcomes.append({"id": f"LO{len(outcomes) + 1}", "text": text.strip()})
        competencies += [c for c in as_list(profile.get("ceterms:targetCompetency")) if isinstance(c, dict)]
        for value in as_list(profile.get("ceterms:creditValue")):
            if isinstance(value, dict) and "credits" not in out:
                _credit(value, lang, out, report)
        desc = text_of(profile.get("ceterms:description"), lang) or ""
        if m := re.match(r"^Assessment \((?P<type>[a-z-]+)\):\s*(?P<desc>.+)$", desc, re.DOTALL):
            out["assessment"] = {"type": m["type"], "description": m["desc"].strip()}
            report.add("assessment", "derived", "from the ConditionProfile's description")
    ids = {o["id"] for o in outcomes}
    if len(ids) != len(outcomes):
        for n, o in enumerate(outcomes, 1):
            o["id"] = f"LO{n}"
    unlinked = []
    for cao in competencies:
        uri = str(cao.get("ceterms:targetNode", ""))
        if not ESCO_URI.match(uri):
            unlinked.append(text_of(cao.get("ceterms:targetNodeName")) or uri)
            continue
        m = FOR_OUTCOME.search(text_of(cao.get("ceterms:targetNodeDescription"), lang) or "")
        owner = next((o for o in outcomes if m and o["id"] == m["id"]), None)
        if owner is None:
            unlinked.append(uri)
            continue
        link = {"taxonomy": "esco", "id": uri}
        if label := text_of(cao.get("ceterms:targetNodeName"), lang):
            link["label"] = label
        owner.setdefault("skills", []).append(link)
    for o in outcomes:  # the export sorts competencies by URI; keep each outcome's links in that order
        if "skills" in o:
            o["skills"].sort(key=lambda s: s["id"])
    if outcomes:
        out["learning_outcomes"] = outcomes
        report.add("learning_outcomes", "carried", "from ceterms:requires / ceterms:condition")
    if any("skills" in o for o in outcomes):
        report.add("learning_outcomes.skills", "carried", "from ceterms:targetCompetency")
    if unlinked:
        report.add(
            "learning_outcomes.skills",
            "lost",
            "competencies not tied to an outcome: " + "; ".join(sorted(unlinked)),
        )


def _credit(value: Mapping[str, Any], lang: str | None, out: dict[str, Any], report: InteropReport) -> None:
    amount = number(value.get("schema:value"))
    units = [
        str(c.get("ceterms:targetNode", ""))
        for c in as_list(value.get("ceterms:creditUnitType"))
        if isinstance(c, dict)
    ]
    desc = text_of(value.get("schema:description"), lang) or ""
    m = re.match(r"^\s*[\d.]+\s+([a-z0-9][a-z0-9._-]*) credits$", desc)
    if amount and V.ECTS[0] in units:
        out["credits"] = {"system": "ects", "value": tidy_number(amount)}
        report.add("credits", "carried", "from ceterms:creditValue (ECTS unit)")
    elif amount and m:
        out["credits"] = {"system": m.group(1), "value": tidy_number(amount)}
        report.add("credits", "carried", "from ceterms:creditValue and its description")
    elif amount:
        report.add(
            "credits",
            "lost",
            f"{amount:g} credits of unit {', '.join(units) or 'unknown'} (not a system mcmap knows)",
        )
