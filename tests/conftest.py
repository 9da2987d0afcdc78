"""Every test gets its own AFTERVIEW_HOME (a real SQLite file inside it) and a clean env."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from afterview.bootstrap import Afterview
from afterview.config import AppSettings

SUMMARY: list[str] = []
"""Lines a test wants shown at the end of the run (e.g. the proofreader's recall per kind)."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARY:
        terminalreporter.section("afterview measurements")
        for line in SUMMARY:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def afterview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    for name in ("AFTERVIEW_DATABASE_URL", "AFTERVIEW_TODAY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def afterview(afterview_home: Path) -> Iterator[Afterview]:
    """The composition root on the test's own SQLite file."""
    av = Afterview(AppSettings.from_environment())
    yield av
    av.close()
