"""Exports to Open Badges 3.0, ELM and CTDL: every sample credential, validated offline against the
OB3 and ELM JSON Schemas in ../shared/data/credential-examples, with their reports."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator, Draft202012Validator

from mcmap.credential import Credential
from mcmap.interop.ctdl import export_ctdl
from mcmap.interop.elm import export_elm
from mcmap.interop.ob3 import export_ob3
from mcmap.load.yamlpos import parse_documents

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(  # every credential of the sample catalogue, recognition cases included
    p
    for p in (REPO / "sample_credentials").rglob("*.yaml")
    if "mcmap: credential/1" in p.read_text(encoding="utf-8")
)
CSA = REPO / "sample_credentials" / "ie-shannonside-climate-smart-agriculture.yaml"


def load(path: Path) -> Credential:
    doc = next(iter(parse_documents(path.read_text(encoding="utf-8"), str(path))))
    return Credential.from_document(doc.data)


@cache
def ob3_schema(root: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((root / "microcredential_v1_open-badge_schema.json").read_text())
    return schema


def ob3_errors(root: Path, document: dict[str, Any], definition: str | None = None) -> list[str]:
    """Errors against the OB3 schema (the whole credential, or one of its $defs)."""
    schema = ob3_schema(root)
    if definition:
        schema = {"$schema": schema["$schema"], "$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def patched_elm(root: Path) -> dict[str, Any]:
    """The ELM specification schema with one contradiction resolved.

    The schema puts ``enum: ["Level 6", ...]`` next to ``$ref: languageMap`` (an object such as
    {"en": "Level 6"}), so no document can pass: the EC's own example fails there. The enum is
    applied to the language map's values instead, which keeps its intent (see
    test_elm_schema_patch_is_needed_and_still_strict).
    """
    schema = json.loads((root / "microcredential_v1_edc_schema.json").read_text())

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("$ref") == "#/definitions/languageMap" and "enum" in node:
                node["patternProperties"] = {"^[a-z]{2}$": {"enum": node.pop("enum")}}
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def elm_errors(root: Path, spec: dict[str, Any], schema: dict[str, Any] | None = None) -> list[str]:
    """Errors of a learning achievement specification against the schema's ``specifiedBy``."""
    schema = schema or patched_elm(root)
    sub = schema["properties"]["credentialSubject"]["properties"]["hasClaim"]["properties"]["specifiedBy"]
    validator = Draft202012Validator(
        {**sub, "definitions": schema["definitions"]}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(spec)]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_exports_to_valid_ob3(path: Path, shared_data: Path) -> None:
    root = shared_data / "credential-examples" / "openbadges3"
    cred = load(path)
    achievement = export_ob3(cred).document
    assert ob3_errors(root, achievement, "Achievement") == []
    assert achievement["achievementType"] == "MicroCredential"
    if cred.valid_from or cred.issue_date:
        wrapped = export_ob3(cred, wrap=True).document
        assert ob3_errors(root, wrapped) == []
        assert "proof" not in wrapped and "id" not in wrapped["credentialSubject"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_exports_to_valid_elm(path: Path, shared_data: Path) -> None:
    root = shared_data / "credential-examples" / "elm"
    spec = export_elm(load(path)).document
    assert elm_errors(root, spec) == []
    assert [lo["title"] for lo in spec["learningOutcome"]]


def test_elm_schema_patch_is_needed_and_still_strict(shared_data: Path) -> None:
    root = shared_data / "credential-examples" / "elm"
    example = json.loads((root / "microcredential_v1_edc_examples_edc-mc-example.json").read_text())
    spec = example["credentialSubject"]["hasClaim"]["specifiedBy"]
    raw = json.loads((root / "microcredential_v1_edc_schema.json").read_text())
    unpatched = elm_errors(root, spec, raw)
    assert unpatched and all("is not one of" in e for e in unpatched)  # the contradiction, nothing else
    assert elm_errors(root, spec) == []  # the EC example passes once the enum reads the values
    ours = export_elm(load(CSA)).document
    broken = copy.deepcopy(ours)
    broken["eqfLevel"]["prefLabel"] = {"en": "Level 9"}
    assert any("Level 9" in e for e in elm_errors(root, broken))


def test_ob3_achievement_carries_esco_alignments_credits_and_criteria() -> None:
    result = export_ob3(load(CSA))
    ach = result.document
    esco = [a for a in ach["alignment"] if a["targetFramework"] == "ESCO"]
    assert [a["targetUrl"] for a in esco] == sorted(a["targetUrl"] for a in esco)
    first = next(a for a in esco if a["targetCode"] == "04012dd1-478d-4eec-9951-dd623bfe86ca")
    assert first == {
        "type": ["Alignment"],
        "targetName": "climate smart agriculture",
        "targetUrl": "http://data.europa.eu/esco/skill/04012dd1-478d-4eec-9951-dd623bfe86ca",
        "targetFramework": "ESCO",
        "targetCode": "04012dd1-478d-4eec-9951-dd623bfe86ca",
        "targetType": "ceasn:Competency",
        "targetDescription": first["targetDescription"],
    }
    assert first["targetDescription"].startswith("An integrated approach to landscape management")
    levels = {a["targetUrl"] for a in ach["alignment"] if a["targetType"] == "ext:QualificationLevel"}
    # NFQ (Ireland) 6 is referenced to EQF 5 in the published referencing report
    assert levels == {"urn:mcmap:framework:nfq-ie:level:6", "http://data.europa.eu/snb/eqf/5"}
    assert ach["creditsAvailable"] == 5 and ach["inLanguage"] == "en"
    assert "**LO5** (skills) Prepare a costed three-year climate action plan" in ach["criteria"]["narrative"]
    assert ach["resultDescription"][0]["resultType"] == "PerformanceLevel"
    assert ach["creator"]["name"] == "Shannonside Institute of Technology"
    assert "participation" in result.report.fields("text-only")


def test_elm_specification_follows_the_ec_sample() -> None:
    spec = export_elm(load(CSA)).document
    assert spec["type"] == "Qualification"
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/5"
    assert spec["nqfLevel"]["id"] == "urn:mcmap:framework:nfq-ie:level:6"
    assert spec["volumeOfLearning"] == "PT125H"
    assert spec["creditPoint"]["point"] == "5"
    assert spec["creditPoint"]["framework"]["id"] == "http://data.europa.eu/snb/education-credit/6fcec5c5af"
    assert spec["mode"]["prefLabel"] == {"en": "Blended"}
    lo1 = spec["learningOutcome"][0]
    assert lo1["relatedESCOSkill"][0]["id"].endswith("04012dd1-478d-4eec-9951-dd623bfe86ca")
    assert spec["thematicArea"][0]["id"] == "http://data.europa.eu/snb/isced-f/0811"


def test_elm_converts_non_ects_credits_through_hours_and_says_so() -> None:
    path = REPO / "sample_credentials" / "nz-canterbury-irrigation-performance.yaml"
    cred = load(path)
    assert cred.credits is not None and cred.credits.system != "ects"
    result = export_elm(cred)
    note = next(n for n in result.report.notes if n.field == "credits")
    assert note.status == "converted" and "ECTS" in note.detail
    assert float(result.document["creditPoint"]["point"]) > 0


def test_ctdl_microcredential_with_alignments_credit_value_and_duration() -> None:
    doc = export_ctdl(load(CSA)).document
    assert doc["@type"] == "ceterms:MicroCredential"
    assert doc["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "PT125H"
    requires = doc["ceterms:requires"][0]
    assert requires["ceterms:creditValue"][0]["schema:value"] == 5
    caos = requires["ceterms:targetCompetency"]
    assert all(c["@type"] == "ceterms:CredentialAlignmentObject" for c in caos)
    assert {c["ceterms:targetNodeDescription"]["en"] for c in caos} == {
        "Declared for learning outcome LO1",
        "Declared for learning outcome LO3",
        "Declared for learning outcome LO5",
    }
    assert requires["ceterms:condition"]["en"][0].startswith("LO1: Explain the three pillars")


@pytest.mark.parametrize("export", [export_ob3, export_elm, export_ctdl])
def test_exports_are_deterministic_and_every_field_is_accounted_for(export: Any) -> None:
    cred = load(CSA)
    first, second = export(cred), export(cred)
    assert first.to_json() == second.to_json()
    reported = {n.field.split(".")[0] for n in first.report.notes}
    filled = {name for name in Credential.__dataclass_fields__ if getattr(cred, name) not in (None, "", ())}
    assert filled <= reported, f"fields the report forgets: {sorted(filled - reported)}"
