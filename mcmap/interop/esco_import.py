"""Import the official ESCO CSV download into mcmap's compact taxonomy format.

Reads what users get from the ESCO portal: the classification zip (or its extracted folder),
optionally with the relations zip/folder. Both ESCO 1.1.x (alternative labels separated by
newlines, files named ``skills_en.csv``) and 1.2.x (labels separated by `` | ``, some files
named ``..._en.csv``) are accepted; files are found by name wherever they sit in the archive.

This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcmap.errors import InputError
from mcmap.taxonomy_file import OCCUPATIONS_FORMAT, SUFFIX, TAXONOMY_FORMAT, write_payload

ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
LICENCE = (
    "ESCO classification, European Commission: reuse authorised with acknowledgement of the "
    "source (Commission Decision 2011/833/EU)"
)
SOURCE_URL = "https://esco.ec.europa.eu/en/use-esco/download"

#: collection name in mcmap -> file stem in the ESCO download
COLLECTIONS = {
    "green": "greenSkillsCollection",
    "digital": "digitalSkillsCollection",
    "transversal": "transversalSkillsCollection",
    "language": "languageSkillsCollection",
    "research": "researchSkillsCollection",
    "digcomp": "digCompSkillsCollection",
}
SKILL_COLUMNS = ("conceptUri", "preferredLabel", "altLabels", "description", "skillType",
                 "reuseLevel")
MAX_MEMBERS = 5000  # an ESCO download has a few dozen files; more means a wrong folder
MAX_DEPTH = 3


def split_labels(text: str) -> list[str]:
    """Alternative labels: newline-separated in ESCO 1.1.x, " | "-separated in 1.2.x."""
    labels: list[str] = []
    for line in text.splitlines():
        for part in line.split(" | "):
            label = part.strip()
            if label and label not in labels:
                labels.append(label)
    return labels


class _Source:
    """A zip archive or a folder, whose CSV files are found by stem (``skills`` -> skills_en.csv)."""

    def __init__(self, path: Path, role: str) -> None:
        self.path, self.role = path, role
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            names = _csv_files(path)
        elif path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InputError(
                    f"{path}: not a zip archive ({exc})",
                    f"give the ESCO {role} download (.zip) or the folder it extracts to",
                ) from exc
            names = [n for n in self.zip.namelist() if n.lower().endswith(".csv")]
        else:
            raise InputError(f"{path}: no such file or folder",
                             f"give the ESCO {role} download (.zip) or its extracted folder")
        self.names = names

    def find(self, stem: str, near: str | None = None) -> str | None:
        """The member called ``stem.csv`` or ``stem_<lang>.csv``.

        With several candidates (a folder holding two ESCO versions), the one sharing most
        folders with ``near`` (the skills file) wins, then the shallowest.
        """
        pattern = re.compile(rf"^{re.escape(stem)}(_[a-z]{{2,3}})?\.csv$", re.IGNORECASE)
        hits = [n for n in self.names if pattern.match(Path(n).name)]
        home = Path(near).parent.parts if near else ()

        def rank(name: str) -> tuple[int, int, str]:
            parts = Path(name).parent.parts
            shared = next((i for i, (a, b) in enumerate(zip(parts, home, strict=False))
                           if a != b), min(len(parts), len(home)))
            return (-shared, len(parts), name)

        return min(hits, key=rank) if hits else None

    def rows(self, member: str, required: tuple[str, ...]) -> Iterator[dict[str, str]]:
        """Rows of one CSV file, after checking that it has the ``required`` columns."""
        where = f"{self.path}:{member}" if self.zip else str(self.path / member)
        raw = self.zip.open(member) if self.zip else (self.path / member).open("rb")
        with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
            reader = csv.DictReader(text)
            try:
                header = reader.fieldnames or []
                missing = [c for c in required if c not in header]
                if missing:
                    raise InputError(
                        f"{where}: missing columns {', '.join(missing)} "
                        f"(found: {', '.join(header[:12]) or 'nothing'})",
                        f"expected an ESCO CSV file with columns {', '.join(required)}",
                    )
                yield from reader
            except (UnicodeDecodeError, csv.Error) as exc:
                raise InputError(f"{where}: not a readable UTF-8 CSV file ({exc})",
                                 "use the CSV download of ESCO, unchanged") from exc


def _csv_files(root: Path) -> list[str]:
    """CSV files under ``root`` (relative), at most MAX_DEPTH folders down, links not followed.

    An ESCO download nests at most one or two folders; the limits keep a wrong argument (a
    home folder, a symlink loop) from turning into a long walk.
    """
    found: list[str] = []
    for folder, dirs, files in os.walk(root):  # os.walk does not follow symlinked folders
        rel = Path(folder).relative_to(root)
        if len(rel.parts) >= MAX_DEPTH:
            dirs.clear()
        dirs.sort()
        found.extend(str(rel / f) for f in sorted(files) if f.lower().endswith(".csv"))
        if len(found) >= MAX_MEMBERS:
            break
    return found[:MAX_MEMBERS]


@dataclass
class ImportResult:
    """What an import produced, for the CLI's summary and for tests."""

    taxonomy: dict[str, Any]
    occupations: dict[str, Any] | None
    version: str
    alt_label_style: str  # "newline", "pipe", "mixed" or "none"
    notes: list[str] = field(default_factory=list)

    def write(self, out: Path) -> list[tuple[Path, int]]:
        """Write to a file, or into a folder as ``esco-VERSION.json.gz`` (+ occupations)."""
        written = []
        folder = out.is_dir() or not out.name.endswith(SUFFIX)
        target = out / f"esco-{self.version}{SUFFIX}" if folder else out
        occ_target = out / f"esco-occupations-{self.version}{SUFFIX}" if folder else None
        try:
            if folder:
                out.mkdir(parents=True, exist_ok=True)
            written.append((target, write_payload(self.taxonomy, target)))
            if self.occupations is not None and occ_target is not None:
                written.append((occ_target, write_payload(self.occupations, occ_target)))
        except OSError as exc:
            raise InputError(f"cannot write {exc.filename or out}: {exc.strerror or exc}",
                             "choose a writable output path with -o") from exc
        return written


