"""The note editor: tabs per interviewer, live proofreading, the meter, send and the PDF."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from afterview.bootstrap import Afterview
from afterview.domain.model import TouchKind
from afterview.services.ports import Mail
from tests.web.conftest import csrf

NOTES = "/interviews/acme-1/notes"


def test_one_tab_per_interviewer_with_the_draft_and_the_meter(client: TestClient) -> None:
    page = client.get(NOTES, params={"contact": "omar-said"})
    assert page.status_code == 200
    text = page.text
    assert 'role="tablist"' in text
    tabs = re.findall(r'<a role="tab"[^>]*aria-selected="(true|false)"[^>]*>([^<]+)</a>', text)
    assert [name for _, name in tabs] == ["Jane Doe", "Omar Said", "Priya Natarajan"]
    assert [selected for selected, _ in tabs] == ["false", "true", "false"]
    area = re.search(r'<textarea id="note-text" name="text"[^>]*>([^<]*)</textarea>', text)
    assert area is not None
    assert area.group(1).startswith("Dear Omar,")
    assert '<label for="note-text">' in text
    percent = re.search(r'<meter id="variation-meter"[^>]*value="(\d+)"', text)
    assert percent is not None
    assert 0 <= int(percent.group(1)) <= 60
    assert "60% guard" in text


def test_proofreading_highlights_in_place_and_offers_the_fix(client: TestClient) -> None:
    note = "Dear Omar,\n\nThank you! I am very intrested in the role; my experience fits.\n"
    response = client.post(
        f"{NOTES}/proof",
        data={"text": note, "contact": "omar-said"},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert response.status_code == 200
    assert re.search(r'<mark title="spelling"[^>]*>intrested</mark>', response.text)
    assert 'data-suggestion="interested"' in response.text
    start = note.index("intrested")
    assert f'data-start="{start}" data-end="{start + len("intrested")}"' in response.text


def test_the_fragment_escapes_what_the_user_typed(client: TestClient) -> None:
    note = "Dear Omar,\n\nThank you. <script>alert(1)</script> my experience fits.\n"
    response = client.post(
        f"{NOTES}/proof",
        data={"text": note, "contact": "omar-said"},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text  # highlighted as a placeholder, still text
    assert "alert(1)&lt;/script&gt;" in response.text


def test_the_proof_needs_the_csrf_token(client: TestClient) -> None:
    client.get("/")  # the CSRF cookie, but no token in the form
    response = client.post(f"{NOTES}/proof", data={"text": "hi", "contact": "omar-said"})
    assert response.status_code == 403


def test_the_letter_downloads_as_a_pdf(client: TestClient) -> None:
    response = client.get(f"{NOTES}/omar-said.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Omar Said" in text


def test_sending_needs_the_csrf_token(client: TestClient, av: Afterview) -> None:
    client.get("/")  # the CSRF cookie, but no token in the form
    response = client.post(
        f"{NOTES}/send", data={"contact": "omar-said", "text": "Dear Omar,", "subject": "Thanks"}
    )
    assert response.status_code == 403
    assert not _thanked(av, "omar-said")


def test_a_note_with_problems_is_held_back(client: TestClient, av: Afterview) -> None:
    note = "Dear Omar,\n\nThank you! I am very intrested in the the role; my experience fits.\n"
    response = client.post(
        f"{NOTES}/send",
        data={"csrf": csrf(client), "contact": "omar-said", "text": note, "subject": "Thanks"},
    )
    assert response.status_code == 400
    assert "held back by proofreading" in response.text
    assert "intrested" in response.text
    assert "repeated word: &#39;the the&#39;" in response.text
    assert not _thanked(av, "omar-said")


def test_never_thanked_twice(client: TestClient) -> None:
    response = client.post(
        f"{NOTES}/send",
        data={"csrf": csrf(client), "contact": "jane-doe", "text": "Dear Jane,", "subject": "x"},
    )
    assert response.status_code == 400
    assert "already thanked" in response.text


def _thanked(av: Afterview, contact: str) -> bool:
    return any(
        t.kind is TouchKind.THANK_YOU and t.interview == "acme-1" and t.contact == contact
        for t in av.pipeline().touches
    )


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)


def test_sending_sends_the_edited_text_once(
    client: TestClient, av: Afterview, monkeypatch: pytest.MonkeyPatch
) -> None:
    mailer = FakeMailer()
    monkeypatch.setattr(av.ports, "mailer", mailer)
    note = (
        "Dear Omar,\n\nThank you for your time. "
        "My experience with data pipelines fits.\n\nBest,\nAlex"
    )
    token = csrf(client)
    data = {"csrf": token, "contact": "omar-said", "text": note, "subject": "Thanks, Omar"}
    response = client.post(f"{NOTES}/send", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert len(mailer.sent) == 1
    assert mailer.sent[0].subject == "Thanks, Omar"
    assert "data pipelines" in mailer.sent[0].body
    assert _thanked(av, "omar-said")
    again = client.post(f"{NOTES}/send", data=data)
    assert again.status_code == 400
    assert len(mailer.sent) == 1
