"""Semantic QA rules, one topic per module, registered in ``mcmap.checks.registry``."""

from __future__ import annotations

import importlib

#: Modules whose import registers their checks (explicit, so the list is easy to audit).
CHECK_MODULES = (
    "mcmap.checks.annex1",
    "mcmap.checks.levels",
    "mcmap.checks.credits",
    "mcmap.checks.skills",
    "mcmap.checks.outcomes",
    "mcmap.checks.catalog",
    "mcmap.checks.pathways",
)

_loaded = False


def load_all_checks() -> None:
    """Import every check module once."""
    global _loaded
    if not _loaded:
        for name in CHECK_MODULES:
            importlib.import_module(name)
        _loaded = True
