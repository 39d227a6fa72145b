"""The pathway descriptor (a target qualification or stack) and its rule tree.

A pathway's ``rules`` is a tree of nodes: ``AllOf`` (AND), ``AnyOf`` (OR), ``Choose`` (at
least N of), ``MinCredits`` (credit from a group) and two kinds of leaf, ``CredentialRef``
(a credential named by id) and ``Match`` (any credential meeting criteria). This module
only builds the tree from schema-valid data and offers ways to walk it; evaluating a stack
against it is the stacking engine's job. Semantics are documented in ``docs/descriptors.md``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mcmap.credential import (
    LearningOutcome,
    Level,
    Organisation,
    SkillLink,
    build_checked,
    level_value,
    required_field,
)
from mcmap.errors import InputError

PATHWAY_KIND = "pathway/1"

#: Keys of a rule node that decide its kind; a node has exactly one of them.
NODE_KEYS = ("all_of", "any_of", "choose", "min_credits", "credential", "match")

#: Nesting deeper than this is refused: no real qualification needs it, and it keeps
#: recursive evaluation far from Python's recursion limit.
MAX_DEPTH = 50


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """Optional naming shared by every node: ``id`` and ``label`` appear in explanations."""

    id: str | None = None
    label: str | None = None
    note: str | None = None

    def describe(self, default: str) -> str:
        """The label, else the id, else ``default``."""
        return self.label or self.id or default


@dataclass(frozen=True, slots=True)
class AllOf:
    """AND: satisfied when every child is satisfied."""

    children: tuple[RuleNode, ...]
    info: NodeInfo = NodeInfo()


@dataclass(frozen=True, slots=True)
class AnyOf:
    """OR: satisfied when at least one child is satisfied."""

    children: tuple[RuleNode, ...]
    info: NodeInfo = NodeInfo()


@dataclass(frozen=True, slots=True)
class Choose:
    """Choose-N: satisfied when at least ``n`` children are satisfied."""

    n: int
    children: tuple[RuleNode, ...]
    info: NodeInfo = NodeInfo()


@dataclass(frozen=True, slots=True)
class MinCredits:
    """Satisfied when credentials under ``children`` carry ``value`` credits together.

    ``system`` is ``None`` when the pathway's own credit system applies.
    """

    value: float
    children: tuple[RuleNode, ...]
    system: str | None = None
    info: NodeInfo = NodeInfo()


@dataclass(frozen=True, slots=True)
class CredentialRef:
    """Leaf: the credential with this id."""

    credential_id: str
    info: NodeInfo = NodeInfo()


@dataclass(frozen=True, slots=True)
class Match:
    """Leaf: ``count`` distinct credentials meeting every criterion that is set."""

    framework: str | None = None
    level_min: int | str | None = None
    level_max: int | str | None = None
    isced_f: tuple[str, ...] = ()
    skills: tuple[SkillLink, ...] = ()
    min_skills: int | None = None
    workload_hours_min: float | None = None
    countries: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    quality_assurance: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    count: int = 1
    info: NodeInfo = NodeInfo()

    @property
    def skills_needed(self) -> int:
        """How many of ``skills`` a credential must evidence (all, unless ``min_skills``)."""
        return self.min_skills if self.min_skills is not None else len(self.skills)


RuleNode = AllOf | AnyOf | Choose | MinCredits | CredentialRef | Match
GroupNode = AllOf | AnyOf | Choose | MinCredits


@dataclass(frozen=True, slots=True)
class LevelRange:
    """Accepted component levels, read in ``framework`` (``None``: the pathway's framework)."""

    framework: str | None = None
    min: int | str | None = None
    max: int | str | None = None


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """``credential`` counts only with ``requires`` in the stack (issued earlier if ordered)."""

    credential: str
    requires: tuple[str, ...]
    completed_before: bool = False


@dataclass(frozen=True, slots=True)
class Constraints:
    """Conditions every component must meet, whichever rule it satisfies."""

    component_level: LevelRange | None = None
    max_age_years: float | None = None
    rpl_max_credits: float | None = None
    max_credits_per_component: float | None = None
    prerequisites: tuple[Prerequisite, ...] = ()


@dataclass(frozen=True, slots=True)
class PathwayCredits:
    """Total credit required, in the pathway's credit system."""

    system: str
    required: float


@dataclass(frozen=True)
class Pathway:
    """A target qualification that credentials stack into."""

    id: str
    title: str
    awarding_body: Organisation
    level: Level
    credits: PathwayCredits
    rules: RuleNode
    constraints: Constraints = Constraints()
    required_skills: tuple[SkillLink, ...] = ()
    required_outcomes: tuple[LearningOutcome, ...] = ()
    description: str | None = None
    qualification_type: str | None = None
    url: str | None = None
    language: str | None = None
    country: str | None = None
    isced_f: str | None = None
    further_information: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Pathway:
        """Build a Pathway from a schema-valid ``mcmap: pathway/1`` mapping."""
        return build_checked(cls._build, doc, "pathway", PATHWAY_KIND)

    @classmethod
    def _build(cls, doc: Mapping[str, Any]) -> Pathway:
        credits = required_field(doc, "credits", "pathway")
        return cls(
            id=str(required_field(doc, "id", "pathway")),
            title=str(required_field(doc, "title", "pathway")),
            awarding_body=Organisation.from_document(required_field(doc, "awarding_body", "pathway")),
            level=Level.from_document(required_field(doc, "level", "pathway")),
            credits=PathwayCredits(
                system=str(required_field(credits, "system", "pathway credits")),
                required=float(required_field(credits, "required", "pathway credits")),
            ),
            rules=build_rule(required_field(doc, "rules", "pathway")),
            constraints=_constraints(doc.get("constraints") or {}),
            required_skills=tuple(SkillLink.from_document(s) for s in doc.get("required_skills") or ()),
            required_outcomes=tuple(
                LearningOutcome.from_document(o) for o in doc.get("required_outcomes") or ()
            ),
            description=doc.get("description"),
            qualification_type=doc.get("qualification_type"),
            url=doc.get("url"),
            language=doc.get("language"),
            country=doc.get("country"),
            isced_f=doc.get("isced_f"),
            further_information=doc.get("further_information"),
            valid_from=None if doc.get("valid_from") is None else str(doc["valid_from"]),
            valid_until=None if doc.get("valid_until") is None else str(doc["valid_until"]),
        )

    def credential_ids(self) -> tuple[str, ...]:
        """Ids of the credentials the rule tree names, sorted and without repeats."""
        return tuple(sorted({n.credential_id for n in walk(self.rules) if isinstance(n, CredentialRef)}))

    def leaves(self) -> tuple[CredentialRef | Match, ...]:
        """The leaves of the rule tree, depth first, in document order."""
        return tuple(n for n in walk(self.rules) if isinstance(n, CredentialRef | Match))


def build_rule(data: Mapping[str, Any], depth: int = 0) -> RuleNode:
    """Build one rule node (and its subtree) from schema-valid data."""
    if depth > MAX_DEPTH:
        raise InputError(
            f"rule tree nested more than {MAX_DEPTH} levels deep",
            hint="flatten the rules: AND inside AND can be one all_of",
        )
    if not isinstance(data, Mapping):
        raise InputError("a rule node must be a mapping", hint="validate the file first")
    kinds = [k for k in NODE_KEYS if k in data]
    if len(kinds) != 1:
        raise InputError(
            f"a rule node needs exactly one of {', '.join(NODE_KEYS)}; found {kinds or 'none'}",
            hint="validate the file first: mcmap validate FILE",
        )
    kind = kinds[0]
    info = NodeInfo(id=data.get("id"), label=data.get("label"), note=data.get("note"))
    value = data[kind]
    if kind == "credential":
        return CredentialRef(credential_id=str(value), info=info)
    if kind == "match":
        return _match(value, info)
    if kind in ("all_of", "any_of"):
        children = tuple(build_rule(child, depth + 1) for child in value)
        return AllOf(children, info) if kind == "all_of" else AnyOf(children, info)
    children = tuple(build_rule(child, depth + 1) for child in required_field(value, "from", kind))
    if kind == "choose":
        return Choose(n=int(required_field(value, "n", "choose")), children=children, info=info)
    return MinCredits(
        value=float(required_field(value, "value", "min_credits")),
        children=children,
        system=value.get("system"),
        info=info,
    )


def walk(node: RuleNode) -> Iterator[RuleNode]:
    """Every node of the tree, depth first, parents before children, in document order."""
    yield node
    if isinstance(node, AllOf | AnyOf | Choose | MinCredits):
        for child in node.children:
            yield from walk(child)


def _match(data: Mapping[str, Any], info: NodeInfo) -> Match:
    workload = data.get("workload_hours_min")
    return Match(
        framework=data.get("framework"),
        level_min=level_value(data.get("level_min")),
        level_max=level_value(data.get("level_max")),
        isced_f=tuple(data.get("isced_f") or ()),
        skills=tuple(SkillLink.from_document(s) for s in data.get("skills") or ()),
        min_skills=data.get("min_skills"),
        workload_hours_min=None if workload is None else float(workload),
        countries=tuple(data.get("countries") or ()),
        providers=tuple(data.get("providers") or ()),
        quality_assurance=tuple(data.get("quality_assurance") or ()),
        keywords=tuple(data.get("keywords") or ()),
        count=int(data.get("count", 1)),
        info=info,
    )


def _constraints(data: Mapping[str, Any]) -> Constraints:
    level = data.get("component_level")
    return Constraints(
        component_level=None
        if level is None
        else LevelRange(
            framework=level.get("framework"),
            min=level_value(level.get("min")),
            max=level_value(level.get("max")),
        ),
        max_age_years=_num(data.get("max_age_years")),
        rpl_max_credits=_num(data.get("rpl_max_credits")),
        max_credits_per_component=_num(data.get("max_credits_per_component")),
        prerequisites=tuple(
            Prerequisite(
                credential=str(required_field(p, "credential", "prerequisite")),
                requires=tuple(required_field(p, "requires", "prerequisite")),
                completed_before=bool(p.get("completed_before", False)),
            )
            for p in data.get("prerequisites") or ()
        ),
    )


def _num(value: Any) -> float | None:
    return None if value is None else float(value)
