"""CTDL (Credential Engine): a descriptor as a ``ceterms:MicroCredential``, and back.

The shape follows the Credential Engine ingest examples (``credential-examples/ctdl``): language
maps, ``ceterms:CredentialAlignmentObject`` for every coded value, organisations in
``ceterms:ownedBy`` / ``ceterms:offeredBy``, a ``ceterms:requires`` ConditionProfile. The
learning outcomes are that profile's ``ceterms:condition`` list ("LO1: ..."), the ESCO skills its
``ceterms:targetCompetency`` alignments (each naming the outcome that declares it), the credits
its ``ceterms:creditValue`` (a QuantitativeValue whose unit is the EU's ECTS concept); the
workload is ``ceterms:estimatedDuration`` (``PT125H``). CTDL has no property for an EQF or
national level, so the level is reported as not carried.
"""

from __future__ import annotations

import re
from typing import Any

from mcmap.credential import Credential, Organisation
from mcmap.interop import elm_vocab as V
from mcmap.interop.common import (
    ExportResult,
    InteropReport,
    credential_uri,
    esco_concepts,
    iso_hours,
    present_fields,
    skill_label,
    stable_uuid,
    tidy_number,
)

CONTEXT = "https://credreg.net/ctdl/schema/context/json"
DELIVERY = {
    "online": ("deliveryType:OnlineOnly", "Online Only"),
    "onsite": ("deliveryType:InPerson", "In Person Only"),
    "blended": ("deliveryType:BlendedDelivery", "Blended Delivery"),
}
CONDITION = re.compile(r"^(?P<id>[A-Za-z0-9][A-Za-z0-9._-]*):\s+(?P<text>\S.*)$", re.DOTALL)
FOR_OUTCOME = re.compile(r"learning outcome (?P<id>[A-Za-z0-9][A-Za-z0-9._-]*)")
#: CTDL credential classes an import accepts (a learning programme or course also describes one)
CLASSES = {
    "MicroCredential",
    "Badge",
    "Certificate",
    "CertificateOfCompletion",
    "DigitalBadge",
    "OpenBadge",
    "Certification",
    "Credential",
    "ProfessionalCertificate",
    "BachelorDegree",
    "MasterDegree",
    "AssociateDegree",
    "Diploma",
    "Degree",
    "LearningProgram",
    "Course",
    "LearningOpportunityProfile",
}


def export_ctdl(cred: Credential) -> ExportResult:
    """The credential as a CTDL ``ceterms:MicroCredential`` (JSON-LD, registry ingest shape)."""
    report = InteropReport("ctdl", "export", cred.id)
    done: set[str] = set()
    lang = cred.language or "en"

    def carried(name: str, status: str = "carried", detail: str = "") -> None:
        done.add(name)
        report.add(name, status, detail)

    def lmap(text: str) -> dict[str, str]:
        return {lang: text}

    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": credential_uri(cred),
        "@type": "ceterms:MicroCredential",
        "ceterms:ctid": f"ce-{stable_uuid('ctdl', cred.id)}",
        "ceterms:name": lmap(cred.title),
        "ceterms:codedNotation": cred.id,
    }
    carried("id", detail="as ceterms:codedNotation")
    carried("title", detail="as ceterms:name")
    if cred.description:
        doc["ceterms:description"] = lmap(cred.description)
        carried("description")
    if cred.url:
        doc["ceterms:subjectWebpage"] = cred.url
        carried("url", detail="as ceterms:subjectWebpage")
    if cred.language:
        doc["ceterms:inLanguage"] = [cred.language]
        carried("language", detail="as ceterms:inLanguage")
    if cred.keywords:
        doc["ceterms:keyword"] = {lang: list(cred.keywords)}
        carried("keywords", detail="as ceterms:keyword")
    if cred.provider:
        doc["ceterms:ownedBy"] = [_organisation(cred.awarded_by or cred.provider, lmap)]
        doc["ceterms:offeredBy"] = [_organisation(cred.provider, lmap)]
        carried("provider", detail="as ceterms:offeredBy")
        if cred.awarding_body:
            carried("awarding_body", detail="as ceterms:ownedBy")
    if cred.country and cred.provider and cred.country == cred.provider.country:
        carried("country", detail="as the offering organisation's ceterms:address")
    if cred.workload_hours or (cred.participation and cred.participation.duration_weeks):
        doc["ceterms:estimatedDuration"] = _durations(cred, lmap, carried)
    if cred.participation and cred.participation.form in DELIVERY:
        node, label = DELIVERY[cred.participation.form]
        doc["ceterms:deliveryType"] = [
            _alignment("https://credreg.net/ctdl/terms/Delivery", "Delivery Type", node, label, lmap)
        ]
        carried("participation.form", detail="as ceterms:deliveryType")
        if cred.participation.description:
            doc["ceterms:deliveryTypeDescription"] = lmap(cred.participation.description)
            carried("participation.description", detail="as ceterms:deliveryTypeDescription")
    doc["ceterms:requires"] = [_requirements(cred, lmap, carried)]
    if cred.prerequisites:
        doc["ceterms:entryCondition"] = [
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:name": lmap("Prerequisites"),
                "ceterms:description": lmap(cred.prerequisites),
            }
        ]
        carried("prerequisites", detail="as ceterms:entryCondition")
    if cred.quality_assurance and cred.quality_assurance.body:
        qa = cred.quality_assurance
        agent: dict[str, Any] = {
            "@type": "ceterms:QACredentialOrganization",
            "ceterms:name": lmap(str(qa.body)),
        }
        if qa.description:
            agent["ceterms:description"] = lmap(qa.description)
        if qa.url:
            agent["ceterms:subjectWebpage"] = qa.url
        key = "ceterms:accreditedBy" if qa.type != "internal" else "ceterms:approvedBy"
        doc[key] = [agent]
        carried(
            "quality_assurance", "converted", f"the QA body as {key}; the type '{qa.type}' is implied only"
        )
    if cred.issue_date or cred.valid_from:
        doc["ceterms:dateEffective"] = cred.valid_from or cred.issue_date
        carried("valid_from" if cred.valid_from else "issue_date", detail="as ceterms:dateEffective")
    if cred.valid_until:
        doc["ceterms:expirationDate"] = cred.valid_until
        carried("valid_until", detail="as ceterms:expirationDate")
    if cred.level:
        carried("level", "lost", "CTDL has no property for an EQF or national qualifications-framework level")
    for name in present_fields(cred):
        if name not in done and not any(d.startswith(name + ".") for d in done):
            report.add(name, "lost", "no CTDL property used by mcmap")
    return ExportResult(doc, report)


