"""Every page in a real browser, as a keyboard, a screen reader and a phone meet it:
axe-core finds no violation, nothing scrolls sideways on a 390 px phone, the forms look
alike, the skip link and the focus ring work, the editor's tabs are WAI-ARIA tabs."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from afterview.bootstrap import Afterview
from tests.browser.conftest import served
from tests.conftest import MakeAfterview

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
SHOTS = Path(os.environ["AFTERVIEW_SHOTS"]) if os.environ.get("AFTERVIEW_SHOTS") else None
"""Where the audit also takes a picture of each page, when set."""
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1280, "height": 900}

DEMO_PAGES = (
    ("/", "today"),
    ("/pipeline", "pipeline"),
    ("/pipeline?status=interviewing", "pipeline-interviewing"),
    ("/pipeline/add", "application-add"),
    ("/network", "network"),
    ("/settings", "settings"),
    ("/import", "import"),
    ("/interviews/new", "interview-new"),
    ("/interviews/acme-1/edit", "interview-edit"),
    ("/interviews/acme-1/delete", "interview-delete"),
    ("/applications/acme-de", "application"),
    ("/applications/acme-de/edit", "application-edit"),
    ("/applications/acme-de/delete", "application-delete"),
    ("/contacts/omar-said", "contact"),
    ("/contacts/new", "contact-new"),
    ("/contacts/omar-said/edit", "contact-edit"),
    ("/contacts/omar-said/merge", "contact-merge"),
    ("/contacts/raj-patel/delete", "contact-delete"),
    ("/contacts/ana-silva/delete", "contact-delete-on-a-panel"),
    ("/touches/new?application=acme-de", "touch-new"),
    ("/interviews/acme-1/notes", "editor"),
    ("/interviews/acme-1/notes?contact=jane-doe", "editor-sent"),
    ("/notes/follow_up?application=hooli-de", "note-follow-up"),
    ("/notes/call_script?application=northwind-ae", "note-call-script"),
    ("/notes/reference_alert?application=northwind-ae&contact=dana-kim", "note-reference"),
    ("/notes/leverage?application=northwind-ae", "note-leverage"),
    ("/notes/reconnect?application=initech-pe&contact=ana-silva", "note-reconnect"),
    ("/notes/keep_in_touch?contact=raj-patel", "note-keep-in-touch"),
    ("/search?q=acme", "search"),
    ("/applications/no-such-application", "error"),
)
EMPTY_PAGES = (
    ("/start", "empty-start"),
    ("/pipeline", "empty-pipeline"),
    ("/pipeline/add", "empty-application-add"),
    ("/network", "empty-network"),
    ("/contacts/new", "empty-contact-new"),
    ("/interviews/new", "empty-interview-new"),
    ("/settings", "empty-settings"),
    ("/import", "empty-import"),
    ("/search?q=nobody", "empty-search"),
    ("/inbox", "empty-inbox"),
    ("/applications/nope", "empty-error"),
)


def _serve(av: Afterview) -> Iterator[str]:
    with served(av) as url:
        yield url


@pytest.fixture
def empty(make_afterview: MakeAfterview) -> Iterator[str]:
    """The web UI on a fresh home: no pipeline, no profile."""
    yield from _serve(make_afterview())


@pytest.fixture
def audited(browser: Browser) -> Iterator[Page]:
    """A page that may take axe-core in: the app's policy admits only its own scripts, so
    this context alone bypasses it (the app's pages still run under it everywhere else)."""
    context = browser.new_context(viewport=DESK, bypass_csp=True)
    opened = context.new_page()
    yield opened
    context.close()


def _violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))"""
    )
    return found


def _audit(page: Page, url: str, pages: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """axe's violations, the document's width and what the console said, on each page at
    both widths (and, with AFTERVIEW_SHOTS set, a picture of each into that folder)."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
    said: list[str] = []
    page.on("console", lambda note: said.append(note.text) if note.type == "error" else None)
    page.on("pageerror", lambda error: said.append(str(error)))
    report: dict[str, Any] = {}
    for size, label in ((DESK, "1280"), (PHONE, "390")):
        page.set_viewport_size(size)
        for path, name in pages:
            said.clear()
            page.goto(url + path)
            expect(page.locator("main#content h1")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            if SHOTS is not None:
                page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
            errors = [e for e in said if not (name.endswith("error") and "status of 404" in e)]
            report[f"{path} @{label}"] = {
                "width": width,
                "violations": _violations(page),
                "console": list(errors),
            }
    return report


def _assert_clean(report: dict[str, Any]) -> None:
    broken = {where: found["violations"] for where, found in report.items() if found["violations"]}
    assert broken == {}, json.dumps(broken, indent=1)
    noisy = {where: found["console"] for where, found in report.items() if found["console"]}
    assert noisy == {}, f"these pages logged errors: {noisy}"
    wide = {
        where: found["width"]
        for where, found in report.items()
        if where.endswith("@390") and found["width"] > PHONE["width"]
    }
    assert wide == {}, f"these pages scroll sideways on a 390 px phone: {wide}"


def test_every_page_of_the_demo_passes_axe_and_fits_a_phone(audited: Page, live: Any) -> None:
    url, _ = live
    _assert_clean(_audit(audited, url, DEMO_PAGES))


def test_every_page_of_an_empty_home_passes_axe_and_fits_a_phone(audited: Page, empty: str) -> None:
    _assert_clean(_audit(audited, empty, EMPTY_PAGES))


def test_a_refused_upload_and_a_marked_field_pass_axe(
    audited: Page, live: Any, tmp_path: Path
) -> None:
    """The problems box and the field marked invalid: red, and still without a violation."""
    url, _ = live
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "afterview/1", "applications": [{"id": "x"}]}')
    for size in (DESK, PHONE):
        audited.set_viewport_size(size)
        audited.goto(url + "/import")
        audited.locator("input[type=file]").set_input_files(str(broken))
        audited.get_by_role("button", name="Import").click()
        expect(audited.locator(".problems")).to_be_visible()
        field = audited.locator("#import-file")
        expect(field).to_have_attribute("aria-invalid", "true")
        assert field.evaluate("e => getComputedStyle(e).boxShadow").startswith("rgb(180, 35, 24)")
        assert _violations(audited) == []
        assert audited.evaluate("document.documentElement.scrollWidth") <= size["width"]


