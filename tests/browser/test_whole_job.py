"""A whole job search in a real browser, from an empty home: the first steps, an
application and its interview, the thank-you notes sent through a real SMTP server, an
offer that becomes news for another employer, a rejection that becomes a reconnect, a
Done taken back, a duplicate merged, and a backup restored on another home. Each journey
runs twice: with JavaScript (htmx) and without it, as plain HTML forms."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from afterview.bootstrap import Afterview
from tests.browser.conftest import served
from tests.conftest import MakeAfterview
from tests.smtp import Inbox, local_smtp


@dataclass
class Site:
    """The web UI served on 127.0.0.1 for one home."""

    url: str
    av: Afterview


def _serve(av: Afterview) -> Iterator[Site]:
    with served(av) as url:
        yield Site(url, av)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1, keeping what it receives."""
    with local_smtp() as running:
        yield running


@pytest.fixture
def empty_site(make_afterview: MakeAfterview, inbox: tuple[Inbox, int]) -> Iterator[Site]:
    """The web UI on an empty home (today pinned, as make_afterview does), its mail going
    to the local SMTP server."""
    _, port = inbox
    yield from _serve(make_afterview(smtp_url=f"smtp://127.0.0.1:{port}?tls=off"))


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request: pytest.FixtureRequest) -> bool:
    """Each journey runs with JavaScript (htmx at work) and without (plain forms, links)."""
    on: bool = request.param
    return on


@pytest.fixture
def visitor(browser: Browser, javascript: bool) -> Iterator[Page]:
    """A browser tab, JavaScript on or off."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        java_script_enabled=javascript,
        accept_downloads=True,
    )
    opened = context.new_page()
    yield opened
    context.close()


# --- Steps a user takes, each through the pages' own controls. ---------------------------


def fill_profile(page: Page) -> None:
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Your email").fill("sam@example.org")
    page.get_by_label("Country").fill("US")
    page.get_by_label("State or region").fill("CA")
    page.get_by_label("Your strengths, one per line").fill("Skilled in SQL\nLed a team of 8")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("status")).to_have_text("Profile saved.")


def add_application(page: Page, site: Site, company: str, role: str) -> str:
    """Adds it from the Pipeline's Add an application; returns its id."""
    page.goto(site.url + "/pipeline")
    page.get_by_role("main").get_by_role("link", name="Add an application").click()
    return add_application_here(page, company, role)


def add_interview(
    page: Page, people: list[tuple[str, str, str]], at: str = "2026-11-24T10:00"
) -> None:
    """From the application's page: its Add an interview link, the date-time and zone, and
    one row per interviewer (name, title, email)."""
    page.get_by_role("link", name="Add an interview").click()
    page.get_by_label("Date and time").fill(at)
    page.get_by_label("Time zone").select_option("-05:00")
    page.get_by_label("Kind").select_option("video")
    for row, (name, title, email) in enumerate(people):
        page.locator(f"#name-{row}").fill(name)
        page.locator(f"#title-{row}").fill(title)
        page.locator(f"#email-{row}").fill(email)
    page.get_by_role("button", name="Add the interview").click()
    expect(page.get_by_role("heading", name="Interviews", exact=False)).to_be_visible()


def set_status(page: Page, site: Site, application: str, status: str, **dates: str) -> None:
    page.goto(f"{site.url}/applications/{application}")
    page.get_by_role("combobox", name="Status").select_option(status)
    labels = {
        "on": "Closing date",
        "received_on": "Offer received on",
        "deadline": "Deadline to answer",
        "summary": "Summary",
    }
    for name, value in dates.items():
        page.get_by_label(labels[name]).fill(value)
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text(f"Status: {status}.")).to_be_visible()


def today_row(page: Page, text: str) -> Any:
    return page.locator("li.action", has_text=text)


# --- a. The first run, from the first steps to an offer and a rejection. -----------------


