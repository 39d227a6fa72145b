"""EU Council Recommendation (2022) on micro-credentials, Annex I: the mandatory elements.

The schema requires only what mcmap cannot work without; the rest of Annex I is checked here so
that each missing element gets its own finding with the Recommendation's wording as the hint.
"""

from __future__ import annotations

from collections.abc import Iterator

from mcmap.checks.context import CheckContext
from mcmap.checks.registry import document_check, finding
from mcmap.load.yamlpos import Document
from mcmap.problems import Problem

# (Annex I element, the descriptor fields any one of which provides it)
MANDATORY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("identification of the learner", ()),  # carried by the issued credential, not the descriptor
    ("title of the micro-credential", ("title",)),
    ("country(ies)/region of the issuer", ("country",)),
    ("awarding body(ies)", ("awarding_body", "provider")),
    ("date of issuing", ()),  # also per issued credential
    ("learning outcomes", ("learning_outcomes",)),
    (
        "notional workload needed to achieve the learning outcomes (in ECTS, wherever possible)",
        ("credits", "workload_hours"),
    ),
    ("level (and cycle, if applicable) of the learning experience (EQF, QF-EHEA), if applicable", ("level",)),
    ("type of assessment", ("assessment",)),
    ("form of participation in the learning activity", ("participation",)),
    ("type of quality assurance used to underpin the micro-credential", ("quality_assurance",)),
)


@document_check("credential")
def missing_annex1_elements(doc: Document, context: CheckContext) -> Iterator[Problem]:
    data = doc.data
    for element, fields in MANDATORY:
        if fields and not any(data.get(f) not in (None, "", [], {}) for f in fields):
            yield finding(
                doc,
                (),
                "annex1.missing",
                f"missing Annex I element: {element}",
                hint=f"add {' or '.join(repr(f) for f in fields)} (see docs/descriptors.md)",
            )


@document_check("credential")
def validity_period_order(doc: Document, context: CheckContext) -> Iterator[Problem]:
    start, end = doc.data.get("valid_from"), doc.data.get("valid_until")
    if start and end and str(end) < str(start):  # ISO dates compare as text
        yield finding(doc, ("valid_until",), "dates.order", f"valid_until {end} is before valid_from {start}")
