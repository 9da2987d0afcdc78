"""Applications in the browser, in-process (TestClient): the first steps of a new user,
adding, editing, moving and deleting an application, and the Pipeline by stage."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.domain.model import Medium, Status
from afterview.services.records import Apply
from afterview.web.app import create_app
from tests.conftest import MakeAfterview
from tests.web.conftest import LOCAL, csrf, forms

PAGE = {"accept": "text/html"}


def field_problems(text: str) -> dict[str, str]:
    """Each marked field's id and the problem written beside it."""
    return dict(re.findall(r'id="[a-z]+-(\w+)-problem">([^<]*)<', text))


def invalid_fields(text: str) -> list[str]:
    return re.findall(r'name="(\w+)"[^>]*aria-invalid="true"', text)


@pytest.fixture
def empty(make_afterview: MakeAfterview) -> tuple[TestClient, Afterview]:
    """A new user's afterview: no profile, no applications."""
    av = make_afterview()
    return TestClient(create_app(av), base_url=LOCAL), av


# --- First steps ----------------------------------------------------------------------------


def test_a_new_user_starts_with_the_two_steps(empty: tuple[TestClient, Afterview]) -> None:
    client, _ = empty
    page = client.get("/")
    assert page.url.path == "/start"
    assert "Step 1: you" in page.text
    assert "Step 2: your first application" in page.text
    assert "Keep searching" not in page.text
    assert [f.action for f in forms(page.text)] == ["/search", "/start/profile"]  # header, step


def test_the_profile_step_refuses_and_keeps_what_was_typed(
    empty: tuple[TestClient, Afterview],
) -> None:
    client, av = empty
    token = csrf(client, "/start")
    typed = {"csrf": token, "name": "Sam Rivera", "email": "sam-at-example", "country": "ZZ"}
    page = client.post("/start/profile", data=typed, headers=PAGE)
    assert page.status_code == 400
    assert 'value="Sam Rivera"' in page.text
    assert 'value="sam-at-example"' in page.text
    assert sorted(invalid_fields(page.text)) == ["country", "email"]
    problems = field_problems(page.text)
    assert problems["email"].startswith("not an email address")
    assert "unknown country code" in problems["country"]
    assert av.pipeline().profile is None


def test_the_first_steps_lead_to_today(empty: tuple[TestClient, Afterview]) -> None:
    client, av = empty
    token = csrf(client, "/start")
    profile = {"csrf": token, "name": "Sam Rivera", "email": "sam@example.org", "country": "GB"}
    profile |= {"strengths": "Skilled in SQL\nLed a team of 8"}
    saved = client.post("/start/profile", data=profile)
    assert saved.url.path == "/start"
    assert "Profile saved." in saved.text
    assert "Done: your notes are signed <strong>Sam Rivera</strong>" in saved.text
    assert av.pipeline().profile is not None
    assert av.pipeline().profile.strengths == ("Skilled in SQL", "Led a team of 8")  # type: ignore[union-attr]
    application = {"csrf": token, "company": "Pied Piper", "role": "Data Engineer"}
    client.post("/applications", data=application)
    today = client.get("/")
    assert today.url.path == "/"
    assert "Today, " in today.text
    assert client.get("/start").url.path == "/"


# --- Adding and editing ---------------------------------------------------------------------


