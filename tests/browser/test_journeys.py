"""The daily routine in a real browser."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

from tests.browser.conftest import Screenshot


def test_today_marks_an_action_done_without_a_reload(
    page: Page, live: Any, screenshot: Screenshot
) -> None:
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
    assert any(t.contact == "omar-said" and t.interview == "acme-1" for t in av.pipeline().touches)


def test_adding_an_interview_with_two_interviewers(
    page: Page, live: Any, screenshot: Screenshot
) -> None:
    url, _ = live
    page.goto(url + "/pipeline")
    screenshot(page, "pipeline")
    page.get_by_role("link", name="Add an interview").click()
    page.get_by_label("Application", exact=True).select_option("umbrella-dl")
    page.get_by_label("Date and time").fill("2026-11-24T09:30")
    page.get_by_label("Time zone").select_option("-08:00")
    page.get_by_label("Kind").select_option("video")
    page.locator("#name-0").fill("Kim Lee")
    page.locator("#title-0").fill("CTO")
    page.locator("#email-0").fill("kim@umbrella.example.com")
    page.locator("#name-1").fill("Ravi Shah")
    page.locator("#title-1").fill("Data Lead")
    page.locator("#email-1").fill("ravi@umbrella.example.com")
    page.get_by_role("button", name="Add the interview").click()
    expect(page.get_by_role("heading", name="Umbrella Health")).to_be_visible()
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_text("Thank Kim Lee (Umbrella Health)")).to_be_visible()
    expect(page.get_by_text("Thank Ravi Shah (Umbrella Health)")).to_be_visible()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=_port())
    controller.start()
    received.port = controller.port  # type: ignore[attr-defined]
    yield received
    controller.stop()


@pytest.fixture
def smtp_url(inbox: Inbox) -> str:
    return f"smtp://127.0.0.1:{inbox.port}?tls=off"  # type: ignore[attr-defined]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_draft_fix_a_flagged_typo_and_send(
    page: Page, live: Any, inbox: Inbox, screenshot: Screenshot
) -> None:
    url, _ = live
    page.goto(url + "/")
    page.locator("li.action", has_text="Thank Omar Said").get_by_role("link", name="Draft").click()
    area = page.get_by_label("Your note to Omar Said")
    expect(area).to_be_visible()
    screenshot(page, "note-editor")
    text = area.input_value()
    area.fill(text.replace("Dear Omar,", "Dear Omar,\n\nI am very intrested."))
    area.press("End")
    fix = page.locator("#proof button.fix", has_text="interested")
    expect(fix).to_be_visible()
    fix.click()
    expect(page.locator("#proof button.fix", has_text="interested")).to_have_count(0)
    assert "intrested" not in area.input_value()
    page.get_by_role("button", name="Send to Omar Said").click()
    expect(page.get_by_text("Sent to Omar Said on")).to_be_visible()  # what went out
    expect(page.locator(".sent-text")).to_contain_text("I am very interested.")
    expect(page.locator("#note-text")).to_have_count(0)
    assert len(inbox.messages) == 1
    assert b"I am very interested." in inbox.messages[0]
    page.goto(url + "/")
    expect(page.locator("li.action", has_text="Thank Omar Said")).to_have_count(0)


def test_a_broken_upload_shows_every_problem(
    page: Page, live: Any, tmp_path: Path, screenshot: Screenshot
) -> None:
    url, av = live
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            {
                "format": "afterview/1",
                "applications": [
                    {"id": "x", "company": "X Corp", "role": "Analyst", "applied_on": "yesterday"},
                    {"id": "y", "company": "Y Corp", "status": "hired"},
                ],
            }
        )
    )
    page.goto(url + "/import")
    screenshot(page, "import")
    page.get_by_label("Pipeline document", exact=False).first.check()
    page.locator("input[type=file]").set_input_files(str(broken))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Application 1, applied on", exact=False)).to_be_visible()
    expect(page.get_by_text("Application 2, role", exact=False)).to_be_visible()
    expect(page.get_by_text("Application 2, status", exact=False)).to_be_visible()
    assert len(av.pipeline().applications) == 6


def test_the_other_pages_render(page: Page, live: Any, screenshot: Screenshot) -> None:
    url, _ = live
    for path, name, heading in (
        ("/applications/acme-de", "application", "Acme Corp"),
        ("/network", "network", "Network"),
        ("/settings", "settings", "Settings"),
    ):
        page.goto(url + path)
        expect(page.locator("h1")).to_contain_text(heading)
        screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/")
    screenshot(page, "today-phone")


def test_the_pages_break_no_rule_of_their_own_policy(page: Page, live: Any, tmp_path: Path) -> None:
    """Chromium enforces the Content-Security-Policy: every page, the editor's live
    proofreading and the API page work with the app's own files, and nothing is blocked."""
    url, _ = live
    errors: list[str] = []
    page.on("console", lambda note: errors.append(note.text) if note.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    pages = ("/", "/pipeline", "/network", "/settings", "/import")
    notes = ("/notes/leverage?application=acme-de", "/interviews/acme-1/notes?contact=omar-said")
    for path in (*pages, *notes):
        page.goto(url + path)
        expect(page.locator("nav")).to_be_visible()
    page.locator("#note-text").press_sequentially(" Thankyou")
    expect(page.locator("#proof")).to_contain_text("Thankyou")  # htmx re-proofread the note
    page.goto(url + "/docs")
    expect(page.get_by_text("/api/agenda")).to_be_visible()  # Swagger UI drew the API
    page.screenshot(path=str(tmp_path / "api.png"))
    assert errors == []
