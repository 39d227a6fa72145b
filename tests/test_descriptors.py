"""The credential and pathway descriptors: packaged schemas, the sample catalogue, the models.

Every sample must validate against the packaged schema (dogfooding), carry real framework levels,
real ESCO concepts and a workload that agrees with its credits; hand-written broken documents
must fail at the JSON path a user would be pointed to; ``from_document`` must build every sample.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from mcmap.credential import Credential, Credits, Level
from mcmap.errors import InputError
from mcmap.load.yamlpos import parse_documents
from mcmap.pathway import (
    MAX_DEPTH,
    AllOf,
    Choose,
    CredentialRef,
    Match,
    MinCredits,
    Pathway,
    build_rule,
    walk,
)
from mcmap.resources import data_file

SAMPLES = Path(__file__).resolve().parent.parent / "sample_credentials"
SAMPLE_FILES = sorted(SAMPLES.rglob("*.yaml"))


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(data_file("schemas", f"{name}.schema.json").read_text())
    return loaded


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def load(path: Path) -> dict[str, Any]:
    """One sample's data; cached, so tests that change a document must deep-copy it first."""
    docs = list(parse_documents(path.read_text(encoding="utf-8"), str(path)))
    assert len(docs) == 1, f"{path.name}: expected one YAML document"
    data: dict[str, Any] = docs[0].data
    return data


def samples(kind: str) -> list[tuple[Path, dict[str, Any]]]:
    found = [(p, load(p)) for p in SAMPLE_FILES]
    return [(p, d) for p, d in found if d.get("mcmap") == f"{kind}/1"]


def sample(sample_id: str) -> dict[str, Any]:
    return next(d for _, d in samples("credential") + samples("pathway") if d["id"] == sample_id)


# --- the schemas themselves -------------------------------------------------------------


@pytest.mark.parametrize("name", ["credential", "pathway"])
def test_schema_is_valid_draft_2020_12_with_its_id(name: str) -> None:
    loaded = schema(name)
    Draft202012Validator.check_schema(loaded)
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert loaded["$id"] == f"https://mcmap.dev/schemas/{name}.schema.json"


def _property_maps(node: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield path, node
        for key, value in node.items():
            yield from _property_maps(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _property_maps(value, f"{path}/{i}")


@pytest.mark.parametrize("name", ["credential", "pathway"])
def test_every_property_has_title_and_description_and_objects_are_closed(name: str) -> None:
    # Editors show title/description on hover; additionalProperties: false catches typos.
    # (if/then and dependentSchemas sub-schemas only refine properties declared elsewhere.)
    for path, node in _property_maps(schema(name)):
        if any(part in path for part in ("/if", "/then", "/dependentSchemas")):
            continue
        assert node.get("additionalProperties") is False, f"{name}: {path} is not closed"
        for prop, sub in node["properties"].items():
            assert sub.get("title") and sub.get("description"), f"{name}: {path}.{prop}"


def test_pathway_schema_stands_alone_and_shares_definitions_with_credential() -> None:
    text = json.dumps(schema("pathway"))
    assert "credential.schema.json" not in text  # no cross-file $ref: editors and CI tools need none
    for name, definition in schema("pathway")["$defs"].items():
        if name in schema("credential")["$defs"]:
            assert definition == schema("credential")["$defs"][name], f"$defs/{name} drifted"


# --- the sample catalogue ---------------------------------------------------------------


def test_catalogue_has_the_promised_breadth() -> None:
    creds = [Credential.from_document(d) for _, d in samples("credential")]
    assert len(creds) >= 14
    assert len(samples("pathway")) >= 3
    assert len(list((SAMPLES / "recognition").glob("*.yaml"))) >= 2
    frameworks = {c.level.framework for c in creds if c.level}
    assert {"nfq-ie", "scqf", "rqf", "aqf", "nzqf", "mqf", "sa-nqf", "kkni", "eqf"} <= frameworks
    assert len({c.credits.system for c in creds if c.credits}) >= 6
    assert len({c.country for c in creds}) >= 8
    assert any("game" in c.title.lower() and c.level == Level("kkni", 6) for c in creds)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_validates_against_its_schema(path: Path) -> None:
    data = load(path)
    kind = str(data["mcmap"]).split("/")[0]
    errors = sorted(validator(kind).iter_errors(data), key=lambda e: e.json_path)
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors)
    assert path.stem == data["id"], "file name and id differ"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), "the first line names the schema for editors"
    target = (path.parent / first.removeprefix(prefix)).resolve()
    assert target == (SAMPLES.parent / "mcmap" / "schemas" / f"{kind}.schema.json").resolve()


