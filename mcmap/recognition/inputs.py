"""Reading the credentials and pathways named on a command line, with located errors.

Reading goes through the validator's own reader (``discover`` + ``read_entries``), so a document
that fails its schema is refused with file, line and what is wrong, exactly as ``mcmap validate``
would report it, instead of being half-read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mcmap.credential import Credential
from mcmap.errors import InputError, UsageError
from mcmap.load.files import DEFAULT_MAX_BYTES, discover
from mcmap.pathway import Pathway
from mcmap.problems import Problem, Severity
from mcmap.validate import read_entries

#: errors quoted in one message before "and N more"
SHOWN_PROBLEMS = 3


@dataclass
class Descriptors:
    """Credentials and pathways read from some paths, in a deterministic order."""

    credentials: list[tuple[Credential, str, int]] = field(default_factory=list)
    pathways: list[tuple[Pathway, str, int]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_descriptors(paths: Sequence[str], what: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Descriptors:
    """Read every credential and pathway under ``paths``.

    A path that does not exist is a :class:`UsageError` (exit 2: the command was mistyped); a
    file that cannot be read or fails its schema is an :class:`InputError` (exit 1, like any
    invalid input; 3 is kept for broken reference data) quoting the first located problems.
    ``what`` names the argument in messages.
    """
    for raw in paths:
        if raw != "-" and not any(c in raw for c in "*?[") and not Path(raw).exists():
            raise UsageError(f"{what}: no such file or folder: {raw}", hint="check the path and try again")
    sources, problems = discover(list(paths))
    found = Descriptors()
    for source in sources:
        for entry in read_entries(source, max_bytes, problems):
            line = entry.doc.locate(())[0]
            if entry.kind == "credential":
                found.credentials.append((Credential.from_document(entry.doc.data), entry.doc.source, line))
            elif entry.kind == "pathway":
                found.pathways.append((Pathway.from_document(entry.doc.data), entry.doc.source, line))
    errors = sorted(p for p in problems if p.severity is Severity.ERROR)
    if errors:
        shown = "; ".join(f"{p.location()}: {p.code}: {p.message}" for p in errors[:SHOWN_PROBLEMS])
        more = f" (and {len(errors) - SHOWN_PROBLEMS} more)" if len(errors) > SHOWN_PROBLEMS else ""
        raise InputError(f"{what}: {shown}{more}",
                        hint=f"run 'mcmap validate {' '.join(paths)}' for every problem")
    found.warnings = sorted(p for p in problems if p.severity is Severity.WARNING)
    found.credentials.sort(key=lambda item: (item[0].id, item[1]))
    found.pathways.sort(key=lambda item: (item[0].id, item[1]))
    return found


def read_credentials(paths: Sequence[str], what: str) -> list[tuple[Credential, str, int]]:
    """Only the credentials under ``paths``; none at all is a usage error."""
    found = read_descriptors(paths, what)
    if not found.credentials:
        raise UsageError(
            f"{what}: no credential documents in {', '.join(paths)}",
            hint="give credential files ('mcmap: credential/1')",
        )
    return found.credentials


def read_one(path: str, what: str) -> tuple[Credential | Pathway, str, int]:
    """Exactly one credential or pathway from ``path`` (recognition compares two documents)."""
    found = read_descriptors([path], what)
    docs: list[tuple[Credential | Pathway, str, int]] = [*found.credentials, *found.pathways]
    if len(docs) != 1:
        ids = ", ".join(d[0].id for d in docs) or "none"
        raise UsageError(
            f"{what}: {path} holds {len(docs)} credential or pathway documents ({ids}); one is needed",
            hint="give a file with a single credential or pathway",
        )
    return docs[0]
