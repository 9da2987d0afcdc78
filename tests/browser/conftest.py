"""A real browser on the real app: Debian's Chromium driven by Playwright, never a
downloaded browser. The app runs in uvicorn on a free 127.0.0.1 port, on the demo
pipeline in the test's own AFTERVIEW_HOME."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from afterview.bootstrap import Afterview
from afterview.config import AppSettings
from afterview.services.demo import demo_document
from afterview.services.documents import import_document
from afterview.web.app import create_app

TODAY = dt.date(2026, 11, 25)
CHROMIUM = os.environ.get("AFTERVIEW_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run installs Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_url() -> str | None:
    """No SMTP server unless a test asks for one (see test_journeys.py)."""
    return None


@pytest.fixture
def live(afterview_home: Path, smtp_url: str | None) -> Iterator[tuple[str, Afterview]]:
    """The web UI on the demo pipeline, served for real on 127.0.0.1."""
    settings = AppSettings.from_environment()
    av = Afterview(AppSettings(settings.home, settings.database_url, TODAY, smtp_url=smtp_url))
    import_document(av.store, demo_document(TODAY))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(av), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the web UI did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", av
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> None:
    """Keep a picture of the page for the README (docs/screenshots)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
