"""The catalogue of every finding code mcmap can report, and the registry of semantic checks.

Codes are stable: CI configurations and people's habits depend on them. Add new codes; never
rename old ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mcmap.problems import Problem, Severity

if TYPE_CHECKING:
    from mcmap.checks.context import CheckContext, Entry
    from mcmap.load.yamlpos import Document


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    hint: str


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule("input.not-found", ERR, "A path given does not exist", "Check the path or pattern."),
        Rule("input.unreadable", ERR, "A file could not be read", "Check permissions."),
        Rule("input.too-large", ERR, "A file is over the size limit", "Split it or use --max-file-size."),
        Rule("input.binary", WARN, "A binary file was skipped", "Keep only YAML descriptors in the folder."),
        Rule("input.encoding", ERR, "A file is not UTF-8", "Save it as UTF-8."),
        Rule("input.empty", WARN, "An empty file was skipped", "Remove it or add a descriptor."),
        Rule("input.symlink-loop", WARN, "A symbolic link loops back", "Remove the link."),
        Rule("yaml.syntax", ERR, "YAML syntax error", "Fix indentation, quotes or colons at the position."),
        Rule("yaml.duplicate-key", ERR, "A key appears twice in one mapping", "Keep one entry."),
        Rule("yaml.too-large", ERR, "A document expands too far (alias bomb)", "Remove nested aliases."),
        Rule("yaml.recursive-alias", ERR, "An alias contains itself", "Write the data out."),
        Rule("yaml.too-deep", ERR, "Nesting too deep to read", "Flatten the document."),
        Rule("yaml.complex-key", ERR, "A mapping key is not plain text", "Use text keys."),
        Rule(
            "document.kind-missing", ERR, "No 'mcmap: KIND/VERSION' header", "Add e.g. 'mcmap: credential/1'."
        ),
        Rule(
            "document.kind-unknown",
            ERR,
            "Unknown document kind",
            "Use credential, pathway, framework or taxonomy.",
        ),
        Rule(
            "document.version-unsupported",
            ERR,
            "Schema version not supported",
            "Use the version this mcmap reads.",
        ),
        Rule("document.not-mcmap", INFO, "A YAML file without an mcmap header was skipped", "Nothing to do."),
        Rule("schema.required", ERR, "A required property is missing", "Add it; see `mcmap schema KIND`."),
        Rule(
            "schema.unknown-property",
            ERR,
            "A property the schema does not know (often a typo)",
            "Rename or remove it.",
        ),
        Rule("schema.type", ERR, "A value has the wrong type", "See `mcmap schema KIND`."),
        Rule("schema.enum", ERR, "A value is not one of the allowed ones", "Use an allowed value."),
        Rule("schema.*", ERR, "Other schema violations (pattern, format, minimum, ...)", "See the message."),
        Rule("annex1.missing", ERR, "An EU Annex I mandatory element is missing", "Add the element."),
        Rule(
            "level.unknown-framework",
            ERR,
            "The claimed framework is not known",
            "Use `mcmap frameworks list`.",
        ),
        Rule(
            "level.unknown-level", ERR, "The framework has no such level", "Use `mcmap frameworks show ID`."
        ),
        Rule(
            "credits.unknown-system", ERR, "The credit system is not known", "Use a known credit system id."
        ),
        Rule(
            "credits.workload-mismatch",
            ERR,
            "Workload and credits disagree for the credit system",
            "Fix hours or credits.",
        ),
        Rule(
            "skill.unknown-taxonomy",
            ERR,
            "A declared skill link names an unknown taxonomy",
            "Use `mcmap taxonomy list`.",
        ),
        Rule(
            "skill.unknown-concept",
            ERR,
            "A declared skill link is not in the taxonomy",
            "Use `mcmap taxonomy search`.",
        ),
        Rule("id.duplicate", ERR, "Two documents of one kind share an id", "Give each a unique id."),
        Rule("outcome.duplicate-id", ERR, "Two outcomes of one credential share an id", "Renumber them."),
        Rule(
            "outcome.duplicate-text",
            WARN,
            "Two outcomes of one credential have the same text",
            "Merge or reword.",
        ),
        Rule(
            "outcome.vague-verb",
            WARN,
            "An outcome uses a verb QA guides advise against",
            "Use an observable verb.",
        ),
        Rule(
            "outcome.no-measurable-verb",
            WARN,
            "An outcome has no measurable action verb",
            "Start with an action verb.",
        ),
        Rule("outcome.compound", WARN, "An outcome states several outcomes in one", "Split it."),
        Rule("dates.order", ERR, "A validity period ends before it starts", "Swap or fix the dates."),
        Rule(
            "stack.never-met",
            ERR,
            "A pathway rule can never be met (warning if the pathway is completable without it)",
            "Fix the rule or the catalogue.",
        ),
        Rule(
            "stack.credits-impossible",
            ERR,
            "The credit required exceeds what the named components could ever give",
            "Lower the requirement or add components.",
        ),
        Rule("stack.level-range", ERR, "A level range is empty or unknown", "Check min and max levels."),
        Rule(
            "stack.prerequisite-cycle",
            ERR,
            "Prerequisites form a cycle",
            "Remove one prerequisite of the cycle.",
        ),
        Rule(
            "stack.unknown-credit-system",
            ERR,
            "A pathway uses an unknown credit system",
            "Use a known credit system id.",
        ),
        Rule(
            "stack.named-twice",
            WARN,
            "A credential is named by several leaves; it counts under one only",
            "Name it once.",
        ),
        Rule(
            "pathway.unknown-credential",
            WARN,
            "A pathway names a credential not in the catalogue",
            "Check the id.",
        ),
        Rule(
            "credential.unknown-pathway",
            WARN,
            "A credential stacks into a pathway not in the catalogue",
            "Check the id.",
        ),
    ]
}

DocumentCheck = Callable[["Document", "CheckContext"], Iterable[Problem]]
CatalogCheck = Callable[[list["Entry"], "CheckContext"], Iterable[Problem]]

#: kind -> checks run on each document of that kind (filled by the check modules).
DOCUMENT_CHECKS: dict[str, list[DocumentCheck]] = {}
#: checks that need every document of the run (duplicate ids, cross references).
CATALOG_CHECKS: list[CatalogCheck] = []


def document_check(*kinds: str) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register a check for documents of the given kinds."""

    def register(func: DocumentCheck) -> DocumentCheck:
        for kind in kinds:
            DOCUMENT_CHECKS.setdefault(kind, []).append(func)
        return func

    return register


def catalog_check(func: CatalogCheck) -> CatalogCheck:
    CATALOG_CHECKS.append(func)
    return func


def finding(
    doc: Document,
    path: tuple[str | int, ...],
    code: str,
    message: str,
    hint: str | None = None,
    at_key: bool = False,
) -> Problem:
    """A problem for a registered code, with the catalogue's severity and default hint."""
    rule = RULES[code]
    return doc.problem(path, code, message, rule.severity, hint or rule.hint, at_key=at_key)


def known_hint(value: str, known: list[str], what: str) -> str:
    """'did you mean X?' when a close match exists, else the list of known values."""
    import difflib

    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    prefix = f"did you mean {close[0]!r}? " if close else ""
    return f"{prefix}known {what}: {', '.join(known)}"
