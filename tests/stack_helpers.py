"""Builders for stacking tests: small credentials and pathways as plain documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mcmap.credential import Credential
from mcmap.pathway import Pathway

OUTCOME = {"id": "LO1", "text": "Apply the methods of the module to a realistic case."}


def cred_doc(cid: str, *, ects: float | None = 5, **fields: Any) -> dict[str, Any]:
    """A minimal valid credential document; ``fields`` override or add descriptor keys."""
    doc: dict[str, Any] = {
        "mcmap": "credential/1",
        "id": cid,
        "title": f"Credential {cid}",
        "level": {"framework": "eqf", "level": 5},
        "issue_date": "2025-01-15",
        "isced_f": "0811",
        "country": "IE",
        "learning_outcomes": [OUTCOME],
    }
    if ects is not None:
        doc["credits"] = {"system": "ects", "value": ects}
    doc.update(fields)
    return doc


def cred(cid: str, **kw: Any) -> Credential:
    """A Credential built from :func:`cred_doc`."""
    return Credential.from_document(cred_doc(cid, **kw))


def pathway_doc(
    rules: dict[str, Any], *, required: float = 10, system: str = "ects", **fields: Any
) -> dict[str, Any]:
    """A pathway document around ``rules``."""
    doc: dict[str, Any] = {
        "mcmap": "pathway/1",
        "id": "test-pathway",
        "title": "Test pathway",
        "awarding_body": {"name": "Test Awarding Body"},
        "level": {"framework": "eqf", "level": 5},
        "credits": {"system": system, "required": required},
        "rules": rules,
    }
    doc.update(fields)
    return doc


def pathway(rules: dict[str, Any], **kw: Any) -> Pathway:
    """A Pathway built from :func:`pathway_doc`."""
    return Pathway.from_document(pathway_doc(rules, **kw))


def write(path: Path, doc: dict[str, Any]) -> Path:
    """Write one YAML document (dates and ISCED codes stay strings)."""
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def names(*ids: str) -> list[dict[str, str]]:
    """Rule leaves naming credentials."""
    return [{"credential": i} for i in ids]
