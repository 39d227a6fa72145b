"""Reading credentials and pathways for stacking, through the validator's reader.

Files are found with ``mcmap.load.files.discover`` and read with ``mcmap.validate.read_entries``
(syntax and schema checked, every problem located), so ``mcmap stack`` refuses exactly what
``mcmap validate`` refuses and says where.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mcmap.credential import Credential
from mcmap.errors import InputError
from mcmap.load.files import DEFAULT_MAX_BYTES, discover
from mcmap.load.yamlpos import Document
from mcmap.pathway import Pathway
from mcmap.problems import Problem, Severity
from mcmap.validate import read_entries


@dataclass(frozen=True)
class LoadedCredential:
    """A credential with the file and line it came from."""

    credential: Credential
    source: str
    line: int


@dataclass(frozen=True)
class LoadedPathway:
    """A pathway with its document (positions of every rule node, for located findings)."""

    pathway: Pathway
    doc: Document

    @property
    def source(self) -> str:
        """The file it was read from."""
        return self.doc.source


def load_credentials(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[LoadedCredential], list[Problem]]:
    """Every credential under ``paths`` (files or folders); other document kinds are skipped."""
    sources, problems = discover(list(paths))
    loaded: list[LoadedCredential] = []
    for source in sources:
        for entry in read_entries(source, max_bytes, problems):
            if entry.kind == "credential":
                credential = Credential.from_document(entry.doc.data)
                loaded.append(LoadedCredential(credential, entry.doc.source, entry.doc.locate(())[0]))
    loaded.sort(key=lambda c: (c.credential.id, c.source))
    return loaded, sorted(problems)


def load_pathway(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedPathway:
    """The one pathway document in ``path``; anything else is a located InputError."""
    sources, problems = discover([path])
    pathways = []
    for source in sources:
        for entry in read_entries(source, max_bytes, problems):
            if entry.kind == "pathway":
                pathways.append(entry.doc)
    errors = [p for p in sorted(problems) if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise InputError(
            f"{first.location()}: {first.code}: {first.message}{more}",
            hint=first.hint or f"check it with: mcmap validate {path}",
        )
    if len(pathways) != 1:
        found = "no pathway document" if not pathways else f"{len(pathways)} pathway documents"
        raise InputError(
            f"{path}: {found}; --into needs one file holding one 'mcmap: pathway/1' document",
            hint="give the pathway's own file, e.g. sample_credentials/pathways/NAME.yaml",
        )
    return LoadedPathway(Pathway.from_document(pathways[0].data), pathways[0])


def unreadable(problems: Sequence[Problem]) -> list[Problem]:
    """The problems that stopped a file or document from being read."""
    return [p for p in problems if p.severity is Severity.ERROR]
