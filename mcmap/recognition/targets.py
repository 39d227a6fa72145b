"""What ``mcmap gaps --against TARGET`` measures credentials against.

TARGET is read, in this order, as:

* ``occupation:LABEL-OR-URI`` / ``pathway:FILE``: an explicit kind;
* an existing file: a pathway descriptor;
* ``http(s)://...``: an ESCO occupation URI;
* ``FRAMEWORK:LEVEL`` (``eqf:6``, ``nfq-ie:7``, ``rqf:E3``): a framework level;
* anything else: an ESCO occupation label, exact (preferred or alternative, any case) or
  searched; a searched label reports the occupation chosen and the close alternatives.

Each target becomes a list of items to cover: ESCO skills (essential / optional for an
occupation, required for a pathway), pathway outcomes, or the EQF descriptors of a level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcmap.errors import UsageError

if TYPE_CHECKING:
    from mcmap.occupations import Occupation, Occupations
    from mcmap.pathway import Pathway
    from mcmap.taxonomy import Taxonomy

LEVEL_SYNTAX = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):([A-Za-z0-9]+)$")
#: the search score (rapidfuzz WRatio) a searched label needs, as in ``mcmap.occupations``
MIN_OCCUPATION_SCORE = 80.0
#: closeness (mean of WRatio and token_sort_ratio) an alternative needs to be listed
MIN_ALTERNATIVE_SCORE = 70.0
SEARCHED = 10
#: an alternative within this many points of the chosen occupation makes the choice ambiguous
AMBIGUITY_MARGIN = 5.0
ALTERNATIVES = 4
#: EQF descriptor domains and the credential outcome domain that evidences each
EQF_DOMAINS = {
    "knowledge": "knowledge",
    "skills": "skills",
    "responsibility_and_autonomy": "responsibility-autonomy",
}


@dataclass(frozen=True)
class TargetItem:
    """One thing the target asks for: a skill, an outcome or a level descriptor."""

    kind: str  # skill | outcome | descriptor
    id: str
    label: str
    relation: str  # essential | optional | required | level


@dataclass(frozen=True)
class LevelRef:
    """A level in a framework and its EQF equivalent through published referencing."""

    framework: str
    level: str
    eqf: int | None
    route: tuple[str, ...] = ()
    chained: bool = False
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework, "level": self.level, "eqf": self.eqf,
            "route": list(self.route), "chained": self.chained, "note": self.note,
        }


@dataclass(frozen=True)
class Target:
    """A resolved TARGET with the items to cover."""

    kind: str  # occupation | level | pathway
    id: str
    label: str
    query: str
    items: tuple[TargetItem, ...]
    level: LevelRef | None = None
    details: dict[str, Any] = field(default_factory=dict)
    pathway: Pathway | None = None

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.relation] = counts.get(item.relation, 0) + 1
        return {
            "kind": self.kind, "id": self.id, "label": self.label, "query": self.query,
            "level": self.level.to_dict() if self.level else None,
            "items": dict(sorted(counts.items())), **self.details,
        }


def level_ref(framework: str, level: int | str) -> LevelRef:
    """A framework level with its EQF translation (UsageError for unknown ones)."""
    from mcmap.frameworks_eqf import to_eqf
    from mcmap.frameworks_lib import get_level

    translation = to_eqf(framework, level)
    return LevelRef(framework, get_level(framework, level).id, translation.eqf,
                    tuple(translation.describe()), translation.chained, translation.note)


def resolve_target(text: str, taxonomy: Taxonomy) -> Target:
    """Read TARGET (see the module docstring); a target that cannot be read is a UsageError."""
    raw = text.strip()
    if not raw:
        raise UsageError("--against is empty",
                         hint="give an ESCO occupation, FRAMEWORK:LEVEL or a pathway file")
    lowered = raw.casefold()
    if lowered.startswith("occupation:"):
        return occupation_target(raw.split(":", 1)[1].strip(), raw, taxonomy)
    if lowered.startswith("pathway:"):
        return pathway_target(raw.split(":", 1)[1].strip(), raw)
    if Path(raw).is_file():
        return pathway_target(raw, raw)
    if lowered.startswith(("http://", "https://")):
        return occupation_target(raw, raw, taxonomy)
    syntax = LEVEL_SYNTAX.match(raw)
    if syntax:
        return level_target(syntax.group(1).lower(), syntax.group(2), raw)
    if lowered.endswith((".yaml", ".yml")) or "/" in raw:
        raise UsageError(f"--against {raw}: no such pathway file", hint="check the path")
    if ":" in raw:
        raise UsageError(
            f"--against {raw!r} is neither FRAMEWORK:LEVEL nor an occupation",
            hint="write a level as eqf:6 or nfq-ie:7, an occupation as occupation:LABEL",
        )
    return occupation_target(raw, raw, taxonomy)


def level_target(framework: str, level: str, query: str) -> Target:
    """The EQF descriptors of a framework level (national levels through their referencing)."""
    from mcmap.frameworks_lib import framework_ids, load_framework

    if framework not in framework_ids():
        raise UsageError(
            f"--against {query}: unknown framework {framework!r}",
            hint=f"known frameworks: {', '.join(framework_ids())} (see 'mcmap frameworks list')",
        )
    ref = level_ref(framework, level)
    if ref.eqf is None:
        raise UsageError(
            f"--against {query}: {framework.upper()} {ref.level} has no EQF equivalent in mcmap's data "
            f"({ref.note})",
            hint="gaps against a level are measured on EQF descriptors; give an EQF-referenced level",
        )
    eqf_level = load_framework("eqf").level(ref.eqf)
    items = tuple(
        TargetItem("descriptor", f"eqf:{ref.eqf}/{d.domain}", d.text, "level")
        for d in eqf_level.descriptors if d.domain in EQF_DOMAINS
    )
    label = f"{framework.upper()} level {ref.level}" + (f" (EQF {ref.eqf})" if framework != "eqf" else "")
    return Target("level", f"{framework}:{ref.level}", label, query, items, ref,
                  {"descriptor_source": "EQF Annex II (Council Recommendation 2017/C 189/03)"})


def pathway_target(path: str, query: str) -> Target:
    """A pathway's required skills and outcomes, and its level."""
    from mcmap.pathway import Pathway
    from mcmap.recognition.inputs import read_one

    doc, source, line = read_one(path, "--against")
    if not isinstance(doc, Pathway):
        raise UsageError(f"--against {path}: {doc.id} is a credential, not a pathway",
                         hint="compare two credentials with 'mcmap recognize FOREIGN --to LOCAL'")
    items = tuple(TargetItem("skill", s.id, s.label or s.id, "required") for s in doc.required_skills)
    items += tuple(TargetItem("outcome", o.id, o.text, "required") for o in doc.required_outcomes)
    return Target("pathway", doc.id, doc.title, query, items,
                  level_ref(doc.level.framework, doc.level.level),
                  {"file": source, "line": line,
                   "credits": {"system": doc.credits.system, "required": doc.credits.required}},
                  pathway=doc)


