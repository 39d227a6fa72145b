"""Static checks of a pathway: defects, and rules that can never be met.

A *defect* (unknown framework, level or credit system; a level range whose minimum is above its
maximum; a prerequisite cycle) is an error. A node that can never be met (choose 3 from 2,
minimum credits above what its named components could ever give, a credential id absent from
the catalogue, a credential needed in two places at once) is an error when the whole tree can
then never be met, and a warning when the pathway stays completable without it. Any error makes
the verdict ``invalid-pathway``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence

from mcmap.errors import UsageError
from mcmap.load.yamlpos import PathKey, json_path
from mcmap.pathway import AllOf, AnyOf, Choose, CredentialRef, Match, MinCredits
from mcmap.problems import Problem, Severity
from mcmap.stack.facts import Facts
from mcmap.stack.levels import bound, range_problem
from mcmap.stack.tree import Tree

Locate = Callable[[PathKey], tuple[int, int]]
MAX_COMBINATIONS = 4096  # duplicate-id assignments tried before giving up (a warning, not an error)


def possible(tree: Tree, dead: Collection[int], index: int = 0) -> bool:
    """Could node ``index`` be met by some stack, when the ``dead`` nodes never can?"""
    if index in dead:
        return False
    item = tree.nodes[index]
    node = item.node
    alive = [possible(tree, dead, ch) for ch in item.children]
    if isinstance(node, AllOf):
        return all(alive)
    if isinstance(node, AnyOf | MinCredits):
        return any(alive)
    if isinstance(node, Choose):
        return sum(alive) >= node.n
    return True


def check_pathway(
    tree: Tree,
    facts: Sequence[Facts],
    *,
    source: str,
    locate: Locate,
    known_ids: Collection[str] | None,
) -> tuple[list[Problem], dict[int, str]]:
    """Findings about the pathway, and the nodes that can never be met (index -> why)."""
    findings: list[Problem] = []

    def add(
        path: PathKey, code: str, message: str, severity: Severity = Severity.ERROR, hint: str = ""
    ) -> None:
        line, column = locate(path)
        findings.append(Problem(source, line, column, code, severity, message, json_path(path), hint))

    _systems(tree, add)
    _ranges(tree, add)
    _cycles(tree, add)
    dead = _dead_nodes(tree, facts, known_ids)
    root_ok = possible(tree, dead)
    for index, why in sorted(dead.items()):
        item = tree.nodes[index]
        severity = Severity.WARNING if root_ok else Severity.ERROR
        tail = "; the pathway is still completable without it" if root_ok else ""
        add(
            item.path,
            "stack.never-met",
            f"'{item.name()}' can never be met: {why}{tail}",
            severity,
            "fix the rule or the catalogue; a pathway that can never be completed is reported invalid",
        )
    _total(tree, facts, known_ids, add)
    if root_ok:
        _duplicates(tree, dead, add)
    return sorted(set(findings)), dead


def _systems(tree: Tree, add: Callable[..., None]) -> None:
    from mcmap.credit_systems import get_credit_system

    wanted: list[tuple[PathKey, str]] = [(("credits", "system"), tree.pathway.credits.system)]
    wanted += [
        ((*n.path, "min_credits", "system"), tree.system_of(n))
        for n in tree.nodes
        if isinstance(n.node, MinCredits)
    ]
    for path, system in wanted:
        try:
            get_credit_system(system)
        except UsageError as exc:
            add(path, "stack.unknown-credit-system", exc.message, hint=exc.hint or "")


def _ranges(tree: Tree, add: Callable[..., None]) -> None:
    pathway = tree.pathway
    own = pathway.level.framework
    why = range_problem(own, pathway.level.level, None)
    if why:
        add(("level",), "stack.level-range", f"the pathway's own level: {why}")
    rule = pathway.constraints.component_level
    if rule is not None:
        why = range_problem(rule.framework or own, rule.min, rule.max)
        if why:
            add(("constraints", "component_level"), "stack.level-range", f"component_level: {why}")
    for item in tree.nodes:
        node = item.node
        if isinstance(node, Match) and (node.level_min is not None or node.level_max is not None):
            why = range_problem(node.framework or own, node.level_min, node.level_max)
            if why:
                add((*item.path, "match"), "stack.level-range", f"'{item.name()}': {why}")


def _cycles(tree: Tree, add: Callable[..., None]) -> None:
    rules = tree.pathway.constraints.prerequisites
    graph: dict[str, set[str]] = {}
    for rule in rules:
        graph.setdefault(rule.credential, set()).update(rule.requires)
    reported: set[frozenset[str]] = set()
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            here, trail = stack.pop()
            for nxt in sorted(graph.get(here, ())):
                if nxt == start:
                    key = frozenset(trail)
                    if key not in reported:
                        reported.add(key)
                        position = next(i for i, r in enumerate(rules) if r.credential == start)
                        add(
                            ("constraints", "prerequisites", position),
                            "stack.prerequisite-cycle",
                            f"prerequisites form a cycle: {' -> '.join([*trail, start])}; none of them "
                            "can ever be taken first",
                            hint="remove one requirement of the cycle",
                        )
                elif nxt not in trail:
                    stack.append((nxt, [*trail, nxt]))


def _upper_credit(tree: Tree, facts: Sequence[Facts], index: int, system: str) -> float | None:
    """Most credit the leaves under ``index`` could ever count (None: unbounded, a match leaf)."""
    ids: set[str] = set()
    for leaf in tree.leaves_under[index]:
        node = tree.nodes[leaf].node
        if isinstance(node, Match):
            return None
        assert isinstance(node, CredentialRef)
        ids.add(node.credential_id)
    best: dict[str, float] = {}
    for f in facts:
        if f.id in ids:
            best[f.id] = max(best.get(f.id, 0.0), f.per_system.get(system, 0.0))
    if set(best) != ids:
        return None  # a named credential we know nothing about
    return sum(best.values())


def _dead_nodes(tree: Tree, facts: Sequence[Facts], known_ids: Collection[str] | None) -> dict[int, str]:
    dead: dict[int, str] = {}
    own = tree.pathway.level.framework
    rule = tree.pathway.constraints.component_level
    for item in tree.nodes:
        node = item.node
        if isinstance(node, Choose) and node.n > len(node.children):
            dead[item.index] = f"choose {node.n} from {len(node.children)} options"
        elif isinstance(node, MinCredits) and _known_system(tree.system_of(item)):
            most = _upper_credit(tree, facts, item.index, tree.system_of(item))
            if most is not None and most + 1e-6 < node.value:
                dead[item.index] = (
                    f"needs {node.value:g} {tree.system_of(item)} but its components give at most {most:.2f}"
                )
        elif (
            isinstance(node, CredentialRef) and known_ids is not None and node.credential_id not in known_ids
        ):
            dead[item.index] = f"credential {node.credential_id} is not in the stack or the catalogue"
        elif isinstance(node, Match):
            if node.min_skills is not None and node.min_skills > len(node.skills):
                dead[item.index] = f"min_skills {node.min_skills} but only {len(node.skills)} skills listed"
            elif rule is not None and _disjoint(
                node.framework or own,
                node.level_min,
                node.level_max,
                rule.framework or own,
                rule.min,
                rule.max,
            ):
                dead[item.index] = "its level range lies outside constraints.component_level"
            elif why := range_problem(node.framework or own, node.level_min, node.level_max):
                dead[item.index] = f"its level range is unusable ({why})"
    return dead


def _known_system(system: str) -> bool:
    from mcmap.credit_systems import load_credit_systems

    return system in load_credit_systems()


def _eqf(framework: str, level: int | str | None) -> int | None:
    if level is None:
        return None
    try:
        b = bound(framework, level)
    except UsageError:
        return None
    return b.rank if framework == "eqf" else b.eqf


def _disjoint(
    fw_a: str,
    lo_a: int | str | None,
    hi_a: int | str | None,
    fw_b: str,
    lo_b: int | str | None,
    hi_b: int | str | None,
) -> bool:
    """True when two level ranges, read as EQF, cannot share a level (unknowns never disjoint)."""
    if fw_a == fw_b:
        rank = {
            lv: (bound(fw_a, lv).rank if range_problem(fw_a, lv, None) is None else None)
            for lv in (lo_a, hi_a, lo_b, hi_b)
            if lv is not None
        }
        lo1, hi1, lo2, hi2 = (rank.get(v) if v is not None else None for v in (lo_a, hi_a, lo_b, hi_b))
    else:
        lo1, hi1, lo2, hi2 = _eqf(fw_a, lo_a), _eqf(fw_a, hi_a), _eqf(fw_b, lo_b), _eqf(fw_b, hi_b)
    return (lo1 is not None and hi2 is not None and lo1 > hi2) or (
        lo2 is not None and hi1 is not None and lo2 > hi1
    )


def _total(
    tree: Tree, facts: Sequence[Facts], known_ids: Collection[str] | None, add: Callable[..., None]
) -> None:
    pathway = tree.pathway
    if not _known_system(pathway.credits.system):
        return  # already a stack.unknown-credit-system finding
    most = _upper_credit(tree, facts, 0, pathway.credits.system)
    if most is not None and most + 1e-6 < pathway.credits.required:
        add(
            ("credits", "required"),
            "stack.credits-impossible",
            f"needs {pathway.credits.required:g} {pathway.credits.system} but every component it names "
            f"gives at most {most:.2f} together",
            hint="lower credits.required or add components",
        )


def _duplicates(tree: Tree, dead: dict[int, str], add: Callable[..., None]) -> None:
    """A credential named by several leaves counts under one of them only."""
    places: dict[str, list[int]] = {}
    for index, leaf in tree.leaves():
        if isinstance(leaf, CredentialRef):
            places.setdefault(leaf.credential_id, []).append(index)
    repeated = {cid: spots for cid, spots in places.items() if len(spots) > 1}
    if not repeated:
        return
    combos = list(itertools.islice(itertools.product(*repeated.values()), MAX_COMBINATIONS + 1))
    feasible = len(combos) > MAX_COMBINATIONS or any(
        possible(tree, set(dead) | {s for spots in repeated.values() for s in spots} - set(choice))
        for choice in combos
    )
    for cid, spots in sorted(repeated.items()):
        where = ", ".join(tree.nodes[s].json_path for s in spots)
        if feasible:
            add(
                tree.nodes[spots[1]].path,
                "stack.named-twice",
                f"{cid} is named by {len(spots)} leaves ({where}); it counts under one of them only",
                Severity.WARNING,
            )
        else:
            add(
                tree.nodes[spots[1]].path,
                "stack.never-met",
                f"{cid} is needed by {len(spots)} leaves at once ({where}) but one credential counts "
                "under one leaf only, so the rules can never be met",
                hint="name it once",
            )
