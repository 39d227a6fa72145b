"""The ESCO importer on the real downloads (1.1.1 zip and folder, 1.2.0-style folder) and on bad input."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from mcmap.errors import InputError
from mcmap.interop.esco_import import detect_version, import_esco, split_labels
from mcmap.taxonomy import load_taxonomy, search

REPO = Path(__file__).resolve().parent.parent
PACKAGED = REPO / "taxonomies" / "esco-1.1.1.json.gz"
SKILLS_HEADER = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
                 "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition",
                 "inScheme", "description"]


def test_split_labels_handles_both_esco_styles() -> None:
    assert split_labels("a\nb\n\n c \n") == ["a", "b", "c"]  # 1.1.x
    assert split_labels("a | b | c") == ["a", "b", "c"]  # 1.2.x
    assert split_labels("a | b\nc\na") == ["a", "b", "c"]  # mixed, duplicates dropped
    assert split_labels("") == [] and split_labels("C|C++") == ["C|C++"]


def test_detect_version_from_download_names(tmp_path: Path) -> None:
    assert detect_version(Path("ESCO_v1.1.1_classification_en_csv.zip")) == "1.1.1"
    assert detect_version(tmp_path / "esco_dataset_1.2.0") == "1.2.0"
    assert detect_version(Path("ESCO dataset - v1.2.0 - classification - en - csv")) == "1.2.0"
    assert detect_version(tmp_path / "downloads" / "esco") is None


def test_import_of_the_official_zip_rebuilds_the_packaged_file(shared_data: Path, tmp_path: Path,
                                                               run_cli) -> None:
    esco = shared_data / "esco" / "v1.1.1"
    result = run_cli("taxonomy", "import", "esco", str(esco / "ESCO_v1.1.1_classification_en_csv.zip"),
                     "--relations", str(esco / "ESCO_v1.1.1_relations_csv.zip"),
                     "-o", str(tmp_path), "--format", "json")
    info = json.loads(result.stdout)
    assert info["version"] == "1.1.1" and info["alt_label_style"] == "newline"
    assert info["counts"]["concepts"] == 13_896 and info["counts"]["green"] == 570
    assert info["occupations"] == 3_007
    built = tmp_path / "esco-1.1.1.json.gz"
    # same download, same bytes: the packaged file is exactly what the importer writes
    assert built.read_bytes() == PACKAGED.read_bytes()
    assert (tmp_path / "esco-occupations-1.1.1.json.gz").read_bytes() == (
        REPO / "taxonomies" / "esco-occupations-1.1.1.json.gz").read_bytes()
    shown = run_cli("taxonomy", "show", str(built)).stdout
    assert "13,896" in shown and "570" in shown


def test_import_of_extracted_folders_matches_the_zip(shared_data: Path) -> None:
    """The folder holds 1.1.1 (classification/ and relations/) and 1.2.0 collections side by side:
    the importer must take every file from the 1.1.1 tree, next to skills_en.csv."""
    result = import_esco(shared_data / "esco")
    packaged = load_taxonomy("esco")
    assert result.version == "1.1.1" and result.notes == []
    columns = result.taxonomy["concepts"]
    assert columns["id"] == [c.id for c in packaged.concepts]
    assert columns["alt_labels"] == [list(c.alt_labels) for c in packaged.concepts]
    assert columns["broader"] == [list(c.broader) for c in packaged.concepts]
    sizes = {k: len(v) for k, v in result.taxonomy["collections"].items()}
    assert sizes == packaged.collection_sizes()


def test_import_without_relations_says_what_is_missing(shared_data: Path, tmp_path: Path,
                                                       run_cli) -> None:
    zipped = shared_data / "esco" / "v1.1.1" / "ESCO_v1.1.1_classification_en_csv.zip"
    out = tmp_path / "esco.json.gz"
    result = run_cli("taxonomy", "import", "esco", str(zipped), "-o", str(out))
    assert "--relations" in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["esco.json.gz"]  # a file name: taxonomy only
    tax = load_taxonomy(out)
    assert len(tax.concepts) == 13_896 and not any(c.broader for c in tax.concepts)


def _esco_12_folder(shared_data: Path, root: Path) -> Path:
    """A 1.2.x-style download: skills_en.csv with ' | ' labels, from the real 1.2.0 collections."""
    source = shared_data / "esco" / "v1.2.0-collections"
    folder = root / "esco_dataset_1.2.0"
    folder.mkdir()
    rows: dict[str, dict[str, str]] = {}
    for name in ("greenSkillsCollection_en.csv", "digitalSkillsCollection_en.csv",
                 "transversalSkillsCollection_en.csv"):
        shutil.copy(source / name, folder / name)
        with (source / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["conceptUri"]] = {k: row.get(k, "") for k in SKILLS_HEADER}
    with (folder / "skills_en.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, SKILLS_HEADER)
        writer.writeheader()
        writer.writerows(rows[k] for k in sorted(rows))
    return folder


def test_import_of_a_12_folder_splits_pipe_separated_labels(shared_data: Path, tmp_path: Path,
                                                            run_cli) -> None:
    folder = _esco_12_folder(shared_data, tmp_path)
    info = json.loads(run_cli("taxonomy", "import", "esco", str(folder), "-o",
                              str(tmp_path / "out"), "--format", "json").stdout)
    assert info["version"] == "1.2.0" and info["alt_label_style"] == "pipe"
    assert (info["counts"]["green"], info["counts"]["digital"]) == (591, 1_284)
    tax = load_taxonomy(tmp_path / "out" / "esco-1.2.0.json.gz")
    food = tax.by_id["http://data.europa.eu/esco/skill/001d46db-035e-4b92-83a3-ed8771e0c123"]
    assert food.alt_labels == (
        "teach students food waste reduction practices", "inform staff on food waste reduction practices",
        "educate workers on food recycling methods", "educate staff on food waste reduction",
    )
    assert not any(" | " in a for c in tax.concepts for a in c.alt_labels)
    assert search(tax, "educate staff on food waste reduction", 1)[0].concept is food


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.zip", "no such file or folder"),
        (lambda d: _zip(d / "wrong.zip", {"occupations_en.csv": "conceptUri\n"}),
         "no skills_en.csv found"),
        (lambda d: _zip(d / "cols.zip", {"ESCO/skills_en.csv": "conceptUri,label\nx,y\n"}),
         "missing columns preferredLabel, altLabels"),
        (lambda d: (d / "notes.zip").write_text("hello") and d / "notes.zip", "not a zip archive"),
    ],
)
def test_bad_downloads_exit_1_with_a_message(tmp_path: Path, run_cli, make, message) -> None:
    target = make(tmp_path)
    result = run_cli("taxonomy", "import", "esco", str(target), "-o", str(tmp_path / "o"), expect=1)
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_minimal_download_with_the_expected_columns_works(tmp_path: Path, run_cli) -> None:
    header = "conceptUri,preferredLabel,altLabels,description,skillType,reuseLevel\n"
    target = _zip(tmp_path / "tiny_v9.9.9.zip", {"skills_en.csv": header + "u,caf\xe9,cafe | coffee,,,\n"})
    run_cli("taxonomy", "import", "esco", str(target), "-o", str(tmp_path / "o.json.gz"))
    tax = load_taxonomy(tmp_path / "o.json.gz")
    assert tax.version == "9.9.9"
    assert (tax.concepts[0].label, tax.concepts[0].alt_labels) == ("caf\xe9", ("cafe", "coffee"))


def test_non_utf8_csv_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "esco"
    folder.mkdir()
    (folder / "skills_en.csv").write_bytes(
        b"conceptUri,preferredLabel,altLabels,description,skillType,reuseLevel\nu,caf\xe9,,,,\n")
    with pytest.raises(InputError, match="not a readable UTF-8 CSV"):
        import_esco(folder)


def test_an_unwritable_output_is_an_input_error(tmp_path: Path, run_cli) -> None:
    header = "conceptUri,preferredLabel,altLabels,description,skillType,reuseLevel\n"
    target = _zip(tmp_path / "tiny_v1.0.0.zip", {"skills_en.csv": header + "u,x,,,,\n"})
    (tmp_path / "taken.txt").write_text("a file, not a folder")
    result = run_cli("taxonomy", "import", "esco", str(target), "-o", str(tmp_path / "taken.txt"),
                     expect=1)
    assert "cannot write" in result.stderr and "taken.txt" in result.stderr
