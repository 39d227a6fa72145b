"""On-disk cache for derived data such as the skill index.

Files live under ``$MCMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/mcmap``, else ``~/.cache/mcmap``;
``MCMAP_NO_CACHE=1`` turns the cache off. Entries are numpy ``.npz`` archives read with
``allow_pickle=False`` (a cache file can never run code), written to a temporary file in the
same folder and renamed into place, so a reader sees either the old file or the complete new
one, and two processes building at once each publish a complete file (the last rename wins).
A file that cannot be read, or whose stored key differs, is treated as missing and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

KEY_FIELD = "__cache_key__"


def cache_enabled() -> bool:
    """False when ``MCMAP_NO_CACHE`` is set to anything but "", "0" or "false"."""
    return os.environ.get("MCMAP_NO_CACHE", "").strip().lower() in ("", "0", "false", "no")


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    explicit = os.environ.get("MCMAP_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "mcmap"


def cache_key(parts: dict[str, Any]) -> str:
    """A stable hex digest of ``parts`` (JSON with sorted keys)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("ascii")).hexdigest()


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:60]


def entry_path(kind: str, label: str, key: str) -> Path:
    """Where the entry of ``kind`` (e.g. "skill-index") for ``label`` and ``key`` lives."""
    return cache_dir() / f"{_safe(kind)}-{_safe(label)}-{key[:20]}.npz"


def load_entry(path: Path, key: str) -> dict[str, np.ndarray] | None:
    """The arrays stored at ``path``, or None if absent, unreadable, corrupt or for another key."""
    import zipfile

    import numpy as np

    if not path.is_file():
        return None
    try:
        # open the file ourselves: np.load leaks its handle when the archive is broken
        with open(path, "rb") as stream, np.load(stream, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError):
        return None  # corrupt or truncated: the caller rebuilds and overwrites it
    stored = arrays.pop(KEY_FIELD, None)
    if stored is None or str(stored) != key:
        return None
    return arrays


def save_entry(path: Path, key: str, arrays: dict[str, np.ndarray]) -> bool:
    """Atomically write ``arrays`` to ``path``; False (and no file) if the folder is unusable.

    A cache is an optimisation: failing to write one must never fail the command.
    """
    import tempfile

    import numpy as np

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            payload: dict[str, Any] = {KEY_FIELD: np.asarray(key), **arrays}
            np.savez(stream, **payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp_name, path)
        return True
    except OSError:
        return False
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def cached_rows(
    kind: str, label: str, key_parts: dict[str, Any], rows: int, compute: Callable[[], np.ndarray]
) -> np.ndarray:
    """A matrix of ``rows`` rows (e.g. one embedding per concept) from the cache, or computed and
    stored; a cached matrix of another height is stale and recomputed."""
    key = cache_key({"kind": kind, **key_parts})
    path = entry_path(kind, label, key)
    if cache_enabled():
        stored = load_entry(path, key)
        vectors = stored.get("vectors") if stored is not None else None
        if vectors is not None and vectors.shape[0] == rows:
            return vectors
    vectors = compute()
    if cache_enabled():
        save_entry(path, key, {"vectors": vectors})
    return vectors
