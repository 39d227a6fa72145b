"""The fast, diff-friendly JSON writer produces exactly the same data as json.dumps."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mcmap.render.jsontext import dumps

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@given(JSON, st.integers(min_value=0, max_value=4))
def test_round_trip(data: Any, depth: int) -> None:
    assert json.loads(dumps(data, inline_depth=depth)) == data


def test_records_below_the_depth_are_one_line() -> None:
    text = dumps({"items": [{"a": 1, "b": [1, 2]}, {"a": 2, "b": []}]}, inline_depth=2)
    assert text.splitlines() == [
        "{", '  "items": [', '    {"a": 1, "b": [1, 2]},', '    {"a": 2, "b": []}', "  ]", "}"]
