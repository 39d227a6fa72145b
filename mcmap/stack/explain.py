"""Evaluate the rule tree for one assignment of credentials to leaves, explaining every node.

The solver chooses the assignment; this module recomputes each node's status from it in plain
Python (so the explanation never depends on solver internals) and words what was counted and
what is missing. Gaps are read top-down from the unmet nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcmap.pathway import AllOf, AnyOf, Choose, CredentialRef, Match, MinCredits
from mcmap.stack.facts import Facts
from mcmap.stack.model import EPS, cap_in, unmet_prerequisites
from mcmap.stack.tree import IndexedNode, Tree


@dataclass
class NodeResult:
    """One evaluated node of the rule tree."""

    item: IndexedNode
    line: int
    satisfied: bool
    explanation: str
    credentials: list[str]
    credits: float
    system: str
    children: list[NodeResult] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    never: str = ""  # why the node can never be met (from the pathway checks)

    @property
    def status(self) -> str:
        """``met``, ``not-met`` or ``can-never-be-met``."""
        if self.never and not self.satisfied:
            return "can-never-be-met"
        return "met" if self.satisfied else "not-met"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, children nested."""
        node = self.item.node
        data: dict[str, Any] = {
            "kind": self.item.kind,
            "id": node.info.id,
            "label": node.info.label,
            "path": self.item.json_path,
            "line": self.line,
            "status": self.status,
            "satisfied": self.satisfied,
            "explanation": self.explanation,
            "credentials": self.credentials,
            "credits": round(self.credits, 3),
            "system": self.system,
        }
        if isinstance(node, CredentialRef):
            data["credential"] = node.credential_id
        if isinstance(node, Choose):
            data["n"] = node.n
        if isinstance(node, MinCredits):
            data["value"] = node.value
        if isinstance(node, Match):
            data["count"] = node.count
        if self.candidates:
            data["candidates"] = self.candidates
        if self.children:
            data["children"] = [c.to_dict() for c in self.children]
        return data


def counted_credit(facts: list[Facts], members: list[int], system: str, cap: float | None, own: str) -> float:
    """Credit of ``members`` in ``system``, RPL credit limited to ``cap`` (pathway system ``own``)."""
    plain = sum(
        facts[c].per_system.get(system, 0.0) for c in members if not (facts[c].rpl and cap is not None)
    )
    rpl = sum(facts[c].per_system.get(system, 0.0) for c in members if facts[c].rpl and cap is not None)
    if cap is not None and rpl:
        rpl = min(rpl, cap if system == own else cap_in(cap, own, system))
    return plain + rpl


