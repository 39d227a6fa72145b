"""Built-in frameworks and credit systems: schema, provenance, referencing, conversion, CLI."""

from __future__ import annotations

import contextlib
import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from mcmap.frameworks import (
    ENV_PATH,
    convert_credits,
    find_level,
    framework_ids,
    get_level,
    hours_for,
    list_frameworks,
    load_credit_systems,
    load_framework,
    to_eqf,
)

from mcmap.errors import DataError, InputError, UsageError
from mcmap.frameworks_lib import build_from_text
from mcmap.resources import data_dir, data_file

EXPECTED_IDS = ["aqf", "aqrf", "eqf", "kkni", "mqf", "nfq-ie", "nzqf", "rqf", "sa-nqf", "scqf"]
LEVEL_COUNTS = {
    "eqf": 8,
    "nfq-ie": 10,
    "scqf": 12,
    "rqf": 11,
    "aqf": 10,
    "nzqf": 10,
    "aqrf": 8,
    "mqf": 8,
    "sa-nqf": 10,
    "kkni": 9,
}
VERBATIM = {"verbatim", "verbatim_secondary"}
SYSTEM_IDS = sorted(
    [
        "ects",
        "scqf",
        "uk-credit",
        "uk-rqf",
        "nz-credit",
        "us-semester",
        "mqf-credit",
        "sa-credit",
        "aqf-volume",
    ]
)


