"""Packaged taxonomies (ESCO 1.1.1, UNESCO greening topics), loading, search, occupations, CLI."""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mcmap.taxonomy as taxmod
from mcmap.errors import DataError, InputError, UsageError
from mcmap.occupations import find_occupation, load_occupations
from mcmap.taxonomy import list_taxonomies, load_taxonomy, search, summary

MUSICAL_STAFF = "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"
MANAGE_STAFF = "http://data.europa.eu/esco/skill/339ac029-066a-4985-9f9d-b3d7c8fea0bb"
TECHNICAL_DIRECTOR = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"
THEATRE_TECHNIQUES = "http://data.europa.eu/esco/skill/fed5b267-73fa-461d-9f69-827c78beb39d"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def esco():  # type: ignore[no-untyped-def]
    return load_taxonomy("esco")


# --- packaged ESCO ---------------------------------------------------------------------------


def test_esco_counts_match_the_official_release(esco) -> None:
    assert (esco.id, esco.version) == ("esco", "1.1.1")
    assert len(esco.concepts) == 13_896
    sizes = esco.collection_sizes()
    assert (sizes["green"], sizes["digital"], sizes["transversal"]) == (570, 1_201, 96)
    assert sizes["language"] == 346 and sizes["research"] == 40
    assert esco.kind_counts() == {"(none)": 6, "knowledge": 3_059, "skill/competence": 10_831}
    assert esco.attribution == "This service uses the ESCO classification of the European Commission."
    assert "2011/833/EU" in esco.licence


def test_esco_alternative_labels_are_split_one_per_line(esco) -> None:
    concept = esco.by_id[MUSICAL_STAFF]
    assert concept.label == "manage musical staff"
    assert concept.alt_labels == (
        "manage staff of music", "coordinate duties of musical staff", "manage music staff",
        "direct musical staff", "manage musical staff",
    )
    assert concept.description.startswith("Assign and manage staff tasks")
    assert not any("\n" in a or " | " in a for c in esco.concepts for a in c.alt_labels)


def test_esco_broader_relations_resolve_to_concepts_and_groups(esco) -> None:
    concept = esco.by_id[MUSICAL_STAFF]
    assert MANAGE_STAFF in concept.broader
    assert esco.label_of(MANAGE_STAFF) == "manage staff"
    assert all(c.broader for c in esco.concepts)  # every ESCO 1.1.1 concept has a parent
    groups = {g for c in esco.concepts for g in c.broader if g not in esco.by_id}
    assert groups and groups <= set(esco.groups_by_id)  # parents outside concepts are groups
    assert esco.label_of("http://data.europa.eu/esco/isced-f/0613") == (
        "software and applications development and analysis")


def test_packaged_ids_and_caching() -> None:
    ids = [entry.id for entry in list_taxonomies()]
    assert "esco" in ids and "greening" in ids
    assert "bloom" not in ids  # verb lists, not a concept taxonomy
    assert load_taxonomy("esco") is load_taxonomy("esco")


def test_unknown_taxonomy_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown taxonomy 'nope'"):
        load_taxonomy("nope")


# --- search ----------------------------------------------------------------------------------


def test_search_finds_exact_labels_first(esco) -> None:
    hits = search(esco, "manage musical staff", limit=3)
    assert hits[0].concept.id == MUSICAL_STAFF and hits[0].score == 100.0
    assert hits[0].matched_on == "label"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_search_matches_alternative_labels_and_filters_collections(esco) -> None:
    hits = search(esco, "install PV panels", limit=5)
    assert hits[0].concept.label == "mount photovoltaic panels"
    assert hits[0].matched_label == "install PV panels" and hits[0].matched_on == "alt_label"
    green = search(esco, "waste", limit=20, collection="green")
    assert len(green) == 20 and all("green" in h.concept.collections for h in green)
    assert search(esco, "   ", limit=5) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_preferred_label_finds_its_concept(esco, data) -> None:
    concept = data.draw(st.sampled_from(esco.concepts))
    hits = search(esco, concept.label, limit=10)
    assert concept.id in {h.concept.id for h in hits if h.score == 100.0}
    assert all(0.0 <= h.score <= 100.0 for h in hits)


# --- greening ------------------------------------------------------------------------------


def test_greening_has_six_topics_with_their_sub_topics() -> None:
    tax = load_taxonomy("greening")
    topics = [c for c in tax.concepts if c.kind == "topic"]
    subs = [c for c in tax.concepts if c.kind == "sub-topic"]
    assert [t.label for t in topics] == [
        "Climate science", "Ecosystems and biodiversity", "Climate justice", "Building resilience",
        "Post-carbon economies", "Promoting sustainable lifestyles",
    ]
    per_topic = {t.id: sum(1 for s in subs if s.broader == (t.id,)) for t in topics}
    assert list(per_topic.values()) == [6, 6, 4, 4, 5, 7]
    assert all(s.keywords for s in subs)
    assert tax.collection_sizes() == {"economic": 14, "environmental": 14, "social": 10}


