"""The report as tables (pandas): one row per credential, per outcome and per finding.

CSV: ``-o report.csv`` writes the outcomes table to ``report.csv`` and, beside it,
``report.credentials.csv`` and ``report.findings.csv`` (see :func:`csv_files`); ``-o -`` prints
the outcomes table. Excel: one workbook with the sheets ``summary``, ``credentials``,
``outcomes`` and ``findings`` (openpyxl engine), written with fixed timestamps so that two runs
give identical bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from mcmap.report.model import Report

if TYPE_CHECKING:
    import pandas as pd

SKILLS_IN_ROW = 5
FIXED_TIME = "2000-01-01T00:00:00Z"  # xlsx core properties: no clock in the output


def credential_rows(report: Report) -> list[dict[str, Any]]:
    """One dict per credential (the ``credentials`` sheet and CSV)."""
    rows = []
    for c in report.credentials:
        w = c.workload
        rows.append(
            {
                "credential_id": c.id,
                "title": c.title,
                "file": c.file,
                "line": c.line,
                "provider": c.provider or "",
                "country": c.country or "",
                "claimed_framework": c.claimed.framework if c.claimed else "",
                "claimed_level": str(c.claimed.level) if c.claimed else "",
                "claimed_eqf": c.claimed_eqf,
                "claimed_chained": bool(c.claimed and c.claimed.chained),
                "inferred_eqf": c.inferred_eqf,
                "inferred_low": c.inferred_range[0] if c.inferred_range else None,
                "inferred_high": c.inferred_range[1] if c.inferred_range else None,
                "confidence": c.confidence,
                "verdict": c.verdict,
                "verdict_by": c.verdict_by,
                "verdict_reason": c.verdict_reason,
                "credit_system": w.credit_system or "",
                "credit_value": w.credit_value,
                "declared_hours": w.declared_hours,
                "ects_equivalent": w.ects,
                "notional_hours": w.hours,
                "workload_basis": w.basis,
                "outcomes": len(c.outcomes),
                "green_share": c.green_share,
                "annex1_missing": "|".join(c.annex1_missing),
                "findings": len(c.findings),
                "pathways": "|".join(f"{p.pathway}:{p.status}" for p in c.pathways),
            }
        )
    return rows


def outcome_rows(report: Report) -> list[dict[str, Any]]:
    """One dict per learning outcome (the ``outcomes`` sheet and the main CSV)."""
    rows = []
    for c in report.credentials:
        for o in c.outcomes:
            top = o.top_skill
            skills = o.skills[:SKILLS_IN_ROW]
            rows.append(
                {
                    "credential_id": c.id,
                    "outcome_id": o.id,
                    "outcome": o.text,
                    "domain": o.domain or "",
                    "bloom_level": o.bloom or "",
                    "bloom_verb": o.verb or "",
                    "bloom_flags": "|".join(o.bloom_flags),
                    "eqf_signal": o.eqf_signal,
                    "top_skill_id": top.id if top else "",
                    "top_skill_label": top.label if top else "",
                    "top_skill_score": top.score if top else None,
                    "skill_ids": "|".join(s.id for s in skills),
                    "skill_labels": "|".join(s.label for s in skills),
                    "skill_scores": "|".join(f"{s.score:.1f}" for s in skills),
                    "green": o.green,
                    "greening_topics": "|".join(o.greening_topics),
                }
            )
    return rows


def finding_rows(report: Report) -> list[dict[str, Any]]:
    """One dict per validation finding."""
    return [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "severity": p.severity.value,
            "code": p.code,
            "message": p.message,
            "path": p.path,
            "hint": p.hint,
        }
        for p in report.findings
    ]


def summary_rows(report: Report) -> list[dict[str, Any]]:
    """The summary as (section, item, value) rows, for the first sheet of the workbook."""
    s = report.summary
    rows: list[tuple[str, str, Any]] = [
        ("report", "title", report.title),
        ("report", "date", report.date or ""),
        ("catalogue", "credentials", s.credentials),
        ("catalogue", "outcomes", s.outcomes),
        *(("verdicts", k, v) for k, v in s.verdicts.items()),
        *(("credits declared", k, v) for k, v in s.credits_by_system.items()),
        ("workload", "ECTS-equivalent", s.ects_total),
        ("workload", "notional hours", s.hours_total),
        ("workload", "declared hours", s.declared_hours_total),
        ("annex I", "complete credentials", s.annex1_complete),
        *(("annex I missing", k, v) for k, v in s.annex1_missing.items()),
        *(("findings", k, v) for k, v in s.findings_by_severity.items()),
        ("green", "green share", s.green_share),
        ("green", "green outcomes", s.green_outcomes),
        *(("top skills", ref.label, n) for ref, n, _ in s.top_skills),
    ]
    return [{"section": a, "item": b, "value": v} for a, b, v in rows]


SHEETS = {
    "summary": summary_rows,
    "credentials": credential_rows,
    "outcomes": outcome_rows,
    "findings": finding_rows,
}
FINDING_COLUMNS = ["file", "line", "column", "severity", "code", "message", "path", "hint"]


def frames(report: Report) -> dict[str, pd.DataFrame]:
    """Every table as a DataFrame, keyed by sheet name."""
    import pandas as pd

    out = {}
    for name, build in SHEETS.items():
        rows = build(report)
        out[name] = pd.DataFrame(rows, columns=FINDING_COLUMNS if name == "findings" and not rows else None)
    return out


def _csv(frame: pd.DataFrame) -> str:
    text: str = frame.to_csv(index=False, lineterminator="\n")
    return text


def render_csv(report: Report) -> str:
    """The outcomes table as CSV (the main file; :func:`csv_files` gives the companions)."""
    return _csv(frames(report)["outcomes"])


def csv_files(report: Report, path: str) -> dict[str, str]:
    """File name -> CSV text: ``X.csv`` (outcomes), ``X.credentials.csv``, ``X.findings.csv``."""
    stem = path[: -len(".csv")] if path.lower().endswith(".csv") else path
    tables = frames(report)
    return {
        path: _csv(tables["outcomes"]),
        f"{stem}.credentials.csv": _csv(tables["credentials"]),
        f"{stem}.findings.csv": _csv(tables["findings"]),
    }


def render_xlsx(report: Report) -> bytes:
    """The workbook as bytes: summary, credentials, outcomes and findings sheets."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames(report).items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for column in sheet.columns:  # readable widths without guessing fonts
                width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
                sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the xlsx archive with fixed entry dates and core-property times (reproducible bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + FIXED_TIME.encode() + rb"\g<3>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()