def _schema(name: str) -> Draft202012Validator:
    schema = json.loads(data_file("schemas", f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _shipped() -> list[tuple[str, Any]]:
    files = sorted(p for p in data_dir("frameworks").iterdir() if p.name.endswith(".yaml"))
    return [(p.name, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in files]


# ------------------------------------------------------------------------- data and schema
@pytest.mark.parametrize(("name", "data"), _shipped(), ids=[n for n, _ in _shipped()])
def test_every_shipped_file_validates_against_its_schema(name: str, data: Any) -> None:
    kind = data["mcmap"].split("/")[0]
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _schema(kind).iter_errors(data)]
    assert errors == [], f"{name}: {errors[:3]}"
    if kind == "framework":
        assert name == f"{data['id']}.yaml", "a built-in framework's file is named after its id"


def test_the_ten_frameworks_ship_with_their_level_counts() -> None:
    assert framework_ids() == EXPECTED_IDS
    assert {fw.id: len(fw.levels) for fw in list_frameworks()} == LEVEL_COUNTS


def test_schema_catches_a_typo() -> None:
    data = dict(_shipped()[0][1])
    data["credit_sytem"] = "ects"
    assert any(e.validator == "additionalProperties" for e in _schema("framework").iter_errors(data))


def test_eqf_is_complete_and_matches_the_shared_table(shared_data: Path) -> None:
    eqf = load_framework("eqf")
    cells = [(lv.id, d.domain) for lv in eqf.levels for d in lv.descriptors]
    assert len(cells) == 24 and len(set(cells)) == 24
    assert {d for _, d in cells} == {"knowledge", "skills", "responsibility_and_autonomy"}
    with (shared_data / "frameworks" / "eqf_level_descriptors.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8
    for row in rows:
        lv = get_level(eqf, int(row["eqf_level"]))
        for domain, column in (
            ("knowledge", "knowledge"),
            ("skills", "skills"),
            ("responsibility_and_autonomy", "responsibility_autonomy"),
        ):
            residue = row[column]  # the CSV joins multi-item cells with "; " or ". "
            for item in lv.descriptor(domain).items:  # type: ignore[union-attr]
                assert item in residue, (lv.id, domain, item)
                residue = residue.replace(item, "", 1)
            assert residue.strip(" ;.") == "", (lv.id, domain, residue)


def test_descriptors_are_only_verbatim_text_and_cite_declared_sources() -> None:
    for fw in list_frameworks():
        declared = {s.id for s in fw.sources}
        for lv in fw.levels:
            for d in lv.descriptors:
                assert d.status in VERBATIM, (fw.id, lv.id, d.domain)
                assert set(d.sources) <= declared
                assert all(item.strip() for item in d.items)
            if not lv.descriptors:
                assert lv.completeness.status == "missing" and lv.completeness.missing


def _draft_strings(node: Any, ok: bool | None, out: list[tuple[str, bool | None]]) -> None:
    """Every string of a draft with the verbatim status of its nearest marked mapping."""
    if isinstance(node, dict):
        if "verbatim" in node:
            ok = node["verbatim"] is True
        elif isinstance(node.get("status"), str) and node["status"].split()[0] in (
            "verbatim",
            "verbatim_secondary",
            "from_memory_unverified",
        ):
            ok = not node["status"].startswith("from_memory")
        for value in node.values():
            _draft_strings(value, ok, out)
    elif isinstance(node, list):
        for value in node:
            _draft_strings(value, ok, out)
    elif isinstance(node, str):
        out.append((node, ok))


def test_no_shipped_text_comes_from_unverified_or_derived_drafts(shared_data: Path) -> None:
    strings: list[tuple[str, bool | None]] = []
    for path in sorted((shared_data / "frameworks").glob("*.yaml")):
        _draft_strings(yaml.safe_load(path.read_text(encoding="utf-8")), None, strings)
    verbatim = [s for s, ok in strings if ok is True]
    unverified = {s for s, ok in strings if ok is False}
    checked = 0
    for fw in list_frameworks():
        blocks = [(lv.id, d) for lv in fw.levels for d in lv.descriptors]
        blocks += [(lv.id, b) for lv in fw.levels for b in lv.informative if b.status in VERBATIM]
        for level_id, block in blocks:
            for item in block.items:
                probe = item.removesuffix("[...]").rstrip() if item.endswith("[...]") else item
                assert any(probe in s for s in verbatim), (
                    f"{fw.id} {level_id}: not verbatim in drafts: {item!r}"
                )
                assert item not in unverified
                checked += 1
    assert checked > 300


# ------------------------------------------------------------------------- levels and EQF
def test_levels_accept_integers_ids_and_aliases() -> None:
    rqf = load_framework("rqf")
    assert [lv.id for lv in rqf.levels][:4] == ["E1", "E2", "E3", "1"]
    assert get_level("rqf", 4).rank == 4
    assert get_level(rqf, "Entry 1").id == "E1" and get_level(rqf, "e2").id == "E2"
    assert get_level("scqf", "level 7").id == "7"
    assert find_level(rqf, 0) is None
    with pytest.raises(UsageError, match="levels: E1, E2, E3, 1"):
        get_level(rqf, 9)
    assert load_framework("EQF") is load_framework("eqf")  # cached, case-insensitive


def test_nfq_and_scqf_translate_through_published_referencing() -> None:
    nfq = to_eqf("nfq-ie", 6)
    assert (nfq.level, nfq.chained) == (5, False)
    assert nfq.chain[0].status == "referencing-report"
    assert to_eqf("scqf", 7).level == 5
    below = to_eqf("scqf", 1)
    assert below.level is None and below.chain[0].relation == "no-level" and not below.chained
    assert to_eqf("rqf", "E3").level == 1 and to_eqf("eqf", 8).level == 8


def _levels(cell: str) -> list[str]:
    return [] if cell in ("-", "(none)") else cell.split("/")


def test_uk_and_irish_correspondence_table_is_reproduced(shared_data: Path) -> None:
    tables = yaml.safe_load((shared_data / "frameworks" / "equivalences.yaml").read_text(encoding="utf-8"))
    table = next(t for t in tables["tables"] if t["id"] == "UK_IE_EQF")
    seen = 0
    for row in table["rows"]:
        expected = None if row["eqf"] == "(none)" else int(row["eqf"])
        for column, fw_id in (("rqf_england_ni", "rqf"), ("scqf", "scqf"), ("nfq_ie", "nfq-ie")):
            for level in _levels(str(row[column])):
                assert to_eqf(fw_id, level).level == expected, (fw_id, level)
                seen += 1
    assert seen == 33  # every RQF, SCQF and NFQ level appears once


def test_nzqf_uses_its_joint_report_and_keeps_level_8_unlevelled() -> None:
    assert [to_eqf("nzqf", n).level for n in range(1, 11)] == [2, 3, 4, 4, 5, 5, 6, None, 7, 8]
    assert "unlevelled" in to_eqf("nzqf", 8).note


def test_aqf_volume_of_learning_is_carried(run_cli) -> None:
    vols = {v.qualification: (v.years_min, v.years_max) for v in get_level("aqf", 6).volume_of_learning}
    assert vols == {"Advanced Diploma": (1.5, 2.0)}
    assert "Certificate I 0.5-1" in run_cli("frameworks", "show", "aqf", "--level", "1").stdout


def test_aqf_reaches_the_eqf_only_by_a_flagged_chain() -> None:
    result = to_eqf("aqf", 7)
    assert result.level == 6 and result.chained
    assert [(s.from_framework, s.to_framework) for s in result.chain] == [("aqf", "nzqf"), ("nzqf", "eqf")]
    assert "chaining" in result.note


def test_mqf_via_aqrf_is_reported_honestly() -> None:
    level, chain, chained = to_eqf("mqf", 6)
    assert level is None and chained
    assert chain[0].to_framework == "aqrf" and chain[0].relation == "not-retrieved"
    assert chain[0].status == "referencing-report" and chain[0].sources
    assert chain[-1].from_framework == "aqrf" and chain[-1].relation == "no-referencing"
    assert "AQRF" in to_eqf("kkni", 9).note
    assert to_eqf("sa-nqf", 5).level is None


# ------------------------------------------------------------------------- user frameworks
USER_FW = """\
mcmap: framework/1
id: demo-qf
name: Demo framework
kind: national
owner: Demo authority
jurisdiction: [FI]
credit_system: ects
domains:
  - {id: knowledge, title: Knowledge, eqf_domain: knowledge}
levels:
  - id: "1"
    rank: 1
    title: Demo level 1
    descriptors:
      knowledge: {items: [Knows demo things], status: verbatim, sources: [DEMO]}
    referencing:
      - {target: eqf, relation: corresponds, level: 3, status: secondary, sources: [DEMO]}
    completeness: {status: complete}
referencing: []
completeness: {status: complete}
sources:
  - {id: DEMO, title: Demo source, url: "https://example.org/demo", kind: official, primary: true}
"""


def test_user_framework_by_path_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(USER_FW, encoding="utf-8")
    (tmp_path / "other.yaml").write_text("mcmap: credential/1\n", encoding="utf-8")
    assert load_framework(path).origin == str(path)
    monkeypatch.setenv(ENV_PATH, str(tmp_path))
    assert "demo-qf" in framework_ids()
    assert to_eqf("demo-qf", 1).level == 3


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("credit_system: ects", "credit_sytem: ects", "unknown property 'credit_sytem'"),
        (
            "sources: [DEMO]}\n    referencing",
            "sources: [DEMOX]}\n    referencing",
            "'DEMOX' is not in `sources`",
        ),
        ("status: verbatim,", "status: derived,", "not allowed"),
        ("name: Demo framework", "name: [unclosed", "YAML syntax error"),
        ("credit_system: ects", "credit_system: ectz", "unknown credit system 'ectz'"),
    ],
)
def test_broken_user_framework_is_a_located_input_error(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(USER_FW.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_framework(str(path))
    assert f"{path}:" in str(info.value) and str(info.value).split(":")[1].isdigit()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty or not a YAML mapping"),
        (b"\xff\xfe\x00binary", "not UTF-8"),
        (b"- just\n- a list\n", "empty or not a YAML mapping"),
        (
            b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            ),
            "alias bomb",
        ),
    ],
    ids=["empty", "binary", "list", "alias-bomb"],
)
def test_hostile_user_files_are_clean_input_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_framework(path)


