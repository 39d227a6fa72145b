"""Claimed levels must name a known framework and one of its levels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mcmap.checks.context import CheckContext
from mcmap.checks.registry import document_check, finding, known_hint
from mcmap.load.yamlpos import Document, PathKey
from mcmap.problems import Problem


def check_level(doc: Document, path: PathKey, level: Any, context: CheckContext) -> Iterator[Problem]:
    """Findings for one ``{framework, level}`` mapping at ``path``."""
    from mcmap.frameworks_lib import find_level, framework_ids

    if not isinstance(level, dict) or "framework" not in level:
        return
    framework = context.framework(str(level["framework"]))
    if framework is None:
        yield finding(
            doc,
            (*path, "framework"),
            "level.unknown-framework",
            f"unknown framework {level['framework']!r}",
            hint=known_hint(str(level["framework"]), list(framework_ids()), "frameworks"),
        )
        return
    if "level" in level and find_level(framework, level["level"]) is None:
        yield finding(
            doc,
            (*path, "level"),
            "level.unknown-level",
            f"{framework.label} has no level {level['level']!r}",
            hint=f"levels: {', '.join(lv.id for lv in framework.levels)}",
        )


@document_check("credential", "pathway")
def claimed_level(doc: Document, context: CheckContext) -> Iterator[Problem]:
    yield from check_level(doc, ("level",), doc.data.get("level"), context)