def test_first_run_from_the_first_steps_to_an_offer_and_a_rejection(
    visitor: Page, empty_site: Site, inbox: tuple[Inbox, int]
) -> None:
    page, site, (received, _) = visitor, empty_site, inbox
    page.goto(site.url + "/")
    assert page.url == site.url + "/start"
    fill_profile(page)

    page.get_by_role("link", name="Add an application").click()
    initech = add_application_here(page, "Initech", "Data Analyst")
    add_interview(
        page,
        [
            ("Ana Silva", "Head of Data", "ana@initech.example.com"),
            ("Ben Ode", "Data Engineer", "ben@initech.example.com"),
        ],
    )

    # Today: a thank-you for each interviewer.
    page.get_by_role("link", name="Today").first.click()
    expect(today_row(page, "Thank Ana Silva (Initech)")).to_have_count(1)
    expect(today_row(page, "Thank Ben Ode (Initech)")).to_have_count(1)

    # The editor: both tabs drafted; Ben's note edited and sent.
    today_row(page, "Thank Ana Silva").get_by_role("link", name="Draft").click()
    note = page.locator("#note-text")
    expect(page.get_by_role("tab")).to_have_count(2)
    assert "Ana" in note.input_value()
    page.get_by_role("tab", name="Ben Ode").click()
    expect(page.get_by_label("Your note to Ben Ode")).to_be_visible()
    drafted = note.input_value()
    assert "Ben" in drafted
    edited = drafted.replace(
        "Dear Ben,", "Dear Ben,\n\nThe pipeline you drew on the board stays with me."
    )
    assert edited != drafted
    note.fill(edited)
    page.get_by_role("button", name="Send to Ben Ode").click()
    expect(page.get_by_role("heading", name="Sent to Ben Ode on", exact=False)).to_be_visible()
    expect(page.locator("#note-text")).to_have_count(0)
    assert len(received.messages) == 1
    assert received.recipients == [["ben@initech.example.com"]]
    assert _body(received.messages[0]) == _lines(edited)

    # A second application, interviewing; then the first one's offer.
    globex = add_application(page, site, "Globex", "Analytics Engineer")
    add_interview(page, [("Cara Diaz", "Analytics Lead", "cara@globex.example.com")])
    expect(page.locator("main p.rule").first).to_contain_text("interviewing")  # by itself
    set_status(page, site, initech, "offer", received_on="2026-11-25", deadline="2026-12-04")
    page.goto(site.url + "/")
    leverage = today_row(page, "Tell Globex you have an offer from Initech")
    expect(leverage).to_have_count(1)
    leverage.get_by_role("link").first.click()
    assert f"/notes/leverage?application={globex}" in page.url
    expect(page.get_by_role("heading", name="To Cara Diaz", exact=False)).to_be_visible()
    assert "Cara" in page.locator("#note-text").input_value()

    # A third application, rejected: its interviewer becomes a reconnect.
    hooli = add_application(page, site, "Hooli", "Data Scientist")
    add_interview(page, [("Dev Rao", "Research Manager", "dev@hooli.example.com")])
    set_status(page, site, hooli, "rejected", on="2026-11-25")
    page.goto(site.url + "/")
    reconnect = today_row(page, "Stay in touch with Dev Rao")
    expect(reconnect).to_have_count(1)
    dev = site.av.pipeline().contacts
    contact = next(c.id for c in dev if c.name == "Dev Rao")
    page.goto(f"{site.url}/notes/reconnect?application={hooli}&contact={contact}")
    expect(page.get_by_role("heading", name="To Dev Rao", exact=False)).to_be_visible()
    assert "Dev" in page.locator("#note-text").input_value()


def add_application_here(page: Page, company: str, role: str) -> str:
    """Fills the application form on screen; returns the id, read from the page it lands on."""
    page.get_by_label("Company").fill(company)
    page.get_by_label("Role").fill(role)
    page.get_by_label("Applied on").fill("2026-11-10")
    page.get_by_label("How they like to be reached").select_option("email")
    page.get_by_role("button", name="Add the application").click()
    expect(page.get_by_role("heading", name=f"{company}: {role}")).to_be_visible()
    return page.url.rsplit("/applications/", 1)[1]


def _body(message: EmailMessage) -> list[str]:
    part = message.get_body(("plain",))
    assert part is not None
    return _lines(part.get_content())


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]


def first_steps(page: Page, site: Site, people: list[tuple[str, str, str]]) -> str:
    """The profile, one application and one interview with `people`, through the pages."""
    page.goto(site.url + "/")
    fill_profile(page)
    page.get_by_role("link", name="Add an application").click()
    application = add_application_here(page, "Initech", "Data Analyst")
    add_interview(page, people)
    return application