@given(cut=st.integers(min_value=0, max_value=len(USER_FW)), junk=st.text(max_size=20))
def test_loader_raises_only_its_own_errors(cut: int, junk: str) -> None:
    text = USER_FW[:cut] + junk + USER_FW[cut:]
    with contextlib.suppress(InputError, DataError, UsageError):
        build_from_text(text, "fuzz.yaml", "fuzz.yaml", False)


def test_the_documented_example_framework_loads(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "frameworks.md").read_text(encoding="utf-8")
    block = text.split("   ```yaml\n", 1)[1].split("   ```\n", 1)[0]
    path = tmp_path / "my-qf.yaml"
    path.write_text("\n".join(line.removeprefix("   ") for line in block.splitlines()), encoding="utf-8")
    assert to_eqf(load_framework(path), 1).level == 2


def test_docs_completeness_table_matches_the_data() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "frameworks.md").read_text(encoding="utf-8")
    table = text.split("## What ships", 1)[1].split("\n\n", 2)[1]  # the first table after the heading
    rows = {line.split("|")[1].strip(" `"): line for line in table.splitlines() if line.startswith("| `")}
    assert len(rows) == len(EXPECTED_IDS)
    for fw in list_frameworks():
        cells = sum(len(lv.descriptors) for lv in fw.levels)
        counts = [
            sum(lv.completeness.status == s for lv in fw.levels) for s in ("complete", "partial", "missing")
        ]
        row = rows[fw.id]
        assert f"| {cells}/{len(fw.levels) * len(fw.domains)} |" in row, row
        assert f"| {'/'.join(map(str, counts))} |" in row, row


