"""The credential descriptor as frozen dataclasses.

``Credential.from_document`` builds the model from plain data that has already passed the
credential JSON Schema (``mcmap/schemas/credential.schema.json``); it does not re-check
what the schema checks, but a document of the wrong kind or without the schema's required
fields is still refused with an :class:`~mcmap.errors.InputError`, never a ``KeyError``.
Field names follow the YAML descriptor one to one (see ``docs/descriptors.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, fields
from typing import Any, TypeVar

from mcmap.errors import InputError

CREDENTIAL_KIND = "credential/1"

T = TypeVar("T")

#: Outcome domains, as in the EQF descriptors.
DOMAINS = ("knowledge", "skills", "responsibility-autonomy")

#: Annex I mandatory elements a catalogue descriptor can carry, and the fields holding them.
#: (Identification of the learner belongs to an issued credential, not to a catalogue entry.)
ANNEX1_MANDATORY: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "country or region of the issuer": ("country",),
    "awarding body": ("awarding_body", "provider"),
    "date of issuing": ("issue_date", "valid_from"),
    "learning outcomes": ("learning_outcomes",),
    "notional workload": ("credits", "workload_hours"),
    "level": ("level",),
    "type of assessment": ("assessment",),
    "form of participation": ("participation",),
    "type of quality assurance": ("quality_assurance",),
}


@dataclass(frozen=True, slots=True)
class Organisation:
    """A provider or awarding body."""

    name: str
    country: str | None = None
    url: str | None = None
    identifier: str | None = None

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> Organisation:
        """Build from ``{name, country?, url?, identifier?}``."""
        return _plain(cls, data, "organisation")


#: The descriptor calls it a provider or an awarding body; both are organisations.
Provider = Organisation


@dataclass(frozen=True, slots=True)
class Level:
    """A level claimed in a framework, e.g. ``Level("nfq-ie", 6)`` or ``Level("rqf", "E3")``."""

    framework: str
    level: int | str
    cycle: str | None = None

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> Level:
        """Build from ``{framework, level, cycle?}``."""
        level = level_value(required_field(data, "level", "level"))
        return cls(str(required_field(data, "framework", "level")), level, data.get("cycle"))

    def __str__(self) -> str:
        return f"{self.framework} {self.level}"


@dataclass(frozen=True, slots=True)
class Credits:
    """A credit value in a credit system, e.g. ``Credits("ects", 5)``."""

    system: str
    value: float

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> Credits:
        """Build from ``{system, value}``."""
        return _plain(cls, data, "credits")

    def __str__(self) -> str:
        return f"{self.value:g} {self.system}"


@dataclass(frozen=True, slots=True)
class SkillLink:
    """A declared link to a taxonomy concept (for ESCO, the concept URI)."""

    taxonomy: str
    id: str
    label: str | None = None

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> SkillLink:
        """Build from ``{taxonomy, id, label?}``."""
        return _plain(cls, data, "skill link")


@dataclass(frozen=True, slots=True)
class LearningOutcome:
    """One learning outcome with its id, text, EQF domain and declared skill links."""

    id: str
    text: str
    domain: str | None = None
    skills: tuple[SkillLink, ...] = ()

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> LearningOutcome:
        """Build from ``{id, text, domain?, skills?}``."""
        return cls(
            id=str(required_field(data, "id", "learning outcome")),
            text=str(required_field(data, "text", "learning outcome")),
            domain=data.get("domain"),
            skills=tuple(SkillLink.from_document(s) for s in data.get("skills") or ()),
        )


@dataclass(frozen=True, slots=True)
class AssessmentComponent:
    """One assessment method with its weight and the outcomes it assesses."""

    type: str
    weight_percent: float | None = None
    description: str | None = None
    outcomes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """Type of assessment (Annex I): main type, description and weighted components."""

    type: str
    description: str | None = None
    components: tuple[AssessmentComponent, ...] = ()

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> Assessment:
        """Build from ``{type, description?, components?}``."""
        components = tuple(
            AssessmentComponent(
                type=str(required_field(c, "type", "assessment component")),
                weight_percent=_float_or_none(c.get("weight_percent")),
                description=c.get("description"),
                outcomes=tuple(c.get("outcomes") or ()),
            )
            for c in data.get("components") or ()
        )
        return cls(str(required_field(data, "type", "assessment")), data.get("description"), components)


@dataclass(frozen=True, slots=True)
class Participation:
    """Form of participation (Annex I): online, onsite, blended, work-based, volunteering."""

    form: str
    description: str | None = None
    duration_weeks: float | None = None


@dataclass(frozen=True, slots=True)
class QualityAssurance:
    """Type of quality assurance (Annex I): internal, external or both, and by whom."""

    type: str
    body: str | None = None
    description: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Supervision:
    """Supervision and identity verification during assessment (Annex I, optional)."""

    type: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Grading:
    """Grading scheme (Annex I, optional), with the grade on an issued credential."""

    scheme: str
    description: str | None = None
    grade_achieved: str | None = None


@dataclass(frozen=True, slots=True)
class Stackability:
    """Integration / stackability options (Annex I, optional) and the pathways named."""

    type: str | None = None
    options: str | None = None
    stacks_into: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Learner:
    """Identification of the learner (Annex I), only on an issued credential."""

    name: str
    identifier: str | None = None


@dataclass(frozen=True)
class Credential:
    """A micro-credential descriptor; every optional Annex I element may be ``None``."""

    id: str
    title: str
    learning_outcomes: tuple[LearningOutcome, ...]
    description: str | None = None
    url: str | None = None
    version: str | None = None
    keywords: tuple[str, ...] = ()
    language: str | None = None
    provider: Organisation | None = None
    awarding_body: Organisation | None = None
    co_awarding_bodies: tuple[Organisation, ...] = ()
    country: str | None = None
    level: Level | None = None
    credits: Credits | None = None
    workload_hours: float | None = None
    isced_f: str | None = None
    learning_setting: str | None = None
    assessment: Assessment | None = None
    participation: Participation | None = None
    quality_assurance: QualityAssurance | None = None
    prerequisites: str | None = None
    supervision_identity_verification: Supervision | None = None
    grading: Grading | None = None
    stackability: Stackability | None = None
    further_information: str | None = None
    learner: Learner | None = None
    issue_date: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Credential:
        """Build a Credential from a schema-valid ``mcmap: credential/1`` mapping."""
        return build_checked(cls._build, doc, "credential", CREDENTIAL_KIND)

    @classmethod
    def _build(cls, doc: Mapping[str, Any]) -> Credential:
        outcomes = required_field(doc, "learning_outcomes", "credential")
        return cls(
            id=str(required_field(doc, "id", "credential")),
            title=str(required_field(doc, "title", "credential")),
            learning_outcomes=tuple(LearningOutcome.from_document(o) for o in outcomes),
            description=doc.get("description"),
            url=doc.get("url"),
            version=None if doc.get("version") is None else str(doc["version"]),
            keywords=tuple(doc.get("keywords") or ()),
            language=doc.get("language"),
            provider=_opt(doc, "provider", Organisation),
            awarding_body=_opt(doc, "awarding_body", Organisation),
            co_awarding_bodies=tuple(
                Organisation.from_document(o) for o in doc.get("co_awarding_bodies") or ()
            ),
            country=doc.get("country"),
            level=_opt(doc, "level", Level),
            credits=_opt(doc, "credits", Credits),
            workload_hours=_float_or_none(doc.get("workload_hours")),
            isced_f=doc.get("isced_f"),
            learning_setting=doc.get("learning_setting"),
            assessment=_opt(doc, "assessment", Assessment),
            participation=_opt(doc, "participation", Participation),
            quality_assurance=_opt(doc, "quality_assurance", QualityAssurance),
            prerequisites=doc.get("prerequisites"),
            supervision_identity_verification=_opt(doc, "supervision_identity_verification", Supervision),
            grading=_opt(doc, "grading", Grading),
            stackability=_opt(doc, "stackability", Stackability),
            further_information=doc.get("further_information"),
            learner=_opt(doc, "learner", Learner),
            issue_date=_date_text(doc.get("issue_date")),
            valid_from=_date_text(doc.get("valid_from")),
            valid_until=_date_text(doc.get("valid_until")),
        )

    @property
    def awarded_by(self) -> Organisation | None:
        """The awarding body, which is the provider unless stated otherwise."""
        return self.awarding_body or self.provider

    @property
    def outcome_ids(self) -> tuple[str, ...]:
        """Ids of the learning outcomes, in document order."""
        return tuple(o.id for o in self.learning_outcomes)

    def skill_links(self) -> Iterator[tuple[LearningOutcome, SkillLink]]:
        """Every declared skill link with the outcome that declares it."""
        for outcome in self.learning_outcomes:
            for link in outcome.skills:
                yield outcome, link

    def missing_annex1(self) -> tuple[str, ...]:
        """Annex I mandatory elements (catalogue-level) that this descriptor leaves out."""
        return tuple(
            element
            for element, names in ANNEX1_MANDATORY.items()
            if all(getattr(self, name) in (None, "", ()) for name in names)
        )


def level_value(value: Any) -> Any:
    """A level as written, with digit strings read as numbers: "6" and 6 name the same level."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


