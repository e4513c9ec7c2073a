"""Fixtures for the WebKit tests: Xvfb, WebKitGTK's MiniBrowser driven by Selenium, and the workshop server.

iPhones run WebKit. Debian ships WebKitGTK's WebDriver (``webkit2gtk-driver``) with its MiniBrowser, which
needs an X display: the fixture starts Xvfb on a display it picks itself (``-displayfd``, no TCP). Without
these packages or Selenium the tests are skipped with the reason; with ``HANDREIKING_REQUIRE_BROWSER=1`` (CI)
they fail instead. Install: ``apt-get install -y webkit2gtk-driver xvfb`` and ``pip install -e '.[test]'``.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "browser"))

from browser_harness import WorkshopServer  # noqa: E402
from support import mark_browser_tests, require_or_skip  # noqa: E402

WEBDRIVER = Path(os.environ.get("HANDREIKING_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver"))
MINIBROWSER = os.environ.get("HANDREIKING_MINIBROWSER") or next(
    iter(sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"), reverse=True)), ""
)
PHONE = (390, 844)


def _missing() -> list[str]:
    missing = []
    if not WEBDRIVER.exists():
        missing.append(f"WebKitWebDriver ontbreekt ({WEBDRIVER}); installeer met: apt-get install -y webkit2gtk-driver")
    if not MINIBROWSER or not Path(MINIBROWSER).exists():
        missing.append("WebKitGTK's MiniBrowser ontbreekt; installeer met: apt-get install -y webkit2gtk-driver")
    if shutil.which("Xvfb") is None:
        missing.append("Xvfb ontbreekt; installeer met: apt-get install -y xvfb")
    if importlib.util.find_spec("selenium") is None:
        missing.append("Selenium ontbreekt; installeer de test-extra: pip install -e '.[test]'")
    return missing


def _require_webkit() -> None:
    missing = _missing()
    require_or_skip(not missing, "; ".join(missing), "HANDREIKING_REQUIRE_BROWSER")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_browser_tests(HERE, items)


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A virtual X display (Xvfb) for the session; the server picks a free display number."""
    _require_webkit()
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb startte niet (geen display-nummer)")
        yield f":{number}"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


@pytest.fixture(scope="session")
def webkit(display: str) -> Iterator[Any]:
    """WebKitGTK's MiniBrowser under Selenium, at phone width."""
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    service = Service(executable_path=str(WEBDRIVER), env={**os.environ, "DISPLAY": display})
    driver = webdriver.WebKitGTK(options=options, service=service)
    try:
        driver.set_window_size(*PHONE)
        driver.set_page_load_timeout(120)
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServer]:
    """The workshop server (all apps, a session open, share panel on), on 127.0.0.1."""
    _require_webkit()
    server = WorkshopServer(tmp_path_factory.mktemp("webkit-workshop"), deelnemers=1)
    try:
        yield server
    finally:
        server.stop()
