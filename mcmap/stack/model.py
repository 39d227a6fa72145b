"""The stacking problem as a small integer programme, solved exactly by HiGHS (through SciPy).

Variables: ``x[c, l]`` = credential c fills leaf l (one leaf at most per credential: semantics
rule 1), ``y[n]`` = node n is satisfied, ``z[c]`` = catalogue credential c is planned. The rule
tree becomes linear constraints (AND: y <= y_child; OR: y <= sum; choose-N: N*y <= sum; minimum
credits: value*y <= credit under the node; leaves: count*y <= credentials filling them), as do the
RPL cap, prerequisites and same-id duplicates. Evaluating a stack maximises what is met;
planning minimises the cost of the planned credentials with everything required as a constraint.
HiGHS proves optimality (zero relative gap) unless the time limit stops it first, which the
solution then says.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from mcmap.pathway import AllOf, AnyOf, Choose, CredentialRef, Match, MinCredits, Pathway
from mcmap.stack.facts import Facts
from mcmap.stack.tree import Tree

EPS = 1e-6  # credit comparisons tolerate float rounding (3 x 1/3 ECTS is 1 ECTS)
TIME_LIMIT = 20.0  # seconds; past it the best plan found is returned, flagged as not proven optimal
TIE_BREAK_LIMIT = 5.0  # seconds for preferring fewer credentials among plans of equal cost


@dataclass
class Solution:
    """What the solver decided: the stack, who fills which leaf, and how sure it is."""

    status: str  # optimal | time-limit | infeasible | no-solution-in-time
    assignment: dict[int, int] = field(default_factory=dict)  # fact index -> leaf index
    stack: list[int] = field(default_factory=list)  # fact indices in the stack (held + planned)
    seconds: float = 0.0
    gap: float | None = None
    variables: int = 0


class _Lp:
    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def var(self, cost: float = 0.0, lb: float = 0.0, ub: float = 1.0, integer: bool = True) -> int:
        self.cost.append(cost)
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, coeffs: dict[int, float], lb: float = -float("inf"), ub: float = float("inf")) -> None:
        self.rows.append((coeffs, lb, ub))

    def solve(self, time_limit: float) -> Any:
        """Minimise ``cost`` with HiGHS; returns SciPy's OptimizeResult."""
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import coo_matrix

        rows, cols, vals = [], [], []
        for r, (coeffs, _, _) in enumerate(self.rows):
            for var, value in coeffs.items():
                rows.append(r)
                cols.append(var)
                vals.append(value)
        matrix = coo_matrix((vals, (rows, cols)), shape=(max(len(self.rows), 1), len(self.cost)))
        constraints = [LinearConstraint(matrix.tocsr(), [r[1] for r in self.rows], [r[2] for r in self.rows])]
        return milp(
            np.array(self.cost),
            integrality=np.array(self.integer),
            bounds=Bounds(self.lb, self.ub),
            constraints=constraints if self.rows else [],
            options={"time_limit": time_limit, "mip_rel_gap": 0.0, "presolve": True},
        )


@dataclass
class Spec:
    """The problem: pathway tree, credentials (held and candidates), what must be covered."""

    tree: Tree
    facts: list[Facts]
    skills: tuple[str, ...]  # required skill ids
    outcomes: tuple[str, ...]  # required outcome ids
    minimize: str = "credits"  # credits | count | hours


def _cost(facts: Facts, minimize: str) -> float:
    if minimize == "count":
        return 1.0
    if minimize == "hours":
        return facts.hours if facts.hours is not None else facts.credit.value * 27.5
    return facts.credit.value


def _suppliers(spec: Spec, c: int) -> list[list[int]] | None:
    """For each prerequisite of credential c, the credentials that satisfy it; None: none can."""
    me = spec.facts[c]
    needs: list[list[int]] = []
    for rule in spec.tree.pathway.constraints.prerequisites:
        if rule.credential != me.id:
            continue
        for required in rule.requires:
            found = [
                i
                for i, f in enumerate(spec.facts)
                if f.id == required and (not rule.completed_before or _ordered(f, me))
            ]
            if not found:
                return None
            needs.append(found)
    return needs


