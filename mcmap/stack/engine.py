"""Stacking: evaluate held credentials against a pathway and, with a catalogue, plan the rest.

``evaluate_pathway`` is the library entry point (``mcmap stack`` and ``mcmap gaps --against
PATHWAY`` call it). It computes each credential's facts once, checks the pathway statically, lets
the solver pick the best assignment of credentials to leaves, explains the tree for it, and with
a catalogue plans the cheapest completion and verifies it by evaluating the completed stack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from mcmap.credential import Credential
from mcmap.pathway import Match, Pathway
from mcmap.problems import Problem, Severity
from mcmap.stack.evidence import EvidenceProvenance, outcome_evidence, skill_evidence
from mcmap.stack.explain import NodeResult, counted_credit, evaluate_tree, gaps_of
from mcmap.stack.facts import Facts, build_facts
from mcmap.stack.load import LoadedCredential, LoadedPathway
from mcmap.stack.model import EPS, TIME_LIMIT, Solution, Spec, solve, unmet_prerequisites
from mcmap.stack.result import Credits, Plan, StackResult
from mcmap.stack.tree import Tree
from mcmap.stack.validity import check_pathway

MINIMIZE = ("credits", "count", "hours")


def _as_loaded(items: Sequence[LoadedCredential | Credential]) -> list[LoadedCredential]:
    return [i if isinstance(i, LoadedCredential) else LoadedCredential(i, "", 0) for i in items]


def wanted_skills(pathway: Pathway) -> set[str]:
    """Concept ids the pathway asks for (required skills and match leaves)."""
    ids = {s.id for s in pathway.required_skills}
    for leaf in pathway.leaves():
        if isinstance(leaf, Match):
            ids.update(s.id for s in leaf.skills)
    return ids


def build_all_facts(
    pathway: Pathway,
    tree: Tree,
    held: Sequence[LoadedCredential],
    catalog: Sequence[LoadedCredential],
    *,
    as_of: dt.date,
    infer_skills: bool,
) -> tuple[list[Facts], EvidenceProvenance]:
    """Facts for held credentials then catalogue candidates (skills aligned in one batch)."""
    everyone = [*held, *catalog]
    creds = [c.credential for c in everyone]
    skills, prov = skill_evidence(creds, wanted_skills(pathway), infer=infer_skills)
    outcomes = outcome_evidence(creds, pathway.required_outcomes)
    facts = [
        build_facts(
            pathway,
            tree,
            c.credential,
            c.source,
            c.line,
            held=n < len(held),
            as_of=as_of,
            skills=skills[n],
            outcomes=outcomes[n],
        )
        for n, c in enumerate(everyone)
    ]
    return facts, prov


def evaluate_pathway(
    pathway: Pathway | LoadedPathway,
    credentials: Sequence[LoadedCredential | Credential],
    *,
    catalog: Sequence[LoadedCredential | Credential] | None = None,
    as_of: dt.date | None = None,
    infer_skills: bool = True,
    minimize: str = "credits",
    time_limit: float = TIME_LIMIT,
) -> StackResult:
    """Evaluate ``credentials`` against ``pathway``; with ``catalog``, also plan a completion.

    The result lists unmet rules, missing credit, skills and outcomes as data (``gaps``).
    """
    if minimize not in MINIMIZE:
        raise ValueError(f"minimize must be one of {MINIMIZE}")
    loaded = pathway if isinstance(pathway, LoadedPathway) else None
    path_obj = loaded.pathway if loaded else pathway
    assert isinstance(path_obj, Pathway)
    as_of = as_of or dt.date.today()
    tree = Tree(path_obj)
    held = _as_loaded(credentials)
    held_ids = {c.credential.id for c in held}
    pool = [c for c in _as_loaded(catalog or ()) if c.credential.id not in held_ids]
    facts, evidence_prov = build_all_facts(path_obj, tree, held, pool, as_of=as_of, infer_skills=infer_skills)
    held_facts = [f for f in facts if f.held]
    known = None if catalog is None else {f.id for f in facts}
    source = loaded.source if loaded else ""

    def locate(path: tuple[str | int, ...]) -> tuple[int, int]:
        return loaded.doc.locate(path) if loaded else (0, 0)

    findings, never = check_pathway(tree, facts, source=source, locate=locate, known_ids=known)
    findings += _twice(held_facts) + _open(path_obj, as_of, source, locate)
    lines = {n.index: locate(n.path)[0] for n in tree.nodes}
    solution = solve(
        Spec(tree, held_facts, _skill_ids(path_obj), _outcome_ids(path_obj), minimize), plan=False
    )
    invalid = any(p.severity is Severity.ERROR and p.file == source for p in findings)
    rules, credits, requirements, gaps = _explain(tree, held_facts, solution, lines, never)
    complete = rules.satisfied and credits.met and not any(g["kind"] in ("skill", "outcome") for g in gaps)
    verdict = "invalid-pathway" if invalid else "stackable" if complete else "not-yet"
    plan = None
    if catalog is not None and verdict != "invalid-pathway":
        plan = _plan(tree, facts, lines, never, path_obj, minimize, time_limit, complete)
    provenance: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "pathway_file": source,
        "catalog_candidates": len(pool),
        "evidence": evidence_prov.to_dict(),
        "solver": _solver_text(),
        "evaluation": {"status": solution.status, "variables": solution.variables},
        "credit_basis": "nominal value of each conversion; range shows the low and high ends",
    }
    from mcmap import __version__

    provenance["mcmap_version"] = __version__
    return StackResult(
        path_obj.id,
        path_obj.title,
        source,
        verdict,
        credits,
        rules,
        gaps,
        requirements,
        held_facts,
        sorted(set(findings)),
        plan,
        provenance,
    )


def _skill_ids(pathway: Pathway) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.id for s in pathway.required_skills))


def _outcome_ids(pathway: Pathway) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.id for o in pathway.required_outcomes))


def _solver_text() -> str:
    import scipy

    return f"HiGHS mixed-integer solver via scipy.optimize.milp (SciPy {scipy.__version__}), zero gap"


def _open(pathway: Pathway, as_of: dt.date, source: str, locate: Any) -> list[Problem]:
    """A pathway assessed outside its own validity period is worth a warning (not a verdict)."""
    day = as_of.isoformat()
    for key, closed in (
        ("valid_from", pathway.valid_from and day < pathway.valid_from[:10]),
        ("valid_until", pathway.valid_until and day > pathway.valid_until[:10]),
    ):
        if closed:
            line, column = locate((key,))
            return [
                Problem(
                    source,
                    line,
                    column,
                    "stack.pathway-not-open",
                    Severity.WARNING,
                    f"the pathway is not open on {day} ({key} {getattr(pathway, key)})",
                    f"$.{key}",
                    "check with the awarding body, or assess with --as-of",
                )
            ]
    return []


def _twice(held: Sequence[Facts]) -> list[Problem]:
    """The same credential id given more than once: it counts once."""
    seen: dict[str, Facts] = {}
    out = []
    for f in held:
        if f.id in seen:
            first = seen[f.id]
            out.append(
                Problem(
                    f.source,
                    f.line,
                    1,
                    "stack.counted-twice",
                    Severity.WARNING,
                    f"credential {f.id} is given twice (also {first.source}:{first.line}); it counts once",
                    hint="give each credential once",
                )
            )
        else:
            seen[f.id] = f
    return out


def _explain(
    tree: Tree,
    facts: list[Facts],
    solution: Solution,
    lines: dict[int, int],
    never: dict[int, str],
) -> tuple[NodeResult, Credits, dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    pathway = tree.pathway
    assignment = solution.assignment
    rules = evaluate_tree(tree, facts, assignment, lines, never, [i for i, f in enumerate(facts) if f.held])
    counted = sorted(assignment)
    system = pathway.credits.system
    cap = pathway.constraints.rpl_max_credits
    earned = counted_credit(facts, counted, system, cap, system)
    scale = {c: (facts[c].counted / facts[c].credit.value if facts[c].credit.value else 0.0) for c in counted}
    low = sum(facts[c].credit.min * scale[c] for c in counted)
    high = sum(facts[c].credit.max * scale[c] for c in counted)
    conversions = [
        {
            "credential": facts[c].id,
            "counted": round(facts[c].counted, 3),
            "rpl": facts[c].rpl,
            **facts[c].credit.to_dict(),
        }
        for c in counted
    ]
    credits = Credits(
        earned, pathway.credits.required, system, min(low, earned), max(high, earned), conversions
    )
    gaps = gaps_of(rules)
    if not credits.met:
        gaps.append(
            {
                "kind": "credits",
                "message": f"needs {pathway.credits.required - earned:.2f} more "
                f"{system} (counted {earned:.2f} of {pathway.credits.required:g})",
                "missing_credits": round(pathway.credits.required - earned, 3),
                "system": system,
            }
        )
    for g in gaps:
        g.setdefault("kind", "rule")
    requirements: dict[str, list[dict[str, Any]]] = {"skills": [], "outcomes": []}
    for skill in pathway.required_skills:
        by = [
            {"credential": facts[c].id, **facts[c].skills[skill.id].to_dict()}
            for c in counted
            if skill.id in facts[c].skills
        ]
        requirements["skills"].append({"id": skill.id, "label": skill.label, "covered": bool(by), "by": by})
        if not by:
            gaps.append(
                {
                    "kind": "skill",
                    "skill": skill.id,
                    "label": skill.label,
                    "message": f"no counted credential evidences {skill.label or skill.id}",
                }
            )
    for outcome in pathway.required_outcomes:
        by = [
            {"credential": facts[c].id, **facts[c].outcomes[outcome.id].to_dict()}
            for c in counted
            if outcome.id in facts[c].outcomes
        ]
        requirements["outcomes"].append(
            {"id": outcome.id, "text": outcome.text, "covered": bool(by), "by": by}
        )
        if not by:
            gaps.append(
                {
                    "kind": "outcome",
                    "outcome": outcome.id,
                    "message": f"no counted credential covers {outcome.id}: {outcome.text}",
                }
            )
    for c, f in enumerate(facts):
        if f.held and c not in assignment:
            blocked = f.excluded + unmet_prerequisites(pathway, facts, c)
            why = (
                "; ".join(blocked)
                if blocked
                else "it meets no leaf of the rule tree"
                if not f.eligible()
                else "every leaf it meets is already filled"
            )
            gaps.append(
                {"kind": "not-counted", "credential": f.id, "message": f"{f.id} does not count: {why}"}
            )
    return rules, credits, requirements, gaps


def _plan(
    tree: Tree,
    facts: list[Facts],
    lines: dict[int, int],
    never: dict[int, str],
    pathway: Pathway,
    minimize: str,
    time_limit: float,
    complete: bool,
) -> Plan:
    candidates = _useful(tree, facts)
    if complete:
        return Plan(
            [],
            minimize,
            "already-stackable",
            0.0,
            candidates=len(candidates),
            reasons=["the credentials given already complete the pathway"],
            verified=True,
        )
    pool = [f for f in facts if f.held] + candidates
    spec = Spec(tree, pool, _skill_ids(pathway), _outcome_ids(pathway), minimize)
    solution = solve(spec, plan=True, time_limit=time_limit)
    if solution.status == "no-solution-in-time":
        return Plan(
            None,
            minimize,
            "time-limit",
            candidates=len(candidates),
            seconds=solution.seconds,
            reasons=[
                f"no plan found within {time_limit:g} s; the search stopped before proving "
                "anything, so a plan may exist: raise --time-limit"
            ],
        )
    if solution.status == "infeasible":
        everyone = [replace(f, held=True) for f in pool]
        relaxed = solve(Spec(tree, everyone, spec.skills, spec.outcomes, minimize), plan=False)
        _, _, _, gaps = _explain(tree, everyone, relaxed, lines, never)
        reasons = [
            f"even with all {len(candidates)} usable catalogue credentials: {g['message']}"
            for g in gaps
            if g["kind"] != "not-counted"
        ] or ["no combination meets every rule at once"]
        return Plan(
            None, minimize, "no-plan", reasons=reasons, candidates=len(candidates), seconds=solution.seconds
        )
    planned = [c for c in solution.stack if not pool[c].held]
    after_facts = [replace(f, held=True) for f in (pool[c] for c in solution.stack)]
    after = solve(Spec(tree, after_facts, spec.skills, spec.outcomes, minimize), plan=False)
    rules, credits, _, gaps = _explain(tree, after_facts, after, lines, never)
    verified = rules.satisfied and credits.met and not any(g["kind"] in ("skill", "outcome") for g in gaps)
    steps = []
    where = {after_facts[c].id: leaf for c, leaf in after.assignment.items()}
    for c in sorted(planned, key=lambda i: pool[i].id):
        f = pool[c]
        leaf = where.get(f.id)
        fills = tree.nodes[leaf] if leaf is not None else None
        steps.append(
            {
                "credential": f.id,
                "file": f.source,
                "fills": None if fills is None else {"name": fills.name(), "path": fills.json_path},
                "why": "prerequisite of a planned credential" if fills is None else f"meets '{fills.name()}'",
                "credit": round(f.counted, 3),
                "hours": f.hours,
                "cost": round(_cost_of(f, minimize), 3),
            }
        )
    cost = sum(_cost_of(pool[c], minimize) for c in planned)
    return Plan(
        sorted(pool[c].id for c in planned),
        minimize,
        solution.status,
        cost,
        steps,
        reasons=[f"earned after the plan: {credits.earned:.2f} of {credits.required:g} {credits.system}"],
        verified=verified,
        candidates=len(candidates),
        seconds=solution.seconds,
    )


def _cost_of(f: Facts, minimize: str) -> float:
    if minimize == "count":
        return 1.0
    if minimize == "hours":
        return f.hours or 0.0
    return f.credit.value


def _useful(tree: Tree, facts: Sequence[Facts]) -> list[Facts]:
    """Catalogue candidates that could fill a leaf or satisfy a prerequisite."""
    needed = {r for p in tree.pathway.constraints.prerequisites for r in p.requires}
    return [f for f in facts if not f.held and (f.eligible() or f.id in needed)]


__all__ = ["EPS", "MINIMIZE", "evaluate_pathway"]
