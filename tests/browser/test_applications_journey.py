"""A new user manages their applications in a real browser, from the first steps to a delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from afterview.bootstrap import Afterview
from afterview.domain.model import Status
from tests.browser.conftest import Screenshot, served
from tests.conftest import MakeAfterview


@pytest.fixture
def fresh(make_afterview: MakeAfterview) -> Iterator[tuple[str, Afterview]]:
    """The web UI on an empty home (no profile, no applications), served on 127.0.0.1."""
    av = make_afterview()
    with served(av) as url:
        yield url, av


def test_first_steps_then_an_application_from_start_to_delete(
    page: Page, fresh: tuple[str, Afterview], screenshot: Screenshot
) -> None:
    url, av = fresh
    page.goto(url + "/")
    expect(page.get_by_role("heading", name="Welcome to afterview")).to_be_visible()
    screenshot(page, "start")

    first_step(page)

    # Step 2: the first application.
    page.get_by_role("link", name="Add an application").click()
    page.get_by_label("Company").fill("Pied Piper")
    page.get_by_label("Role").fill("Data Engineer")
    page.get_by_label("Applied on").fill("2026-11-20")
    page.get_by_label("How they like to be reached").select_option("email")
    page.get_by_label("Interest").fill("4")
    page.get_by_label("Job description").fill("Compression at scale.")
    page.get_by_role("button", name="Add the application").click()
    expect(page.get_by_role("heading", name="Pied Piper: Data Engineer")).to_be_visible()
    expect(page.get_by_text("Added Pied Piper: Data Engineer.")).to_be_visible()

    # Today is Today now.
    page.get_by_role("link", name="Today").first.click()
    expect(page.get_by_role("heading", name="Today, ", exact=False)).to_be_visible()

    # Edit it.
    page.goto(url + "/pipeline")
    page.get_by_role("link", name="Pied Piper").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Role").fill("Staff Data Engineer")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Pied Piper: Staff Data Engineer")).to_be_visible()

    # An offer, with its deadline.
    page.get_by_role("combobox", name="Status").select_option("offer")
    page.get_by_label("Deadline to answer").fill("2026-12-04")
    page.get_by_label("Summary").fill("$190k base")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("Status: offer.")).to_be_visible()
    expect(page.get_by_text("answer by Fri 04 Dec 2026: $190k base")).to_be_visible()
    assert av.pipeline().application("pied-piper-data-engineer").status is Status.OFFER

    # The Pipeline by stage.
    page.goto(url + "/pipeline?status=applied")
    expect(page.get_by_text("No application is applied.")).to_be_visible()
    page.get_by_role("link", name="offer 1").click()
    expect(page.get_by_role("link", name="Pied Piper")).to_be_visible()
    screenshot(page, "pipeline-by-stage")

    # Delete it, after the page says what goes with it.
    page.get_by_role("link", name="Pied Piper").click()
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_text("its 0 interviews")).to_be_visible()
    page.get_by_role("button", name="Delete the application").click()
    expect(page.get_by_text("Deleted Pied Piper: Staff Data Engineer.")).to_be_visible()
    assert av.pipeline().applications == ()


def first_step(page: Page) -> None:
    """The profile: a wrong email is marked, and what was typed stays."""
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Your email").fill("sam.example.org")
    page.get_by_label("Country").fill("US")
    page.locator("main form").evaluate("form => form.noValidate = true")  # the server's own check
    page.get_by_role("button", name="Save my profile").click()
    email = page.get_by_label("Your email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Your name")).to_have_value("Sam Rivera")
    email.fill("sam@example.org")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("status")).to_have_text("Profile saved.")
