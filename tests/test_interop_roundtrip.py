"""Round trips descriptor -> OB3 / ELM / CTDL -> descriptor keep, field by field, everything the
export report calls carried; and the carried lists themselves are what an integrator expects."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mcmap.credential import Credential
from mcmap.interop.common import field_value
from mcmap.interop.formats import export_credential, import_document
from mcmap.load.yamlpos import parse_documents

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(  # every credential of the sample catalogue, recognition cases included
    p
    for p in (REPO / "sample_credentials").rglob("*.yaml")
    if "mcmap: credential/1" in p.read_text(encoding="utf-8")
)
FORMATS = ("ob3", "elm", "ctdl")


def original(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = next(iter(parse_documents(path.read_text(encoding="utf-8"), str(path)))).data
    return data


def normalise(path: str, value: Any, lost: list[str]) -> Any:
    """Remove sub-fields the report says were lost; compare skill links as sets.

    The order of a list of skill links carries no meaning (CTDL and ELM sort them by URI), and an
    export fills a missing ESCO label from the taxonomy, which adds to a link without changing it.
    """
    value = copy.deepcopy(value)
    for sub in (f[len(path) + 1 :] for f in lost if f.startswith(path + ".")):
        if isinstance(value, dict):
            value.pop(sub, None)
    if path == "learning_outcomes.skills":
        return [sorted((s["taxonomy"], s["id"]) for s in links or []) for links in value]
    return value


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_round_trip_keeps_what_the_report_says_is_kept(path: Path, fmt: str) -> None:
    doc = original(path)
    cred = Credential.from_document(doc)
    exported = export_credential(cred, fmt, wrap=fmt == "ob3" and bool(cred.valid_from or cred.issue_date))
    text = exported.to_json()
    back = import_document(json.loads(text), fmt, f"{path.stem}.{fmt}.json").descriptor
    lost = exported.report.fields("lost")
    carried = exported.report.carried
    assert {"id", "title", "learning_outcomes.text"} <= set(carried)
    for name in carried:
        before = normalise(name, field_value(doc, name), lost)
        after = normalise(name, field_value(back, name), lost)
        assert after == before, f"{fmt}: {name} changed in the round trip"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        # what each format keeps of the richest sample, so a change of mapping is a visible decision
        (
            "ob3",
            {
                "assessment",
                "credits",
                "description",
                "grading",
                "id",
                "isced_f",
                "issue_date",
                "keywords",
                "language",
                "learning_outcomes.domain",
                "learning_outcomes.id",
                "learning_outcomes.skills",
                "learning_outcomes.text",
                "level",
                "prerequisites",
                "provider",
                "country",
                "title",
                "url",
                "valid_from",
                "valid_until",
                "version",
            },
        ),
        (
            "elm",
            {
                "assessment",
                "credits",
                "description",
                "further_information",
                "grading",
                "id",
                "isced_f",
                "language",
                "learning_outcomes.id",
                "learning_outcomes.skills",
                "learning_outcomes.text",
                "level",
                "participation.form",
                "prerequisites",
                "provider",
                "country",
                "title",
                "url",
                "workload_hours",
            },
        ),
        (
            "ctdl",
            {
                "credits",
                "description",
                "id",
                "keywords",
                "language",
                "learning_outcomes.id",
                "learning_outcomes.skills",
                "learning_outcomes.text",
                "participation.description",
                "participation.duration_weeks",
                "participation.form",
                "prerequisites",
                "provider",
                "country",
                "title",
                "url",
                "valid_from",
                "valid_until",
                "workload_hours",
            },
        ),
    ],
)
def test_carried_fields_of_the_richest_sample(fmt: str, expected: set[str]) -> None:
    cred = Credential.from_document(
        original(REPO / "sample_credentials" / "ie-shannonside-climate-smart-agriculture.yaml")
    )
    report = export_credential(cred, fmt, wrap=fmt == "ob3").report
    assert set(report.carried) - {"version"} == expected - {"version"}
    # the level, the Annex I core, is never silently dropped: carried, or reported lost with a reason
    assert "level" in report.carried or any(n.field == "level" and n.detail for n in report.notes)


EDGE = """\
mcmap: credential/1
id: gb-sct-edge-case
title: "Edge case: a level label, a regional country, non-ECTS credits"
language: en-NZ
provider: {name: Highland College, country: GB-SCT, identifier: SC012345}
awarding_body: {name: Scottish Awards Body, country: GB-SCT, url: https://awards.example, identifier: "https://ror.org/000000000"}
co_awarding_bodies: [{name: Partner College}]
country: GB-SCT
level: {framework: rqf, level: E3}
credits: {system: scqf, value: 8}
learning_outcomes:
  - id: K1
    text: "Describe   the water cycle\\nin two   lines."
    skills:
      - {taxonomy: esco, id: "http://data.europa.eu/esco/skill/04012dd1-478d-4eec-9951-dd623bfe86ca"}
      - {taxonomy: greening, id: "water"}
  - id: S.2
    text: Measure soil moisture [with a probe] (in the field).
    domain: skills
assessment:
  type: practical
  components:
    - {type: observation, weight_percent: 100}
participation: {form: work-based, duration_weeks: 2.5}
grading: {scheme: pass-fail}
supervision_identity_verification: {type: unsupervised-no-verification}
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_an_awkward_descriptor(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE, encoding="utf-8")
    doc = original(path)
    cred = Credential.from_document(doc)
    exported = export_credential(cred, fmt)
    back = import_document(json.loads(exported.to_json()), fmt, "edge.json").descriptor
    lost = exported.report.fields("lost")
    for name in exported.report.carried:
        before = normalise(name, field_value(doc, name), lost)
        assert normalise(name, field_value(back, name), lost) == before, f"{fmt}: {name}"
    # what cannot be carried is said, not dropped in silence
    accounted = {n.field.split(".")[0] for n in exported.report.notes}
    assert {"co_awarding_bodies", "awarding_body", "participation", "credits"} <= accounted
