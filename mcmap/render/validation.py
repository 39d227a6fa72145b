"""Renderers for validation results: pure functions from result to text, behind a registry."""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.etree import ElementTree as ET

from mcmap.problems import Severity
from mcmap.validate import ValidationResult


def render_text(result: ValidationResult) -> str:
    """``file:line:col: severity code message (hint)``, one problem per line, then a summary."""
    lines = []
    for p in result.problems:
        hint = f" [hint: {p.hint}]" if p.hint else ""
        lines.append(f"{p.location()}: {p.severity.value}: {p.code}: {p.message}{hint}")
    docs = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(result.documents.items()))
    lines.append(
        f"{result.files} file{'s' if result.files != 1 else ''} checked"
        f" ({docs or 'no mcmap documents'}): {result.errors} error(s), {result.warnings} warning(s)"
    )
    return "\n".join(lines) + "\n"


def render_json(result: ValidationResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: ValidationResult) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for p in result.problems:
        props = [f"file={_escape_property(p.file)}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property(p.code)}")
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{command[p.severity]} {','.join(props)}::{_escape_data(message)}")
    lines.append(f"mcmap: {result.files} files, {result.errors} error(s), {result.warnings} warning(s)")
    return "\n".join(lines) + "\n"


def render_junit(result: ValidationResult) -> str:
    """JUnit XML: one test case per file, failing with its errors (warnings as system-out)."""
    by_file: dict[str, list] = {}
    for p in result.problems:
        by_file.setdefault(p.file, []).append(p)
    suite = ET.Element(
        "testsuite",
        name="mcmap validate",
        tests=str(max(result.files, len(by_file))),
        failures=str(sum(any(p.severity is Severity.ERROR for p in ps) for ps in by_file.values())),
        errors="0",
    )
    for file, problems in sorted(by_file.items()):
        case = ET.SubElement(suite, "testcase", classname="mcmap.validate", name=file)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", message=f"{len(errors)} error(s)", type=errors[0].code)
            failure.text = "\n".join(f"{p.location()}: {p.code}: {p.message}" for p in errors)
        others = [p for p in problems if p.severity is not Severity.ERROR]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{p.location()}: {p.severity.value}: {p.code}: {p.message}" for p in others)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


RENDERERS: dict[str, Callable[[ValidationResult], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
}
