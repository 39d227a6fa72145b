"""The report as JSON: ``Report.to_dict()``, written so that a diff shows one outcome per line."""

from __future__ import annotations

from mcmap.render import jsontext
from mcmap.report.model import Report


def render_json(report: Report) -> str:
    """``report.to_dict()`` as JSON (records nested four deep or more sit on one line)."""
    return jsontext.dumps(report.to_dict(), inline_depth=4)
