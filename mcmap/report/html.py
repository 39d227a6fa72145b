"""The HTML report: one self-contained, accessible page (inline CSS and SVG, no script, no network).

Landmarks (header, nav, main, footer), one ``h1`` then ``h2`` sections and ``h3`` per
credential; every chart is an ``<svg role="img">`` with a title and a description, followed by
a table with the same figures; tables scroll sideways on a phone instead of widening the page.
"""

from __future__ import annotations

from typing import Any

from mcmap import __version__
from mcmap.report import svg
from mcmap.report.html_credential import credential_section, workload_text
from mcmap.report.html_parts import CSS, Raw, anchor, badge, claimed_text, e, inferred_text, table
from mcmap.report.model import Report, Summary


def _figures(s: Summary) -> str:
    items = [
        ("Credentials", s.credentials),
        ("Learning outcomes", s.outcomes),
        ("Supported levels", s.verdicts.get("supported", 0)),
        ("Over-claimed", s.verdicts.get("over-claimed", 0)),
        ("Under-claimed", s.verdicts.get("under-claimed", 0)),
        ("ECTS-equivalent", f"{s.ects_total:g}"),
        ("Annex I complete", f"{s.annex1_complete} of {s.credentials}"),
        ("Green share", f"{s.green_share:.0%}"),
    ]
    cells = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in items)
    return f'<dl class="figures">{cells}</dl>'


def _figure(chart: str, caption: str, fig_id: str) -> str:
    caption_html = f'<figcaption id="{fig_id}">{e(caption)}</figcaption>'
    return f'<figure aria-labelledby="{fig_id}">{caption_html}{chart}</figure>'


def _pair(figure: str, data: str) -> str:
    """A chart and its data table: side by side on a wide screen, stacked on a phone."""
    return f'<div class="pair">{figure}<div>{data}</div></div>'


def _matrix(s: Summary) -> str:
    axis, rows = list(s.level_axis), s.matrix_rows()
    chart = svg.heatmap("chart-matrix", "Claimed against inferred EQF level", axis, rows)
    data = table(
        "Credentials by claimed EQF level (rows) and inferred EQF level (columns)",
        ["claimed \\ inferred", *axis],
        [[claimed, *row] for claimed, row in zip(axis, rows, strict=True)],
        table_id="t-matrix",
        numeric=tuple(range(1, len(axis) + 1)),
    )
    note = (
        "<p>The outlined diagonal is where the claim and the inference agree. Claimed levels are "
        "translated to EQF through published referencing; &ldquo;none&rdquo; means no EQF level could "
        "be claimed or inferred. A claim off the diagonal is still supported when it lies inside the "
        "plausible range inferred from the outcomes.</p>"
    )
    return _pair(_figure(chart, "Claimed vs inferred EQF level", "f-matrix"), data) + note


def _verdicts(s: Summary) -> str:
    items = [(k, float(v)) for k, v in s.verdicts.items()]
    colours = [
        {"supported": svg.GREEN, "over-claimed": "#a12b2b", "under-claimed": "#8a5a00"}.get(k, "#546e7a")
        for k, _ in items
    ]
    chart = svg.bar_chart(
        "chart-verdicts", "Verdicts on claimed levels", items, colours=colours, label_width=150, width=440
    )
    data = table(
        "Verdicts",
        ["verdict", "credentials"],
        [[k, v] for k, v in s.verdicts.items()],
        table_id="t-verdicts",
        numeric=(1,),
    )
    return _pair(_figure(chart, "Verdicts on claimed levels", "f-verdicts"), data)


def _claims(report: Report) -> str:
    s = report.summary
    rows = [
        [
            Raw(f'<a href="#{anchor("cred", c.id)}">{e(c.id)}</a>'),
            claimed_text(c),
            inferred_text(c),
            badge(c.verdict),
            c.verdict_by,
        ]
        for cid in (*s.over_claims, *s.under_claims)
        for c in [report.credential(cid)]
    ]
    return table(
        "Over- and under-claimed levels",
        ["credential", "claimed", "inferred", "verdict", "levels apart"],
        rows,
        table_id="t-claims",
        numeric=(4,),
    )


