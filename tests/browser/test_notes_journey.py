"""The note editors in a real browser: unsent edits survive a change of tab, the other
notes proofread as the user types and copy to the clipboard, and a sent note is shown
as it went out, with JavaScript and without."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Screenshot
from tests.smtp import Inbox, local_smtp


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with local_smtp() as (received, port):
        received.port = port  # type: ignore[attr-defined]
        yield received


@pytest.fixture
def smtp_url(inbox: Inbox) -> str:
    return f"smtp://127.0.0.1:{inbox.port}?tls=off"  # type: ignore[attr-defined]


def test_unsent_edits_survive_switching_interviewer_tabs(page: Page, live: Any) -> None:
    url, _ = live
    page.goto(url + "/interviews/acme-1/notes?contact=omar-said")
    area = page.get_by_label("Your note to Omar Said")
    draft = area.input_value()
    area.press("Control+End")
    area.press_sequentially("\nP.S. I enjoyed the whiteboard session.")
    page.get_by_role("tab", name="Priya Natarajan").click()
    expect(page.get_by_label("Your note to Priya Natarajan")).to_be_visible()
    expect(page.locator("#kept")).to_be_hidden()  # Priya's note was never touched

    page.get_by_role("tab", name="Omar Said").click()

    area = page.get_by_label("Your note to Omar Said")
    expect(area).to_have_value(draft + "\nP.S. I enjoyed the whiteboard session.")
    expect(page.get_by_text("Your unsent edits were kept.")).to_be_visible()
    expect(page.locator("#proof")).to_contain_text("whiteboard")  # proofread as kept
    page.get_by_role("button", name="Discard them").click()
    expect(area).to_have_value(draft)
    page.reload()
    expect(page.get_by_label("Your note to Omar Said")).to_have_value(draft)


def test_a_leverage_note_is_proofread_copied_and_sent(
    browser: Browser, live: Any, inbox: Inbox, screenshot: Screenshot
) -> None:
    url, _ = live
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()
    page.goto(url + "/")
    page.goto(url + "/notes/leverage?application=acme-de")
    area = page.get_by_label("Your note to Jane Doe")
    expect(page.locator("#proof")).to_contain_text("the proofreader found nothing")
    screenshot(page, "note-leverage")
    area.press("Control+End")
    area.press_sequentially(" Teh offer is real.")
    expect(page.locator("#proof")).to_contain_text("Teh")  # htmx proofread what was typed
    page.get_by_role("button", name="Copy the text").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Subject: An update on my search: Senior Data Engineer\n\nDear Jane,")
    assert copied.endswith("Teh offer is real.")

    page.get_by_role("button", name="Send to Jane Doe").click()

    expect(page.get_by_role("alert")).to_contain_text("held back by proofreading")
    expect(page.get_by_label("Your note to Jane Doe")).to_have_value(area.input_value())
    area = page.get_by_label("Your note to Jane Doe")
    area.fill(area.input_value().replace(" Teh offer is real.", ""))
    page.get_by_role("button", name="Send to Jane Doe").click()
    expect(page.get_by_role("heading", name="Sent today to Jane Doe by email")).to_be_visible()
    assert len(inbox.messages) == 1
    assert "Teh" not in inbox.messages[0].get_content()
    context.close()


def test_the_other_notes_work_without_javascript(browser: Browser, live: Any, inbox: Inbox) -> None:
    url, _ = live
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/notes/reconnect?application=initech-pe&contact=ana-silva")
    expect(page.get_by_role("button", name="Copy the text")).to_be_hidden()  # needs a script
    area = page.get_by_label("Your note to Ana Silva")
    area.fill(area.input_value().replace("I enjoyed meeting you", "I truly enjoyed meeting you"))
    page.get_by_role("button", name="Send to Ana Silva").click()
    expect(page.get_by_role("heading", name="Sent today to Ana Silva by email")).to_be_visible()
    assert "I truly enjoyed meeting you" in inbox.messages[0].get_content()

    page.goto(url + "/notes/call_script?application=northwind-ae")
    expect(page.get_by_text("What to say when you call Li Wei")).to_be_visible()
    page.get_by_role("button", name="I called them").click()
    expect(page.get_by_text("Recorded: you called them.")).to_be_visible()
    expect(page.locator("li.action", has_text="Call Northwind Analytics")).to_have_count(0)
    context.close()