def test_greening_sub_topics_come_from_the_seed_document(shared_data: Path) -> None:
    seed = (shared_data.parent / "seed" / "000_192a0e5bd720c8f4.txt").read_text("utf-8")
    raw = yaml.safe_load((REPO / "taxonomies" / "greening.yaml").read_text("utf-8"))
    for concept in raw["concepts"]:
        assert concept["original_label"]["text"] in seed, concept["id"]
        assert concept["translated"] is (concept["kind"] == "sub-topic")
    reference = yaml.safe_load(
        (shared_data / "frameworks" / "unesco_greening_curriculum.yaml").read_text("utf-8"))
    names = [t["topic"].casefold() for t in reference["key_topics"]["items"]]
    topics = [c["label"].casefold() for c in raw["concepts"] if c["kind"] == "topic"]
    assert topics == names


def test_greening_keywords_reach_esco(esco) -> None:
    """Every sub-topic has at least one matching aid that is an ESCO label (any case)."""
    esco_labels = {label.casefold() for c in esco.concepts for label in (c.label, *c.alt_labels)}
    for concept in load_taxonomy("greening").concepts:
        if concept.kind == "sub-topic":
            assert any(k.casefold() in esco_labels for k in concept.keywords), concept.label


# --- user files ------------------------------------------------------------------------------

GOOD = """\
mcmap: taxonomy/1
id: farm
name: Farm skills
version: "0.1"
source: written for a test
concepts:
  - id: soil
    label: soil care
    alt_labels: [soil health management]
    collections: [green]
  - id: soil/testing
    label: test soil samples
    broader: [soil]
"""


