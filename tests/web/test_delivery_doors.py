"""Delivery from the note editor, through the front door: the app built as `afterview
serve` builds it (`create_app()` reading only the documented environment variables),
a real SMTP server on 127.0.0.1, real PDFs, and nothing but HTTP posts."""

from __future__ import annotations

import io
from email.message import EmailMessage
from typing import Any

from pypdf import PdfReader

from afterview.services.records import AddInterview, EditContact
from tests.web.conftest import Served, csrf, forms


def draft(served: Served, interview: str, contact: str) -> dict[str, Any]:
    """The editor's starting point for this note (the same draft, through the API)."""
    (drafted,) = served.client.get(
        "/api/drafts", params={"interview": interview, "contact": contact}
    ).json()["drafts"]
    assert isinstance(drafted, dict)
    return drafted


def send(served: Served, interview: str, contact: str, **fields: str) -> Any:
    """The editor's Send button: its form, posted as a browser posts it."""
    drafted = draft(served, interview, contact)
    form = {
        "csrf": csrf(served.client),
        "contact": contact,
        "text": fields.get("text", drafted["body"]),
        "subject": fields.get("subject", drafted["subject"] or ""),
    }
    return served.client.post(
        f"/interviews/{interview}/notes/send", data=form, follow_redirects=False
    )


def sent_to_editor(response: Any, interview: str, contact: str) -> None:
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/interviews/{interview}/notes?contact={contact}"


def pdf_text(data: bytes, pages: slice = slice(None)) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages[pages])


def test_an_email_goes_out_once(served: Served) -> None:
    note = "Dear Omar,\n\nThank you for your time. My experience with data pipelines fits.\n"
    response = send(served, "acme-1", "omar-said", text=note, subject="Thanks, Omar")
    sent_to_editor(response, "acme-1", "omar-said")
    assert len(served.inbox.messages) == 1
    (recipients,), (message,) = served.inbox.recipients, served.inbox.messages
    assert recipients == ["omar.said@acme.example.com"]
    assert message["Subject"] == "Thanks, Omar"
    assert "data pipelines" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    again = send(served, "acme-1", "omar-said", text=note, subject="Thanks, Omar")
    assert again.status_code == 400
    assert "Not sent." in again.text
    assert "already thanked on 2026-11-25" in again.text
    assert len(served.inbox.messages) == 1


def test_a_letter_by_post_lands_in_the_outbox(served: Served) -> None:
    served.av.add_interview(
        AddInterview("northwind-ae", "2026-11-24", contacts=("li-wei",), id="northwind-2")
    )
    assert draft(served, "northwind-2", "li-wei")["medium"] == "mail"
    response = send(served, "northwind-2", "li-wei")
    sent_to_editor(response, "northwind-2", "li-wei")
    letters = sorted((served.home / "outbox").glob("*.pdf"))
    assert len(letters) == 1
    text = pdf_text(letters[0].read_bytes())
    assert "Li Wei" in text
    assert "400 Market St" in text
    assert served.inbox.messages == []  # a letter is printed, never emailed


def test_a_fax_goes_to_the_gateway(served: Served) -> None:
    served.av.edit_contact(
        EditContact(
            "priya-natarajan",
            fax="+1 (650) 555-0177",
            medium="fax",
            address="1 Acme Way\nPalo Alto, CA 94301",
        )
    )
    assert draft(served, "acme-1", "priya-natarajan")["medium"] == "fax"
    response = send(served, "acme-1", "priya-natarajan")
    sent_to_editor(response, "acme-1", "priya-natarajan")
    assert len(served.inbox.messages) == 1
    (recipients,), (message,) = served.inbox.recipients, served.inbox.messages
    assert recipients == ["16505550177@fax.example.net"]
    assert "16505550177@fax.example.net" in message["To"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert isinstance(attachment, EmailMessage)
    assert "FAX" in pdf_text(attachment.get_content(), slice(0, 1))


def test_a_note_with_problems_is_refused_then_sent_anyway(served: Served) -> None:
    note = "Dear Omar,\n\nThank you! I am very intrested in the the role; my experience fits.\n"
    refused = send(served, "acme-1", "omar-said", text=note, subject="Thanks")
    assert refused.status_code == 400
    assert "held back by proofreading" in refused.text
    assert "intrested" in refused.text
    assert "repeated word: &#39;the the&#39;" in refused.text
    assert "If you are sure the note is right as it is, send it anyway." in refused.text
    assert "playbook advises" not in refused.text  # the proofreader objected, not the playbook
    assert served.inbox.messages == []

    (anyway,) = [form for form in forms(refused.text) if "Send anyway" in form.buttons]
    assert anyway.action == "/interviews/acme-1/notes/send"
    fields = anyway.fields
    assert fields["force"] == "true"
    assert fields["contact"] == "omar-said"
    assert fields["text"] == note
    assert fields["subject"] == "Thanks"
    assert fields["csrf"] == served.client.cookies.get("afterview_csrf")

    again = served.client.post(anyway.action, data=fields, follow_redirects=False)
    sent_to_editor(again, "acme-1", "omar-said")
    assert len(served.inbox.messages) == 1
    message = served.inbox.messages[0]
    assert "intrested in the the role" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
