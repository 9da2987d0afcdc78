"""The daily digest on in-memory ports: once a day, through the same outbox as the notes."""

from __future__ import annotations

import pytest

from afterview.errors import AfterviewError, Fix
from afterview.services.demo import load_demo
from afterview.services.ports import OutboxState, PermanentFailure, UncertainDelivery
from afterview.services.reminders import SendDigest, send_digest
from tests.fakes import FakePorts, RecordingMailer

KEY = "digest/2026-11-25"


@pytest.fixture
def ports() -> FakePorts:
    ports = FakePorts()
    load_demo(ports)
    return ports


def test_a_digest_goes_out_once_a_day(ports: FakePorts) -> None:
    digest = send_digest(ports, SendDigest())
    assert digest.sent
    assert ports.mailer is not None
    (mail,) = ports.mailer.sent
    assert (mail.recipient_email, mail.subject) == ("sam.rivera@example.org", digest.subject)
    again = send_digest(ports, SendDigest())
    assert (again.sent, again.reason) == (False, "already sent today")
    assert len(ports.mailer.sent) == 1


def test_an_interrupted_digest_waits_for_resend_which_sends_it_as_written(
    ports: FakePorts,
) -> None:
    ports.mailer = RecordingMailer([UncertainDelivery("SMTP: went quiet after DATA")])
    first = send_digest(ports, SendDigest())
    assert first.sent is False
    assert first.remedy is not None
    assert first.remedy.fix is Fix.RESEND
    assert ports.store.outbox[KEY].state is OutboxState.UNCERTAIN
    stored = ports.store.outbox[KEY]
    ports.store.outbox[KEY] = stored.__class__(**{**stored.__dict__, "body": "as first written\n"})
    assert send_digest(ports, SendDigest()).sent is False  # not by itself
    resent = send_digest(ports, SendDigest(resend=True))
    assert resent.sent
    assert resent.body == "as first written\n"
    assert [m.body for m in ports.mailer.sent] == ["as first written\n"]


def test_a_refused_digest_is_an_error_and_may_go_later(ports: FakePorts) -> None:
    ports.mailer = RecordingMailer([PermanentFailure("SMTP 550: no such mailbox")])
    with pytest.raises(AfterviewError, match="the digest was not sent: SMTP 550"):
        send_digest(ports, SendDigest())
    assert ports.store.outbox[KEY].state is OutboxState.FAILED
    assert send_digest(ports, SendDigest()).sent