def test_sample_ids_are_unique_and_listed_in_the_readme() -> None:
    ids = [d["id"] for _, d in samples("credential") + samples("pathway")]
    assert len(ids) == len(set(ids))
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    missing = [i for i in ids if f"`{i}`" not in readme]
    assert not missing, f"README.md does not list {missing}"


@pytest.mark.parametrize(("path", "data"), samples("credential"),
                         ids=[p.stem for p, _ in samples("credential")])
def test_sample_credential_is_complete_and_consistent(path: Path, data: dict[str, Any]) -> None:
    from mcmap.credit_systems import hours_for
    from mcmap.frameworks_lib import find_level

    cred = Credential.from_document(data)
    assert cred.missing_annex1() == ()
    assert 4 <= len(cred.learning_outcomes) <= 6
    assert all(o.domain for o in cred.learning_outcomes)
    assert len(set(cred.outcome_ids)) == len(cred.outcome_ids)
    assert cred.level is not None and find_level(cred.level.framework, cred.level.level) is not None
    assert cred.workload_hours is not None
    if cred.credits is not None:
        hours = hours_for(cred.credits.value, cred.credits.system)
        assert hours.min <= cred.workload_hours <= hours.max, f"{cred.credits} vs {cred.workload_hours} h"
    assessed = {o for c in (cred.assessment.components if cred.assessment else ()) for o in c.outcomes}
    assert assessed <= set(cred.outcome_ids), "an assessment component names an unknown outcome"
    vague = re.compile(r"^(understand|know|be aware|appreciate|learn)\b", re.IGNORECASE)
    assert not [o.id for o in cred.learning_outcomes if vague.match(o.text)]


def test_declared_esco_links_are_real_esco_v111_concepts() -> None:
    from mcmap.taxonomy import load_taxonomy

    esco = load_taxonomy("esco").by_id
    links = [(d["id"], link) for _, d in samples("credential") + samples("pathway")
             for link in _skill_links(d)]
    assert len(links) >= 40
    unknown = [(owner, link["id"]) for owner, link in links if link["id"] not in esco]
    assert not unknown
    mislabelled = [(owner, link["label"]) for owner, link in links
                   if link.get("label") and link["label"].strip() != esco[link["id"]].label.strip()]
    assert not mislabelled


