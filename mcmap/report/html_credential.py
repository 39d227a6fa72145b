"""One credential's section of the HTML report: facts, outcomes, level evidence, findings, pathways."""

from __future__ import annotations

from mcmap.report.html_parts import Raw, anchor, badge, claimed_text, e, inferred_text, table, verdict_text
from mcmap.report.model import CredentialEntry, OutcomeEntry, Workload

SKILLS_SHOWN = 3


def workload_text(w: Workload) -> str:
    """``5 ects; 125 h declared; = 5 ECTS-equivalent (125 notional hours)``."""
    parts = []
    if w.credit_system:
        parts.append(f"{w.credit_value:g} {w.credit_system}")
    if w.declared_hours is not None:
        parts.append(f"{w.declared_hours:g} h declared")
    if w.ects is not None:
        parts.append(f"= {w.ects:g} ECTS-equivalent ({w.hours:g} notional hours)")
    return "; ".join(parts) or "no workload stated"


def _skills(o: OutcomeEntry) -> Raw:
    if not o.skills:
        return Raw("<em>no confident match</em>")
    items = []
    for s in o.skills[:SKILLS_SHOWN]:
        flags = [
            f for f, on in (("green", s.green), ("digital", s.digital), ("transversal", s.transversal)) if on
        ]
        extra = f" <small>{e(', '.join(flags))}</small>" if flags else ""
        # only web addresses become links: a taxonomy file could hold a "javascript:" id
        label = (
            f'<a href="{e(s.id)}">{e(s.label)}</a>'
            if s.id.startswith(("https://", "http://"))
            else e(s.label)
        )
        items.append(f"<li>{label} ({s.score:.0f}){extra}</li>")
    more = (
        f"<li><small>+{len(o.skills) - SKILLS_SHOWN} more in JSON/CSV</small></li>"
        if len(o.skills) > SKILLS_SHOWN
        else ""
    )
    return Raw('<ul class="plain">' + "".join(items) + more + "</ul>")


def _bloom(o: OutcomeEntry) -> str:
    if o.bloom is None:
        return "none (no measurable verb)"
    text = o.bloom + (f" ('{o.verb}')" if o.verb else "")
    return text + (" [" + ", ".join(o.bloom_flags) + "]" if o.bloom_flags else "")


def _outcome_rows(c: CredentialEntry) -> list[list[object]]:
    return [
        [
            o.id,
            o.text,
            _bloom(o),
            f"{o.eqf_signal:.1f}" if o.eqf_signal is not None else "-",
            _skills(o),
            ("yes: " + ", ".join(o.greening_topics) if o.greening_topics else "yes") if o.green else "no",
        ]
        for o in c.outcomes
    ]


def _evidence(c: CredentialEntry) -> Raw:
    items = []
    for ev in c.evidence:
        n = ev.get("outcome", 0)
        oid = c.outcomes[n].id if isinstance(n, int) and n < len(c.outcomes) else str(n)
        signals = "; ".join(ev.get("signals") or []) or "no signal"
        level = ev.get("level")
        at = f"EQF {level:g}" if level is not None else "no level"
        items.append(f"<li><strong>{e(oid)}</strong> ({at}): {e(signals)}</li>")
    return Raw('<ul class="plain">' + "".join(items) + "</ul>") if items else Raw("<p>No evidence.</p>")


def _findings(c: CredentialEntry) -> Raw:
    if not c.findings:
        return Raw("<p>No validation findings.</p>")
    items = [
        f"<li>{badge(p.severity.value)} <code>{e(p.location())}</code> <code>{e(p.code)}</code> "
        f"{e(p.message)}"
        + (f" <em>Hint: {e(p.hint)}</em>" if p.hint else "")
        + "</li>"
        for p in c.findings
    ]
    return Raw('<ul class="plain">' + "".join(items) + "</ul>")


def _pathways(c: CredentialEntry) -> Raw:
    if not c.pathways:
        return Raw(
            "<p>No pathway declared in <code>stackability.stacks_into</code>, and none among the "
            "inputs that it counts towards.</p>"
        )
    rows = [
        [
            p.pathway + (f": {p.title}" if p.title else ""),
            "yes" if p.declared else "no",
            badge(p.status),
            p.detail,
        ]
        for p in c.pathways
    ]
    return table(
        f"Pathways for {c.id}", ["pathway", "declared", "status", "detail"], rows, table_id=anchor("pw", c.id)
    )


def credential_section(c: CredentialEntry) -> str:
    """The ``<article>`` for one credential."""
    cid = anchor("cred", c.id)
    annex = "complete" if not c.annex1_missing else "missing: " + ", ".join(c.annex1_missing)
    route = ""
    if c.claimed and c.claimed.route:
        route = "<dt>Referencing</dt><dd>" + "<br>".join(e(step) for step in c.claimed.route)
        shown = c.claimed.note and not any(c.claimed.note in step for step in c.claimed.route)
        route += (f"<br><em>{e(c.claimed.note)}</em>" if shown else "") + "</dd>"
    facts = (
        f'<dl class="facts"><dt>Provider</dt><dd>{e(c.provider or "-")} ({e(c.country or "-")})</dd>'
        f"<dt>Claimed level</dt><dd>{e(claimed_text(c))}</dd>{route}"
        f"<dt>Inferred level</dt><dd>{e(inferred_text(c))}</dd>"
        f"<dt>Verdict</dt><dd>{badge(c.verdict)} {e(verdict_text(c).removeprefix(c.verdict))}</dd>"
        f"<dt>Workload</dt><dd>{e(workload_text(c.workload))}</dd>"
        f"<dt>Green share</dt><dd>{c.green_share:.0%} of outcomes</dd>"
        f"<dt>Annex I</dt><dd>{e(annex)}</dd></dl>"
    )
    outcomes = table(
        f"Learning outcomes of {c.id}",
        ["id", "outcome", "Bloom level (deciding verb)", "EQF signal", "linked skills (score)", "green"],
        _outcome_rows(c),
        table_id=anchor("lo", c.id),
        numeric=(3,),
    )
    return (
        f'<article id="{cid}" aria-labelledby="{cid}-h"><h3 id="{cid}-h">{e(c.title)}</h3>'
        f'<p class="meta"><code>{e(c.id)}</code> &middot; <code>{e(c.file)}:{c.line}</code></p>'
        f"{facts}<h4>Learning outcomes</h4>{outcomes}"
        f"<h4>Level evidence</h4>{_evidence(c)}<h4>Findings</h4>{_findings(c)}"
        f"<h4>Pathways it stacks into</h4>{_pathways(c)}</article>"
    )