# --- b. A Done by mistake, undone. ---------------------------------------------------------


def test_a_mistaken_done_is_undone(visitor: Page, empty_site: Site, javascript: bool) -> None:
    page, site = visitor, empty_site
    first_steps(page, site, [("Ana Silva", "Head of Data", "ana@initech.example.com")])
    page.goto(site.url + "/")
    row = today_row(page, "Thank Ana Silva (Initech)")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Done").click()
    expect(today_row(page, "Thank Ana Silva (Initech)")).to_have_count(0)
    assert len(site.av.pipeline().touches) == 1
    if javascript:
        # htmx: the row gives way to its own Undo.
        page.get_by_role("button", name="Undo: the thank you of", exact=False).click()
    else:
        # Plain forms: Today comes back with the Undo in its notice.
        page.locator(".notice").get_by_role("button", name="Undo").click()
    back = today_row(page, "Thank Ana Silva (Initech)")
    expect(back).to_have_count(1)
    expect(back.get_by_role("button", name="Done")).to_be_visible()
    assert site.av.pipeline().touches == ()


# --- c. Two records of one person, merged. ------------------------------------------------


def test_two_duplicate_contacts_are_merged(visitor: Page, empty_site: Site) -> None:
    page, site = visitor, empty_site
    application = first_steps(
        page, site, [("Ana Silva", "Head of Data", "ana@initech.example.com")]
    )
    add_interview(page, [("Ana Silva-Reyes", "Head of Data", "")], at="2026-11-25T09:00")
    contacts = {c.name: c.id for c in site.av.pipeline().contacts}
    assert set(contacts) == {"Ana Silva", "Ana Silva-Reyes"}
    # The application's page names its interviewers; each name opens their page.
    page.get_by_role("link", name="Ana Silva", exact=True).click()
    page.get_by_role("link", name="Merge with a duplicate").click()
    page.get_by_label("The other record").select_option(contacts["Ana Silva-Reyes"])
    page.get_by_label("This one", exact=False).check()
    page.get_by_role("button", name="Merge the two records").click()
    expect(page.get_by_role("heading", name="Ana Silva", exact=False)).to_be_visible()
    pipeline = site.av.pipeline()
    assert [c.id for c in pipeline.contacts] == [contacts["Ana Silva"]]
    interviews = pipeline.application(application).interviews
    assert len(interviews) == 2
    assert all(i.interviewers == (contacts["Ana Silva"],) for i in interviews)


# --- d. A backup, restored on another home. -----------------------------------------------


@pytest.fixture
def second_site(make_afterview: MakeAfterview, tmp_path: Path) -> Iterator[Site]:
    """The web UI on a second, fresh empty home."""
    home = tmp_path / "second-home"
    yield from _serve(make_afterview(home=home, database_url=f"sqlite:///{home / 'afterview.db'}"))


def test_a_backup_restored_on_a_fresh_home_exports_the_same(
    visitor: Page, empty_site: Site, second_site: Site, tmp_path: Path, javascript: bool
) -> None:
    page, site = visitor, empty_site
    mode = "replace" if javascript else "merge"  # both modes, one run each: the home is empty
    first_steps(
        page,
        site,
        [
            ("Ana Silva", "Head of Data", "ana@initech.example.com"),
            ("Ben Ode", "Data Engineer", "ben@initech.example.com"),
        ],
    )
    page.goto(site.url + "/")
    today_row(page, "Thank Ben Ode").get_by_role("button", name="Done").click()
    expect(today_row(page, "Thank Ben Ode")).to_have_count(0)

    page.goto(site.url + "/settings")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download a backup").click()
    download = downloading.value
    assert download.suggested_filename == "afterview-backup-2026-11-25.json"
    backup = tmp_path / download.suggested_filename
    download.save_as(backup)
    assert json.loads(backup.read_text(encoding="utf-8"))["format"] == "afterview/1"

    page.goto(second_site.url + "/settings")
    page.get_by_label("Backup file (.json)").set_input_files(str(backup))
    page.get_by_label(mode.capitalize(), exact=False).check()
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_role("status")).to_contain_text(f"Restored from {backup.name}")
    # The whole document, byte for byte as the export writes it: nothing in it belongs to
    # one home rather than the other (the web secrets and calendar token stay outside it).
    assert second_site.av.export_document() == site.av.export_document()
