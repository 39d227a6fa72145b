"""Text renderings of taxonomy results; JSON is the library's dicts, serialised as they are."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def as_json(data: Any) -> str:
    """Stable, readable JSON (the same data the library returned)."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)


def list_text(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'id':<12} {'version':<9} {'concepts':>8}  name"]
    for row in rows:
        lines.append(f"{row['id']:<12} {row['version']:<9} {row['concepts']:>8,}  {row['name']}")
    return "\n".join(lines)


def show_text(info: dict[str, Any]) -> str:
    lines = [
        f"{info['name']} ({info['id']} {info['version']}, {info['language']})",
        f"  source:      {info['source']}",
        f"  licence:     {info['licence'] or '(not stated)'}",
        f"  concepts:    {info['concepts']:,}",
    ]
    for kind, count in info["kinds"].items():
        lines.append(f"    {kind:<22} {count:>7,}")
    if info["collections"]:
        lines.append("  collections:")
        for name, count in info["collections"].items():
            lines.append(f"    {name:<22} {count:>7,}")
    lines.append(f"  with broader: {info['with_broader']:,}; groups above concepts: "
                 f"{info['groups']:,}")
    lines.append(f"  loaded from: {info['origin']}")
    if info["attribution"]:
        lines.append(info["attribution"])
    return "\n".join(lines)


def concept_text(info: dict[str, Any]) -> str:
    lines = [f"{info['label']}  <{info['id']}>"]
    for key in ("kind", "reuse_level"):
        if info[key]:
            lines.append(f"  {key.replace('_', ' ')}: {info[key]}")
    if info["collections"]:
        lines.append(f"  collections: {', '.join(info['collections'])}")
    for b in info["broader"]:
        lines.append(f"  broader: {b['label']}  <{b['id']}>")
    if info["alt_labels"]:
        lines.append("  also: " + "; ".join(info["alt_labels"]))
    if info["keywords"]:
        lines.append("  matching keywords (mcmap's own): " + "; ".join(info["keywords"]))
    if info["description"]:
        lines.append(f"  {info['description']}")
    return "\n".join(lines)


def search_text(hits: list[dict[str, Any]]) -> str:
    if not hits:
        return "no matching concepts"
    lines = []
    for hit in hits:
        via = "" if hit["matched_on"] == "label" else f"  (matched {hit['matched_label']!r})"
        tags = f"  [{', '.join(hit['collections'])}]" if hit["collections"] else ""
        lines.append(f"{hit['score']:5.1f}  {hit['label']}{via}{tags}\n       {hit['id']}")
    return "\n".join(lines)


def import_text(info: dict[str, Any]) -> str:
    lines = [f"ESCO {info['version']} ({info['alt_label_style']} alternative labels): "
             f"{info['counts']['concepts']:,} concepts"]
    extra = {k: v for k, v in info["counts"].items() if k != "concepts"}
    if extra:
        lines.append("  collections: " + ", ".join(f"{k} {v:,}" for k, v in extra.items()))
    if info["occupations"] is not None:
        lines.append(f"  occupations: {info['occupations']:,}")
    for item in info["written"]:
        lines.append(f"  wrote {item['path']} ({item['bytes'] / 1e6:.1f} MB)")
    for note in info["notes"]:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def occupation_text(info: dict[str, Any]) -> str:
    occ = info["occupation"]
    lines = [f"{occ['label']}  <{occ['id']}>", f"  ISCO group {occ['isco_group']}, "
             f"ESCO code {occ['code']}"]
    for kind in ("essential", "optional"):
        lines.append(f"  {kind} skills ({len(info[kind])}):")
        lines.extend(f"    - {s['label']}" for s in info[kind])
    return "\n".join(lines)


RENDERERS: dict[str, dict[str, Callable[[Any], str]]] = {
    "list": {"text": list_text, "json": as_json},
    "show": {"text": show_text, "json": as_json},
    "concept": {"text": concept_text, "json": as_json},
    "search": {"text": search_text, "json": as_json},
    "import": {"text": import_text, "json": as_json},
    "occupation": {"text": occupation_text, "json": as_json},
}
FORMATS = ("text", "json")
