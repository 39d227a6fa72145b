"""Open Badges 3.0: a descriptor as an Achievement (achievementType MicroCredential), and back.

The Achievement carries the title, description, ESCO alignments, the claimed level (as
alignments to the EQF URI and, for a national level, to an mcmap URN), ECTS credits, language,
keywords, ISCED-F field, grading (``resultDescription``) and the provider (``creator``); the
learning outcomes, assessment and prerequisites go into the Markdown ``criteria.narrative``
(see :mod:`mcmap.interop.ob3_narrative`). ``wrap=True`` puts it in an **unsigned**
OpenBadgeCredential with no recipient and no proof: a template for an issuing platform.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from mcmap.credential import Credential, Organisation
from mcmap.errors import UsageError
from mcmap.interop.annex_text import annex_lines
from mcmap.interop.common import (
    ExportResult,
    InteropReport,
    credential_uri,
    date_time,
    ects_of,
    eqf_of,
    esco_concepts,
    framework_name,
    level_urn,
    organisation_uri,
    present_fields,
    skill_label,
    stable_uuid,
    tidy_number,
)
from mcmap.interop.ob3_narrative import write_narrative

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
INFERRED_NOTE = "Inferred by mcmap"
RESULT_TYPES = {
    "pass-fail": "Result",
    "percentage": "Percent",
    "letter": "LetterGrade",
    "numeric": "RawScore",
    "descriptor": "PerformanceLevel",
    "other": "Result",
}


def export_ob3(
    cred: Credential,
    *,
    wrap: bool = False,
    inferred: Mapping[str, Sequence[tuple[str, str, float]]] | None = None,
) -> ExportResult:
    """The credential as an OB3 Achievement, or wrapped in an unsigned OpenBadgeCredential.

    ``inferred`` (outcome id -> (ESCO URI, label, score)) adds alignments mcmap inferred, each
    saying so in its ``targetDescription``; the importer does not read them back as declared.
    """
    report = InteropReport("ob3", "export", cred.id)
    done: set[str] = set()

    def carried(name: str, status: str = "carried", detail: str = "") -> None:
        done.add(name)
        report.add(name, status, detail)

    esco = esco_concepts(link.id for _, link in cred.skill_links() if link.taxonomy == "esco")
    annex = _annex_text(cred, carried)
    ach: dict[str, Any] = {
        "id": credential_uri(cred),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "humanCode": cred.id,
        "name": cred.title,
        "description": cred.description or cred.title,
        "criteria": {"narrative": write_narrative(cred, annex)},
    }
    carried("id", detail="as humanCode")
    carried("title")
    if cred.description:
        carried("description")
    if cred.url:
        carried("url", detail="as the Achievement id")
    for name in ("learning_outcomes.id", "learning_outcomes.domain"):
        carried(name, detail="in criteria.narrative (Markdown)")
    if all(o.text == " ".join(o.text.split()) for o in cred.learning_outcomes):
        carried("learning_outcomes.text", detail="in criteria.narrative (Markdown)")
    else:  # one outcome per Markdown line
        carried(
            "learning_outcomes.text",
            "converted",
            "in criteria.narrative, line breaks and runs of spaces collapsed",
        )
    if cred.assessment:
        carried("assessment", detail="in criteria.narrative")
    if cred.prerequisites:
        carried("prerequisites", detail="in criteria.narrative")
    alignments = _skill_alignments(cred, esco, carried) + _level_alignments(cred, carried)
    if inferred:
        alignments += _inferred_alignments(cred, inferred, report)
    if alignments:
        ach["alignment"] = alignments
    ects, how = ects_of(cred)
    if ects is not None:
        ach["creditsAvailable"] = tidy_number(ects)
        carried("credits", "converted" if how else "carried", how or "as creditsAvailable (ECTS)")
    if cred.grading:
        ach["resultDescription"] = [_result_description(cred)]
        carried("grading", detail="as resultDescription")
        if cred.grading.grade_achieved is not None:
            carried(
                "grading.grade_achieved", "lost", "a grade belongs to an issued result, not the Achievement"
            )
    if cred.language:
        ach["inLanguage"] = cred.language
        carried("language", detail="as inLanguage")
    if cred.keywords:
        ach["tag"] = list(cred.keywords)
        carried("keywords", detail="as tag")
    if cred.isced_f:
        ach["fieldOfStudy"] = f"ISCED-F {cred.isced_f}"
        carried("isced_f", detail="as fieldOfStudy 'ISCED-F code'")
    if cred.version:
        ach["version"] = cred.version
        carried("version")
    if cred.provider:
        ach["creator"] = _profile(cred.provider)
        carried("provider", detail="as creator (Profile)")
    if cred.country and cred.provider and cred.country == cred.provider.country:
        carried("country", detail="as the creator's addressCountryCode")
    document = ach
    if wrap:
        document = _wrap(cred, ach, carried, report)
    for name in present_fields(cred):
        if name not in done and not any(d.startswith(name + ".") for d in done):
            report.add(name, "lost", "Open Badges 3.0 has no property for it")
    return ExportResult(document, report)


def _annex_text(cred: Credential, carried: Any) -> list[str]:
    """Annex I elements OB3 has no property for, as sentences for people (read back best effort)."""
    lines = annex_lines(cred)
    for name in lines:
        carried(name, "text-only", "in criteria.narrative")
    return list(lines.values())


def _skill_alignments(
    cred: Credential, esco: Mapping[str, tuple[str, str]], carried: Any
) -> list[dict[str, Any]]:
    links = {link.id: link for _, link in cred.skill_links() if link.taxonomy == "esco"}
    out = []
    for uri in sorted(links):
        alignment = {
            "type": ["Alignment"],
            "targetName": skill_label(links[uri].label, uri, esco),
            "targetUrl": uri,
            "targetFramework": "ESCO",
            "targetCode": uri.rsplit("/", 1)[-1],
            "targetType": "ceasn:Competency",
        }
        if uri in esco and esco[uri][1]:
            alignment["targetDescription"] = esco[uri][1]
        out.append(alignment)
    if links:
        carried("learning_outcomes.skills", detail="as alignment[] (ESCO) and in criteria.narrative")
    if any(link.taxonomy != "esco" for _, link in cred.skill_links()):
        carried("learning_outcomes.skills", "lost", "links to taxonomies other than ESCO are not exported")
    return out


def _inferred_alignments(
    cred: Credential, inferred: Mapping[str, Sequence[tuple[str, str, float]]], report: InteropReport
) -> list[dict[str, Any]]:
    declared = {link.id for _, link in cred.skill_links()}
    best: dict[str, tuple[float, str, str]] = {}  # uri -> (score, label, outcome id), best outcome wins
    for outcome_id in sorted(inferred):
        for uri, label, score in inferred[outcome_id]:
            if uri not in declared and (uri not in best or score > best[uri][0]):
                best[uri] = (score, label, outcome_id)
    out = [
        {
            "type": ["Alignment"],
            "targetName": label,
            "targetUrl": uri,
            "targetFramework": "ESCO",
            "targetCode": uri.rsplit("/", 1)[-1],
            "targetType": "ceasn:Competency",
            "targetDescription": f"{INFERRED_NOTE} from learning outcome {oid} (score {score:.0f}/100); "
            "not declared by the provider",
        }
        for uri, (score, label, oid) in sorted(best.items())
    ]
    report.warnings.append(
        f"{len(out)} alignments were inferred by mcmap, not declared by the provider;"
        " each says so in its targetDescription"
    )
    return out


def _level_alignments(cred: Credential, carried: Any) -> list[dict[str, Any]]:
    if cred.level is None:
        return []
    out = []
    eqf, route = eqf_of(cred)
    if cred.level.framework != "eqf":
        name = framework_name(cred.level.framework)
        out.append(
            {
                "type": ["Alignment"],
                "targetName": f"{name} level {cred.level.level}",
                "targetUrl": level_urn(cred.level.framework, cred.level.level),
                "targetFramework": name,
                "targetCode": str(cred.level.level),
                "targetType": "ext:QualificationLevel",
            }
        )
    if eqf is not None:
        alignment = {
            "type": ["Alignment"],
            "targetName": f"EQF level {eqf}",
            "targetUrl": f"http://data.europa.eu/snb/eqf/{eqf}",
            "targetFramework": "European Qualifications Framework",
            "targetCode": str(eqf),
            "targetType": "ext:QualificationLevel",
        }
        if cred.level.framework != "eqf":
            alignment["targetDescription"] = f"Through published referencing: {route}"
        out.append(alignment)
    carried("level", detail="as alignment[] to the level" + (" and its EQF URI" if eqf else ""))
    if cred.level.cycle:
        carried("level.cycle", "lost", "no OB3 property for the QF-EHEA cycle")
    return out


def _result_description(cred: Credential) -> dict[str, Any]:
    assert cred.grading is not None
    g = cred.grading
    result: dict[str, Any] = {
        "id": f"urn:uuid:{stable_uuid('ob3-result', cred.id)}",
        "type": ["ResultDescription"],
        "name": g.description or f"Grade ({g.scheme})",
        "resultType": RESULT_TYPES[g.scheme],
    }
    if g.scheme == "pass-fail":
        result["allowedValue"] = ["Pass", "Fail"]
    return result


def _profile(org: Organisation) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": organisation_uri(org), "type": ["Profile"], "name": org.name}
    if org.url:
        profile["url"] = org.url
    if org.country and re.match(r"^[A-Z]{2}(-|$)", org.country):
        profile["address"] = {"type": ["Address"], "addressCountryCode": org.country[:2]}
        if len(org.country) > 2:  # an ISO 3166-2 subdivision (GB-SCT): the region keeps it
            profile["address"]["addressRegion"] = org.country
    if org.identifier and org.identifier != profile["id"]:
        profile["otherIdentifier"] = [
            {"type": "IdentifierEntry", "identifier": org.identifier, "identifierType": "identifier"}
        ]
    return profile


def _wrap(cred: Credential, ach: dict[str, Any], carried: Any, report: InteropReport) -> dict[str, Any]:
    start = cred.valid_from or cred.issue_date
    if start is None:
        raise UsageError(
            f"{cred.id}: an OpenBadgeCredential needs a validFrom date",
            hint="give issue_date or valid_from in the descriptor, or export without --wrap",
        )
    issuer = cred.awarded_by
    credential: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{stable_uuid('ob3-credential', cred.id)}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": cred.title,
        "issuer": _profile(issuer)
        if issuer
        else {"id": "urn:mcmap:organisation:unknown", "type": ["Profile"]},
        "validFrom": date_time(start),
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": ach},
    }
    if cred.description:
        credential["description"] = cred.description
    if cred.issue_date:
        credential["awardedDate"] = date_time(cred.issue_date)
        carried("issue_date", detail="as awardedDate")
    if cred.valid_from:
        carried("valid_from", detail="as validFrom")
    if cred.valid_until:
        credential["validUntil"] = date_time(cred.valid_until)
        carried("valid_until", detail="as validUntil")
    if cred.awarding_body:
        carried("awarding_body", detail="as issuer")
    if issuer is None:
        report.warnings.append(
            "the descriptor names no provider or awarding body: the issuer is a placeholder"
        )
    report.warnings.append(
        "the OpenBadgeCredential is UNSIGNED: it has no proof and no recipient (credentialSubject.id);"
        " an issuing platform must add both before it goes to a wallet"
    )
    return credential
