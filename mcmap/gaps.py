"""Gap reports: what a set of credentials covers of a target, what is missing, what would fill it.

``analyse_gaps(credentials, against)`` measures credentials against an ESCO occupation (its
essential and optional skills), a framework level (the EQF descriptors of that level) or a
pathway (its required skills and outcomes, its level, and the stacking engine's verdict on
its rules and credit), using the alignment engine for everything that is not declared. With a
catalogue it proposes the credentials that would cover what is missing (greedy set cover:
each step takes the candidate with the largest gain, a missing essential item counting
twice an optional one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mcmap.errors import UsageError
from mcmap.recognition.coverage import Settings, cover
from mcmap.recognition.targets import Target, TargetItem, resolve_target

if TYPE_CHECKING:
    from mcmap.mapping import CredentialMapping

DEFAULT_THRESHOLD = 65.0  # the skill index's own confidence threshold
DEFAULT_SIMILARITY = 25.0  # see mcmap.recognition.similarity and docs/gaps-and-recognition.md
#: missing items are listed by relation in this order: essential skills first
RELATION_ORDER = {"essential": 0, "required": 1, "level": 1, "optional": 2}


@dataclass(frozen=True)
class GapItem:
    """A target item and the evidence covering it (none: missing)."""

    item: TargetItem
    evidence: tuple[dict[str, Any], ...] = ()

    def sort_key(self) -> tuple[int, str, str]:
        return (RELATION_ORDER.get(self.item.relation, 3), self.item.label.casefold(), self.item.id)

    def to_dict(self) -> dict[str, Any]:
        i = self.item
        return {"kind": i.kind, "id": i.id, "label": i.label, "relation": i.relation,
                "evidence": list(self.evidence)}


@dataclass(frozen=True)
class Suggestion:
    """A catalogue credential proposed to cover missing items."""

    id: str
    title: str
    file: str
    covers: tuple[str, ...]
    essential: int
    claimed_eqf: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "file": self.file, "covers": list(self.covers),
                "covers_count": len(self.covers), "covers_essential": self.essential,
                "claimed_eqf": self.claimed_eqf}


@dataclass
class GapResult:
    """The gap report; ``to_dict`` is the JSON contract (``mcmap schema gaps-result``)."""

    target: Target
    credentials: list[dict[str, Any]]
    covered: list[GapItem]
    missing: list[GapItem]
    level: dict[str, Any]
    suggestions: list[Suggestion] = field(default_factory=list)
    uncoverable: list[str] = field(default_factory=list)  # missing even with the suggestions
    stack: dict[str, Any] | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def has_gaps(self) -> bool:
        """True when something is missing, a level falls short or the stack is not complete."""
        stack_open = self.stack is not None and self.stack.get("stackable") is False
        return bool(self.missing) or self.level["status"] in ("deficit", "unsupported") or stack_open

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target.to_dict(),
            "credentials": self.credentials,
            "summary": {
                "items": len(self.covered) + len(self.missing),
                "covered": len(self.covered),
                "missing": len(self.missing),
                "missing_essential": sum(g.item.relation == "essential" for g in self.missing),
                "gaps": self.has_gaps,
            },
            "covered": [g.to_dict() for g in self.covered],
            "missing": [g.to_dict() for g in self.missing],
            "level": self.level,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "uncoverable": self.uncoverable,
            "stack": self.stack,
            "provenance": self.provenance,
        }


def analyse_gaps(
    credential_paths: Sequence[str],
    against: str,
    *,
    catalog: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    similarity: float = DEFAULT_SIMILARITY,
    taxonomy_ref: str = "esco",
    top_k: int = 5,
) -> GapResult:
    """Measure the credentials in ``credential_paths`` against ``against`` (see the module doc)."""
    from mcmap.align.engine import align_batch, provenance, skill_index
    from mcmap.mapping import map_credentials
    from mcmap.recognition.inputs import read_credentials, read_descriptors
    from mcmap.recognition.similarity import views
    from mcmap.taxonomy import load_taxonomy

    if not 50 <= threshold <= 100:  # below 50 a pair sharing no indexed word could pass unscored
        raise UsageError(f"threshold {threshold:g} is outside 50-100", hint="the default is 65")
    taxonomy = load_taxonomy(taxonomy_ref)
    target = resolve_target(against, taxonomy)
    given = read_credentials(credential_paths, "CRED")
    candidates = _catalog(catalog, {c.id for c, _, _ in given}, read_descriptors)
    mappings = map_credentials([*given, *candidates], taxonomy, top_k=top_k)
    mine, others = mappings[: len(given)], mappings[len(given):]
    index = skill_index(taxonomy, top_k)
    settings = Settings(threshold, similarity)
    outcome_items = [i for i in target.items if i.kind == "outcome"]
    aligned = align_batch([i.label for i in outcome_items], taxonomy, top_k=top_k,
                          outcome_ids=[i.id for i in outcome_items])
    target_views = {v.id: v for v in views(target.id, aligned, [[] for _ in aligned],
                                          [None for _ in aligned], index, threshold)}
    evidence = cover(target, target.items, mine, index, settings, target_views)
    items = [GapItem(i, tuple(evidence[i.id])) for i in target.items]
    covered = sorted((g for g in items if g.evidence), key=GapItem.sort_key)
    missing = sorted((g for g in items if not g.evidence), key=GapItem.sort_key)
    result = GapResult(
        target=target,
        credentials=[_credential_row(m) for m in mine],
        covered=covered,
        missing=missing,
        level=level_report(target, mine),
    )
    if catalog is not None:
        result.suggestions, result.uncoverable = suggest(
            target, missing, others, index, settings, target_views
        )
    if target.pathway is not None:
        result.stack = stack_verdict(target, given, candidates if catalog is not None else None)
    result.provenance = {
        **provenance(taxonomy, top_k),
        "gaps": {
            "threshold": threshold,
            "similarity": similarity,
            "coverage": "declared links; inferred links (top-k or the target concept scored directly) "
            "with score >= threshold; narrower ESCO concepts of a target skill",
            "level_signal_margin": 0.5,
            "suggestions": "greedy set cover over catalogue credentials: largest gain first, an essential "
            "item counting twice, ties by most essential items then id",
        },
    }
    return result


def _catalog(catalog: str | None, exclude: set[str], reader: Any) -> list[Any]:
    if catalog is None:
        return []
    from pathlib import Path

    if not Path(catalog).is_dir():
        raise UsageError(f"--catalog {catalog}: not a folder", hint="give a folder of credential files")
    found = reader([catalog], "--catalog")
    return [c for c in found.credentials if c[0].id not in exclude]


def _credential_row(m: CredentialMapping) -> dict[str, Any]:
    return {
        "id": m.credential.id,
        "title": m.credential.title,
        "file": m.source,
        "claimed": m.claimed.to_dict() if m.claimed else None,
        "inferred_eqf": m.alignment.level.eqf,
    }


def level_report(target: Target, mappings: Sequence[CredentialMapping]) -> dict[str, Any]:
    """Claimed and inferred EQF levels of the credentials against the target's level."""
    rows: list[dict[str, Any]] = []
    want = target.level.eqf if target.level else None
    for m in mappings:
        claimed = m.claimed.eqf if m.claimed else None
        inferred = m.alignment.level.eqf
        rows.append({
            "credential": m.credential.id,
            "claimed_eqf": claimed,
            "inferred_eqf": inferred,
            "claimed_deficit": None if want is None or claimed is None else max(0, want - claimed),
            "inferred_deficit": None if want is None or inferred is None else max(0, want - inferred),
        })
    if target.level is None:
        return {"target": None, "status": "not-applicable", "credentials": rows,
                "note": "ESCO occupations carry no qualification level; levels are shown for information."}
    best_claimed: int | None = max(
        (r["claimed_eqf"] for r in rows if r["claimed_eqf"] is not None), default=None
    )
    best_inferred: int | None = max(
        (r["inferred_eqf"] for r in rows if r["inferred_eqf"] is not None), default=None
    )
    if want is None:
        status, note = "not-assessable", target.level.note
    elif best_claimed is None and best_inferred is None:
        status, note = "not-assessable", "no credential has a claimed EQF level or a measurable outcome"
    elif best_claimed is not None and best_claimed < want:
        status = "deficit"
        note = f"the highest claimed level is EQF {best_claimed}, {want - best_claimed} below EQF {want}"
    elif best_inferred is not None and best_inferred < want:
        status = "unsupported"
        note = (f"a claimed level reaches EQF {want}, but the outcomes point to EQF {best_inferred} at most "
                "(alignment engine)")
    else:
        status, note = "met", f"a credential reaches EQF {want}"
    return {"target": target.level.to_dict(), "status": status, "credentials": rows, "note": note}


