"""The compact on-disk format of large taxonomies (ESCO) and of ESCO occupations.

One gzip-compressed JSON object per file, stored column by column (a list per field rather than
an object per concept): it parses several times faster than one object per concept, and gzip
folds the repeated URI prefixes away. Files are written deterministically (sorted concepts,
gzip timestamp 0), so rebuilding from the same ESCO download gives the same bytes.

Layout of a taxonomy file (``format: mcmap-taxonomy/1``)::

    {"format": ..., "header": {id, name, version, language, source, source_url, licence,
                               attribution, counts},
     "concepts": {"id": [...], "label": [...], "alt_labels": [[...]], "description": [...],
                  "kind": [...], "reuse_level": [...], "broader": [[...]]},
     "collections": {"green": [row numbers], ...},
     "groups": {"id": [...], "label": [...], "broader": [[...]]}}

An occupations file (``format: mcmap-occupations/1``) has ``occupations`` columns (id, label,
alt_labels, isco_group, code, description, essential, optional) where essential and optional
are row numbers into its ``skills`` list of concept ids.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

from mcmap.errors import McmapError

TAXONOMY_FORMAT = "mcmap-taxonomy/1"
OCCUPATIONS_FORMAT = "mcmap-occupations/1"
SUFFIX = ".json.gz"

CONCEPT_COLUMNS = ("id", "label", "alt_labels", "description", "kind", "reuse_level", "broader")
OCCUPATION_COLUMNS = (
    "id", "label", "alt_labels", "isco_group", "code", "description", "essential", "optional",
)


def write_payload(payload: dict[str, Any], path: Path) -> int:
    """Write ``payload`` as deterministic gzip'd JSON; return the number of bytes written."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0 and no file name in the gzip header: same input, same bytes
    data = gzip.compress(raw.encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return len(data)


def read_payload(data: bytes, name: str, expected_format: str, error: type[McmapError]) -> Any:
    """Decode a compact file; anything unreadable becomes ``error`` (DataError or InputError)."""
    try:
        payload = json.loads(gzip.decompress(data))
    except (OSError, EOFError, zlib.error, ValueError, UnicodeDecodeError) as exc:
        raise error(
            f"{name}: not a readable mcmap taxonomy file ({type(exc).__name__}: {exc})",
            "write it with 'mcmap taxonomy import esco ... -o FILE'",
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != expected_format:
        found = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
        raise error(
            f"{name}: expected format {expected_format!r}, found {found!r}",
            "write it with 'mcmap taxonomy import esco ... -o FILE'",
        )
    return payload


def columns(payload: dict[str, Any], key: str, names: tuple[str, ...], name: str,
            error: type[McmapError]) -> tuple[dict[str, list[Any]], int]:
    """The column table ``payload[key]``, checked to hold every column with one common length."""
    table = payload.get(key)
    if not isinstance(table, dict):
        raise error(f"{name}: the {key!r} table is missing")
    missing = [c for c in names if not isinstance(table.get(c), list)]
    if missing:
        raise error(f"{name}: the {key!r} table lacks columns {', '.join(missing)}")
    lengths = {c: len(table[c]) for c in names}
    if len(set(lengths.values())) != 1:
        raise error(f"{name}: the {key!r} columns have different lengths {lengths}")
    return table, lengths[names[0]]


__all__ = [
    "CONCEPT_COLUMNS",
    "OCCUPATIONS_FORMAT",
    "OCCUPATION_COLUMNS",
    "SUFFIX",
    "TAXONOMY_FORMAT",
    "columns",
    "read_payload",
    "write_payload",
]
