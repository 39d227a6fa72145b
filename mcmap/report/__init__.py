"""The QA catalogue report (``mcmap report``): one Report object, rendered to five formats.

:func:`build_report` reads a catalogue and returns a :class:`~mcmap.report.model.Report`;
:data:`FORMATS` lists the renderers and :func:`render` produces text (HTML, Markdown, CSV, JSON)
or bytes (Excel). Renderers are imported on use, so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mcmap.report.model import Report

#: format -> (module, function); text formats return str, binary ones bytes.
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("mcmap.report.html", "render_html"),
    "md": ("mcmap.report.markdown", "render_markdown"),
    "csv": ("mcmap.report.tabular", "render_csv"),
    "xlsx": ("mcmap.report.tabular", "render_xlsx"),
    "json": ("mcmap.report.jsonout", "render_json"),
}
BINARY_FORMATS = frozenset({"xlsx"})
#: file name suffix -> format, for ``-o FILE`` without ``--format``
EXTENSIONS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
}


def render(report: Report, fmt: str) -> str | bytes:
    """The report in ``fmt`` (a key of :data:`FORMATS`)."""
    module, attr = FORMATS[fmt]
    result: str | bytes = getattr(importlib.import_module(module), attr)(report)
    return result


def build_report(*args: object, **kwargs: object) -> Report:
    """See :func:`mcmap.report.build.build_report` (imported on first use)."""
    from mcmap.report.build import build_report as build

    return build(*args, **kwargs)  # type: ignore[arg-type]
