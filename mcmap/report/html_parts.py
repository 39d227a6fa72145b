"""Building blocks of the HTML report: escaping, accessible tables, the stylesheet, shared wording.

Text from descriptors (titles, outcomes, messages) is always escaped; only markup built here is
marked :class:`Raw`. Tables carry a ``<caption>`` and ``<th scope>``, and sit in a focusable
region that scrolls sideways on a narrow screen instead of widening the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from mcmap.report.model import CredentialEntry


class Raw(str):
    """Markup built by the report itself (never text from a descriptor)."""

    __slots__ = ()


def e(text: object) -> str:
    """Escape text for HTML content and attribute values."""
    return text if isinstance(text, Raw) else escape(str(text), quote=True)


def anchor(prefix: str, ident: str) -> str:
    """A safe fragment id built from a credential or pathway id."""
    return prefix + "-" + re.sub(r"[^A-Za-z0-9_-]+", "-", ident).strip("-").lower()


def table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    table_id: str,
    row_headers: bool = True,
    numeric: Sequence[int] = (),
) -> Raw:
    """An accessible table in a scrolling region labelled by its caption."""
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{e(h)}</th>' for i, h in enumerate(header)
    )
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            if i == 0 and row_headers:
                cells.append(f'<th scope="row"{cls}>{e(cell)}</th>')
            else:
                cells.append(f"<td{cls}>{e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(header)}">none</td></tr>')
    return Raw(
        f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{table_id}-c">'
        f'<table id="{table_id}"><caption id="{table_id}-c">{e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def claimed_text(c: CredentialEntry) -> str:
    """``nfq-ie 6 = EQF 5`` or a dash; ``(chained)`` when two referencings were combined."""
    if c.claimed is None:
        return "-"
    eqf = f"EQF {c.claimed.eqf}" if c.claimed.eqf is not None else "no EQF referencing"
    return f"{c.claimed.framework} {c.claimed.level} = {eqf}" + (" (chained)" if c.claimed.chained else "")


def inferred_text(c: CredentialEntry) -> str:
    """``EQF 5 (4-6, confidence 0.62)`` or a dash."""
    if c.inferred_eqf is None or c.inferred_range is None:
        return "-"
    low, high = c.inferred_range
    span = f"{low}-{high}" if low != high else f"{low}"
    return f"EQF {c.inferred_eqf} (range {span}, confidence {c.confidence:.2f})"


def verdict_text(c: CredentialEntry) -> str:
    """``over-claimed by 1 (outcomes point to ...)``."""
    text = c.verdict + (f" by {c.verdict_by}" if c.verdict_by else "")
    return text + (f" ({c.verdict_reason})" if c.verdict_reason else "")


def badge(status: str) -> Raw:
    """A verdict or status chip; the word itself carries the meaning, colour only repeats it."""
    return Raw(f'<span class="badge b-{e(re.sub(r"[^a-z-]", "", status))}">{e(status)}</span>')


CSS = """
:root{--ink:#1b1b1b;--muted:#4a4a4a;--line:#c8c8c8;--bg:#ffffff;--band:#f3f5f7;--accent:#1d5d90}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif;overflow-wrap:break-word}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:2}
header,main,footer,nav{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.25rem;border-bottom:3px solid var(--accent)}
h1{font-size:1.7rem;line-height:1.25;margin:.2rem 0 .5rem}
h2{font-size:1.4rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.15rem;margin:1.6rem 0 .5rem}
h4{font-size:1rem;margin:1.2rem 0 .4rem}
a{color:var(--accent)}
a:focus,.scroll:focus{outline:3px solid #b35c00;outline-offset:2px}
.meta{color:var(--muted);margin:.2rem 0 .8rem}
nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;list-style:none}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.6rem;margin:1rem 0;
padding:0}
.figures div{background:var(--band);border-left:4px solid var(--accent);padding:.5rem .75rem}
.figures dt{font-size:.85rem;color:var(--muted)}
.figures dd{margin:0;font-size:1.35rem;font-weight:600}
figure{margin:1rem 0}
.pair{display:grid;grid-template-columns:minmax(0,1fr);gap:0 1.5rem;align-items:start}
@media (min-width:60rem){.pair{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
figcaption{font-weight:600;margin-bottom:.3rem}
svg.chart{display:block;max-width:100%;height:auto}
.scroll{max-width:100%;overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;min-width:100%;font-size:.93rem}
caption{text-align:left;font-weight:600;padding:.3rem 0;caption-side:top}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--band)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.outcomes td:nth-child(2){min-width:16rem}
article{border-top:2px solid var(--line);margin-top:2rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
@media (max-width:36rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;border:1px solid;font-size:.85rem;
white-space:nowrap}
.b-supported,.b-counts,.b-stackable{background:#e3f1e4;color:#1e4d20}
.b-over-claimed,.b-error,.b-excluded,.b-invalid-pathway{background:#fbe4e4;color:#8a1c1c}
.b-under-claimed,.b-warning,.b-not-yet,.b-eligible{background:#fdf0d9;color:#6b4400}
.b-not-comparable,.b-no-evidence,.b-info,.b-no-leaf,.b-not-evaluated,.b-evaluation-pending{background:#eceff1;
color:#37474f}
code{font-size:.9em}
ul.plain{padding-left:1.2rem}
footer{color:var(--muted);border-top:1px solid var(--line);margin-top:2rem;padding:1rem}
@media print{nav,.skip{display:none}.scroll{overflow:visible}}
"""
