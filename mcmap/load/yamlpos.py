"""YAML documents that remember where every value came from.

PyYAML's composer gives nodes with marks; we build plain Python data from them ourselves so that
every value keeps its (line, column), aliases cannot expand without limit, and dates stay
strings (JSON Schema speaks JSON, not Python dates).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from mcmap.problems import Problem, Severity

PathKey = tuple[str | int, ...]

#: Values built per file; a YAML "billion laughs" document stops here instead of eating memory.
MAX_NODES = 250_000

_SCALAR_LOADER = yaml.SafeLoader("")
# libyaml's composer is about 15x faster than PyYAML's pure-Python one and keeps the same marks.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """One YAML document of a file, as plain data plus the position of every value."""

    source: str
    index: int
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey) -> tuple[int, int]:
        """(line, column) of the value at ``path``, or of its nearest located ancestor."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def locate_key(self, path: PathKey) -> tuple[int, int]:
        """(line, column) of the mapping key that introduces ``path`` (falls back to the value)."""
        return self.key_positions.get(tuple(path)) or self.locate(path)

    def problem(
        self,
        path: PathKey,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        hint: str = "",
        at_key: bool = False,
    ) -> Problem:
        line, column = self.locate_key(path) if at_key else self.locate(path)
        return Problem(self.source, line, column, code, severity, message, json_path(path), hint)


def json_path(path: PathKey) -> str:
    """Render a path as ``$.outcomes[2].text``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class YamlProblem(Exception):
    """A located problem that stops the reading of one file."""

    def __init__(self, code: str, message: str, line: int, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column, self.hint = (
            code,
            message,
            line,
            column,
            hint,
        )


class _Builder:
    def __init__(self, source: str, index: int) -> None:
        self.doc = Document(source, index, None)
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                "yaml.too-large",
                f"document expands to more than {MAX_NODES:,} values (alias bomb?)",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "remove the nested aliases or split the document",
            )
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self.active:
            raise YamlProblem(
                "yaml.recursive-alias",
                "an alias refers to a node that contains it",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "replace the recursive alias with the data itself",
            )
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:str":  # the common case, no constructor needed
            return node.value
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # keep ISO dates as strings for JSON Schema "format: date"
        if node.tag.startswith("tag:yaml.org,2002:"):
            return _SCALAR_LOADER.construct_object(node)
        return node.value  # unknown local tags: keep the text

    def _mapping(self, node: yaml.Node, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, path)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            result.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "yaml.complex-key",
                    "mapping keys must be plain text",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            key = str(self._scalar(key_node))
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                raise YamlProblem(
                    "yaml.duplicate-key",
                    f"key {key!r} appears twice in the same mapping",
                    *key_pos,
                    hint="keep one of the two entries",
                )
            self.doc.key_positions[(*path, key)] = key_pos
            result[key] = self.build(value_node, (*path, key))
        return result


def parse_documents(text: str, source: str) -> Iterator[Document]:
    """Yield each document in ``text``; raise YamlProblem at the first unreadable one."""
    try:
        for index, node in enumerate(yaml.compose_all(text, Loader=_COMPOSER)):
            if node is None:
                continue
            builder = _Builder(source, index)
            builder.doc.data = builder.build(node, ())
            yield builder.doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise YamlProblem(
            "yaml.syntax",
            f"YAML syntax error: {message}",
            line,
            column,
            "check indentation, quotes and colons near this position",
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml.syntax", f"YAML error: {exc}", 1, 1) from exc
    except RecursionError as exc:
        raise YamlProblem(
            "yaml.too-deep",
            "YAML nesting is too deep to read",
            1,
            1,
            "flatten the document",
        ) from exc
