"""Qualification frameworks: the loader and the lookup of frameworks and levels.

Built-in frameworks are the YAML files of the package ``mcmap.frameworks`` (the top-level
``frameworks/`` folder); users add their own with a path or the ``MCMAP_FRAMEWORKS_PATH``
environment variable (folders separated by ``os.pathsep``). The public API is re-exported by
``mcmap.frameworks`` (this module cannot be called that: the data package owns the name).
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from mcmap.errors import DataError, InputError, UsageError
from mcmap.frameworks_model import (
    Completeness,
    Domain,
    Framework,
    FrameworkReferencing,
    Level,
    Source,
    UnknownFrameworkError,
    UnknownLevelError,
    level_from,
    text_block_from,
)
from mcmap.load.yamlpos import Document, YamlProblem, parse_documents
from mcmap.resources import data_dir

ENV_PATH = "MCMAP_FRAMEWORKS_PATH"
CREDIT_SYSTEMS_FILE = "credit-systems.yaml"
MAX_FILE_BYTES = 5_000_000


# ------------------------------------------------------------------------------------ loading
def _read(text: str, source: str, builtin: bool) -> Document:
    try:
        docs = list(parse_documents(text, source))
    except YamlProblem as exc:
        raise _error(builtin, f"{source}:{exc.line}:{exc.column}: {exc.message}", exc.hint) from exc
    if not docs or not isinstance(docs[0].data, dict):
        raise _error(
            builtin, f"{source}: empty or not a YAML mapping", "start the file with 'mcmap: framework/1'"
        )
    return docs[0]


def _error(builtin: bool, message: str, hint: str = "") -> DataError | InputError:
    if builtin:
        return DataError(
            f"built-in framework data is broken: {message}",
            hint=hint or "reinstall mcmap (pip install --force-reinstall mcmap)",
        )
    return InputError(message, hint=hint or None)


def check_document(doc: Document, kind: str, builtin: bool) -> None:
    """Schema-validate ``doc`` as ``kind``; raise the first problem, located as file:line:col."""
    from mcmap.load.schemas import schema_problems

    header = doc.data.get("mcmap")
    if header != f"{kind}/1":
        raise _error(builtin, f"{doc.source}:1:1: expected 'mcmap: {kind}/1', found {header!r}")
    problems = schema_problems(doc, kind)
    if problems:
        # a typo gives "unknown property" and "missing required" together: show a few, not one
        shown = [f"{p.location()}: {p.message} at {p.path}" for p in problems[:3]]
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise _error(builtin, "; ".join(shown) + more, problems[0].hint)
    declared = {s["id"] for s in doc.data.get("sources", [])}
    _check_source_ids(doc, doc.data, (), declared, builtin)


def _check_source_ids(
    doc: Document, node: Any, path: tuple[str | int, ...], declared: set[str], builtin: bool
) -> None:
    """Every text item must point at a declared source (typos here would orphan attribution)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if (key.endswith("sources") and key != "sources") or (key == "sources" and path):
                for i, sid in enumerate(value if isinstance(value, list) else []):
                    if sid not in declared:
                        line, col = doc.locate((*path, key, i))
                        raise _error(
                            builtin,
                            f"{doc.source}:{line}:{col}: source {sid!r} is not in `sources`",
                            "add it to the file's sources list or fix the id",
                        )
            else:
                _check_source_ids(doc, value, (*path, key), declared, builtin)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_source_ids(doc, value, (*path, i), declared, builtin)


