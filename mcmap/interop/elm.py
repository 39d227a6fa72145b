"""European Learning Model (Europass, ELM v3): a descriptor as a learning achievement
specification, and back.

The export follows the ``specifiedBy`` node of the European Commission's ELM v3 sample
micro-credential (type ``Qualification``): ``learningOutcome[]`` with ``relatedESCOSkill``,
``eqfLevel`` (``http://data.europa.eu/snb/eqf/N``), ``nqfLevel``, ``creditPoint`` in ECTS
(other credit systems converted, and the report says how), ``volumeOfLearning`` as an ISO 8601
duration, ``mode``, ``learningSetting``, ``thematicArea`` (ISCED-F), ``entryRequirement``, the
assessment as ``provenBy`` and the awarding body in ``awardingOpportunity``. The import reads
that node from a full European Digital Credential (``credentialSubject.hasClaim.specifiedBy``)
or from a bare specification.
"""

from __future__ import annotations

from typing import Any

from mcmap.credential import Credential, Organisation
from mcmap.interop import elm_vocab as V
from mcmap.interop.annex_text import annex_lines
from mcmap.interop.common import (
    EQF_SCHEME,
    ExportResult,
    InteropReport,
    credential_uri,
    ects_of,
    eqf_of,
    esco_concepts,
    framework_name,
    iso_hours,
    level_urn,
    present_fields,
    skill_label,
    stable_uuid,
    workload_of,
)

CONTEXT = ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"]
ID_SCHEME = "mcmap credential id"