def occupation_target(text: str, query: str, taxonomy: Taxonomy) -> Target:
    """An ESCO occupation's essential and optional skills."""
    from mcmap.occupations import load_occupations

    occupations = load_occupations()
    occupation, details = find(text, occupations)
    essential = set(occupation.essential)
    items = tuple(
        TargetItem("skill", sid, taxonomy.label_of(sid), "essential" if sid in essential else "optional")
        for sid in (*occupation.essential, *(s for s in occupation.optional if s not in essential))
    )
    details.update({"isco_group": occupation.isco_group, "code": occupation.code,
                    "esco_version": occupations.version})
    return Target("occupation", occupation.id, occupation.label, query, items, None, details)


def find(text: str, occupations: Occupations) -> tuple[Occupation, dict[str, Any]]:
    """The occupation ``text`` names, and how it was found (with close alternatives)."""
    if text in occupations.by_id:
        return occupations.by_id[text], {"matched_by": "uri", "alternatives": []}
    if text.lower().startswith(("http://", "https://")):
        raise UsageError(f"--against: no ESCO occupation has the URI {text}",
                         hint="search by label: mcmap taxonomy occupation LABEL")
    exact = occupations.by_label.get(text.casefold())
    if exact is not None:
        if exact.label.casefold() == text.casefold():
            return exact, {"matched_by": "label", "alternatives": []}
        # an alternative label may be shared: "farmer" names several ESCO occupations
        sharing = [o for o in occupations.occupations if o.id != exact.id
                   and text.casefold() in (a.casefold() for a in o.alt_labels)]
        return exact, {
            "matched_by": "alternative label", "matched_label": text,
            "ambiguous": bool(sharing),
            "alternatives": [{"id": o.id, "label": o.label, "score": 100.0, "matched": text}
                             for o in sorted(sharing, key=lambda o: (o.label, o.id))][:ALTERNATIVES],
        }
    hits = _closest(text, occupations)
    ranked = [h for h in hits if h[2] >= MIN_OCCUPATION_SCORE]
    if not ranked:
        near = "; ".join(f"{o.label} ({s:.0f})" for o, s, _, _ in hits[:3]) or "none"
        raise UsageError(f"--against: no ESCO occupation matches {text!r} (closest: {near})",
                         hint="give an ESCO occupation label or URI; search with 'mcmap taxonomy occupation'")
    chosen, top, _, label = ranked[0]
    alternatives: list[dict[str, Any]] = [
        {"id": o.id, "label": o.label, "score": s, "matched": m}
        for o, s, _, m in ranked[1:] if s >= MIN_ALTERNATIVE_SCORE
    ][:ALTERNATIVES]
    return chosen, {
        "matched_by": "search", "score": top, "matched_label": label,
        "ambiguous": any(a["score"] >= top - AMBIGUITY_MARGIN for a in alternatives),
        "alternatives": alternatives,
    }


def _closest(text: str, occupations: Occupations) -> list[tuple[Occupation, float, float, str]]:
    """Search hits re-ranked by closeness: (occupation, score, search score, label matched).

    The occupation search (rapidfuzz WRatio) scores any label containing a query word highly
    ("tent installer" scores 90 for "solar panel installer"); averaging with token_sort_ratio,
    which weighs every word of both sides, ranks the label that says the same thing first.
    """
    from rapidfuzz import fuzz, utils

    if not text:
        return []
    hits = []
    for occ, wratio, label in occupations.search(text, limit=SEARCHED):
        sort = fuzz.token_sort_ratio(text, label, processor=utils.default_process)
        hits.append((occ, round((wratio + sort) / 2, 1), wratio, label))
    return sorted(hits, key=lambda h: (-h[1], -h[2], h[0].label, h[0].id))
