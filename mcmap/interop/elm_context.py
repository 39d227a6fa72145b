"""The parts of an ELM document around the specification: the assessment (with grading and
identity verification), the awarding body and the additional notes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mcmap.interop import elm_vocab as V
from mcmap.interop.annex_text import read_annex_line
from mcmap.interop.common import OUTCOME_ID, InteropReport, as_list, text_of, tidy_number

_ASSESSMENT_WORDS = (
    ("recognition", "recognition-of-prior-learning"),
    ("exam", "exam"),
    ("quiz", "test"),
    ("test", "test"),
    ("assignment", "assignment"),
    ("project", "project"),
    ("artefact", "project"),
    ("portfolio", "portfolio"),
    ("practical", "practical"),
    ("presentation", "presentation"),
    ("oral", "oral"),
    ("interview", "oral"),
    ("observation", "observation"),
    ("mixed", "mixed"),
)
_SUPERVISION_WORDS = (
    ("unsupervised", "unsupervised-no-verification"),
    ("without id", "supervised-no-verification"),
    ("online", "supervised-online-verified"),
    ("onsite", "supervised-onsite-verified"),
    ("on-site", "supervised-onsite-verified"),
    ("presential", "supervised-onsite-verified"),
)


def read_assessment(
    spec: Mapping[str, Any],
    claim: Mapping[str, Any] | None,
    lang: str | None,
    out: dict[str, Any],
    report: InteropReport,
) -> None:
    nodes = [n for n in as_list(spec.get("provenBy")) if isinstance(n, dict)]
    proven = (claim or {}).get("provenBy")
    for p in as_list(proven):
        if isinstance(p, dict):
            nodes.append(p["specifiedBy"] if isinstance(p.get("specifiedBy"), dict) else p)
            if isinstance(p.get("idVerification"), dict):
                nodes.append({"idVerification": p["idVerification"]})
            if p.get("grade") is not None:
                report.add(
                    "grading.grade_achieved",
                    "lost",
                    "the learner's grade is not part of a catalogue descriptor",
                )
    for node in nodes:
        words = " ".join(
            filter(
                None,
                [
                    text_of(node.get("title"), lang),
                    text_of((node.get("dcType") or {}).get("prefLabel"))
                    if isinstance(node.get("dcType"), dict)
                    else None,
                ],
            )
        ).lower()
        if words and "assessment" not in out:
            kind = next((t for w, t in _ASSESSMENT_WORDS if w in words), "other")
            assessment: dict[str, Any] = {"type": kind}
            desc = text_of(node.get("description"), lang) or text_of(node.get("title"), lang)
            if desc and desc != f"Assessment: {kind}":
                assessment["description"] = desc
            components = [
                _component(part, lang) for part in as_list(node.get("hasPart")) if isinstance(part, dict)
            ]
            if components:
                assessment["components"] = components
            out["assessment"] = assessment
            report.add("assessment", "carried" if kind != "other" else "derived", "from provenBy")
        grading = node.get("gradingScheme")
        if isinstance(grading, dict) and "grading" not in out:
            title = (text_of(grading.get("title"), lang) or "").strip()
            schemes = ("pass-fail", "percentage", "letter", "numeric", "descriptor", "other")
            out["grading"] = {"scheme": title if title in schemes else "other"}
            d = text_of(grading.get("description"), lang) or (title if title not in schemes else None)
            if d:
                out["grading"]["description"] = d
            report.add("grading", "carried", "from gradingScheme")
        ver = node.get("idVerification")
        if isinstance(ver, dict) and "supervision_identity_verification" not in out:
            label = (text_of(ver.get("prefLabel")) or "").lower()
            check = next((t for w, t in _SUPERVISION_WORDS if w in label), None)
            if check:
                out["supervision_identity_verification"] = {"type": check}
                report.add("supervision_identity_verification", "carried", "from idVerification")


def _component(part: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
    title = (text_of(part.get("title"), lang) or "").lower()
    kind = next((t for w, t in _ASSESSMENT_WORDS if w in title), "other")
    component: dict[str, Any] = {"type": kind}
    for n in as_list(part.get("additionalNote")):
        note = text_of(n.get("noteLiteral") if isinstance(n, dict) else n) or ""
        m = re.match(r"^Weight:\s*(\d+(?:\.\d+)?)%$", note)
        if m:
            component["weight_percent"] = tidy_number(float(m.group(1)))
    if d := text_of(part.get("description"), lang):
        component["description"] = d
    los = [str(p).rsplit(":", 1)[-1] for p in as_list(part.get("proves"))]
    if los and all(OUTCOME_ID.match(lo) for lo in los):
        component["outcomes"] = los
    return component


def read_organisations(
    spec: Mapping[str, Any],
    claim: Mapping[str, Any] | None,
    credential: Mapping[str, Any] | None,
    lang: str | None,
    out: dict[str, Any],
    report: InteropReport,
) -> None:
    bodies: list[Any] = []
    for opportunity in as_list(spec.get("awardingOpportunity")):
        if isinstance(opportunity, dict):
            bodies += as_list(opportunity.get("awardingBody"))
    if claim:
        for process in as_list(claim.get("awardedBy")):
            if isinstance(process, dict):
                bodies += as_list(process.get("awardingBody"))
    if credential:
        bodies.append(credential.get("issuer"))
    orgs = [o for o in (_organisation(b, lang) for b in bodies) if o]
    if orgs:
        out["provider"] = orgs[0]
        report.add("provider", "carried", "from the awarding body")
        if orgs[0].get("country"):
            out["country"] = orgs[0]["country"]
            report.add("country", "derived", "from the awarding body's address")


def _organisation(node: Any, lang: str | None) -> dict[str, Any] | None:
    if not isinstance(node, dict) or not (name := text_of(node.get("legalName"), lang)):
        return None
    org: dict[str, Any] = {"name": name}
    location = node.get("location")
    location = location[0] if isinstance(location, list) and location else location
    address = location.get("address") if isinstance(location, dict) else None
    address = address[0] if isinstance(address, list) and address else address
    country = address.get("countryCode") if isinstance(address, dict) else None
    code = str(country.get("id", "")).rsplit("/", 1)[-1] if isinstance(country, dict) else ""
    two = next((k for k, v in V.COUNTRIES.items() if v == code), None)
    if two:
        org["country"] = two
    homepage = node.get("homepage")
    homepage = homepage[0] if isinstance(homepage, list) and homepage else homepage
    if isinstance(homepage, dict) and str(homepage.get("contentURL", "")).startswith(("http://", "https://")):
        org["url"] = homepage["contentURL"]
    nid = str(node.get("id", ""))
    if nid and not nid.startswith(("urn:epass:org:", "urn:mcmap:")):
        org["identifier"] = nid
    return org


def read_notes(spec: Mapping[str, Any], lang: str | None, out: dict[str, Any], report: InteropReport) -> None:
    others = []
    for n in as_list(spec.get("additionalNote")):
        text = text_of((n or {}).get("noteLiteral"), lang) if isinstance(n, dict) else None
        if not text:
            continue
        parsed = read_annex_line(text)
        if parsed is None:
            others.append(text)
        elif parsed[0] == "further_information":
            out["further_information"] = parsed[1]
            report.add("further_information", "carried", "from additionalNote")
        elif parsed[0] == "participation" and isinstance(out.get("participation"), dict):
            out["participation"] = {**parsed[1], **out["participation"]}  # the mode concept wins
            report.add("participation", "derived", "details read back from mcmap's additionalNote")
        elif parsed[0] not in out:
            out[parsed[0]] = parsed[1]
            report.add(parsed[0], "derived", "read back from mcmap's additionalNote")
    if others:
        joined = "\n".join(others)
        out["further_information"] = (
            f"{out['further_information']}\n{joined}" if "further_information" in out else joined
        )
        report.add("further_information", "derived", "from additionalNote")