def required_field(data: Mapping[str, Any], key: str, what: str) -> Any:
    """A required field; its absence means the schema was skipped, so say which field."""
    if not isinstance(data, Mapping) or data.get(key) is None:
        raise InputError(
            f"{what} has no {key!r}",
            hint="validate the file first: mcmap validate FILE",
        )
    return data[key]


def build_checked(build: Callable[[Mapping[str, Any]], T], doc: Any, what: str, kind: str) -> T:
    """Check the document's kind header, then build; malformed data becomes an InputError."""
    if not isinstance(doc, Mapping):
        raise InputError(f"a {what} document must be a mapping of fields")
    if doc.get("mcmap") != kind:
        raise InputError(
            f"not a {what} document (mcmap: {doc.get('mcmap')!r})",
            hint=f"start the document with 'mcmap: {kind}'",
        )
    try:
        return build(doc)
    except (TypeError, ValueError, AttributeError) as exc:
        # Only data that skipped the schema gets here (a list where a mapping belongs...).
        raise schema_mismatch(what, doc, exc) from exc


def schema_mismatch(kind: str, doc: Mapping[str, Any], exc: Exception) -> InputError:
    """The error for a document whose shape the schema would have refused."""
    return InputError(
        f"{kind} {doc.get('id')!r} does not have the shape the {kind} schema describes ({exc})",
        hint="validate the file first: mcmap validate FILE",
    )


def _plain(cls: type[T], data: Mapping[str, Any], what: str) -> T:
    """Build a flat dataclass whose fields are named as the descriptor's keys.

    Fields without a default are required; values are coerced by the declared type (tuples,
    floats, else text), so a YAML number in a text field (a grade of 65) still reads as text.
    """
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        value = required_field(data, f.name, what) if f.default is MISSING else data.get(f.name)
        if value is None:
            continue
        kind = str(f.type)
        values[f.name] = (
            tuple(value)
            if kind.startswith("tuple")
            else float(value)
            if kind.startswith("float")
            else str(value)
        )
    return cls(**values)


def _opt(doc: Mapping[str, Any], key: str, cls: type[T]) -> T | None:
    value = doc.get(key)
    if value is None:
        return None
    build = getattr(cls, "from_document", None)
    return build(value) if build is not None else _plain(cls, value, key)


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def _date_text(value: Any) -> str | None:
    # yaml.safe_load turns unquoted dates into datetime.date; mcmap's loader keeps strings.
    return None if value is None else str(value)
