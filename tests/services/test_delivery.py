"""Sending through a real SMTP server (aiosmtpd on 127.0.0.1) and real PDFs, never twice.

These are the integration tests of delivery: the Afterview wired as in production,
with AFTERVIEW_SMTP_URL pointing at a local server. The rules of which note goes out
and why are tested on in-memory ports in test_sending.py.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import AuthResult
from pypdf import PdfReader

from afterview.adapters.mail import SmtpMailer, SmtpSettings
from afterview.bootstrap import Afterview
from afterview.errors import AfterviewError
from afterview.services.delivery import SendThankYous
from afterview.services.ports import Mail, OutboxState
from afterview.services.records import AddInterview, EditContact
from afterview.services.reminders import SendDigest
from tests.conftest import TODAY, MakeAfterview
from tests.smtp import Inbox, free_port, local_smtp


@pytest.fixture
def serve() -> Iterator[Any]:
    """Starts local SMTP servers for the test: `serve(inbox, **options)` gives the port."""
    with ExitStack() as servers:

        def start(inbox: Inbox, **options: Any) -> int:
            _, port = servers.enter_context(local_smtp(inbox, **options))
            return port

        yield start


def plain(port: int) -> str:
    return f"smtp://127.0.0.1:{port}?tls=off"


def with_smtp(make_afterview: MakeAfterview, url: str | None, **settings: Any) -> Afterview:
    """The demo on the test's home, sending through `url`, without waiting between tries."""
    av = make_afterview(smtp_url=url, **settings)
    av.load_demo()
    av.ports.retry_delays = (0.0, 0.0)  # type: ignore[misc]
    return av


def send(av: Afterview, contact: str | None = None, **options: Any) -> Any:
    return av.send_thank_yous(SendThankYous("acme-1", contact, **options))


def reasons(report: Any) -> list[str]:
    return [s.reason for s in report.skipped]


def test_each_open_thank_you_goes_out_once_and_is_recorded(
    make_afterview: MakeAfterview, serve: Any
) -> None:
    inbox = Inbox()
    av = with_smtp(make_afterview, plain(serve(inbox)))
    report = send(av)
    assert [s.contact for s in report.sent] == ["omar-said", "priya-natarajan"]
    assert report.to_json()["skipped"] == [
        {"contact": "jane-doe", "reason": f"already thanked on {dt.date(2026, 11, 24).isoformat()}"}
    ]
    assert [m["To"] for m in inbox.messages] == [
        "Omar Said <omar.said@acme.example.com>",
        "Priya Natarajan <priya@acme.example.com>",
    ]
    assert inbox.messages[0]["From"] == "Sam Rivera <sam.rivera@example.org>"
    assert inbox.messages[0]["Message-ID"] == report.sent[0].message_id
    touches = [t for t in av.pipeline().touches if t.interview == "acme-1"]
    assert {t.contact for t in touches} == {"jane-doe", "omar-said", "priya-natarajan"}
    assert send(av).sent == []
    assert len(inbox.messages) == 2


def _authority(tmp_path: Path) -> tuple[ssl.SSLContext, str]:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    return server_context, str(ca_file)


def test_starttls_with_the_servers_certificate(
    make_afterview: MakeAfterview, serve: Any, tmp_path: Path
) -> None:
    server_context, ca_file = _authority(tmp_path)
    inbox = Inbox()
    port = serve(inbox, tls_context=server_context, require_starttls=True)
    av = with_smtp(make_afterview, f"smtp://127.0.0.1:{port}", smtp_ca_file=ca_file)
    assert [s.contact for s in send(av, "omar-said").sent] == ["omar-said"]
    assert len(inbox.messages) == 1


def test_a_421_is_retried_and_then_delivered_once(
    make_afterview: MakeAfterview, serve: Any
) -> None:
    inbox = Inbox(replies=["421 Try again later", "250 OK"])
    av = with_smtp(make_afterview, plain(serve(inbox)))
    assert [s.contact for s in send(av, "omar-said").sent] == ["omar-said"]
    assert len(inbox.messages) == 1


def test_a_550_is_a_clear_permanent_failure_and_nothing_is_recorded(
    make_afterview: MakeAfterview, serve: Any
) -> None:
    av = with_smtp(make_afterview, plain(serve(Inbox(replies=["550 No such user here"]))))
    report = send(av, "omar-said")
    assert report.sent == []
    assert reasons(report) == ["failed: SMTP 550: No such user here"]
    assert not [t for t in av.pipeline().touches if t.contact == "omar-said"]


def test_a_refused_connection_retries_then_says_so(make_afterview: MakeAfterview) -> None:
    av = with_smtp(make_afterview, plain(free_port()))
    (reason,) = reasons(send(av, "omar-said"))
    assert reason.startswith("failed: SMTP: cannot reach 127.0.0.1")


def test_without_smtp_settings_nothing_is_sent(make_afterview: MakeAfterview) -> None:
    report = send(with_smtp(make_afterview, None))
    assert {s.reason for s in report.skipped if s.contact != "jane-doe"} == {
        "no mail server is set up to send email"
    }


