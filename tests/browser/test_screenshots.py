"""A picture of every page, on an empty home and on the demo pipeline, at a desktop's
1280 px and a phone's 390 px: `pytest --screenshots` writes them into docs/screenshots as
<page>-<empty|full>-<desktop|phone>.png. Each page also scrolls nowhere sideways on the
phone and logs no error to the browser's console."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from afterview.bootstrap import Afterview
from afterview.config import DATABASE_FILE, AppSettings
from tests.browser.conftest import Screenshot, served
from tests.conftest import TODAY

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}

EMPTY_PAGES = (
    ("start", "/start"),
    ("pipeline", "/pipeline"),
    ("application-add", "/pipeline/add"),
    ("interview-add", "/interviews/new"),
    ("network", "/network"),
    ("contact-add", "/contacts/new"),
    ("search", "/search?q=acme"),
    ("settings", "/settings"),
    ("import", "/import"),
    ("error", "/applications/nope"),
)
FULL_PAGES = (
    ("today", "/"),
    ("pipeline", "/pipeline"),
    ("application-add", "/pipeline/add"),
    ("application", "/applications/acme-de"),
    ("application-edit", "/applications/acme-de/edit"),
    ("application-delete", "/applications/acme-de/delete"),
    ("interview-add", "/interviews/new?application=umbrella-dl"),
    ("interview-edit", "/interviews/acme-1/edit"),
    ("interview-delete", "/interviews/acme-1/delete"),
    ("thank-you-editor", "/interviews/acme-1/notes?contact=omar-said"),
    ("note-follow-up", "/notes/follow_up?application=hooli-de"),
    ("note-call-script", "/notes/call_script?application=northwind-ae"),
    ("note-reference-alert", "/notes/reference_alert?application=northwind-ae&contact=dana-kim"),
    ("note-leverage", "/notes/leverage?application=acme-de"),
    ("note-reconnect", "/notes/reconnect?application=initech-pe&contact=ana-silva"),
    ("note-keep-in-touch", "/notes/keep_in_touch?contact=raj-patel"),
    ("network", "/network"),
    ("contact", "/contacts/ana-silva"),
    ("contact-add", "/contacts/new"),
    ("contact-edit", "/contacts/ana-silva/edit"),
    ("contact-merge", "/contacts/ana-silva/merge"),
    ("contact-delete", "/contacts/ana-silva/delete"),
    ("touch-add", "/touches/new?application=hooli-de&kind=call"),
    ("touch-delete", "/touches/{touch}/delete"),
    ("search", "/search?q=acme"),
    ("settings", "/settings"),
    ("import", "/import"),
    ("error", "/applications/nope"),
)


def _serve(home: Path, demo: bool) -> Iterator[tuple[str, Afterview]]:
    """A home of the module's own (the pages are only read), today pinned to TODAY."""
    settings = AppSettings(
        home=home, database_url=f"sqlite:///{home / DATABASE_FILE}", today_override=TODAY
    )
    av = Afterview(settings)
    if demo:
        av.load_demo()
    with served(av) as url:
        yield url, av
    av.close()


@pytest.fixture(scope="module")
def empty_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Afterview]]:
    yield from _serve(tmp_path_factory.mktemp("empty-home"), demo=False)


@pytest.fixture(scope="module")
def full_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Afterview]]:
    yield from _serve(tmp_path_factory.mktemp("full-home"), demo=True)


@pytest.fixture(scope="module")
def screens(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    """One browser context per width, shared by the module's pages."""
    contexts = {
        "desktop": browser.new_context(viewport=DESKTOP),
        "phone": browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True),
    }
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def picture(request: pytest.FixtureRequest, screenshot: Screenshot) -> Screenshot:
    """The `screenshot` fixture for `pytest --screenshots`; otherwise no picture at all:
    taking it is the slow part, and no one would look at it."""
    if request.config.getoption("--screenshots"):
        return screenshot
    return lambda page, name: None


def _picture(
    contexts: dict[str, BrowserContext], screenshot: Screenshot, url: str, name: str
) -> None:
    """The page at both widths: its picture, no sideways scroll on the phone, and a quiet
    console (an error page's own 404 aside: Chromium logs the status it was served with)."""
    for width, context in contexts.items():
        errors = _shoot(context, screenshot, url, f"{name}-{width}", phone=width == "phone")
        if name.startswith("error-"):
            errors = [e for e in errors if "status of 404" not in e]
        assert errors == [], f"{name} at {width}: {errors}"


def _shoot(
    context: BrowserContext, screenshot: Screenshot, url: str, name: str, phone: bool
) -> list[str]:
    """One picture; what the console said meanwhile."""
    page: Page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda note: errors.append(note.text) if note.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        expect(page.locator("main h1").first).to_be_visible()
        screenshot(page, name)
        if phone:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= PHONE["width"], f"{name} scrolls sideways: {scroll} px"
    finally:
        page.close()
    return errors


@pytest.mark.parametrize(("name", "path"), EMPTY_PAGES, ids=[n for n, _ in EMPTY_PAGES])
def test_empty_home(
    screens: dict[str, BrowserContext],
    empty_home: tuple[str, Afterview],
    picture: Screenshot,
    name: str,
    path: str,
) -> None:
    url, _ = empty_home
    _picture(screens, picture, url + path, f"{name}-empty")


@pytest.mark.parametrize(("name", "path"), FULL_PAGES, ids=[n for n, _ in FULL_PAGES])
def test_full_home(
    screens: dict[str, BrowserContext],
    full_home: tuple[str, Afterview],
    picture: Screenshot,
    name: str,
    path: str,
) -> None:
    url, av = full_home
    if "{touch}" in path:
        path = path.format(touch=av.application("hooli-de").timeline[-1].key)
    _picture(screens, picture, url + path, f"{name}-full")
