"""A real browser on the real app: Debian's Chromium driven by Playwright, never a
downloaded browser. The app runs in uvicorn on a free 127.0.0.1 port, on the demo
pipeline in the test's own AFTERVIEW_HOME."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from afterview.bootstrap import Afterview
from afterview.web.app import create_app
from tests.conftest import MakeAfterview

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """test_screenshots.py takes the README's pictures: it runs with `--screenshots` only.
    What it checks on the way (no sideways scroll on a phone, a quiet console), the
    accessibility audit checks on every page in every run (test_accessibility.py)."""
    if config.getoption("--screenshots"):
        return
    pictures = [item for item in items if item.path.name == "test_screenshots.py"]
    if pictures:
        config.hook.pytest_deselected(items=pictures)
        items[:] = [item for item in items if item.path.name != "test_screenshots.py"]


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


@contextmanager
def served(av: Afterview | None = None, app: Any = None) -> Iterator[str]:
    """The web UI on `av` (or the `app` given: server mode's), served for real by uvicorn
    on a free 127.0.0.1 port (started as `afterview serve` starts it), for the block: its
    address."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app or create_app(av), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the web UI did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def live(make_afterview: MakeAfterview, smtp_url: str | None) -> Iterator[tuple[str, Afterview]]:
    """The web UI on the demo pipeline (today pinned), served for real on 127.0.0.1."""
    av = make_afterview(smtp_url=smtp_url)
    av.load_demo()
    with served(av) as url:
        yield url, av


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


Screenshot = Callable[[Page, str], None]


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, tmp_path: Path) -> Screenshot:
    """Take a picture of the page: for the README (docs/screenshots) only when pytest runs
    with --screenshots; otherwise into the test's own folder, so the work tree stays clean."""
    folder = SHOTS if request.config.getoption("--screenshots") else tmp_path / "screenshots"

    def shoot(page: Page, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return shoot
