"""Declared skill links must name a known taxonomy and a concept that exists in it."""

from __future__ import annotations

from collections.abc import Iterator

from mcmap.checks.context import CheckContext
from mcmap.checks.registry import document_check, finding
from mcmap.load.yamlpos import Document
from mcmap.problems import Problem


@document_check("credential")
def declared_skills_exist(doc: Document, context: CheckContext) -> Iterator[Problem]:
    for i, outcome in enumerate(doc.data.get("learning_outcomes") or []):
        for j, link in enumerate(outcome.get("skills") or []):
            path = ("learning_outcomes", i, "skills", j)
            taxonomy_id, concept_id = str(link.get("taxonomy", "")), str(link.get("id", ""))
            taxonomy = context.taxonomy(taxonomy_id)
            if taxonomy is None:
                yield finding(
                    doc,
                    (*path, "taxonomy"),
                    "skill.unknown-taxonomy",
                    f"unknown taxonomy {taxonomy_id!r}",
                    hint="use a built-in id (mcmap taxonomy list) or pass --taxonomy PATH",
                )
            elif concept_id not in taxonomy.by_id:
                yield finding(
                    doc,
                    (*path, "id"),
                    "skill.unknown-concept",
                    f"{concept_id!r} is not a concept of {taxonomy.name} {taxonomy.version}",
                    hint=f"find the right id with: mcmap taxonomy search {taxonomy_id} TEXT",
                )
