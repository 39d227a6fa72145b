"""Bloom analysis of learning outcomes: lead-ins, verbs, flags, the packaged lexicon, accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcmap.align.bloom import (
    FLAGS,
    LEVELS,
    BloomAnalysis,
    Policy,
    analyze_outcome,
    analyze_outcomes,
)
from mcmap.align.bloom_lexicon import load_lexicon
from mcmap.align.text import lemmatize, normalize, tokenize
from mcmap.load.yamlpos import parse_documents
from mcmap.resources import data_file


def rules(text: str, policy: Policy = "highest") -> BloomAnalysis:
    """The rule analysis alone (the default method adds the trained model on top)."""
    return analyze_outcome(text, policy=policy, method="rules")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Students will be able to critically evaluate the literature.",
         "critically evaluate the literature"),
        ("On successful completion of this unit, students will be able to: design a survey",
         "design a survey"),
        ("On completion, the learner will be able to identify hazards", "identify hazards"),
        ("On completion of the module learners will explain the law", "explain the law"),
        ("Be able to analyse data;", "analyse data"),
        ("1. Describe the water cycle", "describe the water cycle"),
        ("  - Describe the water cycle", "describe the water cycle"),
        ("(iv) Describe the water cycle", "describe the water cycle"),
        ("b) Describe the water cycle", "describe the water cycle"),
        ("6.Identify risks", "identify risks"),
        ("• Apply statistics", "apply statistics"),
        ("Students who complete this unit will also have an enhanced ability to analyse texts",
         "analyse texts"),
        ("An ability at an advanced level to evaluate arguments", "evaluate arguments"),
        ("Skills in applying a range of techniques", "applying a range of techniques"),
        ("By the end of the course, participants should be able to plan a project",
         "plan a project"),
        ("To apply legal reasoning", "apply legal reasoning"),
        ("Students analyse primary sources", "analyse primary sources"),
        ("The learner designs a survey", "designs a survey"),
        ("Students and staff co-design the module", "students and staff co-design the module"),
    ],
)
def test_lead_ins_bullets_and_numbering_are_stripped(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_lead_in_words_inside_the_outcome_are_kept() -> None:
    # "students will" in the middle is content, not a lead-in
    assert normalize("Analyse how students will respond to feedback") == (
        "analyse how students will respond to feedback"
    )


def test_tokens_keep_clause_punctuation() -> None:
    assert tokenize("identify, describe and/or explain") == [
        "identify", ",", "describe", "and", "/", "or", "explain"
    ]


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("analyses", "analyze"), ("analysed", "analyze"), ("designing", "design"),
     ("planned", "plan"), ("planning", "plan"), ("carries", "carry"), ("applied", "apply"),
     ("uses", "use"), ("organising", "organize"), ("written", "write")],
)
def test_verb_forms_lemmatise_to_the_lexicon_form(form: str, lemma: str) -> None:
    assert lemmatize(form, load_lexicon().words) == lemma


def test_unknown_words_do_not_lemmatise() -> None:
    assert lemmatize("bus", load_lexicon().words) is None


@pytest.mark.parametrize(
    ("text", "level", "verb"),
    [
        ("Critically evaluate the evidence for climate policy", "evaluate", "evaluate"),
        ("Effectively communicate research findings to lay audiences", "create", "communicate"),
        ("Confidently and safely operate laboratory equipment", "apply", "operate"),
    ],
)
def test_adverbs_before_the_verb_are_skipped(text: str, level: str, verb: str) -> None:
    result = rules(text)
    assert (result.level, result.verbs, result.decided_by) == (level, (verb,), verb)


@pytest.mark.parametrize(
    ("text", "phrase", "level"),
    [
        ("Carry out a risk assessment of a construction site", "carry out", "apply"),
        ("Carried out field experiments", "carry out", "apply"),
        ("Draw up a marketing plan", "draw up", "create"),
        ("Set up a small business accounting system", "set up", "apply"),
        ("Put together a portfolio of design work", "put together", "create"),
        ("Find out how local water supplies are treated", "find out", "analyze"),
    ],
)
def test_phrasal_verbs_match_as_one_unit(text: str, phrase: str, level: str) -> None:
    result = rules(text)
    assert result.verbs[0] == phrase
    assert result.level == level


def test_two_verbs_sharing_an_object_are_one_outcome_and_the_higher_decides() -> None:
    result = rules("Analyse and evaluate competing arguments")
    assert result.verbs == ("analyze", "evaluate")
    assert result.level == "evaluate"
    assert result.all_levels == ("analyze", "evaluate")
    assert "compound-outcome" not in result.flags


def test_two_verbs_with_their_own_objects_are_a_compound_outcome() -> None:
    result = rules("Describe the structure of the cell and evaluate research on it")
    assert result.verbs == ("describe", "evaluate")
    assert "compound-outcome" in result.flags
    assert result.all_levels == ("understand", "evaluate")


def test_a_verb_with_only_a_preposition_shares_the_object() -> None:
    result = rules("Critically reflect on and evaluate your teaching practice")
    assert result.verbs == ("reflect", "evaluate")
    assert "compound-outcome" not in result.flags


def test_first_verb_policy_is_available_for_comparison() -> None:
    text = "Identify, describe and design water treatment processes"
    assert rules(text).level == "create"
    assert rules(text, policy="first").level == "remember"


def test_nouns_after_and_are_not_taken_for_verbs() -> None:
    result = rules("Explain the principles of analysis and design of bridges")
    assert result.verbs == ("explain",)


@pytest.mark.parametrize(
    "text",
    [
        "Understand the principles of thermodynamics",
        "Know the main bones of the hand",
        "Be aware of the ethical issues in research",
        "Appreciate the role of the family in society",
        "Be familiar with the main accounting standards",
        "Learn the basics of Python programming",
    ],
)
def test_vague_verbs_are_flagged(text: str) -> None:
    result = rules(text)
    assert "vague-verb" in result.flags
    assert "no-measurable-verb" in result.flags
    assert "avoid" in result.origin


def test_a_vague_verb_next_to_a_measurable_one_does_not_decide() -> None:
    result = rules("Understand and apply statistical tests")
    assert result.level == "apply"
    assert result.flags == ("vague-verb",)


@pytest.mark.parametrize(
    ("text", "level"),
    [("Knowledge of soil chemistry", "remember"),
     ("An understanding of European competition law", "understand"),
     ("A basic understanding of matrix algebra", "understand")],
)
def test_knowledge_statements(text: str, level: str) -> None:
    result = rules(text)
    assert result.level == level
    assert {"knowledge-type", "no-measurable-verb"} <= set(result.flags)


def test_demonstrate_an_understanding_of_is_understand_and_vague() -> None:
    result = rules("Demonstrate a sound understanding of contract law")
    assert result.level == "understand"
    assert result.decided_by == "demonstrate ... understanding of"
    assert "vague-verb" in result.flags


@pytest.mark.parametrize(
    ("uk", "us"),
    [("Analyse the data", "Analyze the data"), ("Organise a workshop", "Organize a workshop"),
     ("Summarise the findings", "Summarize the findings"),
     ("Synthesise the literature", "Synthesize the literature")],
)
def test_british_and_us_spellings_agree(uk: str, us: str) -> None:
    a, b = rules(uk), rules(us)
    assert (a.level, a.verbs) == (b.level, b.verbs)
    assert a.level is not None


def test_case_and_punctuation_do_not_matter() -> None:
    a = rules("DESIGN A BRIDGE!!!")
    b = rules("design a bridge")
    assert (a.level, a.verbs) == (b.level, b.verbs) == ("create", ("design",))


def test_a_verb_listed_in_several_categories_explains_its_resolution() -> None:
    result = rules("Demonstrate safe lifting techniques")
    assert result.level == "apply"
    assert "RACGP understand" in result.origin  # the other listing is shown
    assert "mcmap:" in result.origin  # and the reason for the choice
    assert result.explain().startswith("Apply: decided by 'demonstrate'")


def test_no_verb_means_no_level() -> None:
    result = rules("Thermodynamics and heat transfer")
    assert (result.level, result.verbs, result.confidence) == (None, (), 0.0)
    assert result.flags == ("no-measurable-verb",)
    assert result.explain().startswith("no Bloom level")


def test_batch_matches_single_calls_in_order() -> None:
    texts = ["Design a bridge", "Knowledge of law", "", "Design a bridge", "Recall facts"]
    assert analyze_outcomes(texts) == [analyze_outcome(t) for t in texts]
    assert analyze_outcomes(texts, method="rules") == [rules(t) for t in texts]


def test_the_default_method_is_the_model_and_keeps_the_rules_explanation() -> None:
    model = analyze_outcome("Interpret the results of clinical trials")
    by_rules = rules("Interpret the results of clinical trials")
    assert model.method == "model" and by_rules.method == "rules"
    assert model.verbs == by_rules.verbs == ("interpret",)
    assert model.flags == by_rules.flags
    assert model.decided_by == "interpret"
    # the reader sees the model's evidence and the rule's own view, with its list
    assert "strongest evidence" in model.origin
    assert "rules say understand via 'interpret' (AK_PROCESS Understand list" in model.origin
    assert 0.0 < model.confidence <= 1.0
    assert model.level in model.all_levels


def test_the_model_does_not_invent_a_level_for_text_without_verbs() -> None:
    for text in ("", "xyz", "Thermodynamics"):
        result = analyze_outcome(text)
        assert result.level is None, text
        assert result.flags == ("no-measurable-verb",)


def test_to_dict_is_json_ready() -> None:
    data = rules("Critically evaluate the evidence").to_dict()
    assert data["level"] == "evaluate" and data["verbs"] == ["evaluate"]
    assert 0 <= data["confidence"] <= 1


def test_packaged_bloom_yaml_is_consistent() -> None:
    resource = data_file("taxonomies", "bloom.yaml")
    data = next(parse_documents(resource.read_text(encoding="utf-8"), "bloom.yaml")).data
    assert [c["id"] for c in data["categories"]] == list(LEVELS)
    sources = set(data["sources"])
    for category in data["categories"]:
        assert set(category["verbs"]) <= sources
        assert category["definition_source"] in sources
    lexicon = load_lexicon()
    for verb, rule in data["resolution"]["overrides"].items():
        entry = lexicon.verbs[verb]
        assert entry.level == rule["level"], verb
        assert len({level for level, _ in entry.listed_in}) > 1, f"{verb} needs no override"


_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdeilnorstuvy ,.;:-()1•\u2013İ\u00a0\n")) | st.characters(),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["students", "will", "be", "able", "to", "critically", "analyse", "and", "evaluate", "the",
     "knowledge", "of", "an", "understanding", ",", "carry", "out", "design", "1.", "aware"]
), max_size=12).map(" ".join) | _TEXT)
def test_analysis_never_raises_and_stays_in_range(text: str) -> None:
    for result in (rules(text), analyze_outcome(text)):
        _check_ranges(result)


def _check_ranges(result: BloomAnalysis) -> None:
    assert result.level is None or result.level in LEVELS
    assert 0.0 <= result.confidence <= 1.0
    assert set(result.flags) <= set(FLAGS)
    assert list(result.flags) == sorted(result.flags)
    assert set(result.all_levels) <= set(LEVELS)
    assert (result.level is None) or (result.level in result.all_levels)


# Measured 2026-11-28 on this sample (every 8th row of the dev split): single-label macro F1
# 0.71, coverage 0.98. The floors sit a little below so a regression fails, noise does not.
F1_FLOOR = 0.68
COVERAGE_FLOOR = 0.96


def test_accuracy_on_a_fixed_sample_of_the_edm2022_dev_split(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bloom_eval import load_rows, scores

    rows = load_rows(shared_data / "bloom" / "edm2022_dev.csv")[::8]
    results = analyze_outcomes([text for text, _ in rows], method="rules")
    predicted = [frozenset({r.level}) if r.level else frozenset() for r in results]
    table = scores([gold for _, gold in rows], predicted)
    macro = sum(f1 for _, _, f1, _ in table.values()) / len(table)
    coverage = sum(1 for r in results if r.level) / len(results)
    assert macro >= F1_FLOOR, table
    assert coverage >= COVERAGE_FLOOR


# Measured 2026-11-28 on every 4th row of the held-out 20% (849 rows the model never saw):
# single-label macro F1 0.836. A retrained or broken model that falls well below fails here.
MODEL_F1_FLOOR = 0.80


def test_model_accuracy_on_held_out_rows(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bloom_eval import load_rows, scores, split_indices

    rows = load_rows(shared_data / "bloom" / "edm2022_dev.csv")
    heldout = [rows[i] for i in split_indices([text for text, _ in rows])[1]][::4]
    results = analyze_outcomes([text for text, _ in heldout])
    assert all(r.method == "model" for r in results)
    predicted = [frozenset({r.level}) if r.level else frozenset() for r in results]
    table = scores([gold for _, gold in heldout], predicted)
    assert sum(f1 for _, _, f1, _ in table.values()) / len(table) >= MODEL_F1_FLOOR, table


@pytest.mark.parametrize("verb", ["troubleshoot", "debug", "collect", "calibrate", "repair", "connect"])
def test_practical_verbs_are_measurable(verb: str) -> None:
    """Vocational outcomes start with practical verbs; QA must not call them unmeasurable."""
    text = f"{verb.capitalize()} the drip irrigation controller in the field"
    assert analyze_outcomes([text], method="rules")[0].level == "apply"
    result = analyze_outcome(text)  # the model may refine the level, but one is always given
    assert result.level is not None
    assert "no-measurable-verb" not in result.flags
