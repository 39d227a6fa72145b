"""Build the catalogue report: read once, validate, map, evaluate pathways, summarise.

The inputs are read a single time (so ``-`` for stdin works and a large catalogue is parsed
once); the same entries feed the QA checks (``mcmap validate``), the mapping (``mcmap map``)
and the stacking engine (``mcmap stack``), so the report says what those commands say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mcmap.credential import Credential
from mcmap.errors import InputError
from mcmap.load.files import DEFAULT_MAX_BYTES, discover
from mcmap.mapping import CredentialMapping, map_credentials
from mcmap.problems import Problem
from mcmap.report.model import CredentialEntry, OutcomeEntry, Report, SkillRef
from mcmap.report.pathways import Evaluated, evaluate, links_for
from mcmap.report.summary import summarise
from mcmap.report.workload import workload_of

if TYPE_CHECKING:
    from mcmap.checks.context import Entry
    from mcmap.load.yamlpos import Document
    from mcmap.taxonomy import Taxonomy

DEFAULT_TITLE = "Micro-credential catalogue: QA mapping report"


def build_report(
    paths: Sequence[str],
    taxonomy: Taxonomy,
    *,
    title: str = DEFAULT_TITLE,
    date: dt.date | None = None,
    top_k: int = 5,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extra_taxonomies: tuple[str, ...] = (),
) -> Report:
    """The report for every credential under ``paths``; InputError when there is none."""
    from mcmap.align.engine import provenance
    from mcmap.checks.context import CheckContext
    from mcmap.validate import check_entries, read_entries

    sources, problems = discover(list(paths))
    entries: list[Entry] = []
    for source in sources:
        entries.extend(read_entries(source, max_bytes, problems))
    problems.extend(check_entries(entries, CheckContext(extra_taxonomies=extra_taxonomies)))
    findings = tuple(sorted(set(problems)))
    loaded = sorted(
        (
            (Credential.from_document(e.doc.data), e.doc.source, e.doc.locate(())[0])
            for e in entries
            if e.kind == "credential"
        ),
        key=lambda item: (item[0].id, item[1], item[2]),
    )
    if not loaded:
        raise _nothing_found(paths, findings)
    pathway_docs: list[Document] = [e.doc for e in entries if e.kind == "pathway"]
    mappings = map_credentials(loaded, taxonomy, top_k=top_k)
    evaluated = evaluate(pathway_docs, loaded, date)
    credentials = tuple(_entry(m, findings, loaded, evaluated) for m in mappings)
    prov = provenance(taxonomy, top_k)
    prov["pathways"] = (
        "each pathway among the inputs evaluated by mcmap.stack with the whole catalogue as held "
        "credentials" + (f", as of {date.isoformat()}" if date else ", age rules as of the run date")
        if evaluated.available
        else "stacking evaluation pending: mcmap.stack is not available in this build"
    )
    prov["workload"] = "credits converted to ECTS with mcmap.frameworks.convert_credits; hours with hours_for"
    return Report(
        title=title,
        date=date.isoformat() if date else None,
        inputs=tuple(paths),
        summary=summarise(credentials, findings),
        credentials=credentials,
        pathways=evaluated.pathways,
        findings=findings,
        provenance=prov,
    )


def _nothing_found(paths: Sequence[str], findings: Sequence[Problem]) -> InputError:
    errors = [p for p in findings if p.severity.value == "error"]
    where = " ".join(paths)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        return InputError(
            f"no credential could be read from {where}: "
            f"{first.location()}: {first.code}: {first.message}{more}",
            hint=f"run: mcmap validate {where}",
        )
    return InputError(
        f"no credentials found in {where}",
        hint="give files or folders holding 'mcmap: credential/1' YAML documents",
    )


def _owned(findings: Sequence[Problem], source: str, line: int, starts: Sequence[int]) -> tuple[Problem, ...]:
    """Findings in the credential's document: same file, from its first line to the next document's."""
    following = [s for s in starts if s > line]
    end = min(following) if following else None
    return tuple(
        p
        for p in findings
        if p.file == source and (p.line >= line or p.line == 0) and (end is None or p.line < end)
    )


def _outcomes(mapping: CredentialMapping) -> tuple[OutcomeEntry, ...]:
    domains = {o.id: o.domain for o in mapping.credential.learning_outcomes}
    out = []
    for n, o in enumerate(mapping.alignment.outcomes, 1):
        oid = o.outcome_id or str(n)
        out.append(
            OutcomeEntry(
                id=oid,
                text=o.text,
                domain=domains.get(oid),
                bloom=o.bloom.level,
                verb=o.bloom.decided_by or None,
                bloom_flags=tuple(o.bloom.flags),
                eqf_signal=round(o.level.level, 2) if o.level.level is not None else None,
                skills=tuple(
                    SkillRef(m.id, m.label, round(m.score, 1), m.green, m.digital, m.transversal)
                    for m in o.skills
                ),
                greening_topics=tuple(o.greening_topics),
                green=o.green,
            )
        )
    return tuple(out)


def _entry(
    m: CredentialMapping,
    findings: Sequence[Problem],
    loaded: Sequence[tuple[Credential, str, int]],
    evaluated: Evaluated,
) -> CredentialEntry:
    cred, lv = m.credential, m.alignment.level
    starts = [line for _, source, line in loaded if source == m.source]
    return CredentialEntry(
        id=cred.id,
        title=cred.title,
        file=m.source,
        line=m.line,
        provider=cred.provider.name if cred.provider else None,
        country=cred.country,
        claimed=m.claimed,
        inferred_eqf=lv.eqf,
        inferred_range=(lv.low, lv.high) if lv.low is not None and lv.high is not None else None,
        confidence=lv.confidence,
        verdict=m.verdict.status,
        verdict_by=m.verdict.by,
        verdict_reason=m.verdict.reason,
        green_share=m.alignment.green_share,
        workload=workload_of(cred),
        annex1_missing=cred.missing_annex1(),
        outcomes=_outcomes(m),
        evidence=tuple(lv.evidence()),
        findings=_owned(findings, m.source, m.line, starts),
        pathways=links_for(cred, evaluated),
    )