def _skill_links(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("taxonomy") == "esco" and "id" in node:
            yield node
        for value in node.values():
            yield from _skill_links(value)
    elif isinstance(node, list):
        for value in node:
            yield from _skill_links(value)


def test_references_between_samples_resolve_both_ways() -> None:
    credentials = {d["id"]: Credential.from_document(d) for _, d in samples("credential")}
    pathways = {d["id"]: Pathway.from_document(d) for _, d in samples("pathway")}
    for pathway in pathways.values():
        named = set(pathway.credential_ids())
        named |= {p.credential for p in pathway.constraints.prerequisites}
        named |= {r for p in pathway.constraints.prerequisites for r in p.requires}
        assert named <= set(credentials), f"{pathway.id} names unknown credentials"
        for cid in pathway.credential_ids():
            stack = credentials[cid].stackability
            assert stack and pathway.id in stack.stacks_into, f"{cid} does not list {pathway.id}"
    for cred in credentials.values():
        for target in cred.stackability.stacks_into if cred.stackability else ():
            assert target in pathways, f"{cred.id} stacks into unknown {target}"


# --- the models ---------------------------------------------------------------------------


def test_credential_model_reads_every_field_of_a_sample() -> None:
    cred = Credential.from_document(sample("ie-shannonside-climate-smart-agriculture"))
    assert cred.level == Level("nfq-ie", 6)
    assert cred.credits == Credits("ects", 5.0)
    assert cred.workload_hours == 125.0 and cred.isced_f == "0811"
    assert cred.outcome_ids == ("LO1", "LO2", "LO3", "LO4", "LO5", "LO6")
    assert cred.learning_outcomes[5].domain == "responsibility-autonomy"
    assert cred.awarded_by is not None and cred.awarded_by.name == "Shannonside Institute of Technology"
    assert cred.assessment is not None and [c.weight_percent for c in cred.assessment.components] == [
        60.0, 20.0, 20.0]
    assert cred.stackability and cred.stackability.stacks_into == ("ie-cert-sustainable-agriculture",)
    assert cred.issue_date == "2025-09-01"  # dates stay ISO strings
    assert [link.label for _, link in cred.skill_links()] == [
        "climate smart agriculture", "climate change impact", "develop agricultural production plans"]


def test_level_may_be_a_label_and_awarding_body_may_differ_from_provider() -> None:
    data = copy.deepcopy(sample("gb-eng-northfield-circular-economy"))
    cred = Credential.from_document(data)
    assert cred.awarded_by is not None and cred.awarded_by.name == "Northfield Skills Awards"
    assert cred.provider is not None and cred.provider.name == "Tyneside Community College"
    data["level"] = {"framework": "rqf", "level": "E3"}
    assert not list(validator("credential").iter_errors(data))
    assert Credential.from_document(data).level == Level("rqf", "E3")


def test_missing_annex1_elements_are_named() -> None:
    minimal = {"mcmap": "credential/1", "id": "x", "title": "T",
               "learning_outcomes": [{"id": "LO1", "text": "Design a drip irrigation schedule."}]}
    assert not list(validator("credential").iter_errors(minimal))  # schema requires only four
    assert Credential.from_document(minimal).missing_annex1() == (
        "country or region of the issuer", "awarding body", "date of issuing", "notional workload",
        "level", "type of assessment", "form of participation", "type of quality assurance")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"mcmap": "pathway/1", "id": "x"}, "not a credential document"),
        ({"mcmap": "credential/1", "id": "x", "title": "T"}, "has no 'learning_outcomes'"),
        ({"mcmap": "credential/1", "id": "x", "title": "T", "learning_outcomes": [{"id": "LO1"}]},
         "learning outcome has no 'text'"),
        (["not", "a", "mapping"], "must be a mapping"),
    ],
)
def test_credential_from_unvalidated_data_raises_input_error(doc: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Credential.from_document(doc)


def test_sustainable_agriculture_certificate_rule_tree() -> None:
    pathway = Pathway.from_document(sample("ie-cert-sustainable-agriculture"))
    assert pathway.level == Level("nfq-ie", 6)
    assert (pathway.credits.system, pathway.credits.required) == ("ects", 20.0)
    root = pathway.rules
    assert isinstance(root, AllOf) and len(root.children) == 2
    core, elective = root.children
    assert isinstance(core, AllOf) and core.info.label == "Core modules"
    assert all(isinstance(c, CredentialRef) for c in core.children) and len(core.children) == 3
    assert isinstance(elective, Choose) and elective.n == 1 and len(elective.children) == 2
    assert len(pathway.leaves()) == 5
    assert pathway.constraints.component_level is not None
    assert (pathway.constraints.component_level.min, pathway.constraints.component_level.max) == (6, 7)
    assert pathway.constraints.max_age_years == 5.0 and pathway.constraints.rpl_max_credits == 5.0
    assert pathway.constraints.prerequisites[0].requires == ("ie-shannonside-soil-health",)
    assert len(pathway.required_skills) == 3 and [o.id for o in pathway.required_outcomes] == [
        "PO1", "PO2", "PO3"]


def test_digital_agriculture_track_mixes_credit_group_and_criteria_leaf() -> None:
    pathway = Pathway.from_document(sample("eu-digital-agriculture-track"))
    assert isinstance(pathway.rules, AllOf)
    foundations, electives = pathway.rules.children
    assert isinstance(foundations, CredentialRef)
    assert foundations.credential_id == "ie-midlands-digital-agriculture"
    assert isinstance(electives, MinCredits) and electives.value == 10.0 and electives.system is None
    match = electives.children[-1]
    assert isinstance(match, Match) and match.info.id == "other-data-skills"
    assert (match.framework, match.level_min, match.level_max, match.isced_f) == (
        "eqf", 5, 6, ("081", "0688"))
    assert match.count == 1 and match.skills_needed == 1
    assert pathway.constraints.prerequisites[0].completed_before is True


def test_criteria_pathway_names_no_credential() -> None:
    pathway = Pathway.from_document(sample("eu-green-transition-skills-award"))
    assert pathway.credential_ids() == ()
    leaves = pathway.leaves()
    assert [leaf.info.id for leaf in leaves] == ["green-technology", "data-skills"]
    assert all(isinstance(leaf, Match) and leaf.skills_needed == 1 for leaf in leaves)
    assert isinstance(leaves[1], Match) and leaves[1].workload_hours_min == 50.0


def test_walk_visits_parents_before_children_in_document_order() -> None:
    tree = build_rule({"any_of": [{"credential": "a"},
                                  {"choose": {"n": 1, "from": [{"credential": "b"},
                                                               {"match": {"isced_f": ["08"]}}]}}]})
    kinds = [type(n).__name__ for n in walk(tree)]
    assert kinds == ["AnyOf", "CredentialRef", "Choose", "CredentialRef", "Match"]


def test_build_rule_refuses_ambiguous_or_runaway_trees() -> None:
    with pytest.raises(InputError, match="exactly one of"):
        build_rule({"credential": "a", "match": {"isced_f": ["08"]}})
    with pytest.raises(InputError, match="exactly one of"):
        build_rule({"label": "nothing here"})
    deep: dict[str, Any] = {"credential": "a"}
    for _ in range(MAX_DEPTH + 2):
        deep = {"all_of": [deep]}
    with pytest.raises(InputError, match="nested more than"):
        build_rule(deep)


# --- broken documents fail where a user should look ---------------------------------------


def _cred(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(sample("ie-shannonside-soil-health"))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target: Any = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return data


_DELETE = object()

CREDENTIAL_CASES = [
    ("missing title", _cred(title=_DELETE), "$", "required"),
    ("typo in a field name", {**_cred(), "titel": "x"}, "$", "additionalProperties"),
    ("wrong kind", _cred(mcmap="credential/2"), "$.mcmap", "const"),
    ("upper-case id", _cred(id="IE-Soil"), "$.id", "pattern"),
    ("no outcomes", _cred(learning_outcomes=[]), "$.learning_outcomes", "minItems"),
    ("level without framework", _cred(level={"level": 6}), "$.level", "required"),
    ("unknown domain", _cred(learning_outcomes__0__domain="skill"),
     "$.learning_outcomes[0].domain", "enum"),
    ("ISCED-F as a number", _cred(isced_f=811), "$.isced_f", "type"),
    ("ESCO link that is not a URI", _cred(learning_outcomes__0__skills=[{"taxonomy": "esco",
                                                                         "id": "soil science"}]),
     "$.learning_outcomes[0].skills[0].id", "pattern"),
    ("zero credits", _cred(credits={"system": "ects", "value": 0}), "$.credits.value",
     "exclusiveMinimum"),
    ("unknown participation form", _cred(participation={"form": "in person"}),
     "$.participation.form", "enum"),
    ("date in words", _cred(issue_date="1 March 2025"), "$.issue_date", "format"),
]


@pytest.mark.parametrize(("case", "data", "path", "keyword"), CREDENTIAL_CASES,
                         ids=[c[0] for c in CREDENTIAL_CASES])
def test_broken_credential_fails_at_the_expected_path(
    case: str, data: dict[str, Any], path: str, keyword: str
) -> None:
    _assert_best_error(validator("credential"), data, path, keyword)


def test_comma_in_a_flow_mapping_is_caught_by_the_schema() -> None:
    # A real slip when writing samples: an unquoted comma splits a flow mapping into two keys.
    text = (SAMPLES / "ie-shannonside-soil-health.yaml").read_text(encoding="utf-8").replace(
        "description: Field soil assessment and sampling,",
        "description: Field soil assessment, sampling,")
    data = next(parse_documents(text, "broken.yaml")).data
    _assert_best_error(validator("credential"), data, "$.assessment.components[0]",
                       "additionalProperties")


def _path(**rules: Any) -> dict[str, Any]:
    data = copy.deepcopy(sample("ie-cert-sustainable-agriculture"))
    data.update(rules)
    return data


PATHWAY_CASES = [
    ("no rule tree", {k: v for k, v in _path().items() if k != "rules"}, "$", "required"),
    ("two operators in one node",
     _path(rules={"all_of": [{"credential": "a"}], "any_of": [{"credential": "b"}]}),
     "$.rules.any_of", "not"),
    ("node without operator", _path(rules={"label": "Core"}), "$.rules", "anyOf"),
    ("choose zero", _path(rules={"choose": {"n": 0, "from": [{"credential": "a"}]}}),
     "$.rules.choose.n", "minimum"),
    ("min_credits without group", _path(rules={"min_credits": {"value": 10}}),
     "$.rules.min_credits", "required"),
    ("empty criteria", _path(rules={"all_of": [{"match": {}}]}), "$.rules.all_of[0].match",
     "minProperties"),
    ("misspelt criterion", _path(rules={"match": {"level_minimum": 5}}), "$.rules.match",
     "additionalProperties"),
    ("deep typo", _path(rules={"all_of": [{"any_of": [{"credentail": "a"}]}]}),
     "$.rules.all_of[0].any_of[0]", "additionalProperties"),
    ("level range without bounds", _path(constraints={"component_level": {"framework": "eqf"}}),
     "$.constraints.component_level", "anyOf"),
    ("credits without system", _path(credits={"required": 20}), "$.credits", "required"),
]


@pytest.mark.parametrize(("case", "data", "path", "keyword"), PATHWAY_CASES,
                         ids=[c[0] for c in PATHWAY_CASES])
def test_broken_pathway_fails_at_the_expected_path(
    case: str, data: dict[str, Any], path: str, keyword: str
) -> None:
    _assert_best_error(validator("pathway"), data, path, keyword)


def _assert_best_error(v: Draft202012Validator, data: Any, path: str, keyword: str) -> None:
    errors = list(v.iter_errors(data))
    assert errors, "the document was accepted"
    best: ValidationError | None = best_match(errors)
    assert best is not None
    assert (best.json_path, best.validator) == (path, keyword), (
        f"best error {best.json_path} {best.validator}: {best.message}")


# --- the documentation keeps up with the schemas ------------------------------------------


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    for _, obj in _property_maps(node):
        names |= set(obj["properties"])
    return names


def test_docs_describe_every_field_and_the_editor_line() -> None:
    docs = (SAMPLES.parent / "docs" / "descriptors.md").read_text(encoding="utf-8")
    for name in ("credential", "pathway"):
        assert f"$schema=./{name}.schema.json" in docs
        undocumented = sorted(
            prop for prop in _property_names(schema(name))
            if not re.search(rf"`[^`\n]*\b{re.escape(prop)}\b[^`\n]*`", docs)
        )
        assert not undocumented, f"docs/descriptors.md does not mention {name} fields {undocumented}"
    for number in range(1, 12):  # the Annex I mapping table lists the eleven mandatory elements
        assert re.search(rf"^\| {number}\. ", docs, re.MULTILINE), f"Annex I element {number}"


def test_yaml_examples_in_the_docs_are_valid() -> None:
    docs = (SAMPLES.parent / "docs" / "descriptors.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", docs, re.DOTALL) if "\nmcmap: " in b]
    assert len(blocks) == 2
    for block in blocks:
        data = next(parse_documents(block, "docs/descriptors.md")).data
        kind = data["mcmap"].split("/")[0]
        errors = [f"{e.json_path}: {e.message}" for e in validator(kind).iter_errors(data)]
        assert not errors
        built = Credential.from_document(data) if kind == "credential" else Pathway.from_document(data)
        assert built.id == sample(built.id)["id"]  # the examples are cut from real samples


# --- property tests: the builders never fail with anything but their own error -------------

_scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(
    max_size=4)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "name", "type", "from", "n", "value", "system", "text", "level",
                         "framework", "credential", "all_of", "match", "skills", "form"]),
        inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(
        node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


def _replace(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(doc)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _mutations(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """The sample with any one value, however deep, replaced by arbitrary data."""
    base = sample("ie-shannonside-climate-smart-agriculture" if kind == "credential"
                  else "eu-digital-agriculture-track")
    return st.builds(lambda path, value: _replace(base, path, value),
                     st.sampled_from(sorted(_paths(base), key=repr)), _values)


@settings(max_examples=150, deadline=None)
@given(_mutations("credential"))
def test_credential_builder_raises_only_input_error(data: dict[str, Any]) -> None:
    with contextlib.suppress(InputError):
        Credential.from_document(data)


@settings(max_examples=150, deadline=None)
@given(_mutations("pathway"))
def test_pathway_builder_raises_only_input_error(data: dict[str, Any]) -> None:
    with contextlib.suppress(InputError):
        Pathway.from_document(data)


@settings(max_examples=100, deadline=None)
@given(_mutations("credential"))
def test_schema_valid_documents_always_build(data: dict[str, Any]) -> None:
    # Whatever the schema accepts, the model must accept: the schema is the contract.
    if not list(validator("credential").iter_errors(data)):
        cred = Credential.from_document(data)
        assert cred.id == data["id"] and len(cred.learning_outcomes) == len(data["learning_outcomes"])
