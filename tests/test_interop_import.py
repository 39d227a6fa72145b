"""Imports of the real Open Badges 3.0, ELM and CTDL examples, the validator's verdict on them, and
the 'mcmap import' / 'mcmap export' commands (files, reports, errors)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from mcmap.errors import InputError, UsageError
from mcmap.interop.formats import descriptor_yaml, detect_format, import_document
from mcmap.validate import validate_paths

REPO = Path(__file__).resolve().parent.parent
CSA = str(REPO / "sample_credentials" / "ie-shannonside-climate-smart-agriculture.yaml")

#: every example that is a credential or an achievement, with its format
EXAMPLES = [
    ("openbadges3/achievementAlignmentCase.json", "ob3"),
    ("openbadges3/achievementAlignmentCe.json", "ob3"),
    ("openbadges3/basicOpenBadgeCredential.json", "ob3"),
    ("openbadges3/fullOpenBadge.json", "ob3"),
    ("openbadges3/microcredential_v1_open-badge_examples_open-badge-mc-example.json", "ob3"),
    ("openbadges3/skillAssertionCase.json", "ob3"),
    ("openbadges3/skillAssertionCtdl.json", "ob3"),
    ("openbadges3/clr2_ClrCredential_from_linked-data-proof-clr_1.json", "ob3"),
    ("openbadges3/clr2_ClrCredential_from_linked-data-proof-clr_2.json", "ob3"),
    ("openbadges3/clr2_ClrCredential_from_linked-data-proof-clr_7.json", "ob3"),
    ("elm/elm-v3-sample-microcredential-annex1.json", "elm"),
    ("elm/microcredential_v1_edc_examples_edc-mc-example.json", "elm"),
    ("elm/certificate-of-attendance_v1_edc_examples_edc-coa-example.json", "elm"),
    ("ctdl/Credential_1_Credential-1.json", "ctdl"),
    ("ctdl/Credential_1_Credential-1-graph.json", "ctdl"),
    ("ctdl/LearningProgram_1_Course-1a.json", "ctdl"),
    ("ctdl/LearningProgram_1_Course-1b.json", "ctdl"),
    ("ctdl/LearningProgram_1_Course-1c.json", "ctdl"),
    ("ctdl/LearningProgram_1_LearningProgram-1.json", "ctdl"),
    ("ctdl/LearningProgram_1_LearningProgram-1-graph.json", "ctdl"),
    ("ctdl/LearningProgram_2_LearningProgram-2.json", "ctdl"),
]


def test_the_example_list_covers_the_folder(shared_data: Path) -> None:
    folder = shared_data / "credential-examples"
    found = {str(p.relative_to(folder)) for p in folder.glob("*/*.json")}
    not_credentials = {
        "openbadges3/context-3.0.3.json",  # JSON-LD context
        "openbadges3/microcredential_v1_open-badge_schema.json",  # JSON Schema
        "elm/microcredential_v1_edc_schema.json",
        "elm/microcredential_v1_edc_input-fields-to-credential-map.json",  # a field map
        "ctdl/Organization_1_Organization-1.json",  # an organisation, not a credential
    }
    assert found - not_credentials == {name for name, _ in EXAMPLES}


@pytest.mark.parametrize(("name", "fmt"), EXAMPLES, ids=[n for n, _ in EXAMPLES])
def test_real_examples_import_and_validate_or_explain(
    name: str, fmt: str, shared_data: Path, tmp_path: Path
) -> None:
    path = shared_data / "credential-examples" / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert detect_format(doc) == fmt
    result = import_document(doc, fmt, name)
    out = tmp_path / "imported.yaml"
    out.write_text(descriptor_yaml(result.descriptor, name, fmt), encoding="utf-8")
    validation = validate_paths([str(out)])
    assert validation.documents["credential"] == 1 or validation.errors  # read as a credential
    missing = set(result.report.fields("missing"))
    codes = {p.code for p in validation.problems}
    if missing:  # every Annex I gap the report names is also a validate finding, never a crash
        assert validation.errors and codes & {"annex1.missing", "schema.required"}
    else:
        assert not validation.errors, [p.message for p in validation.problems]
    assert result.descriptor["title"] and result.report.carried


def test_ec_sample_keeps_its_annex1_elements(shared_data: Path) -> None:
    path = shared_data / "credential-examples" / "elm" / "elm-v3-sample-microcredential-annex1.json"
    d = import_document(json.loads(path.read_text()), "elm", path.name).descriptor
    assert d["title"] == "Digital micro-credential creation"
    assert d["level"] == {"framework": "rqf", "level": 6}  # nqfLevel "RQF Level 6", EQF 6 beside it
    assert d["credits"] == {"system": "ects", "value": 2}
    assert d["workload_hours"] == 60  # volumeOfLearning PT60H
    assert d["participation"] == {"form": "blended"}
    assert d["learning_setting"] == "non-formal"
    assert d["provider"]["name"] == "University of Zed" and d["country"] == "IE"
    assert d["supervision_identity_verification"] == {"type": "unsupervised-no-verification"}
    skills = [s["id"] for s in d["learning_outcomes"][0]["skills"]]
    assert skills[0] == "http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9"
    assert d["prerequisites"].startswith("The learner needs to have an EDC Online Credential Builder account")


def test_ob3_microcredential_alignments_become_declared_esco_links(shared_data: Path) -> None:
    path = (
        shared_data
        / "credential-examples"
        / "openbadges3"
        / ("microcredential_v1_open-badge_examples_open-badge-mc-example.json")
    )
    result = import_document(json.loads(path.read_text()), "ob3", path.name)
    d = result.descriptor
    links = {s["id"] for o in d["learning_outcomes"] for s in o.get("skills", [])}
    assert links == {
        "http://data.europa.eu/esco/skill/f10142ce-d522-49c3-9fd1-054fb63529d4",
        "http://data.europa.eu/esco/skill/81a2db2c-7e55-44d0-9cd9-74c25147d7cd",
    }
    assert "learning_outcomes" in result.report.fields("derived")  # said plainly: made from alignments
    assert d["credits"] == {"system": "ects", "value": 5}
    assert d["provider"] == {
        "name": "NETIS d.o.o.",
        "url": "https://www.netis.si",
        "identifier": "urn:uuid:df1eceb0-c36a-4613-b3d7-992c9ee66f5b",
    }
    assert (d["valid_from"], d["valid_until"]) == ("2026-01-12", "2026-12-31")


def test_clr_transcript_imports_one_achievement_at_a_time(shared_data: Path) -> None:
    path = (
        shared_data
        / "credential-examples"
        / "openbadges3"
        / "clr2_ClrCredential_from_linked-data-proof-clr_1.json"
    )
    doc = json.loads(path.read_text())
    first = import_document(doc, "ob3", path.name)
    # Achievement 1 appears twice (listed, and inside its AchievementCredential): counted once
    assert first.report.warnings == [
        "the document holds 2 achievements; imported number 1 ('Achievement 1'); choose another with --index"
    ]
    assert first.descriptor["valid_from"] == "2010-01-01"  # from the credential that awards it
    assert import_document(doc, "ob3", path.name, index=1).descriptor["title"] == "Achievement 2"
    with pytest.raises(UsageError, match="holds 2 achievements"):
        import_document(doc, "ob3", path.name, index=2)


@pytest.mark.parametrize(
    ("doc", "fmt", "message"),
    [
        ({"hello": "world"}, "ob3", "no Open Badges 3.0 Achievement"),
        ([1, 2, 3], "elm", "not an ELM document"),
        ({"@type": "ceterms:Organization", "ceterms:name": {"en": "X"}}, "ctdl", "no CTDL credential"),
        (
            {"type": ["VerifiableCredential", "OpenBadgeCredential"], "credentialSubject": {}},
            "ob3",
            "Achievement",
        ),
    ],
)
def test_wrong_documents_are_clear_errors(doc: object, fmt: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        import_document(doc, fmt, "doc.json")


def test_wrong_format_names_the_right_one(shared_data: Path) -> None:
    path = shared_data / "credential-examples" / "elm" / "elm-v3-sample-microcredential-annex1.json"
    with pytest.raises(InputError, match="try --from elm"):
        import_document(json.loads(path.read_text()), "ob3", path.name)


# --- the commands -----------------------------------------------------------------------------


def test_export_writes_json_and_the_report(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = run_cli("export", CSA, "--to", "ob3", "--wrap", "--report", str(report))
    badge = json.loads(result.stdout)
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "UNSIGNED" in result.stderr and "text-only  participation" in result.stderr
    data = json.loads(report.read_text())
    assert data["direction"] == "export" and "title" in {f["field"] for f in data["fields"]["carried"]}
    assert data["warnings"] and "no proof" in data["warnings"][0]


def test_export_options_that_do_not_apply_are_usage_errors(run_cli: Callable[..., Result]) -> None:
    result = run_cli("export", CSA, "--to", "elm", "--wrap", expect=2)
    assert "--wrap applies to Open Badges only" in result.stderr


def test_export_of_an_invalid_descriptor_is_a_located_error(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mcmap: credential/1\nid: x\ntitle: X\n", encoding="utf-8")
    result = run_cli("export", str(bad), "--to", "ctdl", expect=1)
    assert "bad.yaml:1:1" in result.stderr and "schema.required" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_writes_once_and_validates(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    exported = tmp_path / "elm.json"
    run_cli("export", CSA, "--to", "elm", "-o", str(exported), "-q")
    out = tmp_path / "back.yaml"
    result = run_cli("import", str(exported), "--from", "elm", "-o", str(out))
    assert "wrote" in result.stderr and out.read_text().startswith("# yaml-language-server")
    again = run_cli("import", str(exported), "--from", "elm", "-o", str(out), expect=2)
    assert "already exists" in again.stderr and "--force" in again.stderr
    run_cli("import", str(exported), "--from", "elm", "-o", str(out), "--force", "-q")


def test_import_of_an_incomplete_document_exits_1_with_findings(
    run_cli: Callable[..., Result], shared_data: Path, tmp_path: Path
) -> None:
    src = shared_data / "credential-examples" / "openbadges3" / "basicOpenBadgeCredential.json"
    out = tmp_path / "basic.yaml"
    result = run_cli("import", str(src), "--from", "ob3", "-o", str(out), expect=1)
    assert out.exists()
    assert "annex1.missing" in result.stderr or "schema.required" in result.stderr
    assert "needs completing" in result.stderr


def test_import_of_broken_json_is_a_located_error(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"type": ["Achievement"],\n "name": }', encoding="utf-8")
    result = run_cli("import", str(bad), "--from", "ob3", "-o", str(tmp_path / "x.yaml"), expect=1)
    assert "broken.json:2:" in result.stderr and "not valid JSON" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_inferred_alignments_are_marked_and_not_read_back_as_declared(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "inferred.json"
    run_cli("export", CSA, "--to", "ob3", "--include-inferred", "-o", str(out), "-q")
    badge = json.loads(out.read_text())
    inferred = [
        a for a in badge["alignment"] if a.get("targetDescription", "").startswith("Inferred by mcmap")
    ]
    assert inferred, "the climate-smart agriculture outcomes infer at least one undeclared ESCO skill"
    declared = {a["targetUrl"] for a in badge["alignment"]} - {a["targetUrl"] for a in inferred}
    assert not {a["targetUrl"] for a in inferred} & declared
    back = import_document(badge, "ob3", out.name)
    links = {s["id"] for o in back.descriptor["learning_outcomes"] for s in o.get("skills", [])}
    assert links and not links & {a["targetUrl"] for a in inferred}
    assert "learning_outcomes.skills" in back.report.fields("lost")


def test_interop_doc_lists_every_format_and_command(run_cli: Callable[..., Result]) -> None:
    doc = (REPO / "docs" / "interop.md").read_text(encoding="utf-8")
    for heading in ("## Open Badges 3.0", "## ELM (Europass)", "## CTDL (Credential Engine)"):
        assert heading in doc
    for option in ("--wrap", "--include-inferred", "--report", "--force", "--index"):
        assert option in doc
        assert option in run_cli("export", "--help").stdout + run_cli("import", "--help").stdout


def _paths(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found += _paths(value, (*path, n))
    return found


@pytest.mark.parametrize(("name", "fmt"), EXAMPLES[::3], ids=[n for n, _ in EXAMPLES[::3]])
def test_damaged_documents_end_in_a_clear_error_or_a_descriptor(
    name: str, fmt: str, shared_data: Path
) -> None:
    """Real documents with values replaced by the wrong kinds: never anything but an McmapError."""
    import random

    from mcmap.errors import McmapError

    base = json.loads((shared_data / "credential-examples" / name).read_text(encoding="utf-8"))
    junk = [None, [], {}, 5, -1, 1e300, "x", "", True, [None], {"en": None}, {"en": 5}, ["a", 3], "PT", "P"]
    rng = random.Random(name)
    places = [p for p in _paths(base) if p]
    for _ in range(60):
        doc = json.loads(json.dumps(base))
        for place in rng.sample(places, min(3, len(places))):
            parent: Any = doc
            try:
                for key in place[:-1]:
                    parent = parent[key]
                parent[place[-1]] = json.loads(json.dumps(rng.choice(junk)))
            except (KeyError, IndexError, TypeError):
                continue  # an earlier replacement removed this path
        try:
            result = import_document(doc, fmt, name)
        except McmapError:
            continue
        descriptor_yaml(result.descriptor, name, fmt)
        json.dumps(result.report.to_dict())


def test_ctdl_organisations_by_uri_resolve_with_related_documents(
    run_cli: Callable[..., Result], shared_data: Path, tmp_path: Path
) -> None:
    folder = shared_data / "credential-examples" / "ctdl"
    cred, org = folder / "Credential_1_Credential-1.json", folder / "Organization_1_Organization-1.json"
    alone = import_document(json.loads(cred.read_text()), "ctdl", cred.name)
    assert "provider" not in alone.descriptor and "provider" in alone.report.fields("lost")
    out = tmp_path / "c1.yaml"
    run_cli("import", str(cred), "--from", "ctdl", "--with", str(org), "-o", str(out), "-q", expect=1)
    text = out.read_text()
    assert "provider:\n  name: Example University\n  url: https://example.edu\n" in text
    result = run_cli(
        "import", str(cred), "--from", "ob3", "--with", str(org), "-o", str(out), "--force", expect=2
    )
    assert "--with applies to CTDL only" in result.stderr
