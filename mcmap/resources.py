"""Access to data shipped inside the package, always through importlib.resources."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from mcmap.errors import DataError

_PACKAGES = {
    "frameworks": "mcmap.frameworks",
    "taxonomies": "mcmap.taxonomies",
    "schemas": "mcmap.schemas",
}


def data_dir(kind: str) -> Traversable:
    """The packaged folder for ``kind`` ("frameworks", "taxonomies" or "schemas")."""
    try:
        return files(_PACKAGES[kind])
    except (ModuleNotFoundError, KeyError) as exc:
        raise DataError(
            f"packaged {kind} data not found",
            hint="reinstall mcmap (pip install --force-reinstall mcmap)",
        ) from exc


def data_file(kind: str, name: str) -> Traversable:
    """One packaged file; a missing file is a DataError (exit code 3), not a traceback."""
    path = data_dir(kind) / name
    if not path.is_file():
        raise DataError(
            f"packaged {kind} file {name!r} is missing",
            hint="reinstall mcmap (pip install --force-reinstall mcmap)",
        )
    return path


def list_data(kind: str, suffix: str) -> list[Traversable]:
    """Packaged files of ``kind`` whose names end with ``suffix``, sorted by name."""
    return sorted(
        (p for p in data_dir(kind).iterdir() if p.is_file() and p.name.endswith(suffix)),
        key=lambda p: p.name,
    )
