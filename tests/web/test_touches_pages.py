"""Touches in the browser, in-process (TestClient) on the demo pipeline: logging a call,
a follow-up, a reply or a network touch from an application's page, deleting one logged
by mistake, and undoing a Done on Today, with and without htmx."""

from __future__ import annotations

import html
from urllib.parse import unquote

from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.domain.model import TouchKind
from afterview.services.records import LogTouch
from tests.conftest import TODAY
from tests.web.conftest import csrf, forms

THANK_OMAR = {
    "kind": "thank_you",
    "application": "acme-de",
    "interview": "acme-1",
    "contact": "omar-said",
}


def _log(client: TestClient, **fields: str) -> TestClient:
    token = csrf(client, "/touches/new?application=hooli-de")
    return client.post(  # type: ignore[no-any-return]
        "/touches",
        data={"csrf": token, "application": "hooli-de", **fields},
        follow_redirects=False,
    )


def test_the_application_page_offers_each_kind_of_touch(client: TestClient) -> None:
    text = client.get("/applications/hooli-de").text
    for kind in ("call", "follow_up", "employer_reply", "network"):
        assert f'href="/touches/new?application=hooli-de&amp;kind={kind}"' in text
    form = client.get("/touches/new?application=hooli-de&kind=employer_reply").text
    assert '<option value="employer_reply" selected>' in form
    assert f'name="on" type="date" value="{TODAY.isoformat()}"' in form
    assert '<option value="ken-ito">Ken Ito</option>' in form
    assert 'name="follow_up_requested_on" type="date"' in form