def suggest(
    target: Target,
    missing: Sequence[GapItem],
    candidates: Sequence[CredentialMapping],
    index: Any,
    settings: Settings,
    target_views: dict[str, Any],
) -> tuple[list[Suggestion], list[str]]:
    """Greedy set cover of the missing items by catalogue credentials."""
    wanted = [g.item for g in missing]
    essential = {i.id for i in wanted if i.relation == "essential"}
    # one batch for the whole catalogue: every piece of evidence names its credential, and each
    # is found per outcome, so splitting by credential gives what each candidate alone covers
    covers: dict[str, set[str]] = {m.credential.id: set() for m in candidates}
    for item_id, evidence in cover(target, wanted, candidates, index, settings, target_views).items():
        for e in evidence:
            covers[e["credential"]].add(item_id)
    by_id = {m.credential.id: m for m in candidates}
    remaining = {i.id for i in wanted}
    chosen: list[Suggestion] = []
    while remaining:
        pool = [cid for cid in sorted(covers) if covers[cid] & remaining]
        if not pool:
            break
        best = min(pool, key=lambda cid: _gain(covers[cid] & remaining, essential, cid))
        new = covers.pop(best) & remaining
        remaining -= new
        m = by_id[best]
        order = [i.id for i in wanted if i.id in new]
        chosen.append(Suggestion(best, m.credential.title, m.source, tuple(order), len(new & essential),
                                 m.claimed.eqf if m.claimed else None))
    return chosen, [i.id for i in wanted if i.id in remaining]


def _gain(new: set[str], essential: set[str], cid: str) -> tuple[int, int, str]:
    """Sort key of a candidate: an essential item weighs twice an optional one, so one stray
    essential match does not outrank a credential covering several optional items."""
    return (-(len(new) + len(new & essential)), -len(new & essential), cid)


def stack_verdict(
    target: Target, given: Sequence[tuple[Any, str, int]], catalog: Sequence[tuple[Any, str, int]] | None
) -> dict[str, Any] | None:
    """The stacking engine's verdict for a pathway target (rules, credit, its own gaps), and with
    a catalogue its plan: the exact completion, where the suggestions above are a greedy cover
    of the missing skills and outcomes only."""
    from mcmap.stack import LoadedCredential, evaluate_pathway

    if target.pathway is None:
        return None
    result = evaluate_pathway(
        target.pathway,
        [LoadedCredential(c, source, line) for c, source, line in given],
        catalog=None if catalog is None else [LoadedCredential(c, s, n) for c, s, n in catalog],
    )
    data = result.summary()
    if result.plan is not None:
        data["plan"] = result.plan.credentials
        data["plan_status"] = result.plan.status
    return data
