"""Sending thank-yous through a real SMTP server (aiosmtpd on 127.0.0.1), never twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import io
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from pypdf import PdfReader

from afterview.adapters.mail import SmtpMailer, SmtpSettings, build_message
from afterview.adapters.outbox import Outbox
from afterview.bootstrap import Afterview
from afterview.domain.settings import PlaybookSettings
from afterview.errors import AfterviewError
from afterview.services.delivery import SendOptions, send_thank_yous
from afterview.services.demo import demo_document
from afterview.services.documents import import_document
from afterview.services.records import add_interview, edit_contact
from afterview.services.reminders import send_digest

TODAY = dt.date(2026, 11, 25)
NO_WAIT = SendOptions(retry_delays=(0.0, 0.0), sleep=lambda _: None)


class Inbox:
    """An SMTP handler that keeps what it is given; `replies` scripts its answers to DATA."""

    def __init__(self, replies: list[str] | None = None, stall: float = 0.0) -> None:
        self.messages: list[EmailMessage] = []
        self.replies = replies or []
        self.stall = stall
        self.data_started = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.data_started.set()
        if self.stall:
            await asyncio.sleep(self.stall)
        if self.replies:
            reply = self.replies.pop(0)
            if not reply.startswith("250"):
                return reply
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def serve() -> Iterator[Any]:
    controllers: list[Controller] = []

    def start(inbox: Inbox, **kwargs: Any) -> int:
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def demo(afterview: Afterview) -> Afterview:
    import_document(afterview.store, demo_document(TODAY))
    return afterview


def plain(port: int) -> SmtpMailer:
    return SmtpMailer(SmtpSettings.from_url(f"smtp://127.0.0.1:{port}?tls=off"))


def send(
    av: Afterview,
    mailer: SmtpMailer | None,
    options: SendOptions = NO_WAIT,
    contact: str | None = None,
) -> Any:
    return send_thank_yous(
        av.store, av.templates, av.speller, mailer, TODAY, "acme-1", contact, options
    )


def test_each_open_thank_you_goes_out_once_and_is_recorded(demo: Afterview, serve: Any) -> None:
    inbox = Inbox()
    report = send(demo, plain(serve(inbox)))
    assert [s["contact"] for s in report.sent] == ["omar-said", "priya-natarajan"]
    assert report.skipped == [
        {"contact": "jane-doe", "reason": f"already thanked on {dt.date(2026, 11, 24).isoformat()}"}
    ]
    assert [m["To"] for m in inbox.messages] == [
        "Omar Said <omar.said@acme.example.com>",
        "Priya Natarajan <priya@acme.example.com>",
    ]
    assert inbox.messages[0]["From"] == "Sam Rivera <sam.rivera@example.org>"
    assert inbox.messages[0]["Message-ID"] == report.sent[0]["message_id"]
    touches = [t for t in demo.store.load().touches if t.interview == "acme-1"]
    assert {t.contact for t in touches} == {"jane-doe", "omar-said", "priya-natarajan"}
    again = send(demo, plain(serve(Inbox())))
    assert again.sent == []
    assert len(inbox.messages) == 2


def test_starttls_with_the_servers_certificate(demo: Afterview, serve: Any, tmp_path: Path) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    inbox = Inbox()
    port = serve(inbox, tls_context=server_context, require_starttls=True)
    mailer = SmtpMailer(SmtpSettings.from_url(f"smtp://127.0.0.1:{port}", str(ca_file)))
    report = send(demo, mailer, contact="omar-said")
    assert [s["contact"] for s in report.sent] == ["omar-said"]
    assert len(inbox.messages) == 1


def test_a_421_is_retried_and_then_delivered_once(demo: Afterview, serve: Any) -> None:
    inbox = Inbox(replies=["421 Try again later", "250 OK"])
    report = send(demo, plain(serve(inbox)), contact="omar-said")
    assert [s["contact"] for s in report.sent] == ["omar-said"]
    assert len(inbox.messages) == 1


def test_a_550_is_a_clear_permanent_failure_and_nothing_is_recorded(
    demo: Afterview, serve: Any
) -> None:
    inbox = Inbox(replies=["550 No such user here"])
    report = send(demo, plain(serve(inbox)), contact="omar-said")
    assert report.sent == []
    assert report.skipped == [
        {"contact": "omar-said", "reason": "not sent: SMTP 550: No such user here"}
    ]
    assert not [t for t in demo.store.load().touches if t.contact == "omar-said"]


def test_a_refused_connection_retries_then_says_so(demo: Afterview) -> None:
    slept: list[float] = []
    options = SendOptions(retry_delays=(0.5, 1.0), sleep=slept.append)
    report = send(demo, plain(free_port()), options, contact="omar-said")
    assert slept == [0.5, 1.0]
    assert report.skipped[0]["reason"] is not None
    assert "cannot reach 127.0.0.1" in report.skipped[0]["reason"]


def test_without_smtp_settings_nothing_is_sent(demo: Afterview) -> None:
    report = send(demo, None)
    assert {s["reason"] for s in report.skipped if s["contact"] != "jane-doe"} == {
        "AFTERVIEW_SMTP_URL is not set: nowhere to send email"
    }


def test_dry_run_sends_nothing(demo: Afterview, serve: Any) -> None:
    inbox = Inbox()
    report = send(demo, plain(serve(inbox)), SendOptions(dry_run=True))
    assert report.sent == []
    assert "dry run: would send by email to omar.said@acme.example.com" in [
        s["reason"] for s in report.skipped
    ]
    assert inbox.messages == []


def test_names_cannot_inject_headers_and_non_ascii_is_encoded(serve: Any) -> None:
    inbox = Inbox()
    message = build_message(
        "Zoë\r\nBcc: victim@example.com",
        "zoe@example.org",
        "Marta López",
        "marta@example.com",
        "Merci — Zoë\nBcc: x@y.z",
        "Thank you.\n",
    )
    plain(serve(inbox)).send(message)
    (received,) = inbox.messages
    assert received["Bcc"] is None
    assert received["From"] == '"Zoë Bcc: victim@example.com" <zoe@example.org>'
    assert received["To"] == "Marta López <marta@example.com>"
    assert received["Subject"] == "Merci — Zoë Bcc: x@y.z"


def test_killed_mid_send_is_never_sent_twice(
    demo: Afterview, serve: Any, afterview_home: Path
) -> None:
    stalled = Inbox(stall=60)
    port = serve(stalled)
    env = {
        **os.environ,
        "AFTERVIEW_HOME": str(afterview_home),
        "AFTERVIEW_TODAY": "2026-11-25",
        "AFTERVIEW_SMTP_URL": f"smtp://127.0.0.1:{port}?tls=off",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "afterview",
            "send",
            "--interview",
            "acme-1",
            "--contact",
            "omar-said",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert stalled.data_started.wait(30), "the send never reached DATA"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    inbox = Inbox()
    mailer = plain(serve(inbox))
    report = send(demo, mailer, contact="omar-said")
    assert report.sent == []
    assert "may already have been sent" in str(report.skipped[0]["reason"])
    assert inbox.messages == []
    with demo.store.unit_of_work() as work:
        entry = Outbox(work.connection, work.account_id).get("thank_you/acme-1/omar-said")
    assert entry is not None
    assert entry.state == "uncertain"
    resent = send(demo, mailer, SendOptions(resend=True, retry_delays=()), contact="omar-said")
    assert [s["message_id"] for s in resent.sent] == [entry.message_id]
    assert len(inbox.messages) == 1


def test_a_letter_by_post_is_a_print_ready_pdf_recorded_once(
    demo: Afterview, tmp_path: Path
) -> None:
    add_interview(
        demo.store, "northwind-ae", "2026-11-24", contact_ids=["li-wei"], interview_id="northwind-2"
    )
    options = SendOptions(outbox_folder=tmp_path / "outbox")
    report = send_thank_yous(
        demo.store, demo.templates, demo.speller, None, TODAY, "northwind-2", None, options
    )
    (sent,) = report.sent
    assert sent["medium"] == "mail"
    assert sent["file"] is not None
    text = "\n".join(page.extract_text() for page in PdfReader(sent["file"]).pages)
    assert "Li Wei" in text
    assert "400 Market St" in text
    assert "Dear Li Wei:" in text
    assert any(t.interview == "northwind-2" and t.on == TODAY for t in demo.store.load().touches)
    again = send_thank_yous(
        demo.store, demo.templates, demo.speller, None, TODAY, "northwind-2", None, options
    )
    assert again.sent == []


def test_a_fax_goes_to_the_gateway_with_its_cover_sheet(demo: Afterview, serve: Any) -> None:
    edit_contact(
        demo.store,
        "priya-natarajan",
        fax="+1 (650) 555-0177",
        medium="fax",
        address="1 Acme Way\nPalo Alto, CA 94301",
        title="Staff Engineer",
    )
    inbox = Inbox()
    options = SendOptions(retry_delays=(), fax_gateway="{fax}@fax.example.net")
    report = send(demo, plain(serve(inbox)), options, contact="priya-natarajan")
    assert [s["contact"] for s in report.sent] == ["priya-natarajan"]
    (message,) = inbox.messages
    assert message["To"] == "Priya Natarajan <16505550177@fax.example.net>"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pages = PdfReader(io.BytesIO(attachment.get_content())).pages
    assert "FAX" in pages[0].extract_text()
    assert "Priya Natarajan" in pages[1].extract_text()


def test_the_daily_digest_goes_out_once_a_day(demo: Afterview, serve: Any) -> None:
    inbox = Inbox()
    mailer = plain(serve(inbox))
    digest = send_digest(demo.store, demo.playbook, mailer, TODAY)
    assert digest.sent
    assert digest.actions > 0
    (message,) = inbox.messages
    assert message["To"] == "Sam Rivera <sam.rivera@example.org>"
    assert message["Subject"] == digest.subject
    assert "Overdue:" in message.get_content()
    assert "Thank Omar Said" in message.get_content()
    again = send_digest(demo.store, demo.playbook, mailer, TODAY)
    assert (again.sent, again.reason) == (False, "already sent today")
    tomorrow = send_digest(demo.store, demo.playbook, mailer, TODAY + dt.timedelta(days=1))
    assert tomorrow.sent
    assert len(inbox.messages) == 2


def test_no_digest_when_nothing_is_owed(afterview: Afterview) -> None:
    quiet = PlaybookSettings(min_active_applications=0)
    digest = send_digest(afterview.store, quiet, None, TODAY)
    assert (digest.sent, digest.reason) == (False, "nothing is due: no digest today")
    with pytest.raises(AfterviewError, match="no email address to send the digest to"):
        send_digest(afterview.store, PlaybookSettings(), None, TODAY)


def _authority(tmp_path: Path) -> tuple[ssl.SSLContext, str]:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    return server_context, str(ca_file)


def test_smtps_speaks_tls_from_the_start(demo: Afterview, serve: Any, tmp_path: Path) -> None:
    server_context, ca_file = _authority(tmp_path)
    inbox = Inbox()
    port = serve(inbox, ssl_context=server_context)
    mailer = SmtpMailer(SmtpSettings.from_url(f"smtps://127.0.0.1:{port}", ca_file))
    report = send(demo, mailer, contact="omar-said")
    assert [s["contact"] for s in report.sent] == ["omar-said"]
    assert len(inbox.messages) == 1


def test_an_untrusted_certificate_is_a_clear_permanent_failure(
    demo: Afterview, serve: Any, tmp_path: Path
) -> None:
    server_context, _ = _authority(tmp_path)
    port = serve(Inbox(), ssl_context=server_context)
    mailer = SmtpMailer(SmtpSettings.from_url(f"smtps://127.0.0.1:{port}"))
    report = send(demo, mailer, contact="omar-said")
    assert report.sent == []
    assert str(report.skipped[0]["reason"]).startswith("not sent: SMTP: TLS failed")


def test_bad_credentials_say_so_without_the_password(
    demo: Afterview, serve: Any, tmp_path: Path
) -> None:
    def refuse(*_: Any) -> AuthResult:
        return AuthResult(success=False, handled=False)

    server_context, ca_file = _authority(tmp_path)
    port = serve(Inbox(), tls_context=server_context, authenticator=refuse, auth_require_tls=True)
    url = f"smtp://sam:s3cret-pw@127.0.0.1:{port}"
    report = send(demo, SmtpMailer(SmtpSettings.from_url(url, ca_file)), contact="omar-said")
    reason = str(report.skipped[0]["reason"])
    assert reason == (
        "not sent: SMTP: the server refused the user name or password (check AFTERVIEW_SMTP_URL)"
    )
    assert "s3cret-pw" not in reason
    assert "s3cret-pw" not in repr(SmtpSettings.from_url(url))


def test_those_who_prefer_the_phone_get_a_script_not_a_message(demo: Afterview, serve: Any) -> None:
    edit_contact(demo.store, "omar-said", medium="phone", phone="+1 650 555 0101")
    inbox = Inbox()
    report = send(demo, plain(serve(inbox)), contact="omar-said")
    assert report.sent == []
    assert report.skipped[0]["reason"] == (
        "prefers the phone: call them (afterview draft shows what to say)"
    )
    assert report.scripts[0].startswith("Hello Omar, this is Sam Rivera.")
    assert inbox.messages == []
