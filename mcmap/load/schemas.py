"""Packaged JSON Schemas and schema validation that reports one clear, located cause per error."""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any

from mcmap.errors import DataError, UsageError
from mcmap.load.yamlpos import Document, PathKey
from mcmap.problems import Problem, Severity
from mcmap.resources import data_file, list_data

#: Document kinds and the schema version this mcmap reads; a document declares `mcmap: KIND/VERSION`.
KINDS: dict[str, int] = {
    "credential": 1,
    "pathway": 1,
    "framework": 1,
    "credit-systems": 1,
    "taxonomy": 1,
}
SCHEMA_SUFFIX = ".schema.json"


def schema_names() -> list[str]:
    """Names accepted by ``mcmap schema NAME`` (every packaged schema)."""
    return [p.name.removesuffix(SCHEMA_SUFFIX) for p in list_data("schemas", SCHEMA_SUFFIX)]


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The packaged schema ``name`` as a dict."""
    if name not in schema_names():
        raise UsageError(f"unknown schema {name!r}", hint=f"choose one of: {', '.join(schema_names())}")
    try:
        schema: dict[str, Any] = json.loads(data_file("schemas", name + SCHEMA_SUFFIX).read_text())
    except ValueError as exc:
        raise DataError(f"packaged schema {name!r} is not valid JSON: {exc}") from exc
    return schema


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast_check(name: str) -> Any:
    """A compiled (Rust) validator that only answers valid/invalid, ~200x faster than jsonschema.

    Most documents are valid, so they pay only this; the invalid ones are then explained by
    the reference implementation, whose error tree gives the most relevant cause.
    """
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def document_kind(doc: Document) -> tuple[str | None, Problem | None]:
    """The kind a document declares in its ``mcmap:`` header, or a problem saying what is wrong."""
    data = doc.data
    header = data.get("mcmap") if isinstance(data, dict) else None
    known = ", ".join(f"{k}/{v}" for k, v in KINDS.items())
    if header is None:
        return None, doc.problem(
            (),
            "document.kind-missing",
            "not an mcmap document: no 'mcmap: KIND/VERSION' header",
            hint=f"add a first line such as 'mcmap: credential/1' (kinds: {known})",
        )
    kind, _, version = str(header).partition("/")
    if kind not in KINDS:
        return None, doc.problem(
            ("mcmap",),
            "document.kind-unknown",
            f"unknown document kind {kind!r}",
            hint=f"use one of: {known}",
        )
    if version != str(KINDS[kind]):
        return None, doc.problem(
            ("mcmap",),
            "document.version-unsupported",
            f"{kind} schema version {version or '(none)'!r} is not supported by this mcmap",
            hint=f"write 'mcmap: {kind}/{KINDS[kind]}' or upgrade mcmap",
        )
    return kind, None


def schema_problems(doc: Document, kind: str) -> list[Problem]:
    """Schema errors of ``doc`` as located problems, the most relevant cause of each."""
    from jsonschema.exceptions import best_match

    if _fast_check(kind).is_valid(doc.data):
        return []
    problems = []
    for error in _validator(kind).iter_errors(doc.data):
        cause = error
        while cause.context:  # oneOf/anyOf: descend to the branch that came closest
            cause = best_match(cause.context)
        problems.append(_to_problem(doc, cause))
    return sorted(set(problems))


def _to_problem(doc: Document, error: Any) -> Problem:
    path: PathKey = tuple(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return doc.problem(
            path,
            "schema.required",
            f"missing required property {missing!r}",
            hint=f"add '{missing}:' here ({_describe(error, missing)})",
            at_key=True,
        )
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        name = extras[0] if extras else "?"
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed here: {', '.join(allowed)}"
        return doc.problem(
            (*path, name),
            "schema.unknown-property",
            f"unknown property {name!r}",
            hint=hint,
            at_key=True,
        )
    if kind == "enum":
        options = ", ".join(map(str, error.validator_value))
        return doc.problem(
            path,
            "schema.enum",
            f"{error.instance!r} is not allowed here",
            hint=f"use one of: {options}",
        )
    if kind == "type":
        quote = "string" in _types(error.validator_value) and isinstance(error.instance, int | float)
        return doc.problem(
            path,
            "schema.type",
            f"expected {_types(error.validator_value)}, got {_json_type(error.instance)}"
            f" {_short(error.instance)}",
            # YAML reads 0811 or 2024-01-01 or 1.0 as numbers/dates unless they are quoted
            hint="put the value in quotes, e.g. \"0811\"" if quote else "",
        )
    if kind == "not":
        description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
        return doc.problem(
            path, "schema.not", description or "this combination of properties is not allowed",
            hint="see mcmap schema KIND for the allowed forms",
        )
    hint = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    return doc.problem(path, f"schema.{_kebab(kind)}", error.message, hint=hint)


def _describe(error: Any, prop: str) -> str:
    spec = error.schema.get("properties", {}).get(prop, {})
    return str(spec.get("description") or spec.get("title") or "see mcmap schema")


def _types(value: Any) -> str:
    return " or ".join(value) if isinstance(value, list) else str(value)


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", dict: "mapping", list: "list"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _kebab(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


__all__ = ["KINDS", "Severity", "document_kind", "load_schema", "schema_names", "schema_problems"]