def _concept(cid: str, scheme: str, label: str, notation: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {
        "id": cid,
        "type": "Concept",
        "inScheme": {"id": scheme, "type": "ConceptScheme"},
    }
    if notation:
        concept["notation"] = notation
    concept["prefLabel"] = {"en": label}
    return concept


def export_elm(cred: Credential) -> ExportResult:
    """The credential as an ELM learning achievement specification (JSON-LD)."""
    report = InteropReport("elm", "export", cred.id)
    done: set[str] = set()
    lang = (cred.language or "en").split("-")[0].lower()
    notes: list[str] = []

    def carried(name: str, status: str = "carried", detail: str = "") -> None:
        done.add(name)
        report.add(name, status, detail)

    def lmap(text: str) -> dict[str, str]:
        return {lang: text}

    def note(n: int, text: str) -> dict[str, Any]:
        return {
            "id": f"urn:epass:note:{stable_uuid('elm-note', cred.id, str(n))}",
            "type": "Note",
            "noteLiteral": lmap(text),
        }

    spec: dict[str, Any] = {
        "@context": CONTEXT,
        "id": credential_uri(cred),
        "type": "Qualification",
        "identifier": [
            {
                "id": f"urn:epass:identifier:{stable_uuid('elm-id', cred.id)}",
                "type": "Identifier",
                "schemeName": ID_SCHEME,
                "notation": cred.id,
            }
        ],
        "title": lmap(cred.title),
    }
    carried("id", detail="as identifier (schemeName 'mcmap credential id')")
    carried("title")
    if cred.description:
        spec["description"] = lmap(cred.description)
        carried("description")
    if cred.url:
        spec["homepage"] = [
            {
                "id": f"urn:epass:webResource:{stable_uuid('elm-web', cred.id)}",
                "type": "WebResource",
                "contentURL": cred.url,
            }
        ]
        carried("url", detail="as homepage")
    if cred.language:
        code = V.LANGUAGES.get(lang)
        if code:
            spec["language"] = _concept(
                f"{V.EU_AUTHORITY}/language/{code}",
                f"{V.EU_AUTHORITY}/language",
                V.LANGUAGE_NAMES.get(lang, code),
                "language",
            )
            carried(
                "language",
                "carried" if cred.language == lang else "converted",
                "as a language concept" + ("" if cred.language == lang else f" ({cred.language} -> {lang})"),
            )
    _levels(cred, spec, carried)
    ects, how = ects_of(cred)
    if ects is not None:
        spec["creditPoint"] = {  # one object, as in the EC sample and the EDC schema
            "id": f"urn:epass:creditPoint:{stable_uuid('elm-credit', cred.id)}",
            "type": "CreditPoint",
            "framework": _concept(V.ECTS[0], V.ECTS[1], V.ECTS_LABEL),
            "point": f"{ects:g}",
        }
        carried("credits", "converted" if how else "carried", how or "as creditPoint (ECTS)")
    hours, derived = workload_of(cred)
    if hours is not None:
        spec["volumeOfLearning"] = iso_hours(hours)
        if cred.workload_hours is not None:
            carried("workload_hours", detail=f"as volumeOfLearning {iso_hours(hours)}")
        else:
            report.add("volumeOfLearning", "derived", derived)
    _participation(cred, spec, carried, notes)
    if cred.isced_f:
        spec["thematicArea"] = [
            _concept(
                f"http://data.europa.eu/snb/isced-f/{cred.isced_f}", V.ISCED_SCHEME, f"ISCED-F {cred.isced_f}"
            )
        ]
        carried("isced_f", detail="as thematicArea")
    if cred.prerequisites:
        spec["entryRequirement"] = note(0, cred.prerequisites)
        carried("prerequisites", detail="as entryRequirement")
    spec["learningOutcome"] = _outcomes(cred, lmap, carried)
    if cred.assessment or cred.grading or cred.supervision_identity_verification:
        spec["provenBy"] = [_assessment(cred, lmap, carried, notes)]
    org = cred.awarded_by
    if org is not None:
        spec["awardingOpportunity"] = [
            {
                "id": f"urn:epass:awardingOpportunity:{stable_uuid('elm-award', cred.id)}",
                "type": "AwardingOpportunity",
                "awardingBody": [_organisation(org, lmap, carried)],
            }
        ]
        if cred.awarding_body:  # ELM names the awarding body only; an import reads it as the provider
            carried(
                "awarding_body", "converted", "as awardingOpportunity.awardingBody (read back as provider)"
            )
            carried("provider", "lost", "a specification names its awarding body, not a separate provider")
        else:
            if org.country and org.country not in V.COUNTRIES:
                carried(
                    "provider",
                    "converted",
                    f"as awardingBody, without its country {org.country!r}"
                    " (no EU country concept for it in mcmap)",
                )
            else:
                carried("provider", detail="as awardingOpportunity.awardingBody")
        if cred.country and cred.country == org.country and org.country in V.COUNTRIES:
            carried("country", detail="as the awarding body's address country")
    lines = annex_lines(cred)
    if cred.quality_assurance:
        notes.append(lines["quality_assurance"])
        carried(
            "quality_assurance",
            "text-only",
            "as an additionalNote (ELM accreditation needs a full organisation)",
        )
    if cred.stackability:
        notes.append(lines["stackability"])
        carried("stackability", "text-only", "as an additionalNote")
    if cred.further_information:
        notes.append(lines["further_information"])
        carried("further_information", detail="as an additionalNote 'Further information: ...'")
    if notes:
        spec["additionalNote"] = [note(n, text) for n, text in enumerate(notes, 1)]
    for name in present_fields(cred):
        if name not in done and not any(d.startswith(name + ".") for d in done):
            report.add(name, "lost", "not part of an ELM learning achievement specification")
    return ExportResult(spec, report)


def _levels(cred: Credential, spec: dict[str, Any], carried: Any) -> None:
    if cred.level is None:
        return
    eqf, route = eqf_of(cred)
    if eqf is not None:
        spec["eqfLevel"] = _concept(f"http://data.europa.eu/snb/eqf/{eqf}", EQF_SCHEME, f"Level {eqf}")
    if cred.level.framework != "eqf":
        name = framework_name(cred.level.framework)
        spec["nqfLevel"] = _concept(
            level_urn(cred.level.framework, cred.level.level),
            f"urn:mcmap:framework:{cred.level.framework}",
            f"{name} level {cred.level.level}",
        )
        carried(
            "level", detail="as nqfLevel" + (f" and eqfLevel {eqf} ({route})" if eqf else " (no EQF level)")
        )
    else:
        carried("level", detail="as eqfLevel")
    if cred.level.cycle:
        carried("level.cycle", "lost", "no property for the QF-EHEA cycle")


def _participation(cred: Credential, spec: dict[str, Any], carried: Any, notes: list[str]) -> None:
    lines = annex_lines(cred)
    if cred.learning_setting:
        if cred.learning_setting in V.LEARNING_SETTINGS:
            cid, label = V.LEARNING_SETTINGS[cred.learning_setting]
            spec["learningSetting"] = _concept(cid, V.LEARNING_SETTING_SCHEME, label)
            carried("learning_setting", detail="as learningSetting")
        else:
            notes.append(lines["learning_setting"])
            carried(
                "learning_setting", "text-only", "as an additionalNote (no published concept URI in mcmap)"
            )
    p = cred.participation
    if p is None:
        return
    if p.form in V.MODES:
        cid, label = V.MODES[p.form]
        spec["mode"] = _concept(cid, V.MODE_SCHEME, label)
        carried("participation.form", detail="as mode")
    if p.description or p.duration_weeks or p.form not in V.MODES:
        notes.append(lines["participation"])
        carried(
            "participation",
            "text-only",
            "as an additionalNote"
            + ("" if p.form in V.MODES else f" ('{p.form}' has no published mode concept in mcmap)"),
        )


def _outcomes(cred: Credential, lmap: Any, carried: Any) -> list[dict[str, Any]]:
    esco = esco_concepts(link.id for _, link in cred.skill_links() if link.taxonomy == "esco")
    out = []
    for o in cred.learning_outcomes:
        item: dict[str, Any] = {
            "id": f"urn:epass:learningOutcome:{cred.id}:{o.id}",
            "type": "LearningOutcome",
            "title": lmap(o.text),
        }
        skills = sorted({link.id: link for link in o.skills if link.taxonomy == "esco"}.items())
        if skills:
            item["relatedESCOSkill"] = [
                _concept(uri, V.ESCO_SKILLS_SCHEME, skill_label(link.label, uri, esco), "Skill")
                for uri, link in skills
            ]
        out.append(item)
    carried("learning_outcomes.id", detail="in the learningOutcome id")
    carried("learning_outcomes.text", detail="as learningOutcome title")
    if any(o.skills for o in cred.learning_outcomes):
        carried("learning_outcomes.skills", detail="as relatedESCOSkill")
    if any(link.taxonomy != "esco" for _, link in cred.skill_links()):
        carried(
            "learning_outcomes.skills", "lost", "ELM relates outcomes to ESCO only here; other links dropped"
        )
    if any(o.domain for o in cred.learning_outcomes):
        carried("learning_outcomes.domain", "lost", "ELM outcomes carry no EQF domain")
    return out


def _assessment(cred: Credential, lmap: Any, carried: Any, notes: list[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "id": f"urn:epass:learningAssessmentSpec:{stable_uuid('elm-assess', cred.id)}",
        "type": "LearningAssessmentSpecification",
        "title": lmap(f"Assessment: {cred.assessment.type}" if cred.assessment else "Assessment"),
    }
    if cred.assessment:
        a = cred.assessment
        if a.description:
            spec["description"] = lmap(a.description)
        if a.components:
            spec["hasPart"] = [
                {
                    "id": f"urn:epass:learningAssessmentSpec:{stable_uuid('elm-assess', cred.id, str(n))}",
                    "type": "LearningAssessmentSpecification",
                    "title": lmap(f"Assessment: {c.type}"),
                    **({"description": lmap(c.description)} if c.description else {}),
                    **(
                        {
                            "additionalNote": [
                                {
                                    "id": f"urn:epass:note:{stable_uuid('elm-w', cred.id, str(n))}",
                                    "type": "Note",
                                    "noteLiteral": lmap(f"Weight: {c.weight_percent:g}%"),
                                }
                            ]
                        }
                        if c.weight_percent is not None
                        else {}
                    ),
                    **(
                        {"proves": [f"urn:epass:learningOutcome:{cred.id}:{lo}" for lo in c.outcomes]}
                        if c.outcomes
                        else {}
                    ),
                }
                for n, c in enumerate(a.components, 1)
            ]
        carried("assessment", detail="as provenBy (LearningAssessmentSpecification)")
    if cred.grading:
        g = cred.grading
        spec["gradingScheme"] = {
            "id": f"urn:epass:gradingScheme:{stable_uuid('elm-grade', cred.id)}",
            "type": "GradingScheme",
            "title": lmap(g.scheme),
            **({"description": lmap(g.description)} if g.description else {}),
        }
        carried("grading", detail="as provenBy.gradingScheme")
        if g.grade_achieved is not None:
            carried("grading.grade_achieved", "lost", "a grade belongs to an issued credential")
    s = cred.supervision_identity_verification
    if s:
        if s.type in V.SUPERVISION and not s.description:
            cid, label = V.SUPERVISION[s.type]
            spec["idVerification"] = _concept(cid, V.SUPERVISION_SCHEME, label)
            carried("supervision_identity_verification", detail="as idVerification")
        else:
            notes.append(annex_lines(cred)["supervision_identity_verification"])
            carried("supervision_identity_verification", "text-only", "as an additionalNote")
    return spec


def _organisation(org: Organisation, lmap: Any, carried: Any) -> dict[str, Any]:
    key = stable_uuid("elm-org", org.name)
    node: dict[str, Any] = {
        "id": org.identifier or f"urn:epass:org:{key}",
        "type": "Organisation",
        "legalName": lmap(org.name),
    }
    if org.country in V.COUNTRIES:
        code = V.COUNTRIES[str(org.country)]
        node["location"] = {
            "id": f"urn:epass:location:{key}",
            "type": "Location",
            "address": {
                "id": f"urn:epass:address:{key}",
                "type": "Address",
                "countryCode": _concept(
                    f"{V.EU_AUTHORITY}/country/{code}", f"{V.EU_AUTHORITY}/country", code, "country"
                ),
            },
        }
    if org.url:
        node["homepage"] = {
            "id": f"urn:epass:webResource:{key}",
            "type": "WebResource",
            "contentURL": org.url,
        }
    return node
