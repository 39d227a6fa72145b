"""The pathway's rule tree, indexed: every node numbered, with its JSON path and children.

Evaluator, planner and static checks refer to nodes by index; findings and explanations show
the node's ``id`` / ``label`` and its place in the pathway file (``$.rules.all_of[1]``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mcmap.load.yamlpos import PathKey, json_path
from mcmap.pathway import AllOf, AnyOf, Choose, CredentialRef, Match, MinCredits, Pathway, RuleNode

KIND_NAMES = {
    AllOf: "all_of",
    AnyOf: "any_of",
    Choose: "choose",
    MinCredits: "min_credits",
    CredentialRef: "credential",
    Match: "match",
}


@dataclass(frozen=True)
class IndexedNode:
    """One node: the rule, its key path in the document, and the indices of its children."""

    index: int
    node: RuleNode
    path: PathKey
    children: tuple[int, ...]

    @property
    def kind(self) -> str:
        """The descriptor key of this node (``all_of``, ``match``...)."""
        return KIND_NAMES[type(self.node)]

    @property
    def json_path(self) -> str:
        """``$.rules.all_of[1]``."""
        return json_path(self.path)

    def name(self) -> str:
        """Label, else id, else a description of the node."""
        node = self.node
        if isinstance(node, CredentialRef):
            return node.info.describe(node.credential_id)
        return node.info.describe(f"{self.kind} at {self.json_path}")


class Tree:
    """The indexed rule tree of a pathway."""

    def __init__(self, pathway: Pathway) -> None:
        self.pathway = pathway
        self.nodes: list[IndexedNode] = []
        self._add(pathway.rules, ("rules",))
        self.leaves_under: list[tuple[int, ...]] = [tuple(self._leaves(i)) for i in range(len(self.nodes))]
        self.systems = tuple(
            sorted({n.node.system for n in self.nodes if isinstance(n.node, MinCredits) and n.node.system})
        )

    def _add(self, node: RuleNode, path: PathKey) -> int:
        index = len(self.nodes)
        self.nodes.append(IndexedNode(index, node, path, ()))
        children: list[int] = []
        if isinstance(node, AllOf | AnyOf):
            key = "all_of" if isinstance(node, AllOf) else "any_of"
            children = [self._add(c, (*path, key, i)) for i, c in enumerate(node.children)]
        elif isinstance(node, Choose | MinCredits):
            key = "choose" if isinstance(node, Choose) else "min_credits"
            children = [self._add(c, (*path, key, "from", i)) for i, c in enumerate(node.children)]
        self.nodes[index] = IndexedNode(index, node, path, tuple(children))
        return index

    def _leaves(self, index: int) -> Iterator[int]:
        item = self.nodes[index]
        if not item.children:
            yield index
        for child in item.children:
            yield from self._leaves(child)

    @property
    def root(self) -> IndexedNode:
        """The root node."""
        return self.nodes[0]

    def leaves(self) -> Iterator[tuple[int, CredentialRef | Match]]:
        """(index, leaf) for every leaf, in document order."""
        for item in self.nodes:
            if isinstance(item.node, CredentialRef | Match):
                yield item.index, item.node

    def system_of(self, item: IndexedNode) -> str:
        """Credit system a ``min_credits`` node counts in."""
        assert isinstance(item.node, MinCredits)
        return item.node.system or self.pathway.credits.system