def _alignment(framework: str, framework_name: str, node: str, name: str, lmap: Any) -> dict[str, Any]:
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": framework,
        "ceterms:frameworkName": lmap(framework_name),
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": lmap(name),
    }


def _organisation(org: Organisation, lmap: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "ceterms:CredentialOrganization", "ceterms:name": lmap(org.name)}
    if org.url:
        node["ceterms:subjectWebpage"] = org.url
    if org.identifier:
        node["ceterms:identifier"] = [
            {"@type": "ceterms:IdentifierValue", "ceterms:identifierValueCode": org.identifier}
        ]
    if org.country:
        node["ceterms:address"] = [{"@type": "ceterms:Place", "ceterms:addressCountry": lmap(org.country)}]
    return node


def _durations(cred: Credential, lmap: Any, carried: Any) -> list[dict[str, Any]]:
    out = []
    if cred.workload_hours:
        out.append(
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:description": lmap("Notional workload"),
                "ceterms:exactDuration": iso_hours(cred.workload_hours),
            }
        )
        carried("workload_hours", detail=f"as ceterms:estimatedDuration {iso_hours(cred.workload_hours)}")
    if cred.participation and cred.participation.duration_weeks:
        weeks = tidy_number(cred.participation.duration_weeks)
        out.append(
            {
                "@type": "ceterms:DurationProfile",
                "ceterms:description": lmap("Calendar duration"),
                "ceterms:exactDuration": f"P{weeks}W",
            }
        )
        if cred.participation.form in DELIVERY:
            carried("participation.duration_weeks", detail=f"as ceterms:estimatedDuration P{weeks}W")
        else:  # the descriptor needs a form to hold a duration, and this form has no CTDL delivery type
            carried("participation.duration_weeks", "text-only", f"as ceterms:estimatedDuration P{weeks}W")
    return out


def _requirements(cred: Credential, lmap: Any, carried: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "@type": "ceterms:ConditionProfile",
        "ceterms:name": lmap("Learning outcomes"),
        "ceterms:condition": {(cred.language or "en"): [f"{o.id}: {o.text}" for o in cred.learning_outcomes]},
    }
    carried("learning_outcomes.id", detail="as 'LO1: ...' entries of ceterms:condition")
    carried("learning_outcomes.text", detail="in ceterms:condition")
    if any(o.domain for o in cred.learning_outcomes):
        carried("learning_outcomes.domain", "lost", "CTDL conditions carry no EQF domain")
    if cred.assessment and cred.assessment.description:
        profile["ceterms:description"] = lmap(
            f"Assessment ({cred.assessment.type}): {cred.assessment.description}"
        )
    if cred.assessment:
        carried("assessment", "text-only", "in the ConditionProfile's description")
    if cred.credits:
        value: dict[str, Any] = {
            "@type": "schema:QuantitativeValue",
            "schema:value": tidy_number(cred.credits.value),
        }
        if cred.credits.system == "ects":
            value["ceterms:creditUnitType"] = [
                _alignment(
                    V.ECTS[1], "EU education credit", V.ECTS[0], "European Credit Transfer System", lmap
                )
            ]
        value["schema:description"] = lmap(f"{cred.credits.value:g} {cred.credits.system} credits")
        profile["ceterms:creditValue"] = [value]
        carried("credits", detail="as ceterms:creditValue")
    esco = esco_concepts(link.id for _, link in cred.skill_links() if link.taxonomy == "esco")
    competencies = []
    for outcome, link in sorted(cred.skill_links(), key=lambda pair: (pair[1].id, pair[0].id)):
        if link.taxonomy != "esco":
            continue
        cao = _alignment(V.ESCO_SKILLS_SCHEME, "ESCO", link.id, skill_label(link.label, link.id, esco), lmap)
        cao["ceterms:codedNotation"] = link.id.rsplit("/", 1)[-1]
        cao["ceterms:targetNodeDescription"] = lmap(f"Declared for learning outcome {outcome.id}")
        competencies.append(cao)
    if competencies:
        profile["ceterms:targetCompetency"] = competencies
        carried("learning_outcomes.skills", detail="as ceterms:targetCompetency naming the outcome")
    if any(link.taxonomy != "esco" for _, link in cred.skill_links()):
        carried("learning_outcomes.skills", "lost", "only ESCO links are written as competencies")
    return profile
