"""Rule evaluation: every node kind, every constraint, credit arithmetic and invalid pathways."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mcmap.stack import evaluate_pathway, load_pathway
from mcmap.stack.credits import credit_in
from tests.stack_helpers import cred, names, pathway, pathway_doc, write

AS_OF = dt.date(2026, 6, 1)
PRECISION_FARMING = "http://data.europa.eu/esco/skill/8ca08a35-2d2e-46f5-b440-8fc8ce736287"
DATA_ANALYSIS = "http://data.europa.eu/esco/skill/2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"


def run(p, creds, **kw):
    kw.setdefault("as_of", AS_OF)
    kw.setdefault("infer_skills", False)
    return evaluate_pathway(p, creds, **kw)


def node(result, path):
    """The evaluated node at a JSON path such as ``$.rules.all_of[1]``."""

    def find(n):
        if n["path"] == path:
            return n
        for child in n.get("children", []):
            hit = find(child)
            if hit:
                return hit
        return None

    return find(result.to_dict()["rules"][0])


def test_all_of_needs_every_named_credential():
    p = pathway({"all_of": names("a", "b")}, required=10)
    assert run(p, [cred("a"), cred("b")]).verdict == "stackable"
    half = run(p, [cred("a")])
    assert half.verdict == "not-yet"
    assert {"kind": "rule", "credential": "b"}.items() <= half.gaps[0].items()
    assert node(half, "$.rules.all_of[1]")["explanation"] == "not in the stack"
    assert half.credits.earned == 5


def test_any_of_needs_one_option():
    p = pathway({"any_of": names("a", "b")}, required=5)
    assert run(p, [cred("b")]).verdict == "stackable"
    result = run(p, [cred("c")])
    assert result.verdict == "not-yet"
    assert "needs one of: a; b" in result.gaps[0]["message"]


def test_choose_n_counts_satisfied_options():
    p = pathway({"choose": {"n": 2, "from": names("a", "b", "c")}}, required=10)
    assert run(p, [cred("a"), cred("c")]).verdict == "stackable"
    result = run(p, [cred("a")])
    assert result.verdict == "not-yet"
    assert node(result, "$.rules")["explanation"] == "1 of 3 options met (needs 2)"
    assert result.gaps[0]["missing"] == 1


def test_min_credits_converts_other_systems_through_notional_hours():
    p = pathway({"min_credits": {"value": 8, "from": names("a", "scot")}}, required=8)
    scot = cred("scot", ects=None, credits={"system": "scqf", "value": 15})
    result = run(p, [cred("a"), scot])
    # 15 SCQF = 150 h; / 27.5 h per ECTS = 5.45 ECTS (range 5.00-6.00): 5 + 5.45 >= 8
    assert result.verdict == "stackable"
    assert result.credits.earned == pytest.approx(5 + 150 / 27.5)
    conversion = next(c for c in result.credits.conversions if c["credential"] == "scot")
    assert conversion["method"] == "notional-hours"
    assert (conversion["min"], conversion["max"]) == (5.0, 6.0)
    assert result.credits.low == pytest.approx(10.0) and result.credits.high == pytest.approx(11.0)
    tight = run(pathway({"all_of": names("a", "scot")}, required=10.4), [cred("a"), scot])
    assert tight.verdict == "stackable"  # 10.45 nominal, but 10.0 at the low end of 25-30 h per ECTS
    assert tight.to_dict()["credits"]["met_at_low_end"] is False


def test_min_credits_in_its_own_system():
    p = pathway({"min_credits": {"value": 20, "system": "uk-credit", "from": names("a", "b")}}, required=10)
    # a published ratio: 2 UK credits = 1 ECTS, so 10 ECTS = 20 UK credits
    assert run(p, [cred("a"), cred("b")]).verdict == "stackable"
    assert run(p, [cred("a")]).gaps[0]["missing_credits"] == 10


def test_cross_system_arithmetic_and_methods():
    uk = credit_in(cred("u", ects=None, credits={"system": "uk-credit", "value": 10}), "ects")
    assert (uk.value, uk.method) == (5.0, "published-ratio")
    scqf = credit_in(cred("s", ects=None, credits={"system": "scqf", "value": 10}), "ects")
    assert scqf.method == "notional-hours" and scqf.value == pytest.approx(100 / 27.5)
    assert (round(scqf.min, 3), scqf.max) == (3.333, 4.0)
    mqf = credit_in(cred("m", ects=None, credits={"system": "mqf-credit", "value": 1}), "ects")
    assert "40 h" in mqf.explanation and mqf.value == pytest.approx(40 / 27.5)
    hours = credit_in(cred("h", ects=None, workload_hours=60), "scqf")
    assert (hours.value, hours.method) == (6.0, "workload-hours")
    nothing = credit_in(cred("n", ects=None), "ects")
    assert (nothing.value, nothing.method) == (0.0, "none")


def _match(**criteria):
    return pathway({"all_of": [{"id": "m", "match": criteria}]}, required=1)


def test_match_level_in_same_framework_and_through_eqf():
    same = run(
        _match(framework="scqf", level_min=7, level_max=8),
        [cred("x", level={"framework": "scqf", "level": 8})],
    )
    assert same.verdict == "stackable"
    assert "SCQF 8 within SCQF 7-8" in node(same, "$.rules.all_of[0]")["candidates"][0]["reasons"][0]
    via = run(
        _match(framework="nfq-ie", level_min=6, level_max=6),
        [cred("x", level={"framework": "scqf", "level": 8})],
    )
    reason = node(via, "$.rules.all_of[0]")["candidates"][0]["reasons"][0]
    assert via.verdict == "stackable"
    assert "SCQF 8 = EQF 5 (published referencing)" in reason and "read as EQF 5-5" in reason
    chained = run(
        _match(framework="eqf", level_min=4, level_max=4), [cred("x", level={"framework": "aqf", "level": 4})]
    )
    assert chained.verdict == "stackable"
    assert "chained referencing" in node(chained, "$.rules.all_of[0]")["candidates"][0]["reasons"][0]
    too_high = run(_match(framework="eqf", level_max=4), [cred("x")])
    assert too_high.verdict == "not-yet"
    assert node(too_high, "$.rules.all_of[0]")["candidates"][0]["reasons"][0].startswith("NOT level: EQF 5")


def test_match_unreadable_level_does_not_match():
    result = run(_match(framework="eqf", level_min=4), [cred("x", level={"framework": "mqf", "level": 4})])
    assert result.verdict == "not-yet"
    assert "has no EQF level" in node(result, "$.rules.all_of[0]")["candidates"][0]["reasons"][0]


@pytest.mark.parametrize(
    ("criteria", "good", "bad"),
    [
        ({"isced_f": ["081"]}, {"isced_f": "0811"}, {"isced_f": "0711"}),
        ({"workload_hours_min": 100}, {"workload_hours": 120}, {"workload_hours": 80}),
        ({"countries": ["IE", "NL"]}, {"country": "NL"}, {"country": "DE"}),
        (
            {"providers": ["Shannonside"]},
            {"provider": {"name": "Shannonside"}},
            {"provider": {"name": "Other"}},
        ),
        (
            {"quality_assurance": ["external"]},
            {"quality_assurance": {"type": "external"}},
            {"quality_assurance": {"type": "internal"}},
        ),
        ({"keywords": ["soil"]}, {"keywords": ["soil", "water"]}, {"keywords": ["water"]}),
    ],
)
def test_match_criteria(criteria, good, bad):
    p = _match(**criteria)
    assert run(p, [cred("x", **good)]).verdict == "stackable"
    result = run(p, [cred("x", **bad)])
    assert result.verdict == "not-yet"
    assert node(result, "$.rules.all_of[0]")["candidates"][0]["reasons"][0].startswith("NOT ")


def test_match_skills_declared_and_min_skills():
    outcome = {
        "id": "LO1",
        "text": "Analyse yield data.",
        "skills": [{"taxonomy": "esco", "id": DATA_ANALYSIS}],
    }
    skills = [{"taxonomy": "esco", "id": DATA_ANALYSIS}, {"taxonomy": "esco", "id": PRECISION_FARMING}]
    holder = cred("x", learning_outcomes=[outcome])
    assert run(_match(skills=skills, min_skills=1), [holder]).verdict == "stackable"
    both = run(_match(skills=skills), [holder])
    assert both.verdict == "not-yet"
    assert "1 of 2 evidenced (needs 2)" in node(both, "$.rules.all_of[0]")["candidates"][0]["reasons"][0]


def test_skills_inferred_by_the_alignment_engine_with_score():
    text = "Apply precision farming techniques with GPS guidance and variable-rate application maps."
    holder = cred("x", learning_outcomes=[{"id": "LO1", "text": text}])
    p = _match(skills=[{"taxonomy": "esco", "id": PRECISION_FARMING}])
    assert run(p, [holder]).verdict == "not-yet"  # declared links only
    result = run(p, [holder], infer_skills=True)
    assert result.verdict == "stackable"
    evidence = result.credentials[0].skills[PRECISION_FARMING]
    assert evidence.method != "declared" and evidence.score >= 65
    assert "inferred from LO1 (score" in node(result, "$.rules.all_of[0]")["candidates"][0]["reasons"][0]
    assert result.provenance["evidence"]["skills_inferred"] is True


def test_match_count_needs_distinct_credentials():
    p = pathway({"all_of": [{"match": {"isced_f": ["08"], "count": 2}}]}, required=5)
    assert run(p, [cred("a")]).gaps[0]["missing"] == 1
    assert run(p, [cred("a"), cred("b")]).verdict == "stackable"


def test_one_credential_fills_one_leaf_only():
    p = pathway({"all_of": [{"match": {"isced_f": ["08"]}}, {"match": {"countries": ["IE"]}}]}, required=5)
    alone = run(p, [cred("a")])
    assert alone.verdict == "not-yet"
    unmet = next(n for n in alone.to_dict()["rules"][0]["children"] if not n["satisfied"])
    assert "instead: one credential counts under one leaf" in unmet["candidates"][0]["reasons"][-1]
    assert run(p, [cred("a"), cred("b")]).verdict == "stackable"


def test_same_credential_given_twice_counts_once():
    p = pathway({"match": {"isced_f": ["08"], "count": 2}}, required=10)
    result = run(p, [cred("a"), cred("a")])
    assert result.verdict == "not-yet"
    assert result.credits.earned == 5
    assert [f.code for f in result.findings] == ["stack.counted-twice"]


def test_component_level_constraint_excludes():
    p = pathway(
        {"any_of": names("a", "b")},
        required=5,
        constraints={"component_level": {"framework": "eqf", "min": 5}},
    )
    result = run(p, [cred("a", level={"framework": "eqf", "level": 4})])
    assert result.verdict == "not-yet"
    assert "component level: EQF 4 outside EQF >= 5" in result.credentials[0].excluded[0]
    assert any(g["kind"] == "not-counted" for g in result.gaps)


def test_max_age_is_relative_to_as_of():
    p = pathway({"any_of": names("a")}, required=5, constraints={"max_age_years": 2})
    old = cred("a", issue_date="2023-01-10")
    assert run(p, [old], as_of=dt.date(2024, 12, 1)).verdict == "stackable"
    late = run(p, [old], as_of=dt.date(2025, 3, 1))
    assert late.verdict == "not-yet"
    assert "2.1 years before 2025-03-01 (limit 2)" in late.credentials[0].excluded[0]
    undated = run(p, [cred("a", issue_date=None)])
    assert "no issue_date" in undated.credentials[0].excluded[0]


def test_rpl_credit_is_capped():
    rpl = {"type": "recognition-of-prior-learning"}
    p = pathway({"match": {"isced_f": ["08"]}}, required=10, constraints={"rpl_max_credits": 3})
    result = run(p, [cred("a", assessment=rpl), cred("b", assessment=rpl), cred("c", ects=4)])
    assert result.credits.earned == pytest.approx(7)  # 3 of the 10 RPL credits, plus 4
    assert result.verdict == "not-yet"
    assert run(p, [cred("a", assessment=rpl), cred("c", ects=7)]).verdict == "stackable"


def test_per_component_cap():
    p = pathway({"match": {"isced_f": ["08"]}}, required=10, constraints={"max_credits_per_component": 7.5})
    assert run(p, [cred("big", ects=10)]).credits.earned == 7.5
    assert run(p, [cred("big", ects=10), cred("small", ects=2.5)]).verdict == "stackable"


def test_prerequisites_and_ordering():
    rules = {"all_of": names("a", "b")}
    pre = {"prerequisites": [{"credential": "b", "requires": ["a"], "completed_before": True}]}
    p = pathway(rules, required=10, constraints=pre)
    assert (
        run(p, [cred("a", issue_date="2024-01-01"), cred("b", issue_date="2024-06-01")]).verdict
        == "stackable"
    )
    wrong = run(p, [cred("a", issue_date="2024-06-01"), cred("b", issue_date="2024-01-01")])
    assert wrong.verdict == "not-yet"
    assert "was not completed before it" in node(wrong, "$.rules.all_of[1]")["explanation"]
    p2 = pathway(
        {"any_of": names("a", "b")},
        required=5,
        constraints={"prerequisites": [{"credential": "b", "requires": ["a"]}]},
    )
    assert (
        "prerequisite a is not in the stack" in node(run(p2, [cred("b")]), "$.rules.any_of[1]")["explanation"]
    )


def test_required_skills_and_outcomes():
    outcome = {
        "id": "LO1",
        "text": "Design a drip irrigation layout for a one-hectare plot within a water allocation.",
        "skills": [{"taxonomy": "esco", "id": DATA_ANALYSIS}],
    }
    p = pathway(
        {"match": {"isced_f": ["08"]}},
        required=5,
        required_skills=[{"taxonomy": "esco", "id": DATA_ANALYSIS, "label": "perform data analysis"}],
        required_outcomes=[{"id": "PO1", "text": "Design an irrigation layout within a water allocation."}],
    )
    result = run(p, [cred("a", learning_outcomes=[outcome])])
    assert result.verdict == "stackable"
    assert result.requirements["outcomes"][0]["by"][0]["score"] >= 0.5
    bare = run(p, [cred("a")])
    assert bare.verdict == "not-yet"
    assert {g["kind"] for g in bare.gaps} == {"skill", "outcome"}


def _invalid(tmp_path: Path, rules, **kw):
    path = write(tmp_path / "p.yaml", pathway_doc(rules, **kw))
    return run(load_pathway(str(path)), [cred("a"), cred("b")], catalog=[cred("c")])


def _codes(result):
    return {(f.code, f.severity.value) for f in result.findings}


def test_invalid_choose_more_than_options(tmp_path):
    result = _invalid(tmp_path, {"all_of": [{"choose": {"n": 3, "from": names("a", "b")}}]})
    assert result.verdict == "invalid-pathway" and result.plan is None
    finding = result.findings[0]
    assert (finding.code, finding.line, finding.path) == ("stack.never-met", 14, "$.rules.all_of[0]")
    assert "choose 3 from 2 options" in finding.message
    assert node(result, "$.rules.all_of[0]")["status"] == "can-never-be-met"


def test_impossible_option_is_only_a_warning(tmp_path):
    result = _invalid(
        tmp_path, {"any_of": [*names("a"), {"choose": {"n": 3, "from": names("b", "c")}}]}, required=5
    )
    assert result.verdict == "stackable"
    assert _codes(result) == {("stack.never-met", "warning")}


def test_invalid_min_credits_above_what_components_give(tmp_path):
    result = _invalid(tmp_path, {"min_credits": {"value": 20, "from": names("a", "b", "c")}})
    assert result.verdict == "invalid-pathway"
    assert "needs 20 ects but its components give at most 15.00" in result.findings[0].message


def test_invalid_total_credits(tmp_path):
    result = _invalid(tmp_path, {"all_of": names("a", "b")}, required=30)
    assert ("stack.credits-impossible", "error") in _codes(result)


def test_invalid_level_range_and_unknown_level(tmp_path):
    result = _invalid(tmp_path, {"match": {"framework": "eqf", "level_min": 6, "level_max": 4}})
    assert ("stack.level-range", "error") in _codes(result)
    assert any("level_min 6 is above level_max 4" in f.message for f in result.findings)
    unknown = _invalid(tmp_path, {"match": {"framework": "nfq-ie", "level_min": 12}})
    assert ("stack.level-range", "error") in _codes(unknown)


def test_invalid_prerequisite_cycle(tmp_path):
    pre = [
        {"credential": "a", "requires": ["b"]},
        {"credential": "b", "requires": ["c"]},
        {"credential": "c", "requires": ["a"]},
    ]
    result = _invalid(tmp_path, {"any_of": names("a", "b")}, constraints={"prerequisites": pre})
    cycle = [f for f in result.findings if f.code == "stack.prerequisite-cycle"]
    assert len(cycle) == 1 and "a -> b -> c -> a" in cycle[0].message
    assert result.verdict == "invalid-pathway"


def test_invalid_unknown_credential_against_catalogue(tmp_path):
    result = _invalid(tmp_path, {"all_of": names("a", "zz")})
    assert "credential zz is not in the stack or the catalogue" in result.findings[0].message
    assert result.verdict == "invalid-pathway"
    # without a catalogue nothing says the id is unknown: it is simply missing
    p = load_pathway(str(tmp_path / "p.yaml"))
    assert run(p, [cred("a")]).verdict == "not-yet"


def test_credential_needed_twice_is_invalid_named_twice_in_options_is_a_warning(tmp_path):
    assert _invalid(tmp_path, {"all_of": names("a", "a")}).verdict == "invalid-pathway"
    result = _invalid(tmp_path, {"any_of": names("a", "a")}, required=5)
    assert result.verdict == "stackable" and _codes(result) == {("stack.named-twice", "warning")}


def test_unknown_systems_and_frameworks_are_findings_not_crashes(tmp_path):
    rules = {
        "all_of": [
            {"match": {"isced_f": ["08"]}},
            {"min_credits": {"value": 3, "system": "parsecs", "from": names("a")}},
        ]
    }
    path = write(
        tmp_path / "p.yaml",
        pathway_doc(
            rules,
            system="zorkmids",
            level={"framework": "nope", "level": 5},
            constraints={"rpl_max_credits": 2, "component_level": {"framework": "eqf", "min": 4}},
        ),
    )
    rpl = cred("a", assessment={"type": "recognition-of-prior-learning"})
    result = run(load_pathway(str(path)), [rpl, cred("b")])
    assert result.verdict == "invalid-pathway"
    found = {(f.code, f.path) for f in result.findings}
    assert found == {
        ("stack.unknown-credit-system", "$.credits.system"),
        ("stack.unknown-credit-system", "$.rules.all_of[1].min_credits.system"),
        ("stack.level-range", "$.level"),
    }


def test_pathway_outside_its_validity_period_is_a_warning():
    p = pathway({"any_of": names("a")}, required=5, valid_from="2025-09-01", valid_until="2026-08-31")
    assert run(p, [cred("a")], as_of=dt.date(2026, 1, 1)).findings == []
    late = run(p, [cred("a")], as_of=dt.date(2026, 9, 1))
    assert late.verdict == "stackable"
    assert [(f.code, f.severity.value) for f in late.findings] == [("stack.pathway-not-open", "warning")]
