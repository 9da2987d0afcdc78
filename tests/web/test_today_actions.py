"""Today's rows resolved in place: S1's decision date, S4's missing details, S9's
reference, the notes each row drafts, and the sections' counts that follow, with htmx
(the row gives way, the counts come out of band) and without (post, redirect, notice)."""

from __future__ import annotations

import datetime as dt
import html
import re

from fastapi.testclient import TestClient
from httpx import Response

from afterview.bootstrap import Afterview
from afterview.services.contacts import RemoveReference
from afterview.services.records import AddContact, AddInterview, Apply, EditContact, NewInterviewer
from afterview.web.app import create_app
from tests.conftest import MakeAfterview
from tests.web.conftest import LOCAL, csrf, forms

HTMX = {"HX-Request": "true"}
ASK_ACME = "Ask Acme Corp when they expect to decide"
DECISION = {"application": "acme-de", "interview": "acme-1"}
PRIYA = {"application": "acme-de", "interview": "acme-1", "contact": "priya-natarajan"}
THANK_OMAR = {
    "kind": "thank_you",
    "application": "acme-de",
    "interview": "acme-1",
    "contact": "omar-said",
}


def count(page: str, state: str) -> int | None:
    """A section's count as the page (or an out-of-band fragment) shows it."""
    found = re.search(rf'<span class="count" id="count-{state}"[^>]*>(\d+)</span>', page)
    return int(found.group(1)) if found else None


def oob(page: str, state: str) -> bool:
    return f'id="count-{state}" hx-swap-oob="true"' in page


def post(client: TestClient, path: str, **fields: str) -> Response:
    """A form of Today posted as a browser without JavaScript posts it."""
    return _post(client, path, fields, {})


def hx_post(client: TestClient, path: str, **fields: str) -> Response:
    """A form of Today posted by htmx."""
    return _post(client, path, fields, HTMX)


def _post(
    client: TestClient, path: str, fields: dict[str, str], headers: dict[str, str]
) -> Response:
    data = {"csrf": csrf(client), **fields}
    response: Response = client.post(path, data=data, headers=headers, follow_redirects=False)
    return response


# --- S1: the decision date ------------------------------------------------------------------


def test_the_decision_date_resolves_its_row_without_javascript(
    client: TestClient, av: Afterview
) -> None:
    page = client.get("/").text
    form = next(f for f in forms(page) if f.action == "/actions/decision-date")
    assert form.fields["interview"] == "acme-1"
    assert 'name="decision_expected" type="date"' in page
    assert "Decision expected by" in page

    response = post(client, "/actions/decision-date", decision_expected="2026-12-10", **DECISION)

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    shown = client.get("/").text
    assert "Recorded that Acme Corp expects to decide by Thu 10 Dec 2026." in shown
    assert ASK_ACME not in shown
    assert count(shown, "due") == 11
    _, interview = av.pipeline().interview("acme-1")
    assert interview.decision_expected == dt.date(2026, 12, 10)


def test_the_decision_date_with_htmx_swaps_the_row_out_and_sends_the_counts(
    client: TestClient, av: Afterview
) -> None:
    assert count(client.get("/").text, "due") == 12

    response = hx_post(client, "/actions/decision-date", decision_expected="2026-12-10", **DECISION)

    assert response.status_code == 200
    assert "<li" not in response.text  # the row gives way to nothing
    assert oob(response.text, "due")
    assert count(response.text, "due") == 11
    assert count(response.text, "overdue") == 2
    assert count(response.text, "upcoming") == 1
    assert 'id="empty-due" hx-swap-oob="true" hidden' in response.text
    assert "show Today again" not in response.text  # nothing else moved
    said = re.search(r'<p id="today-said" hx-swap-oob="innerHTML">(.*?)</p>', response.text)
    assert said
    assert "expects to decide by Thu 10 Dec 2026" in said.group(1)
    _, interview = av.pipeline().interview("acme-1")
    assert interview.decision_expected == dt.date(2026, 12, 10)
    assert ASK_ACME not in client.get("/").text


