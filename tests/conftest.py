"""Every test gets its own AFTERVIEW_HOME (a real SQLite file inside it) and a clean env."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from afterview.bootstrap import Afterview
from afterview.config import ENVIRONMENT, AppSettings
from tests.dovecot import dovecot, dovecot_plain  # noqa: F401 (session fixtures: a real IMAP server)

SUMMARY: list[str] = []
"""Lines a test wants shown at the end of the run (e.g. the proofreader's recall per kind)."""
TODAY = dt.date(2026, 11, 25)
"""The day the demo pipeline is dated around in the tests that use it."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="Browser journeys also write the README's pictures into docs/screenshots.",
    )
    parser.addoption(
        "--examples",
        action="store_true",
        help="tests/test_examples.py also writes the demo's notes into docs/examples.",
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker (pytest-xdist) hands its measurement lines to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["afterview_summary"] = list(SUMMARY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """The controller gathers each worker's measurement lines (pytest-xdist's hook)."""
    SUMMARY.extend(getattr(node, "workeroutput", {}).get("afterview_summary", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARY:
        terminalreporter.section("afterview measurements")
        for line in SUMMARY:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lowest cost in tests: at afterview's own cost a hash takes a quarter
    of a second, and the cost parameters are argon2-cffi's, not what the tests test."""
    from argon2 import PasswordHasher

    from afterview.services import accounts

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: quick)


@pytest.fixture(autouse=True)
def afterview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name in (*ENVIRONMENT, "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    return home


@pytest.fixture
def afterview(afterview_home: Path) -> Iterator[Afterview]:
    """The composition root on the test's own SQLite file."""
    av = Afterview(AppSettings.from_environment())
    yield av
    av.close()


MakeAfterview = Callable[..., Afterview]


@pytest.fixture
def make_afterview(afterview_home: Path) -> Iterator[MakeAfterview]:
    """An Afterview on the test's home, today pinned to TODAY, with settings overridden."""
    made: list[Afterview] = []

    def make(**overrides: Any) -> Afterview:
        settings = replace(AppSettings.from_environment(), today_override=TODAY)
        av = Afterview(replace(settings, **overrides))
        made.append(av)
        return av

    yield make
    for av in made:
        av.close()


@pytest.fixture
def demo(make_afterview: MakeAfterview) -> Afterview:
    """The demo pipeline (dated around TODAY) in the test's own SQLite file."""
    av = make_afterview()
    av.load_demo()
    return av