def _workload(report: Report) -> str:
    s = report.summary
    rows = [[c.id, workload_text(c.workload), c.workload.basis] for c in report.credentials]
    credits = ", ".join(f"{v:g} {k}" for k, v in s.credits_by_system.items()) or "none"
    text = (
        f"<p>Declared credits: {e(credits)}; declared hours: {s.declared_hours_total:g}. On one scale: "
        f"<strong>{s.ects_total:g} ECTS-equivalent</strong> "
        f"(range {s.ects_range[0]:g}-{s.ects_range[1]:g}) and "
        f"<strong>{s.hours_total:g} notional learning hours</strong> "
        f"(range {s.hours_range[0]:g}-{s.hours_range[1]:g}). "
        "Credits are converted with mcmap's frameworks API (a published ratio where one exists, otherwise "
        "notional hours per credit); credentials stating hours only are converted at ECTS's 25-30 hours per "
        "credit.</p>"
    )
    if s.without_workload:
        text += f"<p>No workload stated: {e(', '.join(s.without_workload))}.</p>"
    return text + table(
        "Workload by credential", ["credential", "workload", "conversion"], rows, table_id="t-workload"
    )


def _annex(report: Report) -> str:
    s = report.summary
    text = (
        f"<p>{s.annex1_complete} of {s.credentials} credentials carry all {s.annex1_elements} "
        "mandatory elements of Annex I of the Council Recommendation on micro-credentials (2022) "
        "that a catalogue entry can hold.</p>"
    )
    rows = [
        [c.id, "complete" if not c.annex1_missing else ", ".join(c.annex1_missing)]
        for c in report.credentials
    ]
    missing = table(
        "Missing Annex I elements",
        ["element", "credentials missing it"],
        list(s.annex1_missing.items()),
        table_id="t-annex-el",
        numeric=(1,),
    )
    return (
        text
        + missing
        + table("Annex I completeness by credential", ["credential", "Annex I"], rows, table_id="t-annex")
    )


def _findings(report: Report) -> str:
    s = report.summary
    counts = ", ".join(f"{n} {k}" for k, n in s.findings_by_severity.items()) or "none"
    out = f"<p>Validation findings (as <code>mcmap validate</code> reports them): {e(counts)}.</p>"
    out += table(
        "Findings by code",
        ["code", "severity", "count"],
        s.findings_by_code,
        table_id="t-codes",
        numeric=(2,),
    )
    rows = [
        [p.location(), badge(p.severity.value), p.code, p.message + (f" (hint: {p.hint})" if p.hint else "")]
        for p in report.findings
    ]
    return out + table(
        "Every finding, located", ["where", "severity", "code", "message"], rows, table_id="t-findings"
    )


def _green(s: Summary) -> str:
    chart = svg.share_bar(
        "chart-green",
        "Green share of learning outcomes",
        s.green_outcomes,
        s.outcomes,
        part_label="green outcomes",
        rest_label="other outcomes",
    )
    return _figure(chart, "Green share of learning outcomes", "f-green") + (
        f"<p>{s.green_outcomes} of {s.outcomes} outcomes ({s.green_share:.1%}) link to a skill in "
        "ESCO's green collection or match a UNESCO greening-curriculum topic.</p>"
    )


def _skills(s: Summary) -> str:
    items = [(ref.label, float(n)) for ref, n, _ in s.top_skills]
    chart = svg.bar_chart("chart-skills", "Most frequent linked skills (number of outcomes)", items)
    rows = [
        [
            ref.label,
            n,
            m,
            ", ".join(f for f, on in (("green", ref.green), ("digital", ref.digital)) if on) or "-",
        ]
        for ref, n, m in s.top_skills
    ]
    data = table(
        "Most frequent linked skills",
        ["skill", "outcomes", "credentials", "collections"],
        rows,
        table_id="t-skills",
        numeric=(1, 2),
    )
    return _pair(_figure(chart, "Most frequent linked skills", "f-skills"), data)


