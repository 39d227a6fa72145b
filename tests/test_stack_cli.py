"""``mcmap stack``: verdicts, exit codes, formats, the JSON contract and the sample pathways."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mcmap.errors import DataError
from mcmap.load.schemas import load_schema
from mcmap.render.stack import RENDERERS
from mcmap.stack import evaluate_pathway, load_credentials, load_pathway
from tests.stack_helpers import cred_doc, names, pathway_doc, write

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_credentials"
PATHWAYS = sorted((SAMPLES / "pathways").glob("*.yaml"))
CERT = SAMPLES / "pathways" / "ie-cert-sustainable-agriculture.yaml"
AS_OF = "2026-06-01"
CORE = [
    SAMPLES / f"ie-shannonside-{n}.yaml"
    for n in ("climate-smart-agriculture", "sustainable-irrigation", "soil-health", "nutrient-carbon")
]


def stack(run_cli, *args, expect=0):
    return run_cli("stack", *map(str, args), "--as-of", AS_OF, expect=expect)


def test_stackable_exits_0_and_explains(run_cli):
    out = stack(run_cli, *CORE, "--into", CERT, "--no-infer").stdout
    assert out.startswith("ie-cert-sustainable-agriculture: STACKABLE")
    assert "Credits: 20 of 20 ects (met" in out
    assert "[x] One elective (choose): 1 of 2 options met (needs 1)" in out
    assert "[x] outcome PO2: ie-shannonside-sustainable-irrigation LO3 (overlap 0.71)" in out


def test_not_yet_exits_1_with_gaps(run_cli):
    result = stack(run_cli, *CORE[:3], "--into", CERT, "--format", "json", "--no-infer", expect=1)
    data = json.loads(result.stdout)
    assert (data["verdict"], data["stackable"]) == ("not-yet", False)
    assert data["gaps"][0]["message"].startswith("needs 1 more of: ie-shannonside-nutrient-carbon")
    assert data["credits"]["earned"] == 15 and data["plan"] is None


def test_invalid_pathway_exits_1_with_located_finding(run_cli, tmp_path):
    bad = write(tmp_path / "bad.yaml", pathway_doc({"choose": {"n": 3, "from": names("a", "b")}}))
    good = write(tmp_path / "a.yaml", cred_doc("a"))
    out = stack(run_cli, good, "--into", bad, "--no-infer", expect=1).stdout
    assert "INVALID PATHWAY" in out
    assert f"{bad}:13:3: error: stack.never-met: 'choose at $.rules' can never be met: choose 3 from 2" in out


def test_unreadable_credential_exits_1(run_cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("mcmap: credential/1\nid: [unclosed\n", encoding="utf-8")
    result = stack(run_cli, broken, "--into", CERT, expect=1)
    assert f"{broken}:3:1: error: yaml.syntax" in result.stderr and "could not be read" in result.stderr


def test_unreadable_pathway_exits_1(run_cli, tmp_path):
    result = stack(run_cli, CORE[0], "--into", CORE[1], expect=1)
    assert "no pathway document" in result.stderr
    missing = stack(run_cli, CORE[0], "--into", tmp_path / "nope.yaml", expect=1)
    assert "no such file" in missing.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--into", str(CERT)),  # neither credentials nor a catalogue
        (str(CORE[0]), "--into", str(CERT), "--minimize", "price"),
        (str(CORE[0]), "--into", str(CERT), "--as-of", "June"),
        (str(CORE[0]),),  # no --into
    ],
)
def test_usage_errors_exit_2(run_cli, args):
    run_cli("stack", *args, expect=2)


def test_broken_reference_data_exits_3(run_cli, monkeypatch):
    def broken(*args, **kwargs):
        raise DataError("built-in credit systems cannot be read")

    monkeypatch.setattr("mcmap.stack.engine.build_all_facts", broken)
    result = stack(run_cli, CORE[0], "--into", CERT, expect=3)
    assert "credit systems cannot be read" in result.stderr


def test_json_is_the_library_result_and_matches_the_schema(run_cli):
    result = stack(run_cli, *CORE, "--into", CERT, "--format", "json", "--no-infer")
    data = json.loads(result.stdout)
    import datetime as dt

    held, _ = load_credentials([str(p) for p in CORE])
    library = evaluate_pathway(load_pathway(str(CERT)), held, as_of=dt.date(2026, 6, 1), infer_skills=False)
    assert data == library.to_dict()  # deterministic: no timings in the output
    jsonschema.validate(json.loads(result.stdout), load_schema("stack-result"))


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_renders_the_verdict(run_cli, fmt):
    out = stack(run_cli, *CORE[:2], "--into", CERT, "--format", fmt, "--no-infer", expect=1).stdout
    assert ("not-yet" if fmt == "json" else "NOT YET") in out


@pytest.mark.parametrize("path", PATHWAYS, ids=lambda p: p.stem)
def test_every_sample_pathway_has_a_plan_that_stacks(run_cli, path):
    planned = stack(run_cli, "--into", path, "--catalog", SAMPLES, "--format", "json", expect=1)
    data = json.loads(planned.stdout)
    jsonschema.validate(data, load_schema("stack-result"))
    assert data["plan"], data["plan_details"]
    details = data["plan_details"]
    assert details["proven_optimal"] and details["verified"]
    files = [step["file"] for step in details["steps"]]
    assert sorted(step["credential"] for step in details["steps"]) == data["plan"]
    again = json.loads(stack(run_cli, *files, "--into", path, "--format", "json").stdout)
    assert again["verdict"] == "stackable", again["gaps"]


def test_plan_from_a_partial_stack_and_minimize(run_cli):
    track = SAMPLES / "pathways" / "eu-digital-agriculture-track.yaml"
    held = [SAMPLES / "nl-lowlands-remote-sensing.yaml", SAMPLES / "eu-esfsa-farm-iot.yaml"]
    data = json.loads(
        stack(run_cli, *held, "--into", track, "--catalog", SAMPLES, "--format", "json", expect=1).stdout
    )
    # 5 + 3 ECTS of electives held: the plan adds the foundations module (also the prerequisite
    # that lets remote sensing count) and 5.45 ECTS of Python for the 10-ECTS electives minimum
    assert data["plan"] == ["gb-sct-highland-agri-data-python", "ie-midlands-digital-agriculture"]
    whys = {s["credential"]: s["why"] for s in data["plan_details"]["steps"]}
    assert whys["ie-midlands-digital-agriculture"] == "meets 'Foundations module'"
    assert data["plan_details"]["cost"] == pytest.approx(5 + 150 / 27.5, abs=1e-3)
    award = SAMPLES / "pathways" / "eu-green-transition-skills-award.yaml"
    by_count = json.loads(
        stack(
            run_cli,
            "--into",
            award,
            "--catalog",
            SAMPLES,
            "--minimize",
            "count",
            "--format",
            "json",
            expect=1,
        ).stdout
    )
    by_credits = json.loads(
        stack(run_cli, "--into", award, "--catalog", SAMPLES, "--format", "json", expect=1).stdout
    )
    assert len(by_count["plan"]) < len(by_credits["plan"])
    assert by_credits["plan_details"]["cost"] < sum(s["credit"] for s in by_count["plan_details"]["steps"])


def test_no_plan_says_why(run_cli, tmp_path):
    path = write(tmp_path / "p.yaml", pathway_doc({"match": {"isced_f": ["0999"]}}, required=5))
    data = json.loads(
        stack(
            run_cli, "--into", path, "--catalog", SAMPLES, "--format", "json", "--no-infer", expect=1
        ).stdout
    )
    assert data["plan"] is None
    assert data["plan_details"]["status"] == "no-plan"
    assert data["plan_details"]["reasons"][0].startswith(
        "even with all 0 usable catalogue credentials: needs 1 more"
    )


def test_stackable_stack_with_catalogue_plans_nothing(run_cli):
    data = json.loads(
        stack(run_cli, *CORE, "--into", CERT, "--catalog", SAMPLES, "--format", "json", "--no-infer").stdout
    )
    assert data["plan"] == [] and data["plan_details"]["status"] == "already-stackable"


def test_readme_stacking_example_is_real_output(run_cli):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Stacking and planning", 1)[1].split("\n## ", 1)[0]
    shown = section.split("```text", 1)[1].split("```", 1)[0]
    held = [
        SAMPLES / f"ie-shannonside-{n}.yaml"
        for n in ("climate-smart-agriculture", "soil-health", "nutrient-carbon")
    ]
    out = stack(run_cli, *held, "--into", CERT, "--catalog", SAMPLES, expect=1).stdout
    command = ("$ ", "    --")  # the command and its continuation line
    lines = [x for x in shown.splitlines() if x.strip() not in ("", "...") and not x.startswith(command)]
    assert lines and all(line in out for line in lines), [line for line in lines if line not in out]


def test_a_folder_of_credentials_with_pathways_in_it(run_cli):
    out = stack(run_cli, SAMPLES, "--into", CERT, "--no-infer").stdout
    assert out.startswith("ie-cert-sustainable-agriculture: STACKABLE")
