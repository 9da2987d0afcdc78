"""Resolving Today's rows in place in a real browser: a decision date recorded inline takes
its row away and the section's count down without a reload, and the same form works with
JavaScript off (post, redirect, notice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import Browser, Page, expect

ASK_ACME = "Ask Acme Corp when they expect to decide"


def test_a_decision_date_recorded_inline(page: Page, live: Any) -> None:
    url, av = live
    page.goto(url + "/")
    page.evaluate("window.__marker = 'same page'")
    due = page.locator("#count-due")
    expect(due).to_have_text("12")
    row = page.locator("li.action", has_text=ASK_ACME)
    following = row.locator("xpath=following-sibling::li[1]")
    next_title = following.locator("span").nth(1).inner_text().split("\n")[0]
    row.get_by_label("Decision expected by").fill("2026-12-10")
    row.get_by_role("button", name="Save the decision date").click()

    expect(page.locator("li.action", has_text=ASK_ACME)).to_have_count(0)
    expect(due).to_have_text("11")
    expect(page.locator("#count-overdue")).to_have_text("2")
    expect(page.locator("#today-said")).to_contain_text("expects to decide by Thu 10 Dec 2026")
    # The focus goes on to the next row, never lost on the removed one.
    focused = page.locator(":focus")
    assert focused.evaluate("(e, t) => e.closest('li').innerText.includes(t)", next_title)
    assert page.evaluate("window.__marker") == "same page"
    _, interview = av.pipeline().interview("acme-1")
    assert interview.decision_expected == dt.date(2026, 12, 10)


def test_a_decision_date_recorded_without_javascript(browser: Browser, live: Any) -> None:
    url, av = live
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url + "/")
        expect(page.locator("#count-due")).to_have_text("12")
        row = page.locator("li.action", has_text=ASK_ACME)
        row.get_by_label("Decision expected by").fill("2026-12-10")
        row.get_by_role("button", name="Save the decision date").click()

        expect(page.locator(".notice")).to_contain_text(
            "Recorded that Acme Corp expects to decide by Thu 10 Dec 2026."
        )
        assert page.url == url + "/"
        expect(page.locator("li.action", has_text=ASK_ACME)).to_have_count(0)
        expect(page.locator("#count-due")).to_have_text("11")
    finally:
        context.close()
    _, interview = av.pipeline().interview("acme-1")
    assert interview.decision_expected == dt.date(2026, 12, 10)


def test_a_contact_completed_inline_on_a_phone(browser: Browser, live: Any) -> None:
    url, av = live
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(url + "/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        row = page.locator("li.action", has_text="Get Priya Natarajan's title")
        row.get_by_label("Title", exact=True).fill("Staff Engineer")
        row.get_by_role("button", name="Save").click()
        expect(page.locator("li.action", has_text="Get Priya Natarajan")).to_have_count(0)
        expect(page.locator("#count-overdue")).to_have_text("1")
    finally:
        context.close()
    assert av.contact("priya-natarajan").contact.title == "Staff Engineer"