def test_dry_run_sends_nothing(make_afterview: MakeAfterview, serve: Any) -> None:
    inbox = Inbox()
    report = send(with_smtp(make_afterview, plain(serve(inbox))), dry_run=True)
    assert report.sent == []
    assert "dry run: would send by email to omar.said@acme.example.com" in reasons(report)
    assert inbox.messages == []


def test_names_cannot_inject_headers_and_non_ascii_is_encoded(serve: Any) -> None:
    inbox = Inbox()
    mail = Mail(
        "Zoë\r\nBcc: victim@example.com",
        "zoe@example.org",
        "Marta López",
        "marta@example.com",
        "Merci — Zoë\nBcc: x@y.z",
        "Thank you.\n",
        "<1@example.org>",
    )
    SmtpMailer(SmtpSettings.from_url(plain(serve(inbox)))).send(mail)
    (received,) = inbox.messages
    assert received["Bcc"] is None
    assert received["From"] == '"Zoë Bcc: victim@example.com" <zoe@example.org>'
    assert received["To"] == "Marta López <marta@example.com>"
    assert received["Subject"] == "Merci — Zoë Bcc: x@y.z"


def test_killed_mid_send_is_never_sent_twice(
    make_afterview: MakeAfterview, serve: Any, afterview_home: Path
) -> None:
    stalled = Inbox(stall=60)
    port = serve(stalled)
    with_smtp(make_afterview, plain(port))
    env = {
        **os.environ,
        "AFTERVIEW_HOME": str(afterview_home),
        "AFTERVIEW_TODAY": TODAY.isoformat(),
        "AFTERVIEW_SMTP_URL": plain(port),
    }
    command = [sys.executable, "-m", "afterview", "send", "--interview", "acme-1"]
    process = subprocess.Popen(
        [*command, "--contact", "omar-said"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert stalled.data_started.wait(30), "the send never reached DATA"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    inbox = Inbox()
    av = make_afterview(smtp_url=plain(serve(inbox)))
    report = send(av, "omar-said")
    assert report.sent == []
    assert "may already have been sent" in reasons(report)[0]
    assert inbox.messages == []
    with av.ports.store.unit_of_work() as work:
        entry = work.outbox.get("thank_you/acme-1/omar-said")
    assert entry is not None
    assert entry.state is OutboxState.UNCERTAIN
    resent = send(av, "omar-said", resend=True)
    assert [s.message_id for s in resent.sent] == [entry.message_id]
    assert len(inbox.messages) == 1
    assert inbox.messages[0]["Message-ID"] == entry.message_id


def test_a_letter_by_post_is_a_print_ready_pdf_recorded_once(
    demo: Afterview, afterview_home: Path
) -> None:
    demo.add_interview(AddInterview("northwind-ae", "2026-11-24", contacts=("li-wei",), id="nw-2"))
    (sent,) = demo.send_thank_yous(SendThankYous("nw-2")).sent
    assert sent.medium.value == "mail"
    assert sent.file == str(afterview_home / "outbox" / "thank_you-nw-2-li-wei.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(sent.file).pages)
    assert "Li Wei" in text
    assert "400 Market St" in text
    assert "Dear Li Wei:" in text
    assert any(t.interview == "nw-2" and t.on == TODAY for t in demo.pipeline().touches)
    assert demo.send_thank_yous(SendThankYous("nw-2")).sent == []


def test_a_fax_goes_to_the_gateway_with_its_cover_sheet(
    make_afterview: MakeAfterview, serve: Any
) -> None:
    inbox = Inbox()
    av = with_smtp(make_afterview, plain(serve(inbox)), fax_gateway="{fax}@fax.example.net")
    av.edit_contact(
        EditContact(
            "priya-natarajan",
            fax="+1 (650) 555-0177",
            medium="fax",
            address="1 Acme Way\nPalo Alto, CA 94301",
            title="Staff Engineer",
        )
    )
    assert [s.contact for s in send(av, "priya-natarajan").sent] == ["priya-natarajan"]
    (message,) = inbox.messages
    assert message["To"] == "Priya Natarajan <16505550177@fax.example.net>"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pages = PdfReader(io.BytesIO(attachment.get_content())).pages
    assert "FAX" in pages[0].extract_text()
    assert "Priya Natarajan" in pages[1].extract_text()


def test_the_daily_digest_goes_out_once_a_day(make_afterview: MakeAfterview, serve: Any) -> None:
    inbox = Inbox()
    av = with_smtp(make_afterview, plain(serve(inbox)))
    digest = av.send_digest(SendDigest())
    assert digest.sent
    assert digest.actions > 0
    (message,) = inbox.messages
    assert message["To"] == "Sam Rivera <sam.rivera@example.org>"
    assert message["Subject"] == digest.subject
    assert "Overdue:" in message.get_content()
    assert "Thank Omar Said" in message.get_content()
    again = av.send_digest(SendDigest())
    assert (again.sent, again.reason) == (False, "already sent today")
    tomorrow = make_afterview(
        smtp_url=plain(serve(inbox)), today_override=TODAY + dt.timedelta(days=1)
    )
    assert tomorrow.send_digest(SendDigest()).sent
    assert len(inbox.messages) == 2


def test_no_digest_when_nothing_is_owed(
    make_afterview: MakeAfterview, afterview_home: Path
) -> None:
    afterview_home.mkdir(parents=True)
    (afterview_home / "playbook.toml").write_text("min_active_applications = 0\n")
    digest = make_afterview().send_digest(SendDigest())
    assert (digest.sent, digest.reason) == (False, "nothing is due: no digest today")
    (afterview_home / "playbook.toml").unlink()
    with pytest.raises(AfterviewError, match="no email address to send the digest to"):
        make_afterview().send_digest(SendDigest())


def test_smtps_speaks_tls_from_the_start(
    make_afterview: MakeAfterview, serve: Any, tmp_path: Path
) -> None:
    server_context, ca_file = _authority(tmp_path)
    inbox = Inbox()
    port = serve(inbox, ssl_context=server_context)
    av = with_smtp(make_afterview, f"smtps://127.0.0.1:{port}", smtp_ca_file=ca_file)
    assert [s.contact for s in send(av, "omar-said").sent] == ["omar-said"]
    assert len(inbox.messages) == 1


def test_an_untrusted_certificate_is_a_clear_permanent_failure(
    make_afterview: MakeAfterview, serve: Any, tmp_path: Path
) -> None:
    server_context, _ = _authority(tmp_path)
    port = serve(Inbox(), ssl_context=server_context)
    av = with_smtp(make_afterview, f"smtps://127.0.0.1:{port}")
    report = send(av, "omar-said")
    assert report.sent == []
    assert reasons(report)[0].startswith("failed: SMTP: TLS failed")


def test_bad_credentials_say_so_without_the_password(
    make_afterview: MakeAfterview, serve: Any, tmp_path: Path
) -> None:
    def refuse(*_: Any) -> AuthResult:
        return AuthResult(success=False, handled=False)

    server_context, ca_file = _authority(tmp_path)
    port = serve(Inbox(), tls_context=server_context, authenticator=refuse, auth_require_tls=True)
    url = f"smtp://sam:s3cret-pw@127.0.0.1:{port}"
    av = with_smtp(make_afterview, url, smtp_ca_file=ca_file)
    (reason,) = reasons(send(av, "omar-said"))
    assert reason == (
        "failed: SMTP: the server refused the user name or password (check AFTERVIEW_SMTP_URL)"
    )
    assert "s3cret-pw" not in reason
    assert "s3cret-pw" not in repr(SmtpSettings.from_url(url))
    assert "s3cret-pw" not in repr(av.settings)


def test_a_server_that_goes_quiet_after_the_message_is_never_retried(
    make_afterview: MakeAfterview,
) -> None:
    """It may have taken the message: the note is uncertain, not failed, not sent again."""
    received: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]

    def speak() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection, connection.makefile("rwb") as wire:
                wire.write(b"220 quiet.example ESMTP\r\n")
                wire.flush()
                for line in iter(wire.readline, b""):
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        wire.write(b"250 quiet.example\r\n")
                    elif verb == b"DATA":
                        wire.write(b"354 go ahead\r\n")
                        wire.flush()
                        received.append(b"".join(iter(wire.readline, b".\r\n")))
                        break  # hang up without a word: was it delivered?
                    else:
                        wire.write(b"250 OK\r\n")
                    wire.flush()

    listener = threading.Thread(target=speak, daemon=True)
    listener.start()
    try:
        av = with_smtp(make_afterview, plain(port))
        (skipped,) = send(av, "omar-said").skipped
        assert skipped.reason.startswith("may already have been sent: SMTP: 127.0.0.1")
        assert len(received) == 1
        assert send(av, "omar-said").skipped[0].reason.startswith("may already have been sent")
        assert len(received) == 1
    finally:
        server.close()


def test_an_address_email_cannot_carry_fails_cleanly_and_can_be_fixed(
    make_afterview: MakeAfterview, serve: Any
) -> None:
    inbox = Inbox()
    av = with_smtp(make_afterview, plain(serve(inbox)))
    av.edit_contact(EditContact("omar-said", email="ömar@acme.example.com"))
    (skipped,) = send(av, "omar-said").skipped
    assert skipped.reason.startswith("failed: cannot write the message")
    with av.ports.store.unit_of_work() as work:
        entry = work.outbox.get("thank_you/acme-1/omar-said")
    assert entry is not None
    assert entry.state is OutboxState.FAILED  # known not to have gone out
    av.edit_contact(EditContact("omar-said", email="omar@acme.example.com"))
    assert [s.contact for s in send(av, "omar-said").sent] == ["omar-said"]
    assert len(inbox.messages) == 1