def unmet_prerequisites(pathway: Pathway, facts: list[Facts], c: int) -> list[str]:
    """Why credential c cannot count for want of a prerequisite among ``facts`` (empty: it can)."""
    me = facts[c]
    out = []
    for rule in pathway.constraints.prerequisites:
        if rule.credential != me.id:
            continue
        for required in rule.requires:
            present = [f for f in facts if f.id == required]
            if not present:
                out.append(f"prerequisite {required} is not in the stack")
            elif rule.completed_before and not any(_ordered(f, me) for f in present):
                out.append(
                    f"prerequisite {required} was not completed before it (issue dates "
                    f"{present[0].date or 'missing'} and {me.date or 'missing'})"
                )
    return out


def _ordered(before: Facts, after: Facts) -> bool:
    return before.date is not None and after.date is not None and before.date[:10] <= after.date[:10]


def solve(spec: Spec, *, plan: bool, time_limit: float = TIME_LIMIT) -> Solution:
    """Evaluate the held credentials (``plan=False``) or plan from the candidates (``plan=True``)."""
    started = time.perf_counter()
    tree, facts, pathway = spec.tree, spec.facts, spec.tree.pathway
    lp = _Lp()
    # z: held credentials are in the stack; candidates only when planned
    z: dict[int, int] = {}
    if plan:
        for i, f in enumerate(facts):
            if not f.held:
                z[i] = lp.var(_cost(f, spec.minimize))
    x: dict[tuple[int, int], int] = {}
    for c, f in enumerate(facts):
        if not f.held and not plan:
            continue
        needs = _suppliers(spec, c)
        if needs is None:
            continue
        leaves = f.eligible()
        for leaf in leaves:
            x[c, leaf] = lp.var()
        mine = {x[c, leaf]: 1.0 for leaf in leaves}
        if not mine:
            continue
        if f.held:
            lp.row(mine, ub=1.0)
        else:
            lp.row({**mine, z[c]: -1.0}, ub=0.0)
        for group in needs:
            if any(facts[s].held for s in group):
                continue
            lp.row({**mine, **{z[s]: -1.0 for s in group if s in z}}, ub=0.0)
    by_id: dict[str, list[int]] = defaultdict(list)
    for c, f in enumerate(facts):
        by_id[f.id].append(c)
    for group in by_id.values():
        cells = {x[c, leaf]: 1.0 for c in group for leaf in facts[c].eligible() if (c, leaf) in x}
        if len(group) > 1 and cells:
            lp.row(cells, ub=1.0)
    filling: dict[int, list[tuple[int, int]]] = defaultdict(list)  # leaf -> [(c, var)]
    for (c, leaf), var in x.items():
        filling[leaf].append((c, var))
    y = [lp.var() for _ in tree.nodes]
    cap = pathway.constraints.rpl_max_credits
    for item in tree.nodes:
        n, node = item.index, item.node
        if isinstance(node, CredentialRef | Match):
            need = node.count if isinstance(node, Match) else 1
            lp.row({y[n]: float(need), **{v: -1.0 for _, v in filling[n]}}, ub=0.0)
        elif isinstance(node, AllOf):
            for child in item.children:
                lp.row({y[n]: 1.0, y[child]: -1.0}, ub=0.0)
        elif isinstance(node, AnyOf | Choose):
            need = node.n if isinstance(node, Choose) else 1
            lp.row({y[n]: float(need), **{y[ch]: -1.0 for ch in item.children}}, ub=0.0)
        elif isinstance(node, MinCredits):
            terms = _credit_terms(
                lp, facts, filling, tree.leaves_under[n], tree.system_of(item), pathway, cap
            )
            lp.row({y[n]: node.value, **terms}, ub=EPS)
    total = _credit_terms(lp, facts, filling, tree.leaves_under[0], pathway.credits.system, pathway, cap)
    covering = {
        **{("skill", s): [v for (c, _), v in x.items() if s in facts[c].skills] for s in spec.skills},
        **{("outcome", o): [v for (c, _), v in x.items() if o in facts[c].outcomes] for o in spec.outcomes},
    }
    if plan:
        if not total or not all(covering.values()):
            return Solution("infeasible", seconds=time.perf_counter() - started, variables=len(lp.cost))
        lp.lb[y[0]] = 1.0
        lp.row({v: -k for v, k in total.items()}, lb=pathway.credits.required - EPS)
        for covers in covering.values():
            lp.row({v: 1.0 for v in covers}, lb=1.0)
    else:
        # lexicographic: each top-level requirement outweighs every node, a node outweighs credit
        top = float(len(tree.nodes) + 2)
        spread = 1.0 / (1.0 + sum(f.counted for f in facts if f.held))
        lp.cost[y[0]] = -top
        for n in range(1, len(tree.nodes)):
            lp.cost[y[n]] = -1.0
        met = lp.var(-top)
        lp.row({met: pathway.credits.required, **total}, ub=EPS)
        for covers in covering.values():
            k = lp.var(-top)
            lp.row({k: 1.0, **{v: -1.0 for v in covers}}, ub=0.0)
        for (c, _), var in x.items():
            lp.cost[var] -= spread * facts[c].counted
    result = lp.solve(time_limit)
    status = "optimal" if result.status == 0 else "time-limit"
    if plan and result.x is not None and result.status == 0 and z:
        # Among plans of optimal cost, prefer fewer credentials: a second solve with the cost
        # capped at the optimum and the count as objective (exact, where a tiny weight added
        # to the cost would sit below the solver's tolerance). Any solution of it still has
        # the optimal cost, so a time limit here only leaves the tie-break unfinished.
        best = float(result.fun)
        lp.row(
            {v: lp.cost[v] for v in z.values()},
            ub=best + 1e-9 * max(1.0, abs(best)) + 1e-9,
        )
        lp.cost = [0.0] * len(lp.cost)
        for i, v in z.items():  # fewer credentials; when counting them, less credit
            lp.cost[v] = facts[i].credit.value if spec.minimize == "count" else 1.0
        second = lp.solve(min(time_limit, TIE_BREAK_LIMIT))
        if second.x is not None:
            result = second
    seconds = time.perf_counter() - started
    if result.x is None:
        # status 2 is a proof of infeasibility; anything else (a time limit) proves nothing
        return Solution(
            "infeasible" if result.status == 2 else "no-solution-in-time",
            seconds=seconds,
            variables=len(lp.cost),
        )
    values = result.x
    assignment = {c: leaf for (c, leaf), var in x.items() if values[var] > 0.5}
    stack = [c for c, f in enumerate(facts) if f.held or (c in z and values[z[c]] > 0.5)]
    gap = getattr(result, "mip_gap", None)
    return Solution(status, assignment, stack, seconds, None if gap is None else float(gap), len(lp.cost))