def detect_version(*paths: Path) -> str | None:
    """The ESCO version named in a download's file or folder name (ESCO_v1.1.1_..., v1.2.0)."""
    for path in paths:
        # the file and its folder only: a version in a grandparent folder is someone else's
        found = _version_in(path.resolve().parts[-2:])
        if found:
            return found
    return None


def _version_in(parts: tuple[str, ...]) -> str | None:
    for part in reversed(parts):
        found = re.search(r"(?:^|[\s_\-v])(\d+\.\d+(?:\.\d+)?)(?:[\s_\-.]|$)", part)
        if found:
            return found.group(1)
    return None


def import_esco(path: Path, relations: Path | None = None, version: str | None = None) -> (
        ImportResult):
    """Read an ESCO download (zip or folder) into taxonomy and occupation payloads."""
    src = _Source(path, "classification")
    skills_member = src.find("skills")
    if skills_member is None:
        raise InputError(
            f"{path}: no skills_en.csv found (CSV files seen: {len(src.names)})",
            "give the ESCO classification download in CSV format "
            "(e.g. ESCO_v1.1.1_classification_en_csv.zip) or the folder it extracts to",
        )
    rel = _Source(relations, "relations") if relations is not None else None
    version = (version or detect_version(path) or _version_in(Path(skills_member).parent.parts)
               or _content_version(path))
    language = _language(skills_member)
    notes: list[str] = []

    rows = sorted(src.rows(skills_member, SKILL_COLUMNS), key=lambda r: r["conceptUri"])
    rows = [r for r in rows if r["conceptUri"].strip()]
    if not rows:
        raise InputError(f"{path}:{skills_member}: no concepts in the file",
                         "use the unchanged ESCO download")
    ids = [r["conceptUri"].strip() for r in rows]
    index = {uri: i for i, uri in enumerate(ids)}
    styles = {_style(r["altLabels"]) for r in rows} - {"none"}
    style = styles.pop() if len(styles) == 1 else ("mixed" if styles else "none")

    broader: list[list[str]] = [[] for _ in ids]
    group_broader: dict[str, list[str]] = {}
    member = _find_either(src, rel, "broaderRelationsSkillPillar", skills_member)
    if member is not None:
        owner, name = member
        for r in owner.rows(name, ("conceptUri", "broaderUri")):
            child, parent = r["conceptUri"].strip(), r["broaderUri"].strip()
            if child in index:
                broader[index[child]].append(parent)
            elif parent:
                group_broader.setdefault(child, []).append(parent)
    else:
        notes.append("no broaderRelationsSkillPillar.csv given: concepts have no broader links "
                     "(pass the relations download with --relations)")

    collections: dict[str, list[int]] = {}
    for cname, stem in COLLECTIONS.items():
        cmember = src.find(stem, skills_member)
        if cmember is None:
            continue
        rows_in = {index[r["conceptUri"].strip()] for r in src.rows(cmember, ("conceptUri",))
                   if r["conceptUri"].strip() in index}
        collections[cname] = sorted(rows_in)

    groups = _groups(src, group_broader, skills_member)
    counts = {"concepts": len(ids), **{k: len(v) for k, v in sorted(collections.items())}}
    taxonomy = {
        "format": TAXONOMY_FORMAT,
        "header": _header(version, language, path, counts),
        "concepts": {
            "id": ids,
            "label": [r["preferredLabel"].strip() for r in rows],
            "alt_labels": [split_labels(r["altLabels"]) for r in rows],
            "description": [r["description"].strip() for r in rows],
            "kind": [r["skillType"].strip() for r in rows],
            "reuse_level": [r["reuseLevel"].strip() for r in rows],
            "broader": [sorted(set(b)) for b in broader],
        },
        "collections": collections,
        "groups": groups,
    }
    occupations = _occupations(src, rel, index, version, language, path, notes, skills_member)
    return ImportResult(taxonomy, occupations, version, style, notes)


