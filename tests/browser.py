"""Headless Chromium for tests and the screenshot script: the Debian browser, never a download.

Selenium drives ``/usr/bin/chromium`` through ``/usr/bin/chromedriver`` (Debian packages
``chromium`` and ``chromium-driver``; ``.ci/run`` installs them). ``chromium_available()`` lets
a test skip cleanly on a machine without them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_available() -> bool:
    """True when the Debian browser, its driver and the selenium package are all present."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        return False
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A headless Chromium WebDriver with a fresh profile, browser console logging on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="mcmap-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