def test_adding_an_application_shows_it_once_saved(client: TestClient, av: Afterview) -> None:
    form = client.get("/pipeline/add").text
    assert 'type="date"' in form
    assert [f.action for f in forms(form)] == ["/search", "/applications"]  # header, page
    typed = {
        "csrf": csrf(client),
        "company": "Pied Piper",
        "role": "Data Engineer",
        "medium": "email",
        "interest": "4",
        "job_description": "Compression at scale.",
        "applied_on": "2026-11-20",
    }
    response = client.post("/applications", data=typed, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/applications/pied-piper-data-engineer"
    page = client.get(response.headers["location"])
    assert "Added Pied Piper: Data Engineer." in page.text
    assert "Added Pied Piper" not in client.get("/applications/pied-piper-data-engineer").text
    added = av.pipeline().application("pied-piper-data-engineer")
    assert (added.interest, added.job_description) == (4, "Compression at scale.")


def test_a_refused_application_comes_back_as_typed_with_each_field_marked(
    client: TestClient, av: Afterview
) -> None:
    typed = {
        "csrf": csrf(client),
        "company": "",
        "role": "Data <Engineer>",
        "interest": "9",
        "applied_on": "2026-02-30",
        "job_description": "Keep this text.",
    }
    page = client.post("/applications", data=typed, headers=PAGE)
    assert page.status_code == 400
    assert sorted(invalid_fields(page.text)) == ["applied_on", "company", "interest"]
    problems = field_problems(page.text)
    assert problems == {
        "company": "must not be empty",
        "applied_on": "not a date (no such day)",
        "interest": "must be a whole number from 1 to 5",
    }
    assert 'value="Data &lt;Engineer&gt;"' in page.text
    assert 'value="2026-02-30"' in page.text
    assert ">Keep this text.</textarea>" in page.text
    assert "--" not in page.text.split("<main")[1]  # no command-line flag in a page's words
    assert len(av.pipeline().applications) == 6


def test_editing_every_field(client: TestClient, av: Afterview) -> None:
    form = client.get("/applications/acme-de/edit").text
    assert 'value="Acme Corp"' in form
    assert 'value="2026-11-04"' in form
    assert '<option value="email" selected>' in form
    typed = {
        "csrf": csrf(client),
        "company": "Acme Corporation",
        "role": "Staff Data Engineer",
        "medium": "phone",
        "interest": "3",
        "job_description": "",
        "applied_on": "2026-11-03",
    }
    response = client.post("/applications/acme-de/edit", data=typed, follow_redirects=False)
    assert response.headers["location"] == "/applications/acme-de"
    assert "Changes saved." in client.get("/applications/acme-de").text
    edited = av.pipeline().application("acme-de")
    assert (edited.company, edited.role, edited.interest) == (
        "Acme Corporation",
        "Staff Data Engineer",
        3,
    )
    assert edited.medium is Medium.PHONE
    assert edited.job_description is None
    assert str(edited.applied_on) == "2026-11-03"
    assert len(edited.interviews) == 1


def test_a_refused_edit_keeps_the_record_and_the_typing(client: TestClient, av: Afterview) -> None:
    typed = {"csrf": csrf(client), "company": "Acme Corp", "role": "", "interest": "0"}
    page = client.post("/applications/acme-de/edit", data=typed, headers=PAGE)
    assert page.status_code == 400
    assert sorted(invalid_fields(page.text)) == ["interest", "role"]
    assert 'value="0"' in page.text
    assert av.pipeline().application("acme-de").role == "Senior Data Engineer"


# --- Status ---------------------------------------------------------------------------------


def test_an_offer_with_its_details(client: TestClient, av: Afterview) -> None:
    typed = {
        "csrf": csrf(client, "/applications/acme-de"),
        "status": "offer",
        "received_on": "2026-11-25",
        "deadline": "2026-12-04",
        "summary": "$190k base",
    }
    response = client.post("/applications/acme-de/status", data=typed, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "Status: offer." in page
    assert "Offer received Wed 25 Nov 2026, answer by Fri 04 Dec 2026: $190k base." in page
    offer = av.pipeline().application("acme-de").offer
    assert offer is not None
    assert str(offer.deadline) == "2026-12-04"


def test_a_rejection_records_its_closing_day(client: TestClient, av: Afterview) -> None:
    typed = {"csrf": csrf(client), "status": "rejected", "on": "2026-11-24"}
    client.post("/applications/hooli-de/status", data=typed)
    hooli = av.pipeline().application("hooli-de")
    assert hooli.status is Status.REJECTED
    assert str(hooli.closed_on) == "2026-11-24"
    assert "Closed Tue 24 Nov 2026." in client.get("/applications/hooli-de").text


def test_a_status_change_the_services_refuse_is_marked(client: TestClient, av: Afterview) -> None:
    typed = {"csrf": csrf(client), "status": "declined", "deadline": "2026-12-04"}
    page = client.post("/applications/acme-de/status", data=typed, headers=PAGE)
    assert page.status_code == 400
    assert invalid_fields(page.text) == ["deadline"]
    assert "belong to an offer" in field_problems(page.text)["deadline"]
    assert 'value="2026-12-04"' in page.text
    assert '<option value="declined" selected>' in page.text
    assert av.pipeline().application("acme-de").status is Status.INTERVIEWING
    early = {
        "csrf": csrf(client),
        "status": "offer",
        "received_on": "2026-11-24",
        "deadline": "2026-11-20",
    }
    page = client.post("/applications/acme-de/status", data=early, headers=PAGE)
    assert invalid_fields(page.text) == ["deadline"]
    unknown = {"csrf": csrf(client), "status": "ghosted"}
    page = client.post("/applications/acme-de/status", data=unknown, headers=PAGE)
    assert page.status_code == 400
    assert invalid_fields(page.text) == ["status"]


# --- Deleting -------------------------------------------------------------------------------


def test_delete_asks_first_and_says_what_goes(client: TestClient, av: Afterview) -> None:
    page = client.get("/applications/initech-pe").text
    assert 'href="/applications/initech-pe/delete"' in page
    confirm = client.get("/applications/initech-pe/delete").text
    assert "its 2 interviews" in confirm
    assert "the 3 notes, calls and replies recorded about it" in confirm
    assert "The people you met stay in your network." in confirm
    (search, form) = forms(confirm)
    assert search.action == "/search"  # the header's box
    assert form.action == "/applications/initech-pe/delete"
    assert form.buttons == ["Delete the application"]
    assert "initech-pe" in av.pipeline().application_map()  # asking deletes nothing
    response = client.post(form.action, data=form.fields, follow_redirects=False)
    assert response.headers["location"] == "/pipeline"
    pipeline = client.get("/pipeline").text
    assert "Deleted Initech: Platform Engineer." in pipeline
    assert "initech-pe" not in av.pipeline().application_map()
    assert av.pipeline().contact("tom-becker").name == "Tom Becker"


def test_every_post_needs_the_form_token(client: TestClient, av: Afterview) -> None:
    for path, data in (
        ("/applications/initech-pe/delete", {}),
        ("/applications/acme-de/edit", {"company": "X", "role": "Y"}),
        ("/applications/acme-de/status", {"status": "withdrawn"}),
        ("/applications", {"company": "X", "role": "Y"}),
        ("/start/profile", {"name": "X"}),
    ):
        assert client.post(path, data=data, headers=PAGE).status_code == 403
    assert len(av.pipeline().applications) == 6
    assert av.pipeline().application("acme-de").company == "Acme Corp"


def test_ids_in_urls_are_one_segment(client: TestClient, av: Afterview) -> None:
    typed = {"csrf": csrf(client), "company": "A/B #1", "role": "R&D?"}
    client.post("/applications", data=typed)
    added = next(a for a in av.pipeline().applications if a.company == "A/B #1")
    page = client.get("/pipeline").text
    assert f'href="/applications/{added.id}"' in page  # the slug needs no encoding

    av.apply(Apply("Odd", "Id", id="odd/id#1"))
    listed = client.get("/pipeline").text
    assert 'href="/applications/odd%2Fid%231"' in listed
    page = client.get("/applications/odd%2Fid%231").text
    assert 'href="/applications/odd%2Fid%231/edit"' in page
    assert 'href="/applications/odd%2Fid%231/delete"' in page
    assert "its 0 interviews" in client.get("/applications/odd%2Fid%231/delete").text


def test_unknown_application_pages_are_404(client: TestClient) -> None:
    for path in ("/applications/nope/edit", "/applications/nope/delete"):
        assert client.get(path, headers=PAGE).status_code == 404


# --- The Pipeline and Today -----------------------------------------------------------------


def test_the_pipeline_filters_by_stage(client: TestClient) -> None:
    page = client.get("/pipeline?status=interviewing").text
    table = page[page.index("<table") :]
    for company in ("Acme Corp", "Northwind Analytics", "Hooli"):
        assert company in table
    for company in ("Globex", "Initech", "Umbrella Health"):
        assert company not in table
    assert 'href="/pipeline?status=interviewing" aria-current="page"' in page
    assert 'href="/pipeline"><span class="chip">all <strong>6</strong>' in page
    offer = client.get("/pipeline?status=offer").text
    assert "Globex" in offer[offer.index("<table") :]
    assert "No application is accepted." in client.get("/pipeline?status=accepted").text
    assert client.get("/pipeline?status=ghosted", headers=PAGE).status_code == 400


def test_pipeline_and_today_link_to_adding_an_application(client: TestClient) -> None:
    for path in ("/", "/pipeline"):
        assert 'href="/pipeline/add">Add an application</a>' in client.get(path).text
