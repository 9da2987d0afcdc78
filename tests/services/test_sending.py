"""Sending thank-yous on in-memory ports: which note goes out by which medium, which is held
back and why, and what the user is told to do about it."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest

from afterview.domain.model import Medium, TouchKind
from afterview.errors import Fix, InvalidInput
from afterview.services.delivery import (
    Hold,
    SendEditedNote,
    SendThankYous,
    send_edited_note,
    send_thank_yous,
)
from afterview.services.demo import load_demo
from afterview.services.ports import Mail, OutboxState, TemporaryFailure, UncertainDelivery
from afterview.services.records import (
    AddInterview,
    EditContact,
    SetProfile,
    add_interview,
    edit_contact,
    set_profile,
)
from tests.fakes import FakePorts, RecordingMailer

NORTHWIND_2 = AddInterview("northwind-ae", "2026-11-24", contacts=("li-wei",), id="nw-2")
"""A second interview at Northwind, with Li Wei, who takes letters by post."""


@pytest.fixture
def ports() -> FakePorts:
    ports = FakePorts()
    load_demo(ports)
    return ports


def thanked(ports: FakePorts, interview: str) -> set[str | None]:
    return {
        t.contact
        for t in ports.store.pipeline.touches
        if t.kind is TouchKind.THANK_YOU and t.interview == interview
    }


def test_each_open_thank_you_goes_out_by_email_once(ports: FakePorts) -> None:
    report = send_thank_yous(ports, SendThankYous("acme-1"))
    assert [s.contact for s in report.sent] == ["omar-said", "priya-natarajan"]
    assert [(s.contact, s.hold) for s in report.skipped] == [("jane-doe", Hold.ALREADY_THANKED)]
    assert ports.mailer is not None
    assert [m.recipient_email for m in ports.mailer.sent] == [
        "omar.said@acme.example.com",
        "priya@acme.example.com",
    ]
    assert ports.mailer.sent[0].message_id == report.sent[0].message_id
    assert thanked(ports, "acme-1") == {"jane-doe", "omar-said", "priya-natarajan"}
    again = send_thank_yous(ports, SendThankYous("acme-1"))
    assert again.sent == []
    assert len(ports.mailer.sent) == 2


def test_the_json_report_has_the_contract_shape(ports: FakePorts) -> None:
    data: dict[str, Any] = send_thank_yous(ports, SendThankYous("acme-1")).to_json()
    assert set(data) == {"sent", "skipped"}
    assert all(set(item) == {"contact", "medium", "message_id", "file"} for item in data["sent"])
    assert data["skipped"] == [{"contact": "jane-doe", "reason": "already thanked on 2026-11-24"}]


def test_a_letter_by_post_is_printed_into_the_outbox_folder(ports: FakePorts) -> None:
    add_interview(
        ports, AddInterview("northwind-ae", "2026-11-24", contacts=("li-wei",), id="nw-2")
    )
    (sent,) = send_thank_yous(ports, SendThankYous("nw-2")).sent
    assert (sent.medium, sent.message_id, sent.file) == (
        Medium.MAIL,
        None,
        "outbox/thank_you-nw-2-li-wei.pdf",
    )
    printed = ports.letters.kept["thank_you-nw-2-li-wei.pdf"].decode()
    assert "Li Wei\nHead of Analytics\nNorthwind Analytics\n400 Market St" in printed
    assert "Dear Li Wei:" in printed
    assert "November 25, 2026" in printed
    assert ports.mailer is not None
    assert ports.mailer.sent == []
    (touch,) = [t for t in ports.store.pipeline.touches if t.interview == "nw-2"]
    assert touch.note == "letter ready to print: outbox/thank_you-nw-2-li-wei.pdf"


def test_a_fax_is_mailed_to_the_gateway_with_its_pdf(ports: FakePorts) -> None:
    edit_contact(ports, EditContact("priya-natarajan", fax="+1 (650) 555-0177", medium="fax"))
    (sent,) = send_thank_yous(ports, SendThankYous("acme-1", "priya-natarajan")).sent
    assert sent.medium is Medium.FAX
    assert ports.mailer is not None
    (mail,) = ports.mailer.sent
    assert mail.recipient_email == "16505550177@fax.example.net"
    (attachment,) = mail.attachments
    assert attachment.content_type == "application/pdf"
    assert attachment.data.decode().startswith("FAX\n")
    assert "Priya Natarajan" in attachment.data.decode()
    assert sent.file == "outbox/thank_you-acme-1-priya-natarajan.pdf"


@pytest.mark.parametrize(
    ("setup", "hold", "fix"),
    [
        ({"fax_gateway": None, "fax": True}, Hold.NO_FAX_GATEWAY, Fix.FAX_GATEWAY),
        ({"mailer": None}, Hold.NO_SMTP, Fix.SMTP),
        ({"no_email": True}, Hold.NO_REACH, Fix.CONTACT_REACH),
        ({"profile_email": ""}, Hold.NO_SENDER, Fix.PROFILE_EMAIL),
        ({"phone": True}, Hold.PHONE, Fix.CALL_SCRIPT),
    ],
)
def test_what_holds_a_note_back_says_what_would_let_it_go(
    ports: FakePorts, setup: dict[str, object], hold: Hold, fix: Fix
) -> None:
    if "fax_gateway" in setup:
        ports.fax_gateway = None
    if "mailer" in setup:
        ports.mailer = None
    if setup.get("fax"):
        edit_contact(ports, EditContact("omar-said", fax="+1 650 555 0101", medium="fax"))
    if setup.get("phone"):
        edit_contact(ports, EditContact("omar-said", phone="+1 650 555 0101", medium="phone"))
    if setup.get("no_email"):
        edit_contact(ports, EditContact("omar-said", email=""))
    if "profile_email" in setup:
        set_profile(ports, SetProfile(email=""))
    report = send_thank_yous(ports, SendThankYous("acme-1", "omar-said"))
    (skipped,) = report.skipped
    assert skipped.hold is hold
    assert skipped.remedy is not None
    assert skipped.remedy.fix is fix
    assert "--" not in skipped.reason
    assert "afterview " not in skipped.reason
    assert report.sent == []
    assert "omar-said" not in thanked(ports, "acme-1")
    if hold is Hold.PHONE:
        assert report.scripts[0].startswith("Hello Omar, this is Sam Rivera.")


def test_a_missing_reach_names_the_field_to_fill(ports: FakePorts) -> None:
    edit_contact(ports, EditContact("omar-said", email=""))
    (skipped,) = send_thank_yous(ports, SendThankYous("acme-1", "omar-said")).skipped
    assert skipped.reason == "no email address for omar-said"
    assert skipped.remedy is not None
    assert (skipped.remedy.subject, skipped.remedy.field) == ("omar-said", "email")


def test_a_dry_run_says_where_each_note_would_go(ports: FakePorts) -> None:
    report = send_thank_yous(ports, SendThankYous("acme-1", dry_run=True))
    dry = [s for s in report.skipped if s.hold is Hold.DRY_RUN]
    assert [s.contact for s in dry] == ["omar-said", "priya-natarajan"]
    assert [s.reason for s in report.skipped if s.hold is Hold.DRY_RUN] == [
        "dry run: would send by email to omar.said@acme.example.com",
        "dry run: would send by email to priya@acme.example.com",
    ]
    assert ports.mailer is not None
    assert ports.mailer.sent == []


def test_an_edited_note_with_a_problem_is_held_back_unless_forced(ports: FakePorts) -> None:
    command = SendEditedNote("acme-1", "omar-said", "Dear Omar,\n\nPlease please hire me!!!\n")
    (held,) = send_edited_note(ports, command).skipped
    assert held.hold is Hold.PROOFREADING
    assert held.remedy is not None
    assert held.remedy.fix is Fix.SEND_ANYWAY
    assert {p.kind for p in held.problems} >= {"tone", "no_thanks"}
    forced = send_edited_note(ports, replace(command, force=True))
    assert [s.contact for s in forced.sent] == ["omar-said"]
    assert ports.mailer is not None
    assert ports.mailer.sent[0].body == command.text


def test_a_temporary_failure_is_retried_then_reported(ports: FakePorts) -> None:
    ports.mailer = RecordingMailer([TemporaryFailure("SMTP 421: busy")] * 3)
    (skipped,) = send_thank_yous(ports, SendThankYous("acme-1", "omar-said")).skipped
    assert (skipped.hold, skipped.reason) == (Hold.FAILED, "failed: SMTP 421: busy")
    assert ports.clock.slept == [1.0, 4.0]
    report = send_thank_yous(ports, SendThankYous("acme-1", "omar-said"))
    assert [s.contact for s in report.sent] == ["omar-said"]


def test_an_interrupted_letter_is_simply_written_again(ports: FakePorts) -> None:
    add_interview(
        ports, AddInterview("northwind-ae", "2026-11-24", contacts=("li-wei",), id="nw-2")
    )
    ports.letters.broken = True
    (failed,) = send_thank_yous(ports, SendThankYous("nw-2")).skipped
    assert (failed.hold, failed.reason) == (
        Hold.FAILED,
        "failed: cannot write outbox/thank_you-nw-2-li-wei.pdf (disk full)",
    )
    entry = ports.store.outbox["thank_you/nw-2/li-wei"]
    ports.store.outbox["thank_you/nw-2/li-wei"] = replace(entry, state=OutboxState.SENDING)
    ports.letters.broken = False
    (sent,) = send_thank_yous(ports, SendThankYous("nw-2")).sent  # a file of ours: no --resend
    assert sent.file == "outbox/thank_you-nw-2-li-wei.pdf"


def test_resending_an_edited_note_refuses_a_changed_text(ports: FakePorts) -> None:
    first = SendEditedNote("acme-1", "omar-said", "Dear Omar,\n\nThank you; my experience fits.\n")
    ports.mailer = RecordingMailer([UncertainDelivery("SMTP: went quiet after DATA")])
    (uncertain,) = send_edited_note(ports, first).skipped
    assert uncertain.hold is Hold.UNCERTAIN
    assert uncertain.remedy is not None
    assert uncertain.remedy.fix is Fix.RESEND
    changed = replace(first, text="Dear Omar,\n\nThanks again; my experience fits.\n", resend=True)
    with pytest.raises(InvalidInput, match="differs from the note whose sending was interrupted"):
        send_edited_note(ports, changed)
    assert ports.mailer.sent == []
    resent = send_edited_note(ports, replace(first, resend=True))
    assert [s.contact for s in resent.sent] == ["omar-said"]
    assert ports.mailer.sent[0].body == first.text


def test_two_sends_of_one_note_at_once_deliver_it_once(ports: FakePorts) -> None:
    """A double click on Send: the second waits for the first, then finds it sent."""
    arrived, release = threading.Event(), threading.Event()

    class SlowMailer(RecordingMailer):
        def send(self, mail: Mail) -> None:
            arrived.set()
            assert release.wait(10)
            super().send(mail)

    ports.mailer = SlowMailer()
    reports: list[Any] = []
    command = SendThankYous("acme-1", "omar-said")
    first = threading.Thread(target=lambda: reports.append(send_thank_yous(ports, command)))
    first.start()
    assert arrived.wait(10)
    second = threading.Thread(target=lambda: reports.append(send_thank_yous(ports, command)))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert len(ports.mailer.sent) == 1
    assert sorted(len(r.sent) for r in reports) == [0, 1]
    (skipped,) = [s for r in reports for s in r.skipped]
    assert skipped.hold is Hold.ALREADY_SENT
