"""The report in Markdown (GitHub-flavoured tables): the same sections as the HTML, without charts.

Cell text is escaped for tables (pipes, line breaks) and for inline HTML, so a title holding
``<script>`` prints as text on a rendered page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from mcmap.report.html_credential import workload_text
from mcmap.report.html_parts import claimed_text, inferred_text, verdict_text
from mcmap.report.model import CredentialEntry, OutcomeEntry, Report, Summary


def _cell(value: object) -> str:
    text = escape(str(value), quote=False)
    return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    if len(lines) == 2:
        lines.append("| " + " | ".join(["none"] + [""] * (len(header) - 1)) + " |")
    return "\n".join(lines) + "\n"


def _text(value: object) -> str:
    return escape(str(value), quote=False).replace("\n", " ")


def _summary(report: Report) -> list[str]:
    s: Summary = report.summary
    axis = list(s.level_axis)
    verdicts = ", ".join(f"{n} {k}" for k, n in s.verdicts.items())
    credits = ", ".join(f"{v:g} {k}" for k, v in s.credits_by_system.items()) or "none"
    severities = ", ".join(f"{n} {k}" for k, n in s.findings_by_severity.items()) or "none"
    out = [
        "## Summary\n",
        f"- Credentials: {s.credentials}; learning outcomes: {s.outcomes}",
        f"- Verdicts: {verdicts}",
        f"- Over-claimed: {', '.join(s.over_claims) or 'none'}",
        f"- Under-claimed: {', '.join(s.under_claims) or 'none'}",
        f"- Credits declared: {credits}; hours declared: {s.declared_hours_total:g}",
        f"- On one scale: {s.ects_total:g} ECTS-equivalent "
        f"(range {s.ects_range[0]:g}-{s.ects_range[1]:g}), {s.hours_total:g} notional hours "
        f"(range {s.hours_range[0]:g}-{s.hours_range[1]:g}); credits converted with mcmap's "
        "frameworks API, hours-only credentials at ECTS's 25-30 h per credit",
        f"- Annex I complete: {s.annex1_complete} of {s.credentials} credentials "
        f"({s.annex1_elements} elements)",
        f"- Validation findings: {severities}",
        f"- Green share: {s.green_share:.1%} ({s.green_outcomes} of {s.outcomes} outcomes)\n",
        "### Claimed (rows) vs inferred (columns) EQF level\n",
        _table(
            ["claimed \\ inferred", *axis], [[c, *row] for c, row in zip(axis, s.matrix_rows(), strict=True)]
        ),
        "### Over- and under-claims\n",
        _table(
            ["credential", "claimed", "inferred", "verdict"],
            [
                [c.id, claimed_text(c), inferred_text(c), verdict_text(c)]
                for c in (report.credential(i) for i in (*s.over_claims, *s.under_claims))
            ],
        ),
        "### Credits and workload\n",
        _table(
            ["credential", "workload", "conversion"],
            [[c.id, workload_text(c.workload), c.workload.basis] for c in report.credentials],
        ),
        "### Annex I completeness\n",
        _table(
            ["credential", "Annex I"],
            [[c.id, ", ".join(c.annex1_missing) or "complete"] for c in report.credentials],
        ),
        "### Validation findings\n",
        _table(["code", "severity", "count"], s.findings_by_code),
        _table(
            ["where", "severity", "code", "message"],
            [[p.location(), p.severity.value, p.code, p.message] for p in report.findings],
        ),
        "### Most frequent skills\n",
        _table(["skill", "outcomes", "credentials"], [[r.label, n, m] for r, n, m in s.top_skills]),
        "### Pathways\n",
        _table(
            ["pathway", "title", "with this catalogue", "credentials counted", "gaps"],
            [
                [p.id, p.title, p.verdict, ", ".join(p.counted) or "-", "; ".join(p.gaps) or "-"]
                for p in report.pathways
            ],
        ),
    ]
    return out


def _skills(o: OutcomeEntry) -> str:
    return "; ".join(f"{s.label} ({s.score:.0f}{', green' if s.green else ''})" for s in o.skills[:3]) or (
        "(no confident match)"
    )


def _credential(c: CredentialEntry) -> list[str]:
    out = [
        f"### {_text(c.title)}\n",
        f"- id: `{c.id}`, file: `{c.file}:{c.line}`",
        f"- provider: {_text(c.provider or '-')} ({_text(c.country or '-')})",
        f"- claimed: {_text(claimed_text(c))}",
        f"- inferred: {_text(inferred_text(c))}",
        f"- verdict: {_text(verdict_text(c))}",
        f"- workload: {_text(workload_text(c.workload))}",
        f"- green share: {c.green_share:.0%}",
        f"- Annex I: {_text(', '.join(c.annex1_missing) or 'complete')}\n",
        _table(
            ["id", "outcome", "Bloom (verb)", "EQF signal", "top skills (score)"],
            [
                [
                    o.id,
                    o.text,
                    f"{o.bloom or '-'}" + (f" ({o.verb})" if o.verb else ""),
                    "-" if o.eqf_signal is None else f"{o.eqf_signal:.1f}",
                    _skills(o),
                ]
                for o in c.outcomes
            ],
        ),
        "Level evidence:\n",
    ]
    for ev in c.evidence:
        n = ev.get("outcome", 0)
        oid = c.outcomes[n].id if isinstance(n, int) and n < len(c.outcomes) else n
        out.append(f"- {_text(oid)}: {_text('; '.join(ev.get('signals') or []) or 'no signal')}")
    out.append("\nFindings:\n")
    out += [f"- `{p.location()}` {p.severity.value} `{p.code}`: {_text(p.message)}" for p in c.findings] or [
        "- none"
    ]
    out.append("\nPathways it stacks into:\n")
    out += [
        f"- {p.pathway}: {p.status}{' (declared)' if p.declared else ''}: {_text(p.detail)}"
        for p in c.pathways
    ] or ["- none declared"]
    out.append("")
    return out


def render_markdown(report: Report) -> str:
    """The report as a Markdown document."""
    head = [f"# {_text(report.title)}\n"]
    if report.date:
        head.append(f"Date: {report.date}\n")
    head.append(f"Inputs: {_text(', '.join(report.inputs))}\n")
    body = [*_summary(report), "## Credentials\n"]
    for c in report.credentials:
        body += _credential(c)
    return "\n".join(head + body)
