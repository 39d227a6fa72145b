"""Render the sample catalogue's HTML report and save a screenshot of it for the README.

Usage (from the repository root; needs Debian's chromium and chromium-driver, and selenium):

    python scripts/screenshot_report.py [--out docs/img/report.png] [--width 1200] [--height 1400]

The report is written with the CLI (``mcmap report sample_credentials -o FILE``) into a
temporary folder and opened from disk: nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # for tests.browser, the one place that knows how to start Chromium

from tests.browser import chromium, chromium_available  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "img" / "report.png"))
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1400)
    parser.add_argument("--date", default="2026-01-15", help="date printed on the report")
    args = parser.parse_args()
    if not chromium_available():
        print("needs /usr/bin/chromium, /usr/bin/chromedriver and selenium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mcmap",
                "report",
                "sample_credentials",
                "-o",
                str(html),
                "--date",
                args.date,
            ],
            cwd=REPO,
            check=True,
        )
        with chromium(args.width, args.height) as driver:
            driver.get(html.as_uri())
            driver.save_screenshot(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
