"""Every route in-process (TestClient) on a real SQLite file."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.domain.model import TouchKind
from afterview.services.records import EditContact
from tests.conftest import TODAY
from tests.web.conftest import csrf, forms


def test_today_lists_overdue_due_and_upcoming(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    assert text.index("Overdue") < text.index("Due now") < text.index("Upcoming")
    assert "Thank Omar Said (Acme Corp)" in text
    assert 'src="/static/htmx.min.js"' in text
    assert client.get("/static/htmx.min.js").status_code == 200


def test_done_logs_the_touch_and_the_action_leaves(client: TestClient, av: Afterview) -> None:
    token = csrf(client)
    response = client.post(
        "/actions/done",
        data={
            "csrf": token,
            "kind": "thank_you",
            "application": "acme-de",
            "interview": "acme-1",
            "contact": "omar-said",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Undo" in response.text  # the row gives way to its Undo
    assert "Thank Omar Said" not in client.get("/").text
    assert any(t.contact == "omar-said" and t.interview == "acme-1" for t in av.pipeline().touches)


def test_state_changes_need_the_csrf_token(client: TestClient, av: Afterview) -> None:
    client.get("/")
    refused = client.post(
        "/actions/done", data={"kind": "thank_you", "interview": "acme-1", "contact": "omar-said"}
    )
    assert refused.status_code == 403
    assert "did not come from afterview" in refused.text
    forged = client.post(
        "/actions/done", data={"csrf": "forged", "kind": "network", "contact": "raj-patel"}
    )
    assert forged.status_code == 403
    with_header = client.post(
        "/actions/done",
        data={"kind": "network", "contact": "raj-patel"},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert with_header.status_code == 200
    assert len([t for t in av.pipeline().touches if t.contact == "raj-patel"]) == 2


def test_a_bad_form_field_is_named(client: TestClient) -> None:
    response = client.post("/actions/done", data={"csrf": csrf(client), "kind": "hug"})
    assert response.status_code == 400
    assert "Kind: must be one of" in response.text
    assert "Traceback" not in response.text


def test_api_agenda_is_exactly_the_cli_json(client: TestClient, av: Afterview) -> None:
    data = client.get("/api/agenda", params={"as_of": "2026-11-25"}).json()
    expected = av.agenda(TODAY).to_json()
    assert data == json.loads(json.dumps(expected))
    bad = client.get("/api/agenda", params={"as_of": "soon"})
    assert bad.status_code == 400
    assert bad.json() == {"error": ["as_of: not a date (YYYY-MM-DD)"]}


def test_the_pipeline_page_shows_stages_and_health(client: TestClient) -> None:
    text = client.get("/pipeline").text
    assert "5 active applications" in text
    assert '<span class="chip">interviewing <strong>3</strong></span>' in text
    assert '<span class="chip">rejected <strong>1</strong></span>' in text
    assert "Globex" in text
    assert "9 days to answer" in text


def test_names_are_escaped_never_run(client: TestClient, av: Afterview) -> None:
    av.edit_contact(EditContact("omar-said", name="<script>alert(1)</script>"))
    text = client.get("/").text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_calendar_feed_needs_its_token(client: TestClient, av: Afterview) -> None:
    assert client.get("/calendar.ics", params={"token": "guess"}).status_code == 403
    token = av.ports.calendar_tokens.current()
    feed = client.get("/calendar.ics", params={"token": token})
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR")
    rotated = av.rotate_calendar_token()
    assert rotated != token
    assert client.get("/calendar.ics", params={"token": token}).status_code == 403


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/agenda" in spec["paths"]


def test_adding_an_interview_with_two_interviewers(client: TestClient, av: Afterview) -> None:
    assert "Add an interview" in client.get("/interviews/new?application=umbrella-dl").text
    response = client.post(
        "/interviews",
        data={
            "csrf": csrf(client),
            "application": "umbrella-dl",
            "at": "2026-11-24",
            "kind": "video",
            "name": ["Kim Lee", "Ravi Shah", ""],
            "title": ["CTO", "Data Lead", ""],
            "email": ["kim@umbrella.example.com", "ravi@umbrella.example.com", ""],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    today = client.get("/").text
    assert "Thank Kim Lee (Umbrella Health)" in today
    assert "Thank Ravi Shah (Umbrella Health)" in today
    bad = client.post(
        "/interviews",
        data={"csrf": csrf(client), "application": "umbrella-dl", "at": "next Tuesday"},
    )
    assert bad.status_code == 400
    assert "not a date-time" in bad.text
    assert 'value="next Tuesday" required aria-invalid="true"' in bad.text


def test_done_without_javascript_goes_back_to_today(client: TestClient) -> None:
    response = client.post(
        "/actions/done",
        data={"csrf": csrf(client), "kind": "network", "contact": "raj-patel"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/?undo=")  # Today, offering an Undo


def test_the_api_mirrors_draft_proof_and_export(client: TestClient) -> None:
    drafts = client.get("/api/drafts", params={"interview": "acme-1"}).json()["drafts"]
    assert [d["contact"] for d in drafts] == ["jane-doe", "omar-said", "priya-natarajan"]
    assert all(d["ok"] for d in drafts)
    proof = client.post(
        "/api/proof",
        json={
            "text": "Dear Ms. Dow,\n\nThank you for the the interview.\n",
            "application": "acme-de",
            "contact": "jane-doe",
        },
    ).json()
    assert proof["ok"] is False
    assert {"name", "repeated_word"} <= {p["kind"] for p in proof["problems"]}
    exported = client.get("/api/export").json()
    assert exported["format"] == "afterview/1"
    assert len(exported["applications"]) == 6
    assert client.get("/api/drafts", params={"interview": "nope"}).status_code == 404


def test_a_premature_follow_up_offers_to_do_it_anyway(client: TestClient, av: Afterview) -> None:
    form = {"kind": "follow_up", "application": "hooli-de", "interview": "hooli-1"}
    first = client.post("/actions/done", data={"csrf": csrf(client), **form})
    assert first.status_code == 200  # due today: recorded, back to Today
    refused = client.post("/actions/done", data={"csrf": csrf(client), **form})
    assert refused.status_code == 400
    assert "too soon to contact Hooli again" in refused.text
    assert "The playbook advises against it, but it is your call." in refused.text
    assert "--force" not in refused.text
    (anyway,) = [f for f in forms(refused.text) if "Do it anyway" in f.buttons]
    assert anyway.action == "/actions/done"
    assert anyway.fields == {"csrf": csrf(client), **form, "force": "true"}
    follow_ups = [t for t in av.pipeline().touches if t.kind is TouchKind.FOLLOW_UP]
    done = client.post(anyway.action, data=anyway.fields, follow_redirects=False)
    assert done.status_code == 303
    after = [t for t in av.pipeline().touches if t.kind is TouchKind.FOLLOW_UP]
    assert len(after) == len(follow_ups) + 1


def test_what_was_discussed_with_each_interviewer_reaches_their_note(
    client: TestClient, av: Afterview
) -> None:
    form = client.get("/interviews/new").text
    assert "What you discussed, in a few words" in form
    response = client.post(
        "/interviews",
        data={
            "csrf": csrf(client),
            "application": "umbrella-dl",
            "at": "2026-11-24",
            "name": ["Kim Lee", "Ravi Shah"],
            "title": ["CTO", ""],
            "email": ["kim@umbrella.example.com", ""],
            "topic": ["we talked about their data platform migration", ""],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    (interview,) = [
        i for i in av.application("umbrella-dl").application.interviews if i.day.day == 24
    ]
    assert interview.topics == {"kim-lee": "we talked about their data platform migration"}
    note = av.thank_you_drafts(interview.id, "kim-lee")[0].draft.body
    assert "your data platform migration" in note
    assert "we talked about" not in note