def test_broken_builtin_data_is_a_data_error() -> None:
    with pytest.raises(DataError, match="built-in framework data is broken"):
        build_from_text(
            USER_FW.replace("kind: national", "kind: nationl"), "frameworks/x.yaml", "built-in", True
        )


# ------------------------------------------------------------------------- credit systems
def test_credit_systems_and_their_hours() -> None:
    systems = load_credit_systems()
    assert sorted(systems) == SYSTEM_IDS
    assert (systems["ects"].hours_per_credit.min, systems["ects"].hours_per_credit.max) == (25, 30)
    assert systems["mqf-credit"].hours_per_credit.nominal == 40
    assert all(s.rule.items and s.rule.sources for s in systems.values())
    assert hours_for(6, "ects").min == 150 and hours_for(6, "ects").max == 180
    assert hours_for(1, "aqf-volume").nominal == 1200


def test_conversions_report_rule_and_range() -> None:
    uk = convert_credits(20, "uk-credit", "ects")
    assert (uk.value, uk.method) == (10, "published-ratio")
    scqf = convert_credits(5, "ects", "scqf")
    assert (scqf.min, scqf.max, scqf.method) == (12.5, 15, "notional-hours")
    assert scqf.min <= scqf.value <= scqf.max
    with pytest.raises(UsageError, match="unknown credit system"):
        convert_credits(1, "ects", "nope")
    with pytest.raises(UsageError):
        convert_credits(-1, "ects", "scqf")


@given(
    value=st.floats(min_value=0, max_value=10_000, allow_nan=False),
    pair=st.tuples(st.sampled_from(SYSTEM_IDS), st.sampled_from(SYSTEM_IDS)),
)
def test_credit_conversion_round_trips(value: float, pair: tuple[str, str]) -> None:
    a, b = pair
    there = convert_credits(value, a, b)
    assert there.min <= there.value <= there.max or math.isclose(there.min, there.max)
    back = convert_credits(there.value, b, a)
    assert math.isclose(back.value, value, rel_tol=1e-9, abs_tol=1e-9)


# ------------------------------------------------------------------------- CLI
def test_cli_list(run_cli) -> None:
    text = run_cli("frameworks", "list").stdout
    for fw_id in EXPECTED_IDS:
        assert f"\n{fw_id} " in text
    rows = json.loads(run_cli("frameworks", "list", "--format", "json").stdout)
    assert [r["id"] for r in rows] == EXPECTED_IDS
    assert next(r for r in rows if r["id"] == "mqf")["eqf_referencing"] == "via aqrf"


def test_cli_show_eqf_prints_three_domains_for_eight_levels(run_cli) -> None:
    out = run_cli("frameworks", "show", "eqf").stdout
    for domain in ("Knowledge (", "Skills (", "Responsibility and autonomy ("):
        assert out.count(f"  {domain}") == 8
    assert "Knowledge at the most advanced frontier of a field of work or study" in out


def test_cli_show_level_and_formats(run_cli) -> None:
    out = run_cli("frameworks", "show", "nfq-ie", "--level", "6").stdout
    assert "Level 6 - NFQ level 6" in out and "EQF level: 5" in out and "Level 7" not in out
    data = json.loads(run_cli("frameworks", "show", "rqf", "--level", "E3", "--format", "json").stdout)
    assert [lv["id"] for lv in data["levels"]] == ["E3"] and data["levels"][0]["eqf"]["level"] == 1
    md = run_cli("frameworks", "show", "scqf", "--format", "markdown").stdout
    assert md.startswith("# Scottish Credit and Qualifications Framework") and "## Level 12" in md


def test_cli_unknown_framework_or_level_is_a_usage_error(run_cli) -> None:
    result = run_cli("frameworks", "show", "nope", expect=2)
    assert "nfq-ie" in result.stderr and "nope" in result.stderr
    run_cli("frameworks", "show", "eqf", "--level", "9", expect=2)


@pytest.mark.parametrize("args", [("frameworks",), ("frameworks", "list"), ("frameworks", "show")])
def test_cli_help_has_an_example(run_cli, args: tuple[str, ...]) -> None:
    assert "Example" in run_cli(*args, "--help").stdout