FIELDS = "main input:not([type=hidden], [type=checkbox], [type=radio]), main select, main textarea"


@pytest.mark.parametrize("path", ["/settings", "/import", "/interviews/new"])
def test_the_forms_look_alike_and_suit_a_phone(page: Page, live: Any, path: str) -> None:
    """Every field 16 px (phones zoom into smaller ones), padded, bordered alike, labelled
    by a label that shows; on a phone each field spans the width of its form."""
    url, _ = live
    for size in (DESK, PHONE):
        page.set_viewport_size(size)
        page.goto(url + path)
        looks = page.eval_on_selector_all(
            FIELDS,
            """fields => fields.map(f => {
                const s = getComputedStyle(f);
                const label = document.querySelector(`label[for="${f.id}"]`);
                return {id: f.id, font: s.fontSize, padding: parseFloat(s.paddingLeft),
                        border: s.borderTopColor + " " + s.borderTopWidth,
                        radius: s.borderTopLeftRadius,
                        label: !!label && label.getBoundingClientRect().height > 0 &&
                               getComputedStyle(label).visibility === "visible",
                        width: f.getBoundingClientRect().width,
                        room: (p => p.clientWidth - parseFloat(getComputedStyle(p).paddingLeft)
                               - parseFloat(getComputedStyle(p).paddingRight))(f.parentElement)};
            })""",
        )
        assert looks, path
        for look in looks:
            assert look["font"] == "16px", look
            assert look["label"], look
            if look["id"] not in ("import-file", "restore-file"):  # a file field is its button
                assert look["padding"] >= 8, look
                assert look["border"] == "rgb(123, 135, 148) 1px", look
                assert look["radius"] == "6px", look
            if size is PHONE:
                assert look["width"] >= look["room"] - 1, look
        buttons = page.eval_on_selector_all(
            "main button", "bs => bs.map(b => getComputedStyle(b).fontSize)"
        )
        assert set(buttons) == {"16px"}


def test_a_phone_table_keeps_its_column_names(page: Page, live: Any) -> None:
    url, _ = live
    page.set_viewport_size(PHONE)
    for path in ("/pipeline", "/network", "/settings", "/applications/acme-de"):
        page.goto(url + path)
        unlabelled = page.eval_on_selector_all(
            "main td",
            """cells => cells.filter(c => {
                const before = getComputedStyle(c, "::before").content;
                return !before || before === "none" || before === '""';
            }).length""",
        )
        assert unlabelled == 0, path
        expect(page.locator("main thead").first).to_be_hidden()