def _find_either(src: _Source, rel: _Source | None, stem: str,
                 near: str) -> tuple[_Source, str] | None:
    for owner in (rel, src):
        if owner is not None and (name := owner.find(stem, near if owner is src else None)):
            return owner, name
    return None


def _groups(src: _Source, group_broader: dict[str, list[str]], near: str) -> dict[str, list[Any]]:
    """Skill groups (the hierarchy above concepts), so broader links can be shown by label."""
    member = src.find("skillGroups", near)
    rows = [] if member is None else sorted(
        (r for r in src.rows(member, ("conceptUri", "preferredLabel")) if r["conceptUri"]),
        key=lambda r: r["conceptUri"],
    )
    return {
        "id": [r["conceptUri"].strip() for r in rows],
        "label": [r["preferredLabel"].strip() for r in rows],
        "broader": [sorted(set(group_broader.get(r["conceptUri"].strip(), []))) for r in rows],
    }


def _occupations(src: _Source, rel: _Source | None, index: dict[str, int], version: str,
                 language: str, path: Path, notes: list[str], near: str) -> dict[str, Any] | None:
    member = src.find("occupations", near)
    if member is None:
        return None
    rows = sorted(
        (r for r in src.rows(member, ("conceptUri", "preferredLabel", "altLabels", "iscoGroup",
                                      "description")) if r["conceptUri"].strip()),
        key=lambda r: r["conceptUri"],
    )
    links: dict[str, dict[str, set[str]]] = {}
    found = _find_either(src, rel, "occupationSkillRelations", near)
    if found is None:
        notes.append("no occupationSkillRelations.csv given: occupations have no skills "
                     "(pass the relations download with --relations)")
    else:
        owner, name = found
        for r in owner.rows(name, ("occupationUri", "relationType", "skillUri")):
            kind = r["relationType"].strip()
            if kind in ("essential", "optional") and r["skillUri"].strip() in index:
                links.setdefault(r["occupationUri"].strip(), {}).setdefault(kind, set()).add(
                    r["skillUri"].strip())
    skills = sorted({s for per in links.values() for uris in per.values() for s in uris})
    pos = {s: i for i, s in enumerate(skills)}

    def refs(uri: str, kind: str) -> list[int]:
        return sorted(pos[s] for s in links.get(uri, {}).get(kind, ()))

    header = _header(version, language, path, {"occupations": len(rows)})
    header["name"] = f"ESCO occupations ({language})"
    return {
        "format": OCCUPATIONS_FORMAT,
        "header": header,
        "skills": skills,
        "occupations": {
            "id": [r["conceptUri"].strip() for r in rows],
            "label": [r["preferredLabel"].strip() for r in rows],
            "alt_labels": [split_labels(r["altLabels"]) for r in rows],
            "isco_group": [r["iscoGroup"].strip() for r in rows],
            "code": [r.get("code", "").strip() for r in rows],
            "description": [r["description"].strip() for r in rows],
            "essential": [refs(r["conceptUri"].strip(), "essential") for r in rows],
            "optional": [refs(r["conceptUri"].strip(), "optional") for r in rows],
        },
    }


def _header(version: str, language: str, path: Path, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "id": "esco",
        "name": f"ESCO skills and knowledge ({language})",
        "version": version,
        "language": language,
        # the file name only: a rebuild elsewhere gives the same bytes
        "source": f"ESCO v{version}, European Commission ({path.name})",
        "source_url": SOURCE_URL,
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "counts": counts,
    }


def _style(text: str) -> str:
    if not text.strip():
        return "none"
    if "\n" in text.strip():
        return "newline"
    return "pipe" if " | " in text else "none"


def _language(member: str) -> str:
    found = re.search(r"_([a-z]{2,3})\.csv$", member, re.IGNORECASE)
    return found.group(1).lower() if found else "en"


def _content_version(path: Path) -> str:
    """A stand-in when no version is named; the version keys caches, so it must not collide."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]
    return f"unknown-{digest}"


__all__ = ["ATTRIBUTION", "ImportResult", "detect_version", "import_esco", "split_labels"]
