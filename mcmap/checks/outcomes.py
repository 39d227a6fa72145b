"""Learning outcomes should be measurable, single statements (QA guidance; warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from mcmap.checks.context import CheckContext
from mcmap.checks.registry import document_check, finding
from mcmap.load.yamlpos import Document
from mcmap.problems import Problem


@document_check("credential")
def outcome_wording(doc: Document, context: CheckContext) -> Iterator[Problem]:
    from mcmap.align.bloom import analyze_outcomes

    outcomes = doc.data.get("learning_outcomes") or []
    analyses = analyze_outcomes([str(o.get("text", "")) for o in outcomes])
    for i, analysis in enumerate(analyses):
        path = ("learning_outcomes", i, "text")
        if "vague-verb" in analysis.flags:
            vague = analysis.decided_by or ", ".join(analysis.verbs) or "a vague verb"
            yield finding(
                doc,
                path,
                "outcome.vague-verb",
                f"'{vague}' cannot be observed or assessed",
                hint="use an observable verb such as explain, apply, analyse, evaluate, design",
            )
        elif "no-measurable-verb" in analysis.flags or "knowledge-type" in analysis.flags:
            yield finding(
                doc,
                path,
                "outcome.no-measurable-verb",
                "no measurable action verb found",
                hint="start with what the learner will do, e.g. 'Explain ...', 'Calculate ...'",
            )
        if "compound-outcome" in analysis.flags:
            yield finding(
                doc,
                path,
                "outcome.compound",
                f"several outcomes in one ({', '.join(analysis.verbs)})",
                hint="split it into one outcome per verb so each can be assessed",
            )