def build_framework(doc: Document, origin: str, builtin: bool) -> Framework:
    """Validate ``doc`` and turn it into a Framework, checking what the schema cannot."""
    check_document(doc, "framework", builtin)
    d = doc.data
    levels = tuple(level_from(lv) for lv in d["levels"])
    domains = tuple(
        Domain(
            x["id"],
            x["title"],
            x.get("eqf_domain"),
            x.get("group", ""),
            text_block_from(x.get("description")),
        )
        for x in d["domains"]
    )
    names: dict[str, int] = {}
    for i, lv in enumerate(levels):
        for name in (lv.id, *lv.aliases, f"#rank{lv.rank}"):
            if name.lower() in names:
                line, col = doc.locate(("levels", i))
                raise _error(builtin, f"{doc.source}:{line}:{col}: level name or rank {name!r} is used twice")
            names[name.lower()] = i
        for desc in lv.descriptors:
            if desc.domain not in {dm.id for dm in domains}:
                line, col = doc.locate(("levels", i, "descriptors", desc.domain))
                raise _error(
                    builtin,
                    f"{doc.source}:{line}:{col}: descriptor domain {desc.domain!r} "
                    "is not declared under `domains`",
                )
    credit_system = d["credit_system"]
    if credit_system is not None:
        from mcmap.credit_systems import load_credit_systems  # imports this module: import late

        if credit_system not in load_credit_systems():
            line, col = doc.locate(("credit_system",))
            raise _error(
                builtin,
                f"{doc.source}:{line}:{col}: unknown credit system {credit_system!r}",
                f"use one of: {', '.join(sorted(load_credit_systems()))}, or null",
            )
    c = d["completeness"]
    return Framework(
        id=d["id"],
        name=d["name"],
        kind=d["kind"],
        owner=d["owner"],
        jurisdiction=tuple(d["jurisdiction"]),
        credit_system=d["credit_system"],
        domains=domains,
        levels=tuple(sorted(levels, key=lambda lv: lv.rank)),
        referencing=tuple(
            FrameworkReferencing(r["target"], r["status"], tuple(r["sources"]), r.get("note", ""))
            for r in d["referencing"]
        ),
        completeness=Completeness(c["status"], tuple(c.get("missing", ())), c.get("note", "")),
        sources=tuple(
            Source(s["id"], s["title"], s["kind"], s["primary"], s.get("url", ""), s.get("locator", ""))
            for s in d["sources"]
        ),
        origin=origin,
        short_name=d.get("short_name", ""),
        edition=d.get("edition", ""),
        licence=d.get("licence", ""),
        credit_system_note=d.get("credit_system_note", ""),
        referencing_note=d.get("referencing_note", ""),
        notes=tuple(d.get("notes", ())),
        informative=tuple(b for b in map(text_block_from, d.get("informative", ())) if b),
        intro=text_block_from(d.get("intro")),
    )


def _read_user_file(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{path}: file is larger than {MAX_FILE_BYTES:,} bytes")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read framework file: {exc.strerror}") from exc