def test_a_bad_decision_date_comes_back_as_typed_naming_the_field(
    client: TestClient, av: Afterview
) -> None:
    response = hx_post(client, "/actions/decision-date", decision_expected="2026-13-45", **DECISION)
    assert response.status_code == 400
    assert response.text.lstrip().startswith('<li class="action"')
    assert ASK_ACME in response.text
    assert 'value="2026-13-45"' in response.text
    assert "Decision expected by: not a date (no such day)" in response.text
    assert 'aria-invalid="true"' in response.text
    assert "autofocus" not in response.text  # htmx: today.js moves the focus

    page = post(client, "/actions/decision-date", decision_expected="2026-13-45", **DECISION)
    assert page.status_code == 400
    assert "<h1>Today" in page.text
    assert 'value="2026-13-45"' in page.text
    assert "Decision expected by: not a date (no such day)" in page.text
    assert re.search(r'aria-invalid="true" aria-describedby="[^"]+" autofocus', page.text)

    empty = post(client, "/actions/decision-date", decision_expected=" ", **DECISION)
    assert empty.status_code == 400
    assert "Decision expected by: type the day they named" in empty.text
    _, interview = av.pipeline().interview("acme-1")
    assert interview.decision_expected is None


# --- S4: the interviewer's missing details ------------------------------------------------


def test_completing_a_contact_resolves_its_row(client: TestClient, av: Afterview) -> None:
    page = client.get("/").text
    form = next(f for f in forms(page) if f.action == "/actions/contact")
    assert form.fields["contact"] == "priya-natarajan"
    assert "Get Priya Natarajan's title" in html.unescape(page)

    response = hx_post(client, "/actions/contact", title="Staff Engineer", **PRIYA)

    assert response.status_code == 200
    assert "<li" not in response.text
    assert count(response.text, "overdue") == 1
    assert av.contact("priya-natarajan").contact.title == "Staff Engineer"

    av.edit_contact(EditContact("priya-natarajan", title=""))
    plain = post(client, "/actions/contact", title="Lead", **PRIYA)
    assert plain.status_code == 303
    assert "Saved Priya Natarajan&#39;s title." in client.get("/").text


def test_a_contact_still_missing_a_detail_keeps_its_row(client: TestClient, av: Afterview) -> None:
    av.edit_contact(EditContact("priya-natarajan", email=""))
    page = html.unescape(client.get("/").text)
    assert "Get Priya Natarajan's title and email" in page
    assert 'name="email" type="email"' in page

    refused = hx_post(client, "/actions/contact", title="Lead", email="nope", **PRIYA)
    assert refused.status_code == 400
    assert 'value="Lead"' in refused.text
    assert 'value="nope"' in refused.text
    assert "Email: not an email address" in refused.text
    assert av.contact("priya-natarajan").contact.title is None

    empty = post(client, "/actions/contact", title=" ", email="", **PRIYA)
    assert empty.status_code == 400
    assert "Title: type what you know" in empty.text

    response = hx_post(client, "/actions/contact", title="Lead", email="", **PRIYA)
    assert response.status_code == 200
    assert response.text.count('<li class="action"') == 1  # the row again, still open
    assert "Get Priya Natarajan's email" in html.unescape(response.text)
    assert 'name="title"' not in response.text
    assert count(response.text, "overdue") == 2


# --- S9: references ---------------------------------------------------------------------------


def test_naming_a_reference_resolves_add_references(client: TestClient, av: Afterview) -> None:
    av.remove_reference(RemoveReference("dana-kim"))
    page = client.get("/").text
    assert "Add your references" in page
    form = next(f for f in forms(page) if f.action == "/actions/reference")
    assert form.buttons == ["Add"]
    assert '<option value="dana-kim">Dana Kim (Brightline)</option>' in page
    assert 'href="/contacts/new"' in page

    empty = hx_post(client, "/actions/reference", reference="")
    assert empty.status_code == 400
    assert "Reference: choose who" in empty.text

    response = hx_post(client, "/actions/reference", reference="dana-kim")
    assert response.status_code == 200
    assert "<li" not in response.text
    # Dana is to be told of each employer now: Today has new rows, and says so.
    assert "show Today again" in response.text
    profile = av.pipeline().profile
    assert profile is not None
    assert profile.references == ("dana-kim",)


def test_naming_a_reference_without_javascript(client: TestClient, av: Afterview) -> None:
    av.remove_reference(RemoveReference("dana-kim"))
    response = post(client, "/actions/reference", reference="raj-patel")
    assert response.status_code == 303
    shown = client.get("/").text
    assert "Raj Patel is one of your references now." in shown
    assert "Add your references" not in shown

    unknown = post(client, "/actions/reference", reference="nobody")
    assert unknown.status_code == 400
    assert "no contact &#39;nobody&#39;" in unknown.text


def test_a_reference_alert_drafts_and_closes(client: TestClient) -> None:
    page = client.get("/").text
    alert = (
        'href="/notes/reference_alert?application=northwind-ae&amp;contact=dana-kim"'
        ' aria-label="Draft: Tell Dana Kim that Northwind Analytics'
    )
    assert alert in page
    done = [f for f in forms(page) if f.fields.get("kind") == "reference_alert"]
    assert {f.fields["application"] for f in done} == {"northwind-ae", "acme-de"}