def test_user_yaml_taxonomy_loads(tmp_path: Path) -> None:
    path = tmp_path / "farm.yaml"
    path.write_text(GOOD)
    tax = load_taxonomy(path)
    assert (tax.id, tax.version, len(tax.concepts)) == ("farm", "0.1", 2)
    assert tax.by_id["soil/testing"].broader == ("soil",)
    assert search(tax, "soil health management")[0].concept.id == "soil"


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        (GOOD.replace("    label: test soil samples\n", ""), ":11:", "'label'"),
        (GOOD.replace("id: soil/testing", "id: soil"), ":11:", "used twice"),
        (GOOD.replace("broader: [soil]", "broader: [mud]"), ":13:", "'mud' is not defined"),
        (GOOD.replace("mcmap: taxonomy/1", "mcmap: credential/1"), ":1:", "expected a taxonomy"),
        (GOOD.replace("  - id: soil\n", "  - id: soil\n   x: [\n"), ":", "YAML syntax error"),
    ],
)
def test_broken_user_yaml_is_a_located_input_error(tmp_path: Path, text: str, where: str,
                                                   what: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_taxonomy(path)
    message = str(info.value)
    assert f"bad.yaml{where}" in message and what in message


def test_damaged_compact_user_file_is_an_input_error(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "esco.json.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="not a readable mcmap taxonomy"):
        load_taxonomy(path)
    result = run_cli("taxonomy", "show", str(path), expect=1)
    assert "esco.json.gz" in result.stderr


def test_damaged_packaged_data_is_a_data_error(tmp_path: Path, monkeypatch, run_cli) -> None:
    payload = json.loads(gzip.decompress((REPO / "taxonomies" / "esco-1.1.1.json.gz").read_bytes()))
    payload["collections"]["green"] = payload["collections"]["green"][:-1]  # one member lost
    (tmp_path / "esco-1.1.1.json.gz").write_bytes(gzip.compress(json.dumps(payload).encode(), 1))
    monkeypatch.setattr(taxmod, "data_dir", lambda kind: tmp_path)
    taxmod._packaged.cache_clear()
    taxmod._load_packaged.cache_clear()
    try:
        with pytest.raises(DataError, match="header counts"):
            load_taxonomy("esco")
        result = run_cli("taxonomy", "show", "esco", expect=3)
        assert "green" in result.stderr
    finally:
        taxmod._packaged.cache_clear()
        taxmod._load_packaged.cache_clear()


# --- occupations -----------------------------------------------------------------------------


def test_occupations_are_found_by_uri_label_and_loose_label() -> None:
    occs = load_occupations()
    assert len(occs.occupations) == 3_007
    director = find_occupation(TECHNICAL_DIRECTOR)
    assert director.label == "technical director" and director.isco_group == "2654"
    assert find_occupation("Technical Director") is director
    assert find_occupation("head of technical department") is director  # an ESCO alt label
    assert find_occupation("technical directr") is director  # a typo
    with pytest.raises(InputError, match="no ESCO occupation matches"):
        find_occupation("zzzz qqqq")


def test_occupation_skills_match_esco_relations(shared_data: Path, esco) -> None:
    path = shared_data / "esco" / "v1.1.1" / "relations" / "occupationSkillRelations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["occupationUri"] == TECHNICAL_DIRECTOR]
    director = find_occupation(TECHNICAL_DIRECTOR)
    assert set(director.essential) == {r["skillUri"] for r in rows if r["relationType"] == "essential"}
    assert set(director.optional) == {r["skillUri"] for r in rows if r["relationType"] == "optional"}
    assert THEATRE_TECHNIQUES in director.essential
    assert all(s in esco.by_id for s in director.essential + director.optional)


# --- CLI -------------------------------------------------------------------------------------


def test_cli_list_and_show(run_cli) -> None:
    listed = run_cli("taxonomy", "list").stdout
    assert "esco" in listed and "13,896" in listed and "greening" in listed
    shown = run_cli("taxonomy", "show", "esco").stdout
    assert "13,896" in shown and "green" in shown and "570" in shown
    assert "This service uses the ESCO classification of the European Commission." in shown
    as_json = json.loads(run_cli("taxonomy", "show", "esco", "--format", "json").stdout)
    assert as_json == summary(load_taxonomy("esco"))
    rows = json.loads(run_cli("taxonomy", "list", "--format", "json").stdout)
    assert {r["id"]: r["concepts"] for r in rows}["esco"] == 13_896


def test_cli_show_one_concept(run_cli) -> None:
    out = run_cli("taxonomy", "show", "esco", "--concept", MUSICAL_STAFF).stdout
    assert "manage musical staff" in out and "broader: manage staff" in out
    run_cli("taxonomy", "show", "esco", "--concept", "no-such-concept", expect=2)


def test_cli_search_text_and_json(run_cli) -> None:
    out = run_cli("taxonomy", "search", "esco", "irrigation systems", "--limit", "3").stdout
    assert "irrigation systems" in out and "100.0" in out
    hits = json.loads(run_cli("taxonomy", "search", "esco", "irrigation systems", "-n", "3",
                              "--format", "json").stdout)
    assert len(hits) == 3 and hits[0]["score"] == 100.0
    assert set(hits[0]) == {"id", "label", "matched_label", "matched_on", "score", "kind",
                            "collections"}
    assert hits == [h.to_dict() for h in search(load_taxonomy("esco"), "irrigation systems", 3)]
    run_cli("taxonomy", "search", "esco", "waste", "--collection", "nope", expect=2)
    run_cli("taxonomy", "search", "nope", "waste", expect=2)


def test_cli_occupation(run_cli) -> None:
    data = json.loads(run_cli("taxonomy", "occupation", "technical director", "--format",
                              "json").stdout)
    assert data["occupation"]["id"] == TECHNICAL_DIRECTOR
    assert {"id": THEATRE_TECHNIQUES, "label": "theatre techniques"} in data["essential"]
    run_cli("taxonomy", "occupation", "zzzz qqqq", expect=1)


def test_every_taxonomy_command_has_an_example(run_cli) -> None:
    for args in (["list"], ["show"], ["search"], ["occupation"], ["import"], ["import", "esco"]):
        out = run_cli("taxonomy", *args, "--help").stdout
        assert "mcmap taxonomy" in out and "Example" in out, args


# --- loaders never raise anything but their own errors ----------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300))
def test_yaml_loader_raises_only_input_errors(text: str) -> None:
    from mcmap.taxonomy_yaml import taxonomy_from_yaml

    with contextlib.suppress(InputError):
        taxonomy_from_yaml(("mcmap: taxonomy/1\n" + text).encode(), "t.yaml", InputError)


@settings(max_examples=60, deadline=None)
@given(columns=st.dictionaries(st.sampled_from(taxmod.CONCEPT_COLUMNS), _JSON, max_size=7)
       | st.just({"id": ["a", "b"], "label": ["A", "B"], "alt_labels": [[], ["b"]],
                  "description": ["", ""], "kind": ["", ""], "reuse_level": ["", ""],
                  "broader": [["b"], []]}),
       collections=_JSON | st.dictionaries(st.text(max_size=3), st.lists(st.integers(-3, 3))),
       groups=_JSON)
def test_compact_loader_raises_only_input_errors(columns, collections, groups) -> None:
    payload = {"format": "mcmap-taxonomy/1", "header": {"id": "x", "version": "1"},
               "concepts": columns, "collections": collections, "groups": groups}
    with contextlib.suppress(InputError):
        taxmod.from_payload(payload, "x.json.gz", InputError)


def test_compact_loader_rejects_collection_rows_out_of_range() -> None:
    payload = {"format": "mcmap-taxonomy/1", "header": {"id": "x", "version": "1"},
               "concepts": {c: [[]] if c in ("alt_labels", "broader") else ["a"]
                            for c in taxmod.CONCEPT_COLUMNS},
               "collections": {"green": [-1]}}
    with pytest.raises(InputError, match="row -1"):
        taxmod.from_payload(payload, "x.json.gz", InputError)
