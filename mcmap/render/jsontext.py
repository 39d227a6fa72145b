"""JSON that diffs well and writes fast: the outer structure indented, deep records on one line.

``json.dumps(indent=2)`` uses the pure-Python encoder and spends seconds on a large catalogue;
compact records go through the C encoder, and one record per line still diffs cleanly in CI.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any, inline_depth: int, indent: int = 2) -> str:
    """``data`` as JSON; containers nested ``inline_depth`` deep or more are written on one line."""
    out: list[str] = []
    _write(data, 0, inline_depth, indent, out)
    return "".join(out) + "\n"


def _write(value: Any, depth: int, inline_depth: int, indent: int, out: list[str]) -> None:
    if depth >= inline_depth or not isinstance(value, dict | list) or not value:
        out.append(json.dumps(value, ensure_ascii=False))
        return
    pad, inner = " " * (indent * depth), " " * (indent * (depth + 1))
    if isinstance(value, dict):
        out.append("{\n")
        for n, (key, item) in enumerate(value.items()):
            out.append(f"{inner}{json.dumps(key, ensure_ascii=False)}: ")
            _write(item, depth + 1, inline_depth, indent, out)
            out.append(",\n" if n < len(value) - 1 else "\n")
        out.append(pad + "}")
    else:
        out.append("[\n")
        for n, item in enumerate(value):
            out.append(inner)
            _write(item, depth + 1, inline_depth, indent, out)
            out.append(",\n" if n < len(value) - 1 else "\n")
        out.append(pad + "]")
