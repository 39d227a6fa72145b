"""``mcmap gaps``: occupation, level and pathway targets, evidence, ordering, suggestions, exit codes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from mcmap.errors import UsageError
from mcmap.gaps import GapResult, analyse_gaps
from mcmap.load.schemas import load_schema
from mcmap.render.gaps import GAPS_RENDERERS
from tests.conftest import REPO

SAMPLES = REPO / "sample_credentials"
SOLAR = [str(SAMPLES / "gb-sct-forthvale-solar-pv.yaml"), str(SAMPLES / "za-karoo-solar-pv-sseg.yaml")]
SOIL = str(SAMPLES / "ie-shannonside-soil-health.yaml")
CERT = str(SAMPLES / "pathways" / "ie-cert-sustainable-agriculture.yaml")
SOLAR_TECH = "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a"


def validate(data: dict[str, Any]) -> None:
    Draft202012Validator(load_schema("gaps-result")).validate(data)


@pytest.fixture(scope="module")
def solar() -> GapResult:
    return analyse_gaps(SOLAR, "solar panel installer", catalog=str(SAMPLES))


@pytest.fixture(scope="module")
def pathway() -> GapResult:
    return analyse_gaps([SOIL], CERT, catalog=str(SAMPLES))


# ---- occupation targets ---------------------------------------------------------------------


def test_searched_label_names_the_occupation_chosen_and_alternatives(solar: GapResult) -> None:
    target = solar.to_dict()["target"]
    assert target["kind"] == "occupation" and target["id"] == SOLAR_TECH
    assert target["matched_by"] == "search" and target["matched_label"] == "solar energy panel installer"
    assert target["alternatives"], "a searched label lists the other occupations considered"
    assert target["items"] == {"essential": 21, "optional": 67}  # ESCO 1.1.1 relations


def test_covered_skills_say_how_they_are_covered(solar: GapResult) -> None:
    covered = {g.item.label: g for g in solar.covered}
    pv = covered["install photovoltaic systems"]
    assert pv.item.relation == "essential"
    hows = {(e["credential"], e["how"]) for e in pv.evidence}
    assert ("gb-sct-forthvale-solar-pv", "declared") in hows  # declared on LO4
    assert ("za-karoo-solar-pv-sseg", "inferred") in hows  # found by the alignment engine
    inferred = next(e for e in pv.evidence if e["how"] == "inferred")
    assert 65 <= inferred["score"] <= 100 and "inferred score" in inferred["describe"]


def test_missing_essential_skills_come_before_optional_ones(solar: GapResult) -> None:
    relations = [g.item.relation for g in solar.missing]
    first_optional = relations.index("optional")
    assert set(relations[:first_optional]) == {"essential"}
    assert "essential" not in relations[first_optional:]
    assert solar.to_dict()["summary"]["missing_essential"] == relations.count("essential") == 19
    labels = [g.item.label.casefold() for g in solar.missing[:first_optional]]
    assert labels == sorted(labels)


def test_threshold_changes_what_inferred_links_count() -> None:
    # the Forth Valley unit evidences "mount photovoltaic panels" only by inference (score 69.4)
    default = {g.item.label for g in analyse_gaps(SOLAR[:1], SOLAR_TECH).covered}
    strict = analyse_gaps(SOLAR[:1], SOLAR_TECH, threshold=90)
    assert "mount photovoltaic panels" in default
    assert "mount photovoltaic panels" in {g.item.label for g in strict.missing}
    assert not any(e["how"] == "inferred" and e["score"] < 90 for g in strict.covered for e in g.evidence)
    assert strict.provenance["gaps"]["threshold"] == 90


def test_catalogue_suggestions_cover_missing_skills_greedily(solar: GapResult) -> None:
    assert solar.suggestions
    missing = {g.item.id for g in solar.missing}
    seen: set[str] = set()
    for s in solar.suggestions:
        assert s.covers and set(s.covers) <= missing and not set(s.covers) & seen
        assert s.id not in {"gb-sct-forthvale-solar-pv", "za-karoo-solar-pv-sseg"}
        seen |= set(s.covers)
    gains = [len(s.covers) + s.essential for s in solar.suggestions]
    assert gains == sorted(gains, reverse=True)
    assert set(solar.uncoverable) == missing - seen


def test_level_is_not_applicable_to_an_occupation(solar: GapResult) -> None:
    assert solar.level["status"] == "not-applicable"
    rows = {r["credential"]: r for r in solar.level["credentials"]}
    assert rows["gb-sct-forthvale-solar-pv"]["claimed_eqf"] == 5  # SCQF 7


def test_json_validates_and_equals_the_library_result(run_cli, solar: GapResult) -> None:
    validate(solar.to_dict())
    out = run_cli("gaps", *SOLAR, "--against", "solar panel installer", "--catalog", str(SAMPLES),
                  "--format", "json", expect=1)
    assert json.loads(out.stdout) == json.loads(GAPS_RENDERERS["json"](solar))


@pytest.mark.parametrize("fmt", sorted(GAPS_RENDERERS))
def test_every_format_shows_missing_essential_skills(solar: GapResult, fmt: str) -> None:
    text = GAPS_RENDERERS[fmt](solar)
    assert "follow safety procedures when working at heights" in text
    assert "install photovoltaic systems" in text


def test_exact_label_and_uri_resolve_without_alternatives() -> None:
    from mcmap.occupations import load_occupations
    from mcmap.recognition.targets import find

    occ, how = find("solar energy technician", load_occupations())
    assert occ.id == SOLAR_TECH and how == {"matched_by": "label", "alternatives": []}
    assert find(SOLAR_TECH, load_occupations())[1]["matched_by"] == "uri"


# ---- level targets --------------------------------------------------------------------------


def test_level_target_reports_descriptor_coverage_and_deficit(run_cli) -> None:
    out = run_cli("gaps", *[str(p) for p in sorted(SAMPLES.glob("ie-shannonside-*.yaml"))],
                  "--against", "nfq-ie:7", "--format", "json", expect=1)
    data = json.loads(out.stdout)
    validate(data)
    assert data["target"]["kind"] == "level" and data["target"]["level"]["eqf"] == 6
    assert {i["id"] for i in data["covered"] + data["missing"]} == {
        "eqf:6/knowledge", "eqf:6/skills", "eqf:6/responsibility_and_autonomy"}
    assert data["level"]["status"] == "deficit"  # every module claims NFQ 6 = EQF 5
    assert {r["claimed_deficit"] for r in data["level"]["credentials"]} == {1}
    for item in data["covered"]:
        assert all(e["how"] == "level-signal" and e["score"] >= 5.5 for e in item["evidence"])


def test_level_met_exits_zero_when_every_descriptor_is_covered(run_cli) -> None:
    out = run_cli("gaps", str(SAMPLES / "ie-shannonside-climate-smart-agriculture.yaml"),
                  "--against", "eqf:3", "--format", "json", expect=None)
    data = json.loads(out.stdout)
    assert data["level"]["status"] == "met"
    assert out.exit_code == (1 if data["missing"] else 0)


# ---- pathway targets ------------------------------------------------------------------------


def test_pathway_target_covers_skills_and_outcomes(pathway: GapResult) -> None:
    validate(pathway.to_dict())
    assert pathway.target.kind == "pathway" and pathway.target.id == "ie-cert-sustainable-agriculture"
    covered = {g.item.id: g for g in pathway.covered}
    assert "http://data.europa.eu/esco/skill/a11c4c9c-ed68-4dcd-b7ef-841e7e347d70" in covered  # soil tests
    assert covered["PO3"].evidence[0]["how"] == "similar"  # soil improvement programme
    assert {g.item.id for g in pathway.missing} >= {"PO1", "PO2"}
    assert pathway.level["status"] == "met"


def test_pathway_suggestions_are_the_missing_modules(pathway: GapResult) -> None:
    # two credentials fill the four gaps: the climate module, and an irrigation module (the
    # Shannonside one or the Scottish unit that mirrors it; ties go to the smaller id)
    ids = [s.id for s in pathway.suggestions]
    assert len(ids) == 2 and "ie-shannonside-climate-smart-agriculture" in ids
    assert set(ids) & {"ie-shannonside-sustainable-irrigation",
                       "gb-sct-tweedside-irrigation-water-management"}
    irrigation = next(s for s in pathway.suggestions if "irrigation" in s.id)
    assert set(irrigation.covers) == {"PO2", "http://data.europa.eu/esco/skill/189777b9-6e95-4f76-b8db-f8e0f0477bc6"}
    assert pathway.uncoverable == []


# ---- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("qqxzv wwkjh", "no ESCO occupation matches"),
        ("foo:3", "unknown framework 'foo'"),
        ("eqf:12", "12"),
        ("mqf:4", "no EQF equivalent"),
        ("missing/pathway.yaml", "no such pathway file"),
        ("http://data.europa.eu/esco/occupation/not-there", "no ESCO occupation has the URI"),
        ("a: b: c", "neither FRAMEWORK:LEVEL nor an occupation"),
    ],
)
def test_bad_targets_exit_2_with_a_hint(run_cli, target: str, message: str) -> None:
    out = run_cli("gaps", SOIL, "--against", target, expect=2)
    assert message in out.stderr and "hint:" in out.stderr


def test_a_credential_is_not_a_target() -> None:
    with pytest.raises(UsageError, match="is a credential, not a pathway"):
        analyse_gaps([SOIL], SOIL)


def test_missing_credential_file_is_a_usage_error(run_cli) -> None:
    out = run_cli("gaps", "nowhere.yaml", "--against", "eqf:5", expect=2)
    assert "no such file" in out.stderr


def test_broken_credential_exits_1_with_its_location(run_cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mcmap: credential/1\nid: x\ntitle: T\nlearning_outcomes: nope\n")
    out = run_cli("gaps", str(bad), "--against", "eqf:5", expect=1)
    assert f"{bad}:" in out.stderr and "mcmap validate" in out.stderr


def test_pathway_target_embeds_the_stacking_verdict_and_plan(pathway: GapResult) -> None:
    stack = pathway.stack
    assert stack is not None and stack["verdict"] == "not-yet" and stack["stackable"] is False
    assert stack["credits"]["earned"] == 5.0 and stack["credits"]["required"] == 20.0
    planned = set(stack["plan"])
    assert {"ie-shannonside-climate-smart-agriculture", "ie-shannonside-sustainable-irrigation"} <= planned
    assert "Stacking (mcmap stack): not-yet" in GAPS_RENDERERS["text"](pathway)


def test_the_four_modules_leave_no_gap(run_cli) -> None:
    modules = [str(p) for p in sorted(SAMPLES.glob("ie-shannonside-*.yaml"))]
    out = run_cli("gaps", *modules, "--against", CERT, "--format", "json", expect=0)
    data = json.loads(out.stdout)
    validate(data)
    assert data["missing"] == [] and data["summary"]["gaps"] is False
    assert data["stack"]["stackable"] is True and data["level"]["status"] == "met"


def test_a_narrower_declared_skill_covers_its_broader_target(tmp_path) -> None:
    cred = tmp_path / "wind.yaml"
    cred.write_text(
        "mcmap: credential/1\nid: wind-gearbox\ntitle: Small Wind Turbine Servicing\nlearning_outcomes:\n"
        "  - id: LO1\n    text: Service the gearbox and bearings of a small wind turbine.\n    skills:\n"
        "      - {taxonomy: esco, id: 'http://data.europa.eu/esco/skill/01c4bbed-0449-44c9-9c05-48c30ffdcc22'}\n"
    )
    result = analyse_gaps([str(cred)], SOLAR_TECH)
    covered = {g.item.label: g for g in result.covered}
    evidence = covered["maintain equipment"].evidence[0]  # ESCO: maintain rotating equipment -> broader
    assert evidence["how"] == "narrower" and evidence["via"]["label"] == "maintain rotating equipment"
    assert "narrower concept 'maintain rotating equipment'" in evidence["describe"]


def test_a_shared_alternative_label_is_flagged_with_the_other_occupations(run_cli) -> None:
    out = run_cli("gaps", SOIL, "--against", "crop worker", "--format", "json", expect=1)
    target = json.loads(out.stdout)["target"]
    assert target["matched_by"] == "alternative label" and target["ambiguous"] is True
    named = {target["label"], *(a["label"] for a in target["alternatives"])}
    assert named == {"crop production worker", "horticulture worker"}  # both carry "crop worker" in ESCO
    text = run_cli("gaps", SOIL, "--against", "crop worker", expect=1).stdout
    assert "is an alternative ESCO label of" in text and "close alternatives:" in text


def test_a_catalogue_copy_of_a_given_credential_is_never_suggested(tmp_path) -> None:
    # the same outcomes must be judged the same way whether they are given or in the catalogue
    original = (SAMPLES / "gb-sct-forthvale-solar-pv.yaml").read_text()
    copy = original.replace("id: gb-sct-forthvale-solar-pv", "id: solar-copy", 1)
    (tmp_path / "copy.yaml").write_text(copy)
    result = analyse_gaps(SOLAR[:1], SOLAR_TECH, catalog=str(tmp_path))
    assert result.suggestions == []
    assert len(result.uncoverable) == len(result.missing)
