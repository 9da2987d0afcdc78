"""The daily routine in a real browser."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot


def test_today_marks_an_action_done_without_a_reload(page: Page, live: Any) -> None:
    url, av = live
    page.goto(url + "/")
    expect(page.get_by_role("heading", name="Overdue")).to_be_visible()
    screenshot(page, "today")
    row = page.locator("li.action", has_text="Thank Omar Said")
    expect(row).to_have_count(1)
    page.evaluate("window.__marker = 'same page'")
    row.get_by_role("button", name="Done").click()
    expect(page.locator("li.action", has_text="Thank Omar Said")).to_have_count(0)
    assert page.evaluate("window.__marker") == "same page"
    assert any(
        t.contact == "omar-said" and t.interview == "acme-1" for t in av.store.load().touches
    )


def test_adding_an_interview_with_two_interviewers(page: Page, live: Any) -> None:
    url, _ = live
    page.goto(url + "/pipeline")
    screenshot(page, "pipeline")
    page.get_by_role("link", name="Add an interview").click()
    page.get_by_label("Application").select_option("umbrella-dl")
    page.get_by_label("When").fill("2026-11-24T09:30:00-08:00")
    page.get_by_label("Kind").select_option("video")
    page.locator("#name-0").fill("Kim Lee")
    page.locator("#title-0").fill("CTO")
    page.locator("#email-0").fill("kim@umbrella.example.com")
    page.locator("#name-1").fill("Ravi Shah")
    page.locator("#title-1").fill("Data Lead")
    page.locator("#email-1").fill("ravi@umbrella.example.com")
    page.get_by_role("button", name="Add the interview").click()
    expect(page.get_by_text("Thank Kim Lee (Umbrella Health)")).to_be_visible()
    expect(page.get_by_text("Thank Ravi Shah (Umbrella Health)")).to_be_visible()
