"""Undoing a Done in a real browser: the row gives way to its Undo, and the Undo brings
the action back, without a reload."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import _assert_clean, _audit, audited

__all__ = ["audited"]  # the fixture, shared


def test_a_done_is_undone_in_place(page: Page, live: Any) -> None:
    url, av = live
    before = av.pipeline().touches
    page.goto(url + "/")
    page.evaluate("window.__marker = 'same page'")
    row = page.locator("li.action", has_text="Thank Omar Said")
    row.get_by_role("button", name="Done").click()
    undo = page.get_by_role("button", name="Undo: the thank you of Wed 25 Nov")
    expect(undo).to_be_focused()
    expect(page.locator("li.action", has_text="Thank Omar Said")).to_have_count(0)
    undo.click()
    back = page.locator("li.action", has_text="Thank Omar Said")
    expect(back).to_have_count(1)
    expect(back.get_by_role("button", name="Done")).to_be_visible()
    assert page.evaluate("window.__marker") == "same page"
    assert av.pipeline().touches == before


def test_the_touch_pages_pass_axe(audited: Page, live: Any) -> None:
    url, av = live
    key = av.application("hooli-de").timeline[-1].key
    pages = (
        ("/touches/new?application=hooli-de&kind=employer_reply", "touch-new"),
        (f"/touches/{key}/delete", "touch-delete"),
    )
    _assert_clean(_audit(audited, url, pages))
