"""Pathways that can never be completed, found when the pathway is validated, not only stacked.

The stacking engine's static checks (impossible choose-N, minimum credit no component could
give, level ranges, prerequisite cycles, unknown credit systems, credentials named twice) run
against the credentials validated in the same run; a credential id the run does not hold is only
reported when the run holds credentials at all (a lone pathway file may reference a catalogue
kept elsewhere).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mcmap.checks.context import CheckContext, Entry
from mcmap.checks.registry import catalog_check
from mcmap.problems import Problem


@catalog_check
def pathways_can_be_completed(entries: list[Entry], context: CheckContext) -> Iterator[Problem]:
    pathways = [e for e in entries if e.kind == "pathway"]
    if not pathways:
        return
    from mcmap.credential import Credential
    from mcmap.pathway import Pathway
    from mcmap.stack.engine import build_all_facts
    from mcmap.stack.load import LoadedCredential
    from mcmap.stack.tree import Tree
    from mcmap.stack.validity import check_pathway

    credentials = [
        LoadedCredential(Credential.from_document(e.doc.data), e.doc.source, e.doc.locate(())[0])
        for e in entries
        if e.kind == "credential"
    ]
    known = {c.credential.id for c in credentials} if credentials else None
    for entry in pathways:
        pathway = Pathway.from_document(entry.doc.data)
        tree = Tree(pathway)
        facts, _ = build_all_facts(pathway, tree, [], credentials, as_of=dt.date.today(), infer_skills=False)
        findings, _ = check_pathway(
            tree, facts, source=entry.doc.source, locate=entry.doc.locate, known_ids=known
        )
        yield from findings
