"""Mapping a catalogue: every credential's outcomes aligned, its claimed level checked.

Reading reuses the validator (so a document that fails its schema is reported, not mapped), and
all outcomes of the run are aligned in one batch, which is what keeps 10,000 credentials fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mcmap.align.engine import Alignment, align_batch, combine, provenance
from mcmap.align.level import Verdict, verdict
from mcmap.credential import Credential
from mcmap.load.files import DEFAULT_MAX_BYTES, discover
from mcmap.problems import Problem
from mcmap.validate import read_entries

if TYPE_CHECKING:
    from mcmap.taxonomy import Taxonomy


#: Outcomes aligned per batch: large enough for the sparse index to work efficiently.
BATCH = 10_000

#: Called as progress(phase, done, total) while a catalogue is mapped.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ClaimedLevel:
    """A credential's claimed level and its EQF equivalent through published referencing."""

    framework: str
    level: int | str
    eqf: int | None
    route: tuple[str, ...] = ()  # each step of the translation, with its source
    chained: bool = False  # True when two referencings were chained (e.g. NQF -> AQRF -> EQF)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "level": self.level,
            "eqf": self.eqf,
            "route": list(self.route),
            "chained": self.chained,
            "note": self.note,
        }


def claimed_level(framework: str, level: int | str) -> ClaimedLevel:
    """Translate a claimed level to EQF (the framework module knows the referencing)."""
    from mcmap.frameworks_eqf import to_eqf

    translation = to_eqf(framework, level)
    return ClaimedLevel(
        framework=framework,
        level=level,
        eqf=translation.eqf,
        route=tuple(translation.describe()),
        chained=translation.chained,
        note=translation.note,
    )


@dataclass(frozen=True)
class CredentialMapping:
    """One credential: claimed vs inferred level, verdict, and its aligned outcomes."""

    credential: Credential
    source: str
    line: int
    claimed: ClaimedLevel | None
    alignment: Alignment
    verdict: Verdict

    def to_dict(self) -> dict[str, Any]:
        cred = self.credential
        return {
            "id": cred.id,
            "title": cred.title,
            "file": self.source,
            "line": self.line,
            "provider": cred.provider.name if cred.provider else None,
            "credits": {"system": cred.credits.system, "value": cred.credits.value} if cred.credits else None,
            "claimed": self.claimed.to_dict() if self.claimed else None,
            "inferred": self.alignment.level_dict(),
            "verdict": {"status": self.verdict.status, "by": self.verdict.by, "reason": self.verdict.reason},
            "green_share": self.alignment.green_share,
            "outcomes": [o.to_dict() for o in self.alignment.outcomes],
        }


@dataclass
class MapResult:
    """The mapping of a catalogue, plus the documents that could not be mapped and why."""

    credentials: list[CredentialMapping] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        statuses: dict[str, int] = {}
        for c in self.credentials:
            statuses[c.verdict.status] = statuses.get(c.verdict.status, 0) + 1
        outcomes = [o for c in self.credentials for o in c.alignment.outcomes]
        return {
            "credentials": len(self.credentials),
            "outcomes": len(outcomes),
            "verdicts": dict(sorted(statuses.items())),
            "green_share": round(sum(o.green for o in outcomes) / len(outcomes), 3) if outcomes else 0.0,
            "skipped_documents": sum(p.severity.value == "error" for p in self.problems),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "credentials": [c.to_dict() for c in self.credentials],
            "problems": [p.to_dict() for p in self.problems],
            "provenance": self.provenance,
        }


def map_paths(
    paths: Sequence[str],
    taxonomy: Taxonomy,
    *,
    top_k: int = 5,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    embeddings: str = "none",
) -> MapResult:
    """Map every credential found under ``paths``; other document kinds are ignored."""
    sources, problems = discover(list(paths))
    result = MapResult(problems=problems)
    loaded: list[tuple[Credential, str, int]] = []
    for n, source in enumerate(sources, 1):
        for entry in read_entries(source, max_bytes, result.problems):
            if entry.kind == "credential":
                loaded.append(
                    (Credential.from_document(entry.doc.data), entry.doc.source, entry.doc.locate(())[0])
                )
        if progress:
            progress("reading files", n, len(sources))
    loaded.sort(key=lambda item: (item[0].id, item[1]))
    result.credentials = map_credentials(
        loaded, taxonomy, top_k=top_k, embeddings=embeddings, progress=progress
    )
    result.provenance = provenance(taxonomy, top_k, embeddings)
    result.problems.sort()
    return result


def map_credentials(
    loaded: Sequence[tuple[Credential, str, int]],
    taxonomy: Taxonomy,
    *,
    top_k: int = 5,
    embeddings: str = "none",
    progress: Progress | None = None,
) -> list[CredentialMapping]:
    """Align all outcomes of all credentials in large batches, then judge each credential."""
    texts, ids, declared, owners = [], [], [], []
    for n, (cred, _, _) in enumerate(loaded):
        for outcome in cred.learning_outcomes:
            texts.append(outcome.text)
            ids.append(outcome.id)
            declared.append([s.id for s in outcome.skills if s.taxonomy == taxonomy.id])
            owners.append(n)
    aligned: list[Any] = []
    for start in range(0, len(texts), BATCH):  # batches keep the index fast and allow progress
        part = slice(start, start + BATCH)
        aligned += align_batch(
            texts[part],
            taxonomy,
            top_k=top_k,
            outcome_ids=ids[part],
            declared=declared[part],
            embeddings=embeddings,
        )
        if progress:
            progress("aligning outcomes", len(aligned), len(texts))
    prov = provenance(taxonomy, top_k, embeddings)
    per_credential: list[list[Any]] = [[] for _ in loaded]
    for owner, aligned_outcome in zip(owners, aligned, strict=True):
        per_credential[owner].append(aligned_outcome)
    mappings = []
    for (cred, source, line), outcomes in zip(loaded, per_credential, strict=True):
        alignment = combine(outcomes, prov)
        claimed = claimed_level(cred.level.framework, cred.level.level) if cred.level else None
        judged = verdict(
            claimed.eqf if claimed else None,
            alignment.level,
            claimed.note if claimed else "no level is claimed",
        )
        mappings.append(CredentialMapping(cred, source, line, claimed, alignment, judged))
    return mappings
