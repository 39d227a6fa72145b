"""``mcmap recognize``: decisions full / partial / none with their differences, thresholds, exit codes."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mcmap.credential import Credential
from mcmap.load.schemas import load_schema
from mcmap.recognition.compare import Difference, Thresholds, compare_assessment, compare_quality
from mcmap.recognition.decision import decide
from mcmap.recognition.inputs import read_one
from mcmap.recognition.levels import LevelComparison, compare_levels
from mcmap.recognition.profile import profile
from mcmap.recognize import NOTICE, RecognitionResult, recognize
from mcmap.render.recognize import RECOGNIZE_RENDERERS
from tests.conftest import REPO

SAMPLES = REPO / "sample_credentials"
REC = SAMPLES / "recognition"
CASES = {
    "full": (REC / "gb-sct-tweedside-irrigation-water-management.yaml",
             SAMPLES / "ie-shannonside-sustainable-irrigation.yaml"),
    "partial": (REC / "my-semenanjung-climate-smart-agriculture.yaml",
                SAMPLES / "ie-shannonside-climate-smart-agriculture.yaml"),
    "iot": (REC / "my-tunas-smart-farming-iot.yaml", SAMPLES / "eu-esfsa-farm-iot.yaml"),
    "none": (REC / "nz-tairawhiti-solar-pv-awareness.yaml", SAMPLES / "gb-sct-forthvale-solar-pv.yaml"),
    "soil": (REC / "nz-waikato-soil-health.yaml", SAMPLES / "ie-shannonside-soil-health.yaml"),
}


@pytest.fixture(scope="module")
def results() -> dict[str, RecognitionResult]:
    return {name: recognize(str(f), str(lo)) for name, (f, lo) in CASES.items()}


def validate(data: dict[str, Any]) -> None:
    Draft202012Validator(load_schema("recognize-result")).validate(data)


def severities(result: RecognitionResult) -> dict[str, str]:
    return {d.element: d.severity for d in result.differences}


def test_close_scottish_unit_is_recognised_in_full(results: dict[str, RecognitionResult]) -> None:
    r = results["full"]
    data = r.to_dict()
    assert data["decision"] == "full" and data["recognised"] is None
    assert "substantial" not in severities(r).values() and "unassessed" not in severities(r).values()
    level = data["comparison"]["level"]
    assert (level["reference"], level["foreign"], level["local"], level["gap"]) == ("eqf", 5, 5, 0)
    assert any("SCQF 7 -> EQF 5" in step for step in level["route"])
    conversion = data["comparison"]["workload"]["conversion"]
    assert conversion["from"] == "scqf" and conversion["to"] == "ects" and conversion["explanation"]
    assert data["comparison"]["learning_outcomes"]["coverage_percent"] == 100.0


def test_mqf_credential_is_partial_with_the_level_left_open(results: dict[str, RecognitionResult]) -> None:
    r = results["partial"]
    data = r.to_dict()
    assert data["decision"] == "partial"
    assert severities(r) == {"learning-outcomes": "substantial", "level": "unassessed", "workload": "minor"}
    level = data["comparison"]["level"]
    assert level["status"] == "no-route" and level["gap"] is None
    assert "AQRF" in level["note"]
    assert any(c.startswith("level:") for c in data["conditions"])
    recognised = data["recognised"]
    assert [o["id"] for o in recognised["outcomes"]] == ["LO1", "LO3"]  # principles, vulnerability
    assert "LO5" in {o["id"] for o in recognised["not_recognised"]}  # the plan has no counterpart
    assert recognised["credits"] == {"system": "ects", "value": 1.7, "basis": "33% of 5 ects"}
    outcomes = next(d for d in r.differences if d.element == "learning-outcomes")
    assert any(e.startswith("LO5 not covered") for e in outcomes.evidence)


def test_lower_level_awareness_course_is_not_recognised(results: dict[str, RecognitionResult]) -> None:
    r = results["none"]
    data = r.to_dict()
    assert data["decision"] == "none" and data["recognised"] is None
    assert severities(r) == dict.fromkeys(("level", "workload", "learning-outcomes"), "substantial")
    assert data["comparison"]["level"]["gap"] == 1  # NZQF 3 = EQF 4 against SCQF 7 = EQF 5
    assert data["comparison"]["workload"]["shortfall_percent"] == 50.0
    assert [d["severity"] for d in data["differences"]] == ["substantial"] * 3
    assert [d["element"] for d in data["differences"]] == ["level", "workload", "learning-outcomes"]


def test_iot_case_lists_uncovered_calibration_outcome(results: dict[str, RecognitionResult]) -> None:
    data = results["iot"].to_dict()
    assert data["decision"] in ("partial", "none")
    rows = {r["id"]: r["status"] for r in data["comparison"]["learning_outcomes"]["local"]}
    assert rows["LO3"] == "not-covered"  # calibration against reference measurements


def test_thresholds_are_overridable(run_cli, results: dict[str, RecognitionResult]) -> None:
    soil = results["soil"].to_dict()
    coverage = soil["comparison"]["learning_outcomes"]["coverage_percent"]
    assert soil["decision"] == "partial" and coverage < 75
    foreign, local = (str(p) for p in CASES["soil"])
    out = run_cli("recognize", foreign, "--to", local, "--coverage", f"{coverage:g}", "--format", "json")
    data = json.loads(out.stdout)
    assert data["decision"] == "full" and data["thresholds"]["coverage_percent"] == coverage
    assert {d["element"]: d["severity"] for d in data["differences"]}["learning-outcomes"] == "minor"


def test_same_framework_levels_compare_directly() -> None:
    a = profile(*read_one(str(SAMPLES / "ie-shannonside-soil-health.yaml"), "x")[:2])
    b = profile(*read_one(str(SAMPLES / "ie-midlands-digital-agriculture.yaml"), "y")[:2])
    cmp = compare_levels(a, b, None, None)
    assert (cmp.reference, cmp.foreign, cmp.local, cmp.gap) == ("nfq-ie", 6, 7, 1)


def test_two_aqrf_frameworks_without_level_tables_are_not_assessable() -> None:
    a = profile(*read_one(str(REC / "my-tunas-smart-farming-iot.yaml"), "x")[:2])
    b = profile(*read_one(str(SAMPLES / "id-nusantara-game-development.yaml"), "y")[:2])
    cmp = compare_levels(a, b, 3, 5)
    assert cmp.status == "no-route" and "referenced to the AQRF" in cmp.note


def test_pathway_as_local_side(run_cli) -> None:
    out = run_cli("recognize", str(SAMPLES / "ie-shannonside-soil-health.yaml"), "--to",
                  str(SAMPLES / "pathways" / "ie-cert-sustainable-agriculture.yaml"), "--format", "json",
                  expect=1)
    data = json.loads(out.stdout)
    validate(data)
    assert data["comparison"]["local"]["kind"] == "pathway"
    assert data["comparison"]["workload"]["local"]["source"] == "pathway credits"
    assert {d["element"]: d["severity"] for d in data["differences"]}["workload"] == "substantial"
    kinds = {r["kind"] for r in data["comparison"]["learning_outcomes"]["local"]}
    assert kinds == {"outcome", "skill"}  # required outcomes and required skills


def test_quality_and_identity_differences() -> None:
    local = profile(*read_one(str(SAMPLES / "ie-shannonside-soil-health.yaml"), "x")[:2])
    internal = dataclasses.replace(local, qa_type="internal", qa_body=None)
    assert compare_quality(internal, local)[1][0].severity == "substantial"
    assert compare_quality(dataclasses.replace(local, qa_type=None), local)[1][0].severity == "unassessed"
    unsupervised = dataclasses.replace(local, supervision="unsupervised-no-verification")
    assert compare_assessment(unsupervised, local)[1][0].severity == "substantial"
    assert compare_assessment(local, local)[1] == []


@pytest.mark.parametrize(("name", "code"), [("full", 0), ("partial", 1), ("none", 1)])
def test_exit_codes_and_json_contract(
    run_cli, results: dict[str, RecognitionResult], name: str, code: int
) -> None:
    foreign, local = (str(p) for p in CASES[name])
    out = run_cli("recognize", foreign, "--to", local, "--format", "json", expect=code)
    data = json.loads(out.stdout)
    validate(data)
    assert data == json.loads(RECOGNIZE_RENDERERS["json"](results[name]))
    assert data["notice"] == NOTICE and "competent recognition authority decides" in NOTICE


@pytest.mark.parametrize("fmt", sorted(RECOGNIZE_RENDERERS))
def test_every_format_states_decision_and_notice(results: dict[str, RecognitionResult], fmt: str) -> None:
    text = RECOGNIZE_RENDERERS[fmt](results["partial"])
    assert "partial" in text.lower() and "competent" in text and "AQRF" in text


def test_usage_errors_exit_2(run_cli, tmp_path) -> None:
    foreign = str(CASES["full"][0])
    assert "Missing option '--to'" in run_cli("recognize", foreign, expect=2).stderr
    assert "no such file" in run_cli("recognize", foreign, "--to", "nowhere.yaml", expect=2).stderr
    two = tmp_path / "two.yaml"
    two.write_text(CASES["full"][0].read_text() + "\n---\n" + CASES["full"][1].read_text())
    out = run_cli("recognize", str(two), "--to", foreign, expect=2)
    assert "one is needed" in out.stderr and "hint:" in out.stderr


def test_broken_file_exits_1(run_cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mcmap: credential/1\nid: x\ntitle: [unclosed\n")
    out = run_cli("recognize", str(bad), "--to", str(CASES["full"][1]), expect=1)
    assert f"{bad}:" in out.stderr


def test_docs_state_the_decisions_the_code_makes(results: dict[str, RecognitionResult]) -> None:
    import re

    doc = (REPO / "docs" / "gaps-and-recognition.md").read_text()
    stated = dict(re.findall(r"^\| `([a-z0-9-]+)` \([^|]*\| [^|]*\| \*\*(full|partial|none)\*\*", doc, re.M))
    for name, (foreign, _) in CASES.items():
        assert stated[foreign.stem] == results[name].decision.decision, foreign.stem
    readme = (REC / "README.md").read_text()
    for name, (foreign, _) in CASES.items():
        assert f"{foreign.stem}.yaml" in readme
        decision = results[name].decision.decision.upper()
        assert re.search(rf"recognition/{foreign.stem}\.yaml.*\n.*\nProposed decision: {decision}", readme)


# ---- properties of the decision rules --------------------------------------------------------

_LOCAL = profile(*read_one(str(SAMPLES / "ie-shannonside-soil-health.yaml"), "x")[:2])
_differences = st.lists(
    st.builds(Difference, st.sampled_from(["level", "workload", "learning-outcomes", "quality-assurance",
                                           "assessment"]),
              st.sampled_from(["substantial", "minor", "unassessed"]), st.just("d")),
    max_size=5,
)


def _outcomes(covered: int, total: int) -> dict[str, Any]:
    rows = [{"id": f"LO{i}", "text": "t", "status": "covered" if i < covered else "not-covered"}
            for i in range(total)]
    return {"coverage_percent": round(100 * covered / total, 1), "covered": covered, "total": total,
            "local": rows}


@settings(max_examples=200, deadline=None)
@given(_differences, st.integers(0, 6), st.integers(1, 6), st.one_of(st.none(), st.integers(-2, 4)))
def test_decision_rules_hold(diffs: list[Difference], covered: int, total: int, gap: int | None) -> None:
    covered = min(covered, total)
    level = LevelComparison("comparable" if gap is not None else "no-route", "eqf", 5 - (gap or 0), 5,
                            (), False, "", None, None)
    d = decide(diffs, level, _outcomes(covered, total), {"conversion": None}, _LOCAL, Thresholds())
    blocking = [x for x in diffs if x.severity in ("substantial", "unassessed")]
    assert (d.decision == "full") == (not blocking)
    if d.decision == "partial":
        assert d.recognised is not None and len(d.recognised["outcomes"]) == covered > 0
        assert 0 <= d.recognised["credits"]["value"] <= 5  # never more than the local 5 ECTS
    else:
        assert d.recognised is None
    if blocking and covered == 0:
        assert d.decision == "none"
    assert len(d.conditions) == sum(x.severity == "unassessed" for x in diffs)


def test_outcome_similarity_is_symmetric_bounded_and_reflexive() -> None:
    from mcmap.align.engine import skill_index
    from mcmap.mapping import map_credentials
    from mcmap.recognition.coverage import Settings, outcome_views
    from mcmap.recognition.similarity import similarity
    from mcmap.taxonomy import load_taxonomy

    taxonomy = load_taxonomy("esco")
    loaded = [read_one(str(p), "x") for pair in CASES.values() for p in pair][:4]
    mappings = map_credentials([(c, s, n) for c, s, n in loaded if isinstance(c, Credential)], taxonomy)
    views = outcome_views(mappings, skill_index(taxonomy, 5), Settings(65, 25))
    for a in views:
        assert similarity(a, a).text == pytest.approx(100, abs=0.1)
        for b in views:
            ab, ba = similarity(a, b), similarity(b, a)
            assert ab == ba and 0 <= ab.score <= 100
            assert ab.score == max(ab.text, ab.declared, ab.linked)