def test_the_skip_link_comes_first_and_the_focus_ring_shows(page: Page, live: Any) -> None:
    url, _ = live
    page.goto(url + "/settings")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    expect(skip).to_be_in_viewport()
    ring = skip.evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth,"
        " getComputedStyle(e).outlineColor]"
    )
    assert ring == ["solid", "3px", "rgb(29, 78, 216)"]  # the palette's blue: 6.7:1 on white
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("e => e.closest('main') !== null")
    for selector in ("#p-name", "main button >> nth=0", "nav a >> nth=0"):
        page.locator(selector).focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        color = page.locator(":focus").evaluate("e => getComputedStyle(e).outlineColor")
        assert color == "rgb(29, 78, 216)", selector
    assert _contrast("#1d4ed8", "#ffffff") >= 3  # on a card
    assert _contrast("#1d4ed8", "#f8f9fb") >= 3  # on the page


def _contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_marking_a_row_done_moves_the_focus_to_its_undo(page: Page, live: Any) -> None:
    url, _ = live
    page.goto(url + "/")
    rows = page.locator("section.due li.action")
    first = rows.filter(has=page.get_by_role("button", name="Done")).first
    title = first.locator("span").nth(1).inner_text().split("\n")[0]
    following = first.locator("xpath=following-sibling::li[1]")
    next_title = following.locator("span").nth(1).inner_text().split("\n")[0]
    first.get_by_role("button", name="Done").focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.action", has_text=title)).to_have_count(0)
    focused = page.locator(":focus")
    expect(focused).to_have_text("Undo")
    page.keyboard.press("Tab")  # on to the next row
    assert page.locator(":focus").evaluate(
        "(e, t) => e.closest('li').innerText.includes(t)", next_title
    )


def test_an_undo_moves_the_focus_back_to_its_row(page: Page, live: Any) -> None:
    url, _ = live
    page.goto(url + "/")
    upcoming = page.locator("section.upcoming")
    rows = upcoming.locator("li.action")
    expect(rows).to_have_count(1)
    rows.get_by_role("button", name="Done").click()
    expect(page.locator(":focus")).to_have_text("Undo")
    page.keyboard.press("Enter")
    expect(upcoming.get_by_role("button", name="Done")).to_be_focused()


def test_the_interviewers_tabs_follow_the_tabs_pattern(page: Page, live: Any) -> None:
    url, _ = live
    page.goto(url + "/interviews/acme-1/notes?contact=omar-said")
    tablist = page.get_by_role("tablist", name="Interviewers")
    tabs = tablist.get_by_role("tab")
    expect(tabs).to_have_count(3)
    expect(page.get_by_role("tabpanel")).to_have_attribute("aria-labelledby", "tab-omar-said")
    selected = tablist.get_by_role("tab", selected=True)
    expect(selected).to_have_text("Omar Said")
    assert [t.get_attribute("tabindex") for t in tabs.all()] == ["-1", "0", "-1"]
    selected.focus()
    for key, name in (
        ("ArrowRight", "Priya Natarajan"),
        ("ArrowRight", "Jane Doe"),  # wraps around
        ("ArrowLeft", "Priya Natarajan"),
        ("Home", "Jane Doe"),
        ("End", "Priya Natarajan"),
    ):
        page.keyboard.press(key)
        expect(page.locator(":focus")).to_have_text(name)
        assert [t.get_attribute("tabindex") for t in tabs.all()].count("0") == 1
        expect(page.locator(":focus")).to_have_attribute("tabindex", "0")
    page.keyboard.press("Enter")
    expect(page).to_have_url(url + "/interviews/acme-1/notes?contact=priya-natarajan")
    expect(tablist.get_by_role("tab", selected=True)).to_have_text("Priya Natarajan")
    page.keyboard.press("Tab")  # from the page's start, past the skip link, the nav ...
    page.locator("nav a").last.focus()
    page.keyboard.press("Tab")  # ... and the header's search box and its button ...
    expect(page.locator(":focus")).to_have_id("header-q")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # ... the Tab key reaches the selected tab only
    expect(page.locator(":focus")).to_have_text("Priya Natarajan")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_id("subject")


def test_without_javascript_every_tab_is_a_link_in_the_tab_order(
    browser: Browser, live: Any
) -> None:
    url, _ = live
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/interviews/acme-1/notes?contact=omar-said")
    page.locator("header [role=search] button").focus()  # the header's last stop
    names = []
    for _ in range(3):
        page.keyboard.press("Tab")
        names.append(page.locator(":focus").inner_text())
    assert names == ["Jane Doe", "Omar Said", "Priya Natarajan"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(url + "/interviews/acme-1/notes?contact=priya-natarajan")
    context.close()
