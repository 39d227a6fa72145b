"""Planning at catalogue scale: hundreds of candidates solved exactly, and a stopped search said."""

from __future__ import annotations

import datetime as dt
import random
import time

from mcmap.stack import evaluate_pathway
from tests.stack_helpers import cred, pathway

RULES = {
    "all_of": [
        {"credential": "c0000"},
        {
            "min_credits": {
                "value": 20,
                "from": [
                    {"match": {"isced_f": ["08"], "level_min": 5, "level_max": 6}},
                    {"match": {"isced_f": ["07"], "count": 2}},
                ],
            }
        },
        {
            "choose": {
                "n": 2,
                "from": [
                    {"match": {"countries": ["IE"]}},
                    {"match": {"countries": ["NL"]}},
                    {"match": {"keywords": ["green"], "workload_hours_min": 200}},
                ],
            }
        },
    ]
}


def catalog(n: int, seed: int = 1) -> list:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        scot = rng.random() < 0.3
        value = rng.randint(1, 10)
        out.append(
            cred(
                f"c{i:04d}",
                ects=None if scot else value,
                credits={"system": "scqf", "value": 2 * value}
                if scot
                else {"system": "ects", "value": value},
                isced_f=rng.choice(["0811", "0712", "0819", "0613"]),
                country=rng.choice(["IE", "NL", "DE"]),
                level={"framework": "eqf", "level": rng.choice([4, 5, 6])},
                keywords=rng.sample(["green", "digital", "data", "soil"], 2),
                workload_hours=value * 27,
            )
        )
    return out


def test_three_hundred_candidates_are_planned_exactly():
    p = pathway(RULES, required=40, constraints={"max_credits_per_component": 7.5})
    # correctness only; planning speed is measured by `python -m tests.test_stack_scale`
    result = evaluate_pathway(p, [], catalog=catalog(300), as_of=dt.date(2026, 6, 1), infer_skills=False)
    plan = result.plan
    assert plan is not None and plan.status == "optimal" and plan.verified
    # 40 ECTS needed, no component counts above 7.5: the cheapest plan takes exactly 40
    assert plan.cost == 40 and "c0000" in plan.credentials
    held = [c for c in catalog(300) if c.id in plan.credentials]
    assert evaluate_pathway(p, held, as_of=dt.date(2026, 6, 1), infer_skills=False).stackable


def test_a_search_stopped_by_the_time_limit_says_so(monkeypatch):
    from mcmap.stack import model

    real = model._Lp.solve

    def stopped(self, time_limit):
        result = real(self, time_limit)
        result.status, result.x = 1, None  # what HiGHS returns when stopped before any solution
        return result

    monkeypatch.setattr(model._Lp, "solve", stopped)
    p = pathway(RULES, required=40)
    plan = evaluate_pathway(p, [], catalog=catalog(30), as_of=dt.date(2026, 6, 1), infer_skills=False).plan
    assert plan is not None and plan.credentials is None
    assert plan.status == "time-limit" and not plan.proven_optimal
    assert "a plan may exist: raise --time-limit" in plan.reasons[0]


def main(sizes: list[int]) -> None:
    """Print planning times: ``python -m tests.test_stack_scale 100 300 1000``."""
    p = pathway(RULES, required=40, constraints={"max_credits_per_component": 7.5})
    for n in sizes:
        pool = catalog(n)
        for minimize in ("credits", "count", "hours"):
            started = time.perf_counter()
            result = evaluate_pathway(
                p, [], catalog=pool, as_of=dt.date(2026, 6, 1), infer_skills=False, minimize=minimize
            )
            plan = result.plan
            assert plan is not None
            print(
                f"{n:5d} candidates  minimise {minimize:7s}  {plan.status:9s}  "
                f"{len(plan.credentials or []):2d} planned  cost {plan.cost or 0:8.2f}  "
                f"total {time.perf_counter() - started:5.2f} s  solver {plan.seconds:5.2f} s"
            )


if __name__ == "__main__":
    import sys

    main([int(a) for a in sys.argv[1:]] or [100, 300, 1000])