def _pathways(report: Report) -> str:
    if not report.pathways:
        return "<p>No pathway documents among the inputs; each credential lists the pathways it declares.</p>"
    rows = [
        [p.id, p.title, badge(p.verdict), ", ".join(p.counted) or "-", "; ".join(p.gaps) or "-"]
        for p in report.pathways
    ]
    return "<p>Each pathway is evaluated with the whole catalogue as held credentials.</p>" + table(
        "Pathways among the inputs",
        ["pathway", "title", "with this catalogue", "credentials counted", "gaps"],
        rows,
        table_id="t-pathways",
    )


SECTIONS = (
    ("s-matrix", "Claimed vs inferred level", lambda r: _matrix(r.summary)),
    ("s-verdicts", "Verdicts", lambda r: _verdicts(r.summary)),
    ("s-claims", "Over- and under-claims", _claims),
    ("s-workload", "Credits and workload", _workload),
    ("s-annex", "Annex I completeness", _annex),
    ("s-findings", "Validation findings", _findings),
    ("s-green", "Green share", lambda r: _green(r.summary)),
    ("s-skills", "Most frequent skills", lambda r: _skills(r.summary)),
    ("s-pathways", "Pathways", _pathways),
)


def _about(provenance: dict[str, Any]) -> list[tuple[str, str]]:
    """Provenance as (what, how) lines: method texts, and the skill linker in one line."""
    rows = [(k, v) for k, v in sorted(provenance.items()) if isinstance(v, str)]
    skills = provenance.get("skills")
    if isinstance(skills, dict):
        tax = skills.get("taxonomy") or {}
        rows.append(
            (
                "skills",
                f"{tax.get('name', tax.get('id', '?'))} {tax.get('version', '')}: "
                f"{skills.get('method', '')}, "
                f"threshold {skills.get('threshold', '?')}, top {skills.get('top_k', '?')} per outcome",
            )
        )
    return rows


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    s = report.summary
    meta = e(f"{s.credentials} credentials, {s.outcomes} learning outcomes, from {', '.join(report.inputs)}")
    if report.date:
        meta += f" &middot; {e(report.date)}"
    nav = "".join(f'<li><a href="#{sid}">{e(name)}</a></li>' for sid, name, _ in SECTIONS)
    summary = "".join(f'<h3 id="{sid}">{e(name)}</h3>{build(report)}' for sid, name, build in SECTIONS)
    creds = "".join(credential_section(c) for c in report.credentials)
    index = "".join(
        f'<li><a href="#{anchor("cred", c.id)}">{e(c.title)}</a></li>' for c in report.credentials
    )
    about = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _about(report.provenance))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="mcmap {e(__version__)}"><title>{e(report.title)}</title>'
        f"<style>{CSS}</style></head><body>"
        '<a class="skip" href="#main">Skip to the report</a>'
        f'<header><h1>{e(report.title)}</h1><p class="meta">{meta}</p></header>'
        f'<nav aria-label="Contents"><ul><li><a href="#summary">Summary</a></li>{nav}'
        '<li><a href="#credentials">Credentials</a></li><li><a href="#about">About</a></li></ul></nav>'
        '<main id="main"><section aria-labelledby="summary"><h2 id="summary">Summary</h2>'
        f"{_figures(s)}{summary}</section>"
        f'<section aria-labelledby="credentials"><h2 id="credentials">Credentials</h2>'
        f'<ul class="plain">{index}</ul>{creds}</section>'
        '<section aria-labelledby="about"><h2 id="about">About this report</h2>'
        f'<dl class="facts">{about}</dl></section></main>'
        f"<footer>Made with mcmap {e(__version__)}. Inferred levels and skill links are evidence "
        "for a reviewer, not decisions.</footer></body></html>\n"
    )