def read_fast(text: str, source: str, builtin: bool) -> Document:
    """Parse with libyaml when available (10x faster), without positions; see build_from_text."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return _read(text, source, builtin)  # the positional parser gives the located message
    if not isinstance(data, dict):
        return _read(text, source, builtin)
    return Document(source, 0, data)


def build_from_text(text: str, source: str, origin: str, builtin: bool) -> Framework:
    """Build from YAML text; on failure, re-read with positions so the error names file:line:col.

    Only built-in files take the fast path: user files go through the positional parser, whose
    node limit stops alias bombs before they reach the schema validator.
    """
    if not builtin:
        return build_framework(_read(text, source, builtin), origin, builtin)
    try:
        return build_framework(read_fast(text, source, builtin), origin, builtin)
    except (DataError, InputError):
        return build_framework(_read(text, source, builtin), origin, builtin)


@lru_cache(maxsize=64)
def _load_user(path: str, mtime: float) -> Framework:
    text = _read_user_file(Path(path))
    return build_from_text(text, path, origin=path, builtin=False)


@cache
def _load_builtin(framework_id: str) -> Framework:
    resource = data_dir("frameworks") / f"{framework_id}.yaml"
    name = f"frameworks/{framework_id}.yaml"
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"built-in framework file {name} cannot be read: {exc}") from exc
    framework = build_from_text(text, name, origin="built-in", builtin=True)
    if framework.id != framework_id:
        raise DataError(f"built-in framework file {name} declares id {framework.id!r}")
    return framework


@lru_cache(maxsize=1)
def builtin_ids() -> tuple[str, ...]:
    """Ids of the built-in frameworks (their file names)."""
    names = (p.name for p in data_dir("frameworks").iterdir() if p.name.endswith(".yaml"))
    return tuple(sorted(n.removesuffix(".yaml") for n in names if n != CREDIT_SYSTEMS_FILE))


def _env_index() -> dict[str, str]:
    """Framework id -> file, for every framework found under MCMAP_FRAMEWORKS_PATH."""
    return dict(_env_index_for(os.environ.get(ENV_PATH, "")))


@lru_cache(maxsize=8)
def _env_index_for(value: str) -> tuple[tuple[str, str], ...]:
    index: dict[str, str] = {}
    for folder in filter(None, value.split(os.pathsep)):
        base = Path(folder)
        if not base.is_dir():
            raise UsageError(f"{ENV_PATH} names {folder!r}, which is not a folder")
        for path in sorted([*base.glob("*.yaml"), *base.glob("*.yml")]):
            text = _read_user_file(path)
            if "mcmap: framework/" not in text:
                continue  # other mcmap documents may share the folder
            framework = _load_user(str(path), path.stat().st_mtime)
            index.setdefault(framework.id, str(path))  # the first folder wins, as with PATH
    return tuple(sorted(index.items()))


def framework_ids() -> list[str]:
    """Ids of every framework available: built-in and from MCMAP_FRAMEWORKS_PATH."""
    return sorted({*builtin_ids(), *_env_index()})


def load_framework(id_or_path: str | os.PathLike[str]) -> Framework:
    """A framework by id (built-in or from MCMAP_FRAMEWORKS_PATH, which wins) or by YAML path."""
    text = str(id_or_path)
    if (
        isinstance(id_or_path, os.PathLike)
        or text.endswith((".yaml", ".yml"))
        or "/" in text
        or os.sep in text
    ):
        path = Path(text)
        if not path.is_file():
            raise InputError(f"{text}: framework file not found")
        return _load_user(str(path), path.stat().st_mtime)
    key = text.strip().lower()
    env = _env_index()
    if key in env:
        path = Path(env[key])
        return _load_user(str(path), path.stat().st_mtime)
    if key in builtin_ids():
        return _load_builtin(key)
    raise UnknownFrameworkError(text, framework_ids())


def list_frameworks() -> list[Framework]:
    """Every available framework, sorted by id."""
    return [load_framework(fid) for fid in framework_ids()]


def find_level(framework: Framework | str, level: int | str) -> Level | None:
    """The level named ``level`` (4, "4", "E1", "Entry 1", "level 4"), or None."""
    fw = load_framework(framework) if isinstance(framework, str) else framework
    if isinstance(level, bool):
        return None
    key = str(level).strip().lower()
    key = key.removeprefix("level ").strip() if key.startswith("level ") else key
    for lv in fw.levels:
        if key == lv.id.lower() or key in (a.lower() for a in lv.aliases):
            return lv
    return None


def get_level(framework: Framework | str, level: int | str) -> Level:
    """Like find_level, but an unknown level is an UnknownLevelError listing the valid ones."""
    fw = load_framework(framework) if isinstance(framework, str) else framework
    found = find_level(fw, level)
    if found is None:
        ids = ", ".join(lv.id for lv in fw.levels)
        raise UnknownLevelError(f"{fw.label} has no level {level!r}", hint=f"levels: {ids}")
    return found


__all__ = [
    "CREDIT_SYSTEMS_FILE",
    "ENV_PATH",
    "Framework",
    "Level",
    "Source",
    "UnknownFrameworkError",
    "UnknownLevelError",
    "build_framework",
    "build_from_text",
    "check_document",
    "find_level",
    "framework_ids",
    "get_level",
    "list_frameworks",
    "load_framework",
    "read_fast",
]
