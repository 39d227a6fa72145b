"""Whatever bytes a file holds, reading it ends in documents or located problems, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcmap.load.yamlpos import YamlProblem, parse_documents
from mcmap.validate import validate_paths

YAMLISH = st.lists(
    st.sampled_from([*list("abc:-[]{}&*!|>'\"#%@`,? \n\t0123456789."), "mcmap: credential/1\n", "  - "]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_parser_raises_only_its_own_problem(text: str) -> None:
    try:
        for doc in parse_documents(text, "fuzz.yaml"):
            line, column = doc.locate(())
            assert line >= 1 and column >= 1
    except YamlProblem as problem:
        assert problem.code.startswith("yaml.") and problem.line >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | YAMLISH.map(str.encode))
def test_validate_reports_instead_of_crashing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "input.yaml"
    path.write_bytes(content)
    result = validate_paths([str(path)])
    for problem in result.problems:
        assert problem.file == str(path) and problem.code
