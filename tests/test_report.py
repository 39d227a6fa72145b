"""``mcmap report``: every format carries the same facts as ``mcmap map``, safely and reproducibly."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mcmap.mapping import MapResult, map_paths
from mcmap.report import FORMATS, render
from mcmap.report.build import build_report
from mcmap.report.model import Report
from mcmap.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_credentials"
DATE = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def built() -> tuple[Report, MapResult, dict[str, Any]]:
    """The sample catalogue's report in every format, and `mcmap map`'s result to compare with."""
    taxonomy = load_taxonomy("esco")
    report = build_report([str(SAMPLES)], taxonomy, date=DATE)
    mapped = map_paths([str(SAMPLES)], taxonomy)
    return report, mapped, {fmt: render(report, fmt) for fmt in FORMATS}


def _probe(mapped: MapResult) -> tuple[str, str, str]:
    """A (credential, outcome, top skill label) triple taken from `mcmap map`."""
    for c in mapped.credentials:
        for o in c.alignment.outcomes:
            if o.skills.confident and o.outcome_id:
                return c.credential.id, o.outcome_id, o.skills[0].label
    raise AssertionError("no outcome with a confident skill in the samples")


def _facts_json(text: str, cred: str, outcome: str) -> dict[str, Any]:
    data = json.loads(text)
    s = data["summary"]
    [c] = [c for c in data["credentials"] if c["id"] == cred]
    [o] = [o for o in c["outcomes"] if o["id"] == outcome]
    return {
        "credentials": s["credentials"],
        "verdicts": s["verdicts"],
        "green": s["green_share"],
        "top": o["skills"][0]["label"],
    }


def _facts_md(text: str, cred: str, outcome: str) -> dict[str, Any]:
    verdicts = dict(
        (k, int(n)) for n, k in re.findall(r"(\d+) ([a-z-]+)", re.search(r"- Verdicts: (.*)", text)[1])
    )
    green, total = map(int, re.search(r"- Green share: .*\((\d+) of (\d+) outcomes\)", text).groups())
    section = text[text.index(f"- id: `{cred}`") :]
    row = re.search(rf"^\| {re.escape(outcome)} \|.*$", section, re.M)[0]
    first_skill = row.split(" | ")[4].split("; ")[0]  # "label (score[, green])"
    return {
        "credentials": int(re.search(r"- Credentials: (\d+)", text)[1]),
        "verdicts": verdicts,
        "green": round(green / total, 3),
        "top": html.unescape(first_skill.rsplit(" (", 1)[0]),
    }


def _facts_tables(credentials: Any, outcomes: Any, cred: str, outcome: str) -> dict[str, Any]:
    row = outcomes[(outcomes.credential_id == cred) & (outcomes.outcome_id == outcome)].iloc[0]
    return {
        "credentials": len(credentials),
        "verdicts": dict(Counter(credentials.verdict)),
        "green": round(float(outcomes.green.astype(bool).mean()), 3),
        "top": row.top_skill_label,
    }


def _facts_html(text: str, cred: str, outcome: str) -> dict[str, Any]:
    count = int(re.search(r"<dt>Credentials</dt><dd>(\d+)</dd>", text)[1])
    table = text[text.index('<table id="t-verdicts">') :]
    table = table[: table.index("</table>")]
    verdicts = {
        k: int(n) for k, n in re.findall(r'<th scope="row">([a-z-]+)</th><td class="num">(\d+)</td>', table)
    }
    green, total = map(int, re.search(r"<p>(\d+) of (\d+) outcomes \(", text).groups())
    article = text[text.index(f'<article id="cred-{cred}"') :]
    row = article[article.index(f'<th scope="row">{outcome}</th>') :]
    top = re.search(r"<li>(?:<a [^>]*>)?([^<]+)", row)[1]
    return {
        "credentials": count,
        "verdicts": verdicts,
        "green": round(green / total, 3),
        "top": html.unescape(top),
    }


def test_every_format_carries_the_facts_of_mcmap_map(built, tmp_path: Path) -> None:
    import pandas as pd

    report, mapped, out = built
    cred, outcome, top = _probe(mapped)
    s = mapped.summary()
    expected = {
        "credentials": s["credentials"],
        "verdicts": s["verdicts"],
        "green": s["green_share"],
        "top": top,
    }
    csv_rows = pd.read_csv(io.StringIO(out["csv"]))
    from mcmap.report.tabular import csv_files

    creds_csv = pd.read_csv(io.StringIO(csv_files(report, "r.csv")["r.credentials.csv"]))
    sheets = pd.read_excel(io.BytesIO(out["xlsx"]), sheet_name=None)
    found = {
        "json": _facts_json(out["json"], cred, outcome),
        "md": _facts_md(out["md"], cred, outcome),
        "csv": _facts_tables(creds_csv, csv_rows, cred, outcome),
        "xlsx": _facts_tables(sheets["credentials"], sheets["outcomes"], cred, outcome),
        "html": _facts_html(out["html"], cred, outcome),
    }
    for fmt, facts in found.items():
        assert facts["verdicts"] == {k: v for k, v in expected["verdicts"].items()}, fmt
        assert facts == expected, fmt
    assert set(sheets) == {"summary", "credentials", "outcomes", "findings"}
    assert len(csv_rows) == s["outcomes"] == len(sheets["outcomes"])


def test_summary_matrix_and_claims_agree_with_the_verdicts(built) -> None:
    report, mapped, _ = built
    s = report.summary
    assert sum(sum(r) for r in s.matrix_rows()) == s.credentials
    over = sorted(c.credential.id for c in mapped.credentials if c.verdict.status == "over-claimed")
    assert sorted(s.over_claims) == over
    for cid in s.over_claims:  # an over-claim sits above the diagonal: claimed > inferred
        c = report.credential(cid)
        assert c.claimed_eqf is not None and c.inferred_eqf is not None and c.claimed_eqf > c.inferred_eqf


def test_workload_is_converted_to_ects_through_the_frameworks_api(built) -> None:
    from mcmap.frameworks import convert_credits

    report, _, _ = built
    for c in report.credentials:
        w = c.workload
        if w.credit_system:
            assert w.ects == round(convert_credits(w.credit_value, w.credit_system, "ects").value, 2), c.id
        elif w.declared_hours:  # hours only: ECTS at 25-30 h, nominal 27.5 (or the data's nominal)
            assert w.ects_range == (round(w.declared_hours / 30, 2), round(w.declared_hours / 25, 2)), c.id
    assert report.summary.ects_total == pytest.approx(
        sum(c.workload.ects or 0 for c in report.credentials), abs=0.05
    )


def test_pathways_come_from_the_stacking_engine(built) -> None:
    report, _, _ = built
    soil = report.credential("ie-shannonside-soil-health")
    [link] = [p for p in soil.pathways if p.pathway == "ie-cert-sustainable-agriculture"]
    assert link.declared and link.status == "counts" and "Core modules" in link.detail
    by_id = {p.id: p for p in report.pathways}
    assert "ie-shannonside-soil-health" in by_id["ie-cert-sustainable-agriculture"].counted


def _edited_sample(tmp_path: Path, **replace: str) -> Path:
    text = (SAMPLES / "eu-esfsa-farm-iot.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "cred.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HOSTILE = "<script>alert('x')</script> & <b>Co</b>"


def test_user_text_is_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    path = _edited_sample(
        tmp_path,
        **{
            "title: IoT Sensor Networks for Smart Farms": f'title: "{HOSTILE}"',
            "text: Describe the architecture": 'text: Describe <img src=x onerror="alert(1)"> the design',
        },
    )
    report = build_report([str(path)], load_taxonomy("esco"))
    page = str(render(report, "html"))
    assert "<script" not in page.lower() and "<img" not in page and "<b>Co" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    md = str(render(report, "md"))
    assert "<script" not in md and "&lt;script&gt;" in md
    assert json.loads(str(render(report, "json")))["credentials"][0]["title"] == HOSTILE  # data stays data


def test_findings_are_located_in_the_credential_section(tmp_path: Path, run_cli) -> None:
    path = _edited_sample(tmp_path, **{"workload_hours: 80": "workload_hours: 8"})
    out = tmp_path / "r.md"
    result = run_cli("report", str(path), "-o", str(out), expect=1)  # an error: exit 1, report written
    assert "1 validation error(s)" in result.stderr
    report = build_report([str(path)], load_taxonomy("esco"))
    [finding] = [p for p in report.credentials[0].findings if p.code == "credits.workload-mismatch"]
    assert finding.line == 24 and finding.file == str(path)
    assert f"`{path}:24:" in out.read_text(encoding="utf-8")
    [link] = report.credentials[0].pathways  # declared, but the pathway file is not among the inputs
    assert (link.pathway, link.status) == ("eu-digital-agriculture-track", "not-evaluated")


def test_two_runs_give_identical_files(tmp_path: Path, run_cli) -> None:
    for ext in ("html", "xlsx", "json"):
        first, second = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
        for target in (first, second):
            run_cli("report", str(SAMPLES), "-o", str(target), "--date", "2026-01-15")
        assert first.read_bytes() == second.read_bytes(), ext


def test_no_timestamp_unless_date_is_given(built) -> None:
    _, _, out = built
    assert DATE.isoformat() in out["html"] and f"Date: {DATE.isoformat()}" in out["md"]
    undated = build_report([str(SAMPLES / "eu-esfsa-farm-iot.yaml")], load_taxonomy("esco"))
    page = str(render(undated, "html"))
    assert undated.date is None and not re.search(r"\b20\d\d-\d\d-\d\d\b", page)


def test_csv_writes_outcomes_and_companion_tables(tmp_path: Path, run_cli) -> None:
    import pandas as pd

    out = tmp_path / "cat.csv"
    result = run_cli("report", str(SAMPLES), "-o", str(out))
    outcomes = pd.read_csv(out)
    credentials = pd.read_csv(tmp_path / "cat.credentials.csv")
    findings = pd.read_csv(tmp_path / "cat.findings.csv")
    assert set(outcomes.credential_id) == set(credentials.credential_id)
    assert list(findings.columns)[:5] == ["file", "line", "column", "severity", "code"]
    assert "cat.credentials.csv" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["{empty}", "-o", "{tmp}/r.html"], 1, "no credentials found in"),
        (["{tmp}/missing", "-o", "{tmp}/r.html"], 1, "input.not-found"),
        ([str(SAMPLES), "-o", "-", "--format", "xlsx"], 2, "cannot go to stdout"),
        ([str(SAMPLES), "-o", "{tmp}/r.txt"], 2, "cannot tell the format"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, run_cli: Callable[..., Any], args, code, message) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    argv = [a.format(tmp=tmp_path, empty=empty) for a in args]
    result = run_cli("report", *argv, expect=code)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_stdout_gets_text_formats(run_cli) -> None:
    result = run_cli("report", str(SAMPLES / "eu-esfsa-farm-iot.yaml"), "-o", "-", "--format", "json")
    assert json.loads(result.stdout)["summary"]["credentials"] == 1


def test_html_structure_is_accessible(built) -> None:
    from html.parser import HTMLParser

    from mcmap.report.svg import contrast

    class Walk(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.headings: list[int] = []
            self.tags: Counter[str] = Counter()
            self.th_without_scope = 0
            self.svgs: list[dict[str, Any]] = []
            self.cell_fill = ""
            self.bad_contrast: list[tuple[str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            self.tags[tag] += 1
            if re.fullmatch(r"h[1-6]", tag):
                self.headings.append(int(tag[1]))
            if tag == "th" and a.get("scope") not in ("col", "row"):
                self.th_without_scope += 1
            if tag == "svg":
                self.svgs.append(
                    {"role": a.get("role"), "labelledby": a.get("aria-labelledby"), "id": a.get("id")}
                )
            if tag == "rect" and a.get("fill", "").startswith("#") and a.get("height") == a.get("width"):
                self.cell_fill = str(a["fill"])  # a heatmap cell; its count follows
            if tag == "text" and self.cell_fill and a.get("fill"):
                if contrast(self.cell_fill, str(a["fill"])) < 4.5:
                    self.bad_contrast.append((self.cell_fill, str(a["fill"])))
                self.cell_fill = ""

    _, _, out = built
    page = out["html"]
    walk = Walk()
    walk.feed(page)
    assert walk.headings[0] == 1 and walk.headings.count(1) == 1
    steps = zip(walk.headings, walk.headings[1:], strict=False)
    assert all(b - a <= 1 for a, b in steps), "a heading level is skipped"
    assert walk.tags["table"] == walk.tags["caption"] > 0 and walk.th_without_scope == 0
    assert all(walk.tags[t] == 1 for t in ("header", "nav", "main", "footer"))
    assert len(walk.svgs) == 4 and all(s["role"] == "img" for s in walk.svgs)
    for s in walk.svgs:  # title and desc referenced by aria-labelledby, and present
        title_id, desc_id = s["labelledby"].split()
        assert f'<title id="{title_id}">' in page and f'<desc id="{desc_id}">' in page
    assert walk.bad_contrast == []
    assert "<script" not in page and "http://" not in page.split("<body>")[0]  # nothing loaded from the web