# --- The notes and the other doors ------------------------------------------------------------


def test_each_row_links_its_note(client: TestClient) -> None:
    page = client.get("/").text
    for link in (
        "/notes/call_script?application=northwind-ae",
        "/notes/follow_up?application=hooli-de",
        "/notes/leverage?application=acme-de",
        "/notes/reconnect?application=initech-pe&amp;contact=ana-silva",
        "/notes/keep_in_touch?contact=raj-patel",
        "/interviews/acme-1/notes?contact=omar-said",  # S5: the thank-you editor
    ):
        assert f'href="{link}"' in page, link
    assert ">Script</a>" in page


def test_keep_searching_links_a_new_application(client: TestClient) -> None:
    page = client.get("/?as_of=2027-03-01").text
    (row,) = [r for r in page.split('<li class="action"') if "Keep searching" in r]
    assert 'href="/pipeline/add"' in row


def test_ids_in_note_links_are_url_encoded(client: TestClient, av: Afterview) -> None:
    av.add_contact(AddContact("Odd Name", id="a&b/c"))
    av.add_reference("a&b/c")
    page = client.get("/").text
    assert "contact=a%26b%2Fc" in page


# --- Done, Undo and the counts ------------------------------------------------------------------


def test_done_and_undo_with_htmx_carry_the_counts(client: TestClient) -> None:
    done = hx_post(client, "/actions/done", **THANK_OMAR)
    assert done.status_code == 200
    assert "Undone?" in done.text
    assert count(done.text, "due") == 11
    undo = next(f for f in forms(done.text) if f.action == "/touches/undo")
    assert 'hx-post="/actions/undo"' in done.text

    back = client.post("/actions/undo", data=undo.fields, headers=HTMX)
    assert back.status_code == 200
    assert "Thank Omar Said" in back.text
    assert count(back.text, "due") == 12


def test_a_done_that_opens_another_action_says_so(client: TestClient) -> None:
    call = {"kind": "call", "application": "acme-de", "interview": "acme-1", "contact": ""}
    done = hx_post(client, "/actions/done", **call)
    assert done.status_code == 200
    assert "Undone?" in done.text
    assert count(done.text, "upcoming") == 1  # the call gone, the next follow-up open
    assert "show Today again" in done.text


def test_an_emptied_section_says_so(client: TestClient, av: Afterview) -> None:
    alert = {"kind": "reference_alert", "application": "northwind-ae", "contact": "dana-kim"}
    hx_post(client, "/actions/done", **alert)
    response = hx_post(client, "/actions/contact", title="Lead", **PRIYA)
    assert count(response.text, "overdue") == 0
    assert '<p class="empty" id="empty-overdue" hx-swap-oob="true">Nothing overdue any more.' in (
        response.text
    )


def test_a_long_section_links_to_itself_alone_a_page_at_a_time(
    make_afterview: MakeAfterview,
) -> None:
    """Sixty overdue thank-yous: Today shows the first rows and links to the section
    alone, whose pages hold every row once; no link leads to the API's JSON."""
    av = make_afterview()
    av.load_demo()
    for number in range(60):
        av.apply(Apply(f"Firm {number}", "Analyst", id=f"firm-{number}", applied_on="2026-10-01"))
        av.add_interview(
            AddInterview(
                f"firm-{number}",
                "2026-10-05T10:00:00+00:00",
                people=(NewInterviewer(f"Pat Lee {number}", email=f"pat{number}@firm.example"),),
            )
        )
    client = TestClient(create_app(av), base_url=LOCAL)
    today = client.get("/").text
    overdue = len(av.agenda().sections[0].actions)
    assert overdue > 60
    assert "/api/agenda" not in today
    assert f'<a href="/?section=overdue">show all {overdue}</a>' in today
    assert today.count('<li class="action') <= 3 * 20
    seen: list[str] = []
    url: str | None = "/?section=overdue"
    while url is not None:
        page = client.get(url).text
        assert 'id="h-due"' not in page  # the section alone
        seen += re.findall(r'<li class="action[^"]*" id="([^"]+)"', page)
        found = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = html.unescape(found.group(1)) if found else None
    assert len(seen) == overdue
    assert len(set(seen)) == overdue
    bad = client.get("/?section=sideways")
    assert bad.status_code == 400
    assert "section" in bad.text
