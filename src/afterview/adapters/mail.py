"""Email over SMTP (docs/contracts.md, `AFTERVIEW_SMTP_URL`), and the messages it carries.

`smtp://user:pass@host:port` upgrades with STARTTLS when the server offers it;
`smtps://...` speaks TLS from the start; `smtp://host:port?tls=off` is for a local
relay. Failures come back as `TemporaryFailure` (4xx, refused or dropped
connections: worth retrying) or `PermanentFailure` (5xx, bad credentials, a TLS
failure: retrying will not help), each with a message a user can act on. The
password is never part of any message.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from afterview.errors import InvalidInput
from afterview.services.ports import (
    DeliveryFailure,
    Mail,
    MailSetup,
    PermanentFailure,
    TemporaryFailure,
    UncertainDelivery,
)

TIMEOUT_SECONDS = 30
TEMPORARY_CODES = range(400, 500)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand mail over; `repr` never shows the password."""

    host: str
    port: int
    security: str  # "starttls" (when offered), "tls" (from the start) or "none"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None

    @classmethod
    def from_url(cls, url: str, ca_file: str | None = None) -> SmtpSettings:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise InvalidInput(["AFTERVIEW_SMTP_URL: not smtp://host:port or smtps://host:port"])
        query = parse_qs(parts.query)
        security = "tls" if parts.scheme == "smtps" else "starttls"
        if query.get("tls") == ["off"]:
            security = "none"
        try:
            port = parts.port or (465 if security == "tls" else 587)
        except ValueError:
            raise InvalidInput(["AFTERVIEW_SMTP_URL: the port is not a number"]) from None
        return cls(
            parts.hostname,
            port,
            security,
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None,
            ca_file,
        )


def _single_line(text: str) -> str:
    """Header values on one line: a CR or LF in a name must never start a new header."""
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())


def build_message(mail: Mail) -> EmailMessage:
    """A plain-text email; non-ASCII names and subjects are encoded by the email package."""
    message = EmailMessage()
    message["From"] = Address(_single_line(mail.sender_name), addr_spec=mail.sender_email)
    message["To"] = Address(_single_line(mail.recipient_name), addr_spec=mail.recipient_email)
    message["Subject"] = _single_line(mail.subject)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = mail.message_id
    # Some providers (Outlook, Exchange) give a message a Message-ID of their own; a reply
    # still carries the References it was given, so the inbox can thread it to this note.
    message["References"] = mail.message_id
    message.set_content(mail.body)
    for attachment in mail.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


class _Tracked:
    """An SMTP client that remembers whether it has started sending the message itself."""

    in_data = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.in_data = True
        reply: tuple[int, bytes] = super().data(msg)  # type: ignore[misc]
        return reply


class _Smtp(_Tracked, smtplib.SMTP):
    pass


class _SmtpTls(_Tracked, smtplib.SMTP_SSL):
    pass


class SmtpMailer:
    """The `Mailer` afterview uses: hands one message at a time to an SMTP server.

    A failure before the message's text was sent is temporary or permanent; a line cut
    or a time-out after it (the server may have taken the message and not said so yet)
    is `UncertainDelivery`, which the outbox never retries by itself."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, mail: Mail) -> None:
        try:
            message = build_message(mail)
        except (ValueError, TypeError) as error:  # e.g. an address email cannot carry
            raise PermanentFailure(f"cannot write the message: {error}") from None
        client: _Smtp | _SmtpTls | None = None
        try:
            with self._connect() as client:
                self._secure_and_log_in(client)
                client.send_message(message)
        except smtplib.SMTPAuthenticationError:
            raise PermanentFailure(
                "SMTP: the server refused the user name or password (check AFTERVIEW_SMTP_URL)"
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            raise _classified(*next(iter(error.recipients.values()))) from None
        except smtplib.SMTPResponseException as error:
            raise _classified(error.smtp_code, error.smtp_error) from None
        except ssl.SSLError as error:
            raise PermanentFailure(f"SMTP: TLS failed ({error.reason or error})") from None
        except (TimeoutError, smtplib.SMTPServerDisconnected, ConnectionError, OSError) as error:
            where = f"{self.settings.host}:{self.settings.port}"
            if client is not None and client.in_data:
                raise UncertainDelivery(
                    f"SMTP: {where} stopped answering after the message was sent "
                    f"({type(error).__name__})"
                ) from None
            reason = error.strerror if isinstance(error, OSError) and error.strerror else None
            raise TemporaryFailure(
                f"SMTP: cannot reach {where} ({reason or type(error).__name__})"
            ) from None
        except smtplib.SMTPException as error:
            raise PermanentFailure(f"SMTP: {error}") from None

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _connect(self) -> _Smtp | _SmtpTls:
        settings = self.settings
        if settings.security == "tls":
            return _SmtpTls(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=self._context()
            )
        return _Smtp(settings.host, settings.port, timeout=TIMEOUT_SECONDS)

    def _secure_and_log_in(self, client: smtplib.SMTP) -> None:
        settings = self.settings
        client.ehlo()
        if settings.security == "starttls" and client.has_extn("starttls"):
            client.starttls(context=self._context())
            client.ehlo()
        if settings.user and settings.password:
            if settings.security == "starttls" and not isinstance(client.sock, ssl.SSLSocket):
                raise PermanentFailure(
                    "SMTP: the server does not offer STARTTLS; refusing to "
                    "send the password in clear (use ?tls=off only for a "
                    "local relay without a password)"
                )
            client.login(settings.user, settings.password)


def _classified(code: int, reply: bytes | str) -> DeliveryFailure:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    message = f"SMTP {code}: {text}"
    return TemporaryFailure(message) if code in TEMPORARY_CODES else PermanentFailure(message)


def mail_setup(url: str | None) -> MailSetup:
    """Whether AFTERVIEW_SMTP_URL is set, and its host: never the URL or the password."""
    if not url:
        return MailSetup(False)
    try:
        smtp = SmtpSettings.from_url(url)
    except InvalidInput:
        return MailSetup(True, problem="AFTERVIEW_SMTP_URL is not a valid smtp:// or smtps:// URL")
    return MailSetup(True, smtp.host)