def _credit_terms(
    lp: _Lp,
    facts: list[Facts],
    filling: dict[int, list[tuple[int, int]]],
    leaves: tuple[int, ...],
    system: str,
    pathway: Pathway,
    cap: float | None,
) -> dict[int, float]:
    """Linear terms (negated, to sit on the <= side) for the credit counted under ``leaves``."""
    terms: dict[int, float] = {}
    rpl: dict[int, float] = {}
    for leaf in leaves:
        for c, var in filling[leaf]:
            value = facts[c].per_system.get(system, 0.0)
            (rpl if facts[c].rpl and cap is not None else terms)[var] = -value
    if rpl and cap is not None:
        # counted RPL credit r: at most the RPL credit assigned, at most the cap (in this system)
        own = pathway.credits.system
        limit = cap if system == own else cap_in(cap, own, system)
        r = lp.var(0.0, 0.0, limit, integer=False)
        lp.row({r: 1.0, **rpl}, ub=0.0)
        terms[r] = -1.0
    return terms


def cap_in(cap: float, from_system: str, to_system: str) -> float:
    """The RPL cap (pathway system) in another system; an unknown system (already a finding) keeps it."""
    from mcmap.credit_systems import convert_credits
    from mcmap.errors import UsageError

    try:
        return convert_credits(cap, from_system, to_system).value
    except UsageError:
        return cap
