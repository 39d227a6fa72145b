"""Small inline SVG charts for the HTML report, drawn by hand: no charting library, no script.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` (its text alternative,
stating the figures), a ``viewBox`` so it scales to a phone's width, and colours that keep a
contrast of at least 4.5:1 against white for text and 3:1 for the marks. The HTML report puts
the same figures in a table beside each chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

INK = "#1b1b1b"
MUTED = "#4a4a4a"  # 8.9:1 on white
BAR = "#1d5d90"  # 6.9:1 on white
GREEN = "#2e6b30"  # 6.3:1 on white
TRACK = "#d9d9d9"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"
WIDTH = 640


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _open(chart_id: str, title: str, desc: str, height: float, width: int = WIDTH) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_e(chart_id)}" role="img" '
        f'aria-labelledby="{_e(chart_id)}-t {_e(chart_id)}-d" viewBox="0 0 {width} {height:g}" '
        f'width="{width}" height="{height:g}" preserveAspectRatio="xMinYMin meet" style="{FONT}">'
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title><desc id="{_e(chart_id)}-d">{_e(desc)}</desc>'
    )


def bar_chart(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float]],
    *,
    unit: str = "",
    colours: Sequence[str] | None = None,
    label_width: int = 250,
    width: int = WIDTH,
) -> str:
    """Horizontal bars, one per (label, value), longest bar = largest value."""
    row, top = 30, 8
    height = top * 2 + row * max(len(items), 1)
    desc = "; ".join(f"{label}: {value:g}{unit}" for label, value in items) or "no data"
    parts = [_open(chart_id, title, desc, height, width)]
    biggest = max((v for _, v in items), default=0) or 1
    span = width - label_width - 60
    for n, (label, value) in enumerate(items):
        y = top + n * row
        length = max(span * value / biggest, 1 if value else 0)
        colour = colours[n] if colours else BAR
        parts.append(
            f"<g><title>{_e(label)}: {value:g}{_e(unit)}</title>"
            f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" font-size="14" fill="{INK}">'
            f"{_e(_short(label, 32))}</text>"
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{row - 10}" fill="{colour}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 19}" font-size="14" fill="{INK}">'
            f"{value:g}{_e(unit)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _cell_colour(count: int, biggest: int) -> tuple[str, str]:
    """A blue ramp from white; the count is written in whichever of white or ink contrasts more."""
    if count == 0:
        return "#ffffff", MUTED
    t = count / biggest
    light, dark = (222, 235, 247), (8, 48, 107)
    rgb = tuple(round(a + (b - a) * (0.25 + 0.75 * t)) for a, b in zip(light, dark, strict=True))
    fill = "#" + "".join(f"{c:02x}" for c in rgb)
    return fill, max(("#ffffff", INK), key=lambda ink: contrast(fill, ink))


def heatmap(chart_id: str, title: str, axis: Sequence[str], rows: Sequence[Sequence[int]]) -> str:
    """Claimed (rows) against inferred (columns) level counts; the diagonal is outlined."""
    cell, left, top = 56, 120, 58
    size = cell * len(axis)
    height = top + size + 16
    pairs = [
        f"claimed {c}, inferred {i}: {rows[r][k]}"
        for r, c in enumerate(axis)
        for k, i in enumerate(axis)
        if rows[r][k]
    ]
    desc = "Number of credentials by claimed EQF level (rows) and inferred EQF level (columns). " + (
        "; ".join(pairs) if pairs else "no credentials"
    )
    parts = [_open(chart_id, title, desc, height, left + size + 16)]
    parts.append(
        f'<text x="{left + size / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600" '
        f'fill="{INK}">inferred EQF level</text>'
        f'<text x="{left - 60}" y="{top + size / 2}" text-anchor="middle" font-size="14" font-weight="600" '
        f'fill="{INK}" transform="rotate(-90 {left - 60} {top + size / 2})">claimed EQF level</text>'
    )
    biggest = max((v for r in rows for v in r), default=0) or 1
    for k, name in enumerate(axis):
        x = left + k * cell + cell / 2
        parts.append(
            f'<text x="{x}" y="{top - 10}" text-anchor="middle" font-size="14" fill="{INK}">{_e(name)}</text>'
        )
        parts.append(
            f'<text x="{left - 10}" y="{top + k * cell + cell / 2 + 5}" text-anchor="end" font-size="14" '
            f'fill="{INK}">{_e(name)}</text>'
        )
    for r, claimed in enumerate(axis):
        for k, inferred in enumerate(axis):
            count = rows[r][k]
            fill, ink = _cell_colour(count, biggest)
            x, y = left + k * cell, top + r * cell
            stroke = f'stroke="{INK}" stroke-width="2"' if r == k else f'stroke="{TRACK}" stroke-width="1"'
            parts.append(
                f"<g><title>claimed {_e(claimed)}, inferred {_e(inferred)}: {count}</title>"
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" {stroke}/>'
                f'<text x="{x + cell / 2}" y="{y + cell / 2 + 6}" text-anchor="middle" font-size="16" '
                f'fill="{ink}">{count}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)


def share_bar(chart_id: str, title: str, part: int, total: int, *, part_label: str, rest_label: str) -> str:
    """One 100% bar split into ``part`` and the rest, with counts and the percentage."""
    share = part / total if total else 0.0
    span, x0, height = WIDTH - 40, 20, 96
    desc = f"{part_label}: {part} of {total} ({share:.0%}); {rest_label}: {total - part}"
    green_w = span * share
    return (
        _open(chart_id, title, desc, height)
        + f'<rect x="{x0}" y="14" width="{span}" height="34" fill="{TRACK}"/>'
        + f'<rect x="{x0}" y="14" width="{green_w:.1f}" height="34" fill="{GREEN}"/>'
        + f'<text x="{x0}" y="74" font-size="14" fill="{INK}">'
        + f'<tspan fill="{GREEN}" font-weight="700">\u25a0</tspan> {_e(part_label)}: {part} ({share:.0%})'
        + f'<tspan dx="18" fill="{MUTED}">\u25a0</tspan> {_e(rest_label)}: {total - part}</text>'
        + "</svg>"
    )
