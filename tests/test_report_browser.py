"""The HTML report in a real browser: headless Chromium (Debian packages), driven by Selenium.

Skips when /usr/bin/chromium, /usr/bin/chromedriver or selenium is missing (a fresh machine);
CI installs them in ``.ci/run``, so there it runs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, chromium_available

pytestmark = pytest.mark.skipif(
    not chromium_available(), reason="needs Debian's chromium and chromium-driver"
)

REPO = Path(__file__).resolve().parent.parent
PHONE = 390  # CSS pixels, an iPhone 12-15 in portrait
CHART_IDS = ("chart-matrix", "chart-verdicts", "chart-green", "chart-skills")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    from mcmap.report import render
    from mcmap.report.build import build_report
    from mcmap.taxonomy import load_taxonomy

    report = build_report(
        [str(REPO / "sample_credentials")], load_taxonomy("esco"), date=dt.date(2026, 1, 15)
    )
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(str(render(report, "html")), encoding="utf-8")
    return path, report


def test_report_loads_without_errors_and_shows_credentials_and_charts(page) -> None:
    path, report = page
    with chromium(1280, 900) as driver:
        driver.get(path.as_uri())
        assert driver.title == report.title
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        text = driver.find_element("tag name", "body").text
        for c in report.credentials:
            assert c.title in text, c.id
        for chart_id in CHART_IDS:
            chart = driver.find_element("id", chart_id)
            size = chart.size
            assert chart.get_attribute("role") == "img"
            assert size["width"] > 200 and size["height"] > 40, (chart_id, size)
            assert chart.find_elements("css selector", "rect"), chart_id
        # the heatmap shows every credential once across its cells
        cells = driver.find_elements("css selector", "#chart-matrix g > text")
        assert sum(int(t.text) for t in cells) == len(report.credentials)
        # nothing was fetched: the only resource is the file itself
        resources = driver.execute_script("return performance.getEntriesByType('resource').length")
        assert resources == 0


def test_report_fits_a_phone_screen(page) -> None:
    path, _ = page
    with chromium(1280, 900) as driver:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": PHONE, "height": 844, "deviceScaleFactor": 2, "mobile": True},
        )
        driver.get(path.as_uri())
        inner, scroll = driver.execute_script(
            "return [window.innerWidth, document.documentElement.scrollWidth]"
        )
        # (a mobile viewport widens to fit content that overflows, so compare with the phone's width)
        assert scroll <= PHONE and inner == PHONE, f"the page is {scroll}px wide on a {PHONE}px screen"
        for chart_id in CHART_IDS:  # charts shrink to the screen instead of overflowing it
            assert driver.find_element("id", chart_id).size["width"] <= PHONE, chart_id
        # wide tables scroll inside their own region
        wide = driver.execute_script(
            "return [...document.querySelectorAll('.scroll')]"
            ".filter(d => d.scrollWidth > d.clientWidth).length"
        )
        assert wide > 0
