"""Renderers for `mcmap align` (an Alignment) and `mcmap map` (a MapResult).

Each renderer is a pure function from result to text. JSON is the library's own ``to_dict``;
CSV has one row per outcome; Markdown and text show the same facts as tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from mcmap.align.engine import Alignment, OutcomeAlignment
from mcmap.mapping import CredentialMapping, MapResult
from mcmap.render import jsontext

SKILLS_IN_TABLES = 3  # tables show the top three skills; JSON and CSV carry all top-k


def _skills_cell(outcome: OutcomeAlignment, limit: int = SKILLS_IN_TABLES) -> str:
    if not outcome.skills.confident:
        return "(no confident match)"
    return "; ".join(
        f"{m.label} ({m.score:.0f}{', green' if m.green else ''})" for m in list(outcome.skills)[:limit]
    )


def _bloom_cell(outcome: OutcomeAlignment) -> str:
    bloom = outcome.bloom
    text = f"{bloom.level or '-'}"
    if bloom.decided_by:
        text += f" ({bloom.decided_by})"
    if bloom.flags:
        text += " [" + ", ".join(bloom.flags) + "]"
    return text


def _outcome_rows(outcomes: Iterable[OutcomeAlignment]) -> list[list[str]]:
    return [
        [
            o.outcome_id or str(i),
            o.text,
            _bloom_cell(o),
            f"{o.level.level:.1f}" if o.level.level is not None else "-",
            _skills_cell(o),
            ", ".join(o.greening_topics) or "-",
        ]
        for i, o in enumerate(outcomes, 1)
    ]


OUTCOME_HEADER = [
    "#",
    "outcome",
    "Bloom (verb) [flags]",
    "EQF signal",
    "top skills (score)",
    "greening topics",
]


def _level_line(alignment: Alignment) -> str:
    lv = alignment.level
    if lv.eqf is None:
        return "inferred level: none (no outcome carries a measurable verb or descriptor cue)"
    line = f"inferred level: EQF {lv.eqf} (plausible {lv.low}-{lv.high}, confidence {lv.confidence:.2f})"
    framework = alignment.level_dict().get("framework")
    if framework:
        levels = ", ".join(framework["levels"]) or "none"
        note = f"; {framework['note']}" if framework["note"] else ""
        line += f"; {framework['id']} level(s): {levels}{note}"
    return line


# ---- markdown ---------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def align_markdown(result: Alignment) -> str:
    return (
        "# Alignment\n\n"
        + _level_line(result)
        + "\n\n"
        + _md_table(OUTCOME_HEADER, _outcome_rows(result.outcomes))
    )


def _verdict_text(c: CredentialMapping) -> str:
    v = c.verdict
    text = v.status + (f" by {v.by}" if v.by else "")
    return text + (f" ({v.reason})" if v.reason else "")


def _claimed_text(c: CredentialMapping) -> str:
    if c.claimed is None:
        return "-"
    eqf = f"EQF {c.claimed.eqf}" if c.claimed.eqf is not None else "no EQF referencing"
    return f"{c.claimed.framework} {c.claimed.level} = {eqf}" + (" (chained)" if c.claimed.chained else "")


def _inferred_text(c: CredentialMapping) -> str:
    lv = c.alignment.level
    return "-" if lv.eqf is None else f"EQF {lv.eqf} ({lv.low}-{lv.high}, conf {lv.confidence:.2f})"


SUMMARY_HEADER = ["credential", "claimed", "inferred", "verdict", "green share"]


def _summary_rows(result: MapResult) -> list[list[str]]:
    return [
        [
            c.credential.id,
            _claimed_text(c),
            _inferred_text(c),
            _verdict_text(c),
            f"{c.alignment.green_share:.0%}",
        ]
        for c in result.credentials
    ]


def map_markdown(result: MapResult) -> str:
    s = result.summary()
    parts = [
        "# Catalogue mapping\n",
        f"{s['credentials']} credentials, {s['outcomes']} outcomes, green share {s['green_share']:.0%}.\n",
        _md_table(SUMMARY_HEADER, _summary_rows(result)),
    ]
    for c in result.credentials:
        parts.append(f"\n## {c.credential.id}: {c.credential.title}\n")
        parts.append(
            f"- file: `{c.source}:{c.line}`\n- claimed: {_claimed_text(c)}\n"
            f"- {_level_line(c.alignment)}\n- verdict: {_verdict_text(c)}\n"
        )
        if c.claimed and c.claimed.route:
            parts.append("- referencing: " + " -> ".join(c.claimed.route) + "\n")
        parts.append("\n" + _md_table(OUTCOME_HEADER, _outcome_rows(c.alignment.outcomes)))
    return "\n".join(parts)


# ---- CSV: one row per outcome -----------------------------------------------------------------

CSV_FIELDS = [
    "credential_id",
    "claimed_framework",
    "claimed_level",
    "claimed_eqf",
    "inferred_eqf",
    "verdict",
    "outcome_id",
    "outcome",
    "bloom_level",
    "bloom_verbs",
    "bloom_flags",
    "eqf_signal",
    "skill_ids",
    "skill_labels",
    "skill_scores",
    "green",
    "greening_topics",
]


def _csv_row(outcome: OutcomeAlignment, cred: CredentialMapping | None) -> dict[str, Any]:
    skills = list(outcome.skills)
    return {
        "credential_id": cred.credential.id if cred else "",
        "claimed_framework": cred.claimed.framework if cred and cred.claimed else "",
        "claimed_level": cred.claimed.level if cred and cred.claimed else "",
        "claimed_eqf": cred.claimed.eqf if cred and cred.claimed and cred.claimed.eqf is not None else "",
        "inferred_eqf": cred.alignment.level.eqf if cred and cred.alignment.level.eqf else "",
        "verdict": cred.verdict.status if cred else "",
        "outcome_id": outcome.outcome_id or "",
        "outcome": outcome.text,
        "bloom_level": outcome.bloom.level or "",
        "bloom_verbs": "|".join(outcome.bloom.verbs),
        "bloom_flags": "|".join(outcome.bloom.flags),
        "eqf_signal": f"{outcome.level.level:.2f}" if outcome.level.level is not None else "",
        "skill_ids": "|".join(m.id for m in skills),
        "skill_labels": "|".join(m.label for m in skills),
        "skill_scores": "|".join(f"{m.score:.1f}" for m in skills),
        "green": "yes" if outcome.green else "no",
        "greening_topics": "|".join(outcome.greening_topics),
    }


def _csv(rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def align_csv(result: Alignment) -> str:
    return _csv(_csv_row(o, None) for o in result.outcomes)


def map_csv(result: MapResult) -> str:
    return _csv(_csv_row(o, c) for c in result.credentials for o in c.alignment.outcomes)


# ---- JSON -------------------------------------------------------------------------------------


def align_json(result: Alignment) -> str:
    return jsontext.dumps(result.to_dict(), inline_depth=3)  # one line per outcome's parts


def map_json(result: MapResult) -> str:
    return jsontext.dumps(result.to_dict(), inline_depth=4)  # one line per outcome


# ---- text (rich tables; plain when piped) -----------------------------------------------------


def _rich_text(build: Callable[[Any], None], width: int = 160) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
    build(console)
    return buffer.getvalue()


def _outcome_table(outcomes: Sequence[OutcomeAlignment], title: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for name in OUTCOME_HEADER:
        table.add_column(name, overflow="fold")
    for row in _outcome_rows(outcomes):
        table.add_row(*row)
    return table


def align_text(result: Alignment) -> str:
    def build(console: Any) -> None:
        console.print(_outcome_table(result.outcomes, "Outcomes"))
        console.print(_level_line(result))

    return _rich_text(build)


def map_text(result: MapResult) -> str:
    from rich.table import Table

    def build(console: Any) -> None:
        s = result.summary()
        summary = Table(
            title=f"{s['credentials']} credentials, {s['outcomes']} outcomes, "
            f"green share {s['green_share']:.0%}",
            title_justify="left",
        )
        for name in SUMMARY_HEADER:
            summary.add_column(name, overflow="fold")
        for row in _summary_rows(result):
            summary.add_row(*row)
        console.print(summary)
        for c in result.credentials:
            console.print()
            console.print(f"{c.credential.id}: {c.credential.title}  ({c.source}:{c.line})")
            console.print(f"  claimed: {_claimed_text(c)}; {_level_line(c.alignment)}")
            console.print(f"  verdict: {_verdict_text(c)}")
            console.print(_outcome_table(c.alignment.outcomes, ""))

    return _rich_text(build)


ALIGN_RENDERERS: dict[str, Callable[[Alignment], str]] = {
    "text": align_text,
    "json": align_json,
    "csv": align_csv,
    "markdown": align_markdown,
}
MAP_RENDERERS: dict[str, Callable[[MapResult], str]] = {
    "text": map_text,
    "json": map_json,
    "csv": map_csv,
    "markdown": map_markdown,
}
