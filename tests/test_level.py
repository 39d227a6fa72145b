"""Level inference: descriptor cues, the credential estimate and the verdict."""

from __future__ import annotations

from mcmap.align.level import estimate_level, outcome_level, verdict


def test_descriptor_cue_names_the_eqf_wording() -> None:
    result = outcome_level(
        "Devise strategies to solve complex and unpredictable irrigation problems", "create", "devise"
    )
    assert [c.level for c in result.cues] == [6]
    assert any("complex and unpredictable problems" in line for line in result.evidence())
    assert result.level == 6


def test_supervision_cue_pulls_level_down() -> None:
    result = outcome_level("Apply fertiliser under direct supervision", "apply", "apply")
    assert result.level is not None and result.level < 3


def test_no_signal_gives_no_level() -> None:
    assert outcome_level("Soil", None, None).level is None
    estimate = estimate_level([outcome_level("Soil", None, None)])
    assert estimate.eqf is None
    assert verdict(5, estimate).status == "no-evidence"


def test_estimate_and_verdicts() -> None:
    outcomes = [
        outcome_level("Evaluate irrigation options", "evaluate", "evaluate"),
        outcome_level("Analyse soil test results", "analyze", "analyse"),
        outcome_level("Critically evaluate water policy", "evaluate", "evaluate"),
        outcome_level("Design a monitoring plan", "create", "design"),
    ]
    estimate = estimate_level(outcomes)
    assert estimate.eqf == 6
    assert estimate.low is not None and estimate.high is not None
    assert 0 < estimate.confidence <= 1
    assert verdict(6, estimate).status == "supported"
    over = verdict(8, estimate)
    assert over.status == "over-claimed" and over.by == 2
    under = verdict(3, estimate)
    assert under.status == "under-claimed" and under.by == 3
    assert verdict(None, estimate, "AQRF has no EQF referencing").status == "not-comparable"


def test_few_outcomes_lower_confidence() -> None:
    one = estimate_level([outcome_level("Evaluate options", "evaluate", "evaluate")])
    four = estimate_level([outcome_level("Evaluate options", "evaluate", "evaluate")] * 4)
    assert one.confidence < four.confidence


def test_evidence_quotes_the_outcome_words_not_the_pattern() -> None:
    result = outcome_level("Critically evaluate water policy options", "evaluate", "evaluate")
    assert any("cue 'Critically evaluate'" in line for line in result.evidence())


def test_a_claim_judged_on_mixed_evidence_says_so() -> None:
    mixed = estimate_level(
        [
            outcome_level("Recall the parts of a pump", "remember", "recall"),
            outcome_level("Design an irrigation network", "create", "design"),
        ]
    )
    over = verdict(8, mixed)
    assert over.status == "over-claimed" and "low confidence" in over.reason
