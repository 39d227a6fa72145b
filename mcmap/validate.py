"""Validation of descriptor files: syntax, schema, then semantic QA rules.

Every problem is collected, none is raised, so one broken file never hides the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mcmap.checks import load_all_checks
from mcmap.checks.context import CheckContext, Entry
from mcmap.checks.registry import CATALOG_CHECKS, DOCUMENT_CHECKS, RULES
from mcmap.load.files import DEFAULT_MAX_BYTES, Source, discover, read_text
from mcmap.load.schemas import document_kind, schema_problems
from mcmap.load.yamlpos import Document, YamlProblem, parse_documents
from mcmap.problems import Problem, Severity


@dataclass
class ValidationResult:
    """Everything one validation run found, in a deterministic order."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    documents: Counter[str] = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.errors == 0,
            "summary": {
                "files": self.files,
                "documents": dict(sorted(self.documents.items())),
                "errors": self.errors,
                "warnings": self.warnings,
            },
            "problems": [p.to_dict() for p in self.problems],
        }


def validate_paths(
    paths: list[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    taxonomies: tuple[str, ...] = (),
) -> ValidationResult:
    """Validate every descriptor found under ``paths`` (files, folders, globs, "-" for stdin)."""
    sources, problems = discover(paths)
    result = ValidationResult(problems=problems)
    entries: list[Entry] = []
    for source in sources:
        result.files += 1
        entries.extend(read_entries(source, max_bytes, result.problems))
    context = CheckContext(extra_taxonomies=taxonomies)
    result.problems.extend(check_entries(entries, context))
    for entry in entries:
        result.documents[entry.kind] += 1
    result.problems = sorted(set(result.problems))
    return result


def read_entries(source: Source, max_bytes: int, problems: list[Problem]) -> list[Entry]:
    text, problem = read_text(source, max_bytes)
    if problem is not None:
        problems.append(problem)
        return []
    assert text is not None
    try:
        documents = list(parse_documents(text, source.name))
    except YamlProblem as exc:
        problems.append(
            Problem(
                source.name,
                exc.line,
                exc.column,
                exc.code,
                RULES[exc.code].severity,
                exc.message,
                hint=exc.hint,
            )
        )
        return []
    entries = []
    for doc in documents:
        kind, kind_problem = document_kind(doc)
        if kind_problem is not None:
            if kind_problem.code == "document.kind-missing" and not source.explicit:
                kind_problem = doc.problem(
                    (),
                    "document.not-mcmap",
                    "YAML without an 'mcmap:' header; skipped",
                    Severity.INFO,
                )
            problems.append(kind_problem)
            continue
        assert kind is not None
        found = schema_problems(doc, kind)
        problems.extend(found)
        if not found:  # semantic rules read validated data only
            entries.append(Entry(doc, kind))
    return entries


def check_entries(entries: list[Entry], context: CheckContext) -> list[Problem]:
    """Run the registered semantic checks on schema-valid documents."""
    load_all_checks()
    problems: list[Problem] = []
    for entry in entries:
        for check in DOCUMENT_CHECKS.get(entry.kind, []):
            problems.extend(check(entry.doc, context))
    for catalog_check in CATALOG_CHECKS:
        problems.extend(catalog_check(entries, context))
    return problems


def parse_one(text: str, name: str) -> list[Document]:
    """Parse text into documents (for library users who already hold the text)."""
    return list(parse_documents(text, name))
