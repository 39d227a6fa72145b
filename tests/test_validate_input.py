"""Hostile and unusual input: every case is a located finding or a clean skip, never a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

BOMB = (
    "\n".join(
        [f"a0: &a0 [{', '.join(['x'] * 9)}]"]
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    )
    + "\n"
)


def codes(result_json: str) -> list[str]:
    return [p["code"] for p in json.loads(result_json)["problems"]]


def test_alias_bomb_is_refused_quickly(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("mcmap: credential/1\n" + BOMB)
    result = run_cli("validate", "--format", "json", str(path), expect=1)
    assert codes(result.stdout) == ["yaml.too-large"]


def test_recursive_alias(run_cli, tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").write_text("mcmap: credential/1\na: &a [*a]\n")
    result = run_cli("validate", "--format", "json", str(tmp_path), expect=1)
    assert codes(result.stdout) == ["yaml.recursive-alias"]


def test_binary_file_is_skipped_with_warning(run_cli, tmp_path: Path) -> None:
    (tmp_path / "image.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run_cli("validate", "--format", "json", str(tmp_path), expect=0)
    assert codes(result.stdout) == ["input.binary"]
    run_cli("validate", "--strict", str(tmp_path), expect=1)


def test_non_utf8_is_located(run_cli, tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes("mcmap: credential/1\ntitle: Caf\xe9\n".encode("latin-1"))
    result = run_cli("validate", str(tmp_path), expect=1)
    assert "latin1.yaml:2:11: error: input.encoding" in result.stdout


def test_empty_file_is_skipped(run_cli, tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("   \n")
    result = run_cli("validate", "--format", "json", str(tmp_path), expect=0)
    assert codes(result.stdout) == ["input.empty"]


def test_file_over_size_limit(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("mcmap: credential/1\n" + "# padding\n" * 200)
    result = run_cli("validate", "--max-file-size", "100", "--format", "json", str(path), expect=1)
    assert codes(result.stdout) == ["input.too-large"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loop_terminates(run_cli, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "back")
    (tmp_path / "sub" / "note.yaml").write_text("just: data\n")
    result = run_cli("validate", "--format", "json", str(tmp_path), expect=0)
    assert "input.symlink-loop" in codes(result.stdout)


def test_missing_path(run_cli, tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path / "nope.yaml"), expect=1)
    assert "input.not-found" in result.stdout


def test_syntax_error_names_file_and_line(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("mcmap: credential/1\ntitle: [unclosed\nid: x\n")
    result = run_cli("validate", str(path), expect=1)
    assert f"{path}:3:" in result.stdout and "yaml.syntax" in result.stdout


def test_duplicate_key(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("mcmap: credential/1\ntitle: A\ntitle: B\n")
    result = run_cli("validate", str(path), expect=1)
    assert f"{path}:3:1: error: yaml.duplicate-key" in result.stdout


def test_unknown_kind_and_version(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("mcmap: recipe/1\n")
    (tmp_path / "b.yaml").write_text("mcmap: credential/9\n")
    result = run_cli("validate", "--format", "json", str(tmp_path), expect=1)
    assert codes(result.stdout) == ["document.kind-unknown", "document.version-unsupported"]


def test_plain_yaml_in_folder_is_a_notice_but_explicit_file_is_an_error(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("setting: 1\n")
    folder = run_cli("validate", "--format", "json", str(tmp_path), expect=0)
    assert codes(folder.stdout) == ["document.not-mcmap"]
    run_cli("validate", str(path), expect=1)


def test_thousands_of_files(run_cli, tmp_path: Path) -> None:
    for i in range(2000):
        (tmp_path / f"f{i:04d}.yaml").write_text("other: yaml\n")
    result = run_cli("validate", "--quiet", "--format", "json", str(tmp_path), expect=0)
    assert json.loads(result.stdout)["summary"]["files"] == 2000


def test_inputs_are_never_modified(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    original = b"mcmap: credential/1\ntitle: [x\n"
    path.write_bytes(original)
    before = path.stat().st_mtime_ns
    run_cli("validate", str(path), expect=1)
    assert path.read_bytes() == original and path.stat().st_mtime_ns == before


def test_stdin(run_cli) -> None:
    result = run_cli("validate", "-", input="mcmap: credential/1\ntitle: [x\n", expect=1)
    assert "<stdin>:" in result.stdout