def test_log_a_reply_with_the_day_they_asked_for(client: TestClient, av: Afterview) -> None:
    response = _log(
        client,
        kind="employer_reply",
        on=TODAY.isoformat(),
        contact="ken-ito",
        note="Call me on the 3rd.",
        follow_up_requested_on="2026-12-03",
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/applications/hooli-de"
    text = client.get("/applications/hooli-de").text
    assert "Recorded the reply from the employer of Wed 25 Nov." in text
    timeline = text[text.index('id="h-timeline"') :]
    assert "Call me on the 3rd. (follow up on Thu 03 Dec)" in timeline
    touch = av.pipeline().touches[-1]
    assert touch.kind is TouchKind.EMPLOYER_REPLY
    assert touch.follow_up_requested_on is not None
    assert "Recorded the reply" not in client.get("/applications/hooli-de").text  # once


def test_a_network_touch_from_a_contact(client: TestClient, av: Afterview) -> None:
    response = _log(client, kind="network", on="", contact="ken-ito", note="Met at a meetup.")
    assert response.status_code == 303
    touch = av.pipeline().touches[-1]
    assert (touch.kind, touch.on, touch.contact) == (TouchKind.NETWORK, TODAY, "ken-ito")


def test_a_refused_touch_keeps_what_was_typed(client: TestClient, av: Afterview) -> None:
    before = av.pipeline().touches
    page = _log(
        client,
        kind="employer_reply",
        on="2026-11-31",
        contact="ken-ito",
        note="Typed with care.",
        follow_up_requested_on="2026-11-02",
    )
    assert page.status_code == 400
    text = page.text
    assert "Not recorded: please correct the marked fields." in text
    on = text[text.index('id="t-on"') : text.index('id="t-contact"')]
    assert 'aria-invalid="true"' in on
    assert "no such day" in on
    assert 'value="2026-11-31"' in on
    assert "Typed with care." in text
    assert '<option value="ken-ito" selected>' in text
    assert av.pipeline().touches == before
    again = _log(
        client, kind="employer_reply", on="2026-11-25", follow_up_requested_on="2026-11-02"
    )
    field = again.text[again.text.index('id="t-follow_up_requested_on"') :]
    assert 'aria-invalid="true"' in field
    assert "before the reply itself" in field


def test_a_call_too_soon_is_refused_with_do_it_anyway(client: TestClient, av: Afterview) -> None:
    av.log_touch(LogTouch(TouchKind.FOLLOW_UP, on=TODAY, application="hooli-de", force=True))
    before = len(av.pipeline().touches)
    page = _log(client, kind="call", on=TODAY.isoformat(), contact="ken-ito", note="Again.")
    assert page.status_code == 400, page.text
    assert "too soon" in page.text
    anyway = [form for form in forms(page.text) if "Do it anyway" in form.buttons]
    assert anyway
    assert anyway[0].action == "/touches"
    assert anyway[0].fields["force"] == "true"
    assert anyway[0].fields["note"] == "Again."
    assert len(av.pipeline().touches) == before
    response = client.post("/touches", data=anyway[0].fields, follow_redirects=False)
    assert response.status_code == 303
    assert av.pipeline().touches[-1].note == "Again."


def test_logging_needs_the_csrf_token(client: TestClient, av: Afterview) -> None:
    client.get("/applications/hooli-de")
    refused = client.post("/touches", data={"application": "hooli-de", "kind": "network"})
    assert refused.status_code == 403
    undo = client.post("/touches/undo", data={"key": "0-abc"})
    assert undo.status_code == 403


def test_delete_a_touch_after_a_confirmation(client: TestClient, av: Afterview) -> None:
    page = client.get("/applications/hooli-de").text
    timeline = page[page.index("<tbody>", page.index('id="h-timeline"')) :]
    start = timeline.index('href="/touches/') + len('href="')
    link = timeline[start : timeline.index('"', start)]
    assert link.endswith("/delete")
    confirm = client.get(link).text
    assert "This cannot be undone" in confirm
    form = next(form for form in forms(confirm) if form.action == link)
    before = av.pipeline().touches
    key = unquote(link.split("/")[2])
    doomed = av.touch(key)
    assert doomed.contact is not None  # Hooli's touches are with Ken Ito
    assert f"· {av.pipeline().contact(doomed.contact).name}" in html.unescape(confirm)
    assert f"· {doomed.contact} " not in confirm  # the person by name, not by id
    response = client.post(link, data=form.fields, follow_redirects=False)
    assert response.status_code == 303
    shown = client.get(response.headers["location"]).text
    assert "Deleted the " in shown
    after = av.pipeline().touches
    assert len(after) == len(before) - 1
    assert doomed not in after or before.count(doomed) > 1
    stale = client.post(link, data=form.fields, headers={"accept": "text/html"})
    assert stale.status_code == 404


def test_done_then_undo_with_htmx(client: TestClient, av: Afterview) -> None:
    before = av.pipeline().touches
    token = csrf(client)
    done = client.post(
        "/actions/done", data={"csrf": token, **THANK_OMAR}, headers={"HX-Request": "true"}
    )
    assert done.status_code == 200
    assert "Undone?" in done.text
    undo = next(form for form in forms(done.text) if form.action == "/touches/undo")
    assert undo.buttons == ["Undo"]
    assert "Thank Omar Said" not in client.get("/").text
    back = client.post("/touches/undo", data=undo.fields, headers={"HX-Request": "true"})
    assert back.status_code == 200
    assert "Thank Omar Said" in back.text
    assert 'action="/actions/done"' in back.text
    assert av.pipeline().touches == before
    assert "Thank Omar Said" in client.get("/").text


def test_done_then_undo_without_javascript(client: TestClient, av: Afterview) -> None:
    before = av.pipeline().touches
    token = csrf(client)
    done = client.post("/actions/done", data={"csrf": token, **THANK_OMAR}, follow_redirects=False)
    assert done.status_code == 303
    today = client.get(done.headers["location"]).text
    assert "Marked done." in today
    assert "Thank Omar Said" not in today
    undo = next(form for form in forms(today) if form.action == "/touches/undo")
    response = client.post("/touches/undo", data=undo.fields, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    shown = client.get("/").text
    assert "Undone: the thank you of Wed 25 Nov is not recorded." in shown
    assert "Thank Omar Said" in shown
    assert av.pipeline().touches == before
