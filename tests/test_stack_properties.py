"""Property tests for stacking: the solver against a brute-force oracle, monotonicity, plans.

The oracle enumerates every assignment of credentials to leaves (one leaf at most each) and
evaluates the tree in plain Python, so a wrong linear formulation in the solver shows up as a
disagreement on some generated pathway.

Monotonicity that holds (and is tested): for a fixed pathway, as-of date and catalogue, if a
stack S is ``stackable`` then S plus any further credentials is ``stackable``. It holds despite
caps and exclusivity because an added credential may always be left out of the assignment (it
then counts for nothing), credit caps only limit what is counted, and prerequisites only ever
gain suppliers. It does *not* hold for the per-node explanation or for ``earned`` credit being
met by the same credentials: the best assignment may move credentials between leaves.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcmap.frameworks import convert_credits, load_credit_systems

from mcmap.pathway import Pathway
from mcmap.stack import evaluate_pathway
from mcmap.stack.engine import build_all_facts
from mcmap.stack.explain import counted_credit, evaluate_tree
from mcmap.stack.load import LoadedCredential
from mcmap.stack.model import EPS, unmet_prerequisites
from mcmap.stack.tree import Tree
from tests.stack_helpers import cred, pathway_doc

AS_OF = dt.date(2026, 6, 1)
IDS = ("a", "b", "c", "d", "e")
# more examples on demand: MCMAP_STACK_EXAMPLES=500 pytest tests/test_stack_properties.py
EXAMPLES = int(os.environ.get("MCMAP_STACK_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

leaf = st.one_of(
    st.sampled_from(IDS).map(lambda i: {"credential": i}),
    st.builds(
        lambda field, count: {"match": {"isced_f": [field], "count": count}},
        st.sampled_from(["08", "07", "0811"]),
        st.integers(1, 2),
    ),
)


def _group(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    kids = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        kids.map(lambda k: {"all_of": k}),
        kids.map(lambda k: {"any_of": k}),
        st.builds(lambda k, n: {"choose": {"n": min(n, len(k)), "from": k}}, kids, st.integers(1, 3)),
        st.builds(lambda k, v: {"min_credits": {"value": v, "from": k}}, kids, st.integers(1, 12)),
    )


rules = st.recursive(leaf, _group, max_leaves=5)

credential = st.builds(
    lambda cid, value, scot, field, rpl: cred(
        cid,
        ects=None if scot else value,
        credits={"system": "scqf", "value": value * 2} if scot else {"system": "ects", "value": value},
        isced_f=field,
        **({"assessment": {"type": "recognition-of-prior-learning"}} if rpl else {}),
    ),
    st.sampled_from(IDS),
    st.integers(1, 6),
    st.booleans(),
    st.sampled_from(["0811", "0712", "0819"]),
    st.booleans(),
)

constraints = st.fixed_dictionaries(
    {},
    optional={
        "rpl_max_credits": st.integers(0, 5),
        "max_credits_per_component": st.integers(2, 5),
        "prerequisites": st.builds(
            lambda pair: [{"credential": pair[0], "requires": [pair[1]]}],
            st.tuples(st.sampled_from(IDS), st.sampled_from(IDS)).filter(lambda p: p[0] != p[1]),
        ),
    },
)


def build(tree_rules: dict[str, Any], required: int, extra: dict[str, Any]) -> Pathway:
    return Pathway.from_document(pathway_doc(tree_rules, required=required, constraints=extra))


def verdict(p: Pathway, held: list[Any], **kw: Any) -> Any:
    return evaluate_pathway(p, held, as_of=AS_OF, infer_skills=False, **kw)


def oracle(p: Pathway, held: list[Any]) -> bool:
    """Stackable by brute force over every assignment of credentials to leaves."""
    tree = Tree(p)
    facts, _ = build_all_facts(
        p, tree, [LoadedCredential(c, "", 0) for c in held], [], as_of=AS_OF, infer_skills=False
    )
    options = []
    for c, f in enumerate(facts):
        usable = not unmet_prerequisites(p, facts, c)
        options.append([None, *(f.eligible() if usable else [])])
    for choice in itertools.product(*options):
        assignment = {c: leaf for c, leaf in enumerate(choice) if leaf is not None}
        ids = [facts[c].id for c in assignment]
        if len(ids) != len(set(ids)):
            continue  # a credential given twice counts once
        root = evaluate_tree(tree, facts, assignment, {}, {}, [])
        total = counted_credit(
            facts, list(assignment), p.credits.system, p.constraints.rpl_max_credits, p.credits.system
        )
        if root.satisfied and total + EPS >= p.credits.required:
            return True
    return False


@SETTINGS
@given(rules, st.integers(1, 15), constraints, st.lists(credential, max_size=4))
def test_solver_agrees_with_brute_force(tree_rules, required, extra, held):
    p = build(tree_rules, required, extra)
    result = verdict(p, held)
    if result.verdict == "invalid-pathway":
        assert not oracle(p, held)
        return
    assert result.stackable == oracle(p, held), result.to_dict()["rules"]


@SETTINGS
@given(rules, st.integers(1, 15), constraints, st.lists(credential, max_size=3), credential)
def test_adding_a_credential_never_breaks_a_stackable_stack(tree_rules, required, extra, held, added):
    p = build(tree_rules, required, extra)
    if verdict(p, held).stackable:
        assert verdict(p, [*held, added]).stackable


def _cost(c: Any) -> float:
    return convert_credits(c.credits.value, c.credits.system, "ects").value


@SETTINGS
@given(
    rules,
    st.integers(1, 15),
    constraints,
    st.lists(credential, max_size=1),
    st.lists(credential, min_size=3, max_size=4, unique_by=lambda c: c.id),
)
def test_a_plan_completes_the_pathway_at_least_cost(tree_rules, required, extra, held, catalog):
    p = build(tree_rules, required, extra)
    result = verdict(p, held, catalog=catalog)
    if result.verdict == "invalid-pathway":
        return
    pool = [c for c in catalog if c.id not in {h.id for h in held}]
    feasible = [
        sum(_cost(c) for c in subset)
        for k in range(len(pool) + 1)
        for subset in itertools.combinations(pool, k)
        if oracle(p, [*held, *subset])
    ]
    if result.plan is None or result.plan.credentials is None:
        assert not feasible
        return
    planned = [c for c in pool if c.id in result.plan.credentials]
    assert result.plan.verified
    assert verdict(p, [*held, *planned]).stackable  # the invariant, through the public API
    assert sum(_cost(c) for c in planned) == pytest.approx(min(feasible), abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 10_000, allow_nan=False), st.data())
def test_credit_conversion_round_trips(value, data):
    systems = sorted(load_credit_systems())
    a = data.draw(st.sampled_from(systems))
    b = data.draw(st.sampled_from(systems))
    there = convert_credits(value, a, b)
    back = convert_credits(there.value, b, a)
    assert back.value == pytest.approx(value, rel=1e-9, abs=1e-9)
    assert there.min <= there.value <= there.max