def evaluate_tree(
    tree: Tree,
    facts: list[Facts],
    assignment: dict[int, int],
    lines: dict[int, int],
    never: dict[int, str],
    shown: list[int],
) -> NodeResult:
    """Evaluate every node for ``assignment`` (fact index -> leaf index).

    ``shown`` are the credentials whose leaf checks are listed under each leaf (the held ones).
    """
    by_leaf: dict[int, list[int]] = {}
    for c, leaf in sorted(assignment.items()):
        by_leaf.setdefault(leaf, []).append(c)
    pathway = tree.pathway
    cap = pathway.constraints.rpl_max_credits
    own = pathway.credits.system

    def elsewhere(c: int, index: int) -> list[str]:
        """Where credential c counts instead (one credential, one leaf)."""
        leaf = assignment.get(c)
        if leaf is None or leaf == index:
            return []
        return [f"counted under '{tree.nodes[leaf].name()}' instead: one credential counts under one leaf"]

    def members(index: int) -> list[int]:
        return [c for leaf in tree.leaves_under[index] for c in by_leaf.get(leaf, [])]

    def visit(index: int) -> NodeResult:
        item = tree.nodes[index]
        node = item.node
        system = tree.system_of(item) if isinstance(node, MinCredits) else own
        mine = members(index)
        credit = counted_credit(facts, mine, system, cap, own)
        ids = sorted(facts[c].id for c in mine)
        kids = [visit(ch) for ch in item.children]
        met = sum(k.satisfied for k in kids)
        result = NodeResult(
            item, lines.get(index, 0), False, "", ids, credit, system, kids, never=never.get(index, "")
        )
        if isinstance(node, CredentialRef):
            result.satisfied = bool(mine)
            result.candidates = _ref_candidates(tree, node, facts, shown)
            why = [r for cand in result.candidates for r in cand["reasons"] if not cand["matches"]]
            why += [r for c in shown if facts[c].id == node.credential_id for r in elsewhere(c, index)]
            result.explanation = (
                "counted"
                if mine
                else "not in the stack"
                if not any(facts[c].id == node.credential_id for c in shown)
                else "in the stack but does not count here: " + ("; ".join(why) or "another copy counts")
            )
        elif isinstance(node, Match):
            result.satisfied = len(mine) >= node.count
            result.candidates = [
                {
                    "credential": facts[c].id,
                    "matches": facts[c].leaves[index][0] and not facts[c].excluded,
                    "counted_here": c in mine,
                    "reasons": facts[c].excluded + facts[c].leaves[index][1] + elsewhere(c, index),
                }
                for c in shown
            ]
            result.explanation = f"{len(mine)} of {node.count} matching credential(s) counted" + (
                f": {', '.join(ids)}" if ids else ""
            )
        elif isinstance(node, AllOf):
            result.satisfied = met == len(kids)
            result.explanation = f"{met} of {len(kids)} required parts met"
        elif isinstance(node, AnyOf):
            result.satisfied = met >= 1
            result.explanation = f"{met} of {len(kids)} options met (needs 1)"
        elif isinstance(node, Choose):
            result.satisfied = met >= node.n
            result.explanation = f"{met} of {len(kids)} options met (needs {node.n})"
        else:
            assert isinstance(node, MinCredits)
            result.satisfied = credit + EPS >= node.value
            result.explanation = f"{credit:.2f} of {node.value:g} {system} counted" + (
                f" from {', '.join(ids)}" if ids else ""
            )
        if result.never and not result.satisfied:
            result.explanation += f"; can never be met: {result.never}"
        return result

    return visit(0)


def _ref_candidates(
    tree: Tree, node: CredentialRef, facts: list[Facts], shown: list[int]
) -> list[dict[str, Any]]:
    out = []
    for c in shown:
        if facts[c].id == node.credential_id:
            blocked = facts[c].excluded + unmet_prerequisites(tree.pathway, facts, c)
            out.append(
                {
                    "credential": facts[c].id,
                    "matches": not blocked,
                    "reasons": blocked or ["named by the pathway", *facts[c].checks],
                }
            )
    return out


def gaps_of(result: NodeResult) -> list[dict[str, Any]]:
    """What is missing, read top-down from the unmet nodes (met subtrees need nothing)."""
    out: list[dict[str, Any]] = []

    def gap(r: NodeResult, message: str, **extra: Any) -> None:
        out.append(
            {
                "kind": "rule",
                "node": r.item.node.info.id,
                "name": r.item.name(),
                "path": r.item.json_path,
                "line": r.line,
                "message": message,
                **extra,
            }
        )

    def options(r: NodeResult) -> list[str]:
        return [k.item.name() for k in r.children if not k.satisfied]

    def visit(r: NodeResult) -> None:
        node = r.item.node
        if r.satisfied:
            return
        if isinstance(node, CredentialRef):
            gap(r, f"needs {node.credential_id}", credential=node.credential_id)
        elif isinstance(node, Match):
            missing = node.count - len(r.credentials)
            gap(r, f"needs {missing} more credential(s) matching '{r.item.name()}'", missing=missing)
        elif isinstance(node, AllOf):
            for k in r.children:
                visit(k)
        elif isinstance(node, AnyOf):
            gap(r, f"needs one of: {'; '.join(options(r))}", options=options(r))
        elif isinstance(node, Choose):
            met = sum(k.satisfied for k in r.children)
            gap(
                r,
                f"needs {node.n - met} more of: {'; '.join(options(r))}",
                missing=node.n - met,
                options=options(r),
            )
        else:
            assert isinstance(node, MinCredits)
            short = node.value - r.credits
            gap(
                r,
                f"needs {short:.2f} more {r.system} from: {'; '.join(k.item.name() for k in r.children)}",
                missing_credits=round(short, 3),
                system=r.system,
            )

    visit(result)
    return out
