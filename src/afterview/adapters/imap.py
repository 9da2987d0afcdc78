"""The user's mailbox over IMAP (docs/inbox.md, `AFTERVIEW_IMAP_URL`), read-only.

`imaps://user:password@host:993` speaks TLS from the start; `imap://user:password@host:143`
must upgrade with STARTTLS before the password is sent; `imap://...?tls=off` is only for
a server on this machine. `?sent=FOLDER` names the sent folder when the server does not
mark one (SPECIAL-USE `\\Sent`). The user name and password are percent-decoded, so an
app password may hold `@`, `/` or spaces (`%40`, `%2F`, `%20`).

Reading never changes the mailbox: folders are opened with EXAMINE and messages fetched
with BODY.PEEK[], so no flag (not even \\Seen) is set. Every failure is one
`MailboxFailure` line a user can act on, never with the password in it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from imapclient import IMAPClient  # type: ignore[import-untyped]
from imapclient.exceptions import (  # type: ignore[import-untyped]
    IMAPClientAbortError,
    IMAPClientError,
    LoginError,
)
from imapclient.imapclient import SENT  # type: ignore[import-untyped]

from afterview.adapters.messages import parse_message
from afterview.domain.mail import Folder, Message
from afterview.errors import InvalidInput
from afterview.services.ports import FolderMark, FolderRead, MailboxFailure

SETTING = "AFTERVIEW_IMAP_URL"
TIMEOUT_SECONDS = 30.0
FETCH_BATCH = 500
"""Messages per FETCH: few round trips, and a bounded amount of mail in memory at once."""
LOOPBACK_NAMES = ("localhost",)
SERVER_TEXT_LIMIT = 200


@dataclass(frozen=True)
class ImapSettings:
    """Where the mailbox is and how to reach it; `repr` never shows the password."""

    host: str
    port: int
    security: str  # "tls", "starttls" or "none"
    user: str
    password: str = field(repr=False)
    sent: str | None = None
    ca_file: str | None = None

    @classmethod
    def from_url(cls, url: str, ca_file: str | None = None) -> ImapSettings:
        """Settings from AFTERVIEW_IMAP_URL; InvalidInput names the part that is wrong
        (never quoting the URL, which holds the password)."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("imap", "imaps"):
            raise _invalid("not imaps://user:password@host or imap://user:password@host")
        if not parts.hostname:
            raise _invalid("no host (imaps://user:password@host)")
        try:
            port = parts.port
        except ValueError:
            raise _invalid("the port is not a number from 1 to 65535") from None
        if port == 0:
            raise _invalid("the port is not a number from 1 to 65535")
        if not parts.username:
            raise _invalid("no user name (imaps://user:password@host)")
        if not parts.password:
            raise _invalid("no password (imaps://user:password@host)")
        query = parse_qs(parts.query)
        unknown = sorted(set(query) - {"tls", "sent"})
        if unknown:
            raise _invalid(f"unknown option {unknown[0]!r} (known: tls=off, sent=FOLDER)")
        security = "tls" if parts.scheme == "imaps" else "starttls"
        tls = query.get("tls", [None])[-1]
        if tls is not None:
            if tls != "off" or parts.scheme == "imaps":
                raise _invalid("tls= can only be off, and only with imap://")
            if not _is_loopback(parts.hostname):
                raise _invalid(
                    "tls=off is only allowed for a server on this machine "
                    "(127.0.0.1, ::1 or localhost): the password would cross the network "
                    "unencrypted"
                )
            security = "none"
        sent = query.get("sent", [None])[-1]
        return cls(
            host=parts.hostname,
            port=port or (993 if security == "tls" else 143),
            security=security,
            user=unquote(parts.username),
            password=unquote(parts.password),
            sent=sent or None,
            ca_file=ca_file or None,
        )


def _invalid(problem: str) -> InvalidInput:
    return InvalidInput([f"{SETTING}: {problem}"])


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ImapMailbox:
    """The `Mailbox` afterview reads: INBOX, and the sent folder when there is one.

    `timeout` bounds each network wait (connecting, and each answer after that)."""

    def __init__(self, settings: ImapSettings, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.settings = settings
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"ImapMailbox({self.settings!r})"

    @property
    def label(self) -> str:
        """The mailbox as a person names it: "you@gmail.com at imap.gmail.com"."""
        return f"{self.settings.user} at {self.settings.host}"

    def read(
        self, marks: dict[Folder, FolderMark], since: dt.date | None = None
    ) -> list[FolderRead]:
        with self._session() as client:
            folders = [(Folder.INBOX, "INBOX")]
            sent = self._sent_folder(client)
            if sent is not None:
                folders.append((Folder.SENT, sent))
            return [
                self._read_folder(client, folder, name, marks.get(folder), since)
                for folder, name in folders
            ]

    # --- One session -------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[Any]:
        """A logged-in client, logged out afterwards; every failure a MailboxFailure."""
        settings = self.settings
        where = f"{settings.host}:{settings.port}"
        client: Any = None
        connected = False
        try:
            client = IMAPClient(
                settings.host,
                port=settings.port,
                ssl=settings.security == "tls",
                ssl_context=self._context() if settings.security == "tls" else None,
                timeout=self.timeout,
            )
            client.normalise_times = False  # INTERNALDATE as an aware datetime
            connected = True
            if settings.security == "starttls":
                if not client.has_capability("STARTTLS"):
                    raise MailboxFailure(
                        f"the mail server at {where} does not offer STARTTLS: afterview "
                        "will not send the password unencrypted (use imaps:// if it "
                        "speaks TLS on another port)"
                    )
                client.starttls(self._context())
            try:
                client.login(settings.user, settings.password)
            except LoginError as error:
                raise MailboxFailure(
                    f"the mail server at {settings.host} refused the user name or password "
                    f"(check {SETTING}): {self._server_text(error)}"
                ) from None
            yield client
            with suppress(IMAPClientError, OSError):  # all was read: a failed LOGOUT is no failure
                client.logout()
                client = None  # else `finally` closes the connection
        except MailboxFailure:
            raise
        except ssl.SSLCertVerificationError as error:
            raise MailboxFailure(
                f"the certificate of {settings.host} is not trusted "
                f"({error.verify_message or error.reason}); if the server uses a private "
                "certificate authority, name its file in AFTERVIEW_IMAP_CAFILE"
            ) from None
        except ssl.SSLError as error:
            raise MailboxFailure(
                f"TLS with the mail server at {where} failed ({error.reason or error})"
            ) from None
        except IMAPClientAbortError as error:
            raise MailboxFailure(
                f"the mail server at {where} closed the connection ({self._server_text(error)})"
            ) from None
        except IMAPClientError as error:
            raise MailboxFailure(
                f"the mail server at {settings.host} answered: {self._server_text(error)}"
            ) from None
        except TimeoutError:
            what = f"cannot reach the mail server at {where}"
            if connected:
                what = f"the mail server at {where} stopped answering"
            raise MailboxFailure(f"{what} (no answer in {self.timeout:g} s)") from None
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise MailboxFailure(f"cannot reach the mail server at {where} ({reason})") from None
        finally:
            if client is not None:  # failed half-way: just close the connection
                with suppress(Exception):  # the first error is the one shown
                    client.shutdown()

    def _context(self) -> ssl.SSLContext:
        """The system's trusted authorities, and AFTERVIEW_IMAP_CAFILE's as well."""
        context = ssl.create_default_context()
        if self.settings.ca_file:
            try:
                context.load_verify_locations(cafile=self.settings.ca_file)
            except (OSError, ssl.SSLError) as error:
                reason = getattr(error, "strerror", None) or getattr(error, "reason", None)
                raise MailboxFailure(
                    f"AFTERVIEW_IMAP_CAFILE: cannot read certificates from "
                    f"{self.settings.ca_file} ({reason or error})"
                ) from None
        return context

    def _server_text(self, error: Exception) -> str:
        """What the server said, on one line, shortened, and never the password."""
        text = str(error)
        if text.startswith(("b'", 'b"')):  # imaplib hands some answers over as bytes' repr
            text = text[2:-1]
        if self.settings.password:
            text = text.replace(self.settings.password, "***")
        text = " ".join(text.split())
        if len(text) > SERVER_TEXT_LIMIT:
            text = text[: SERVER_TEXT_LIMIT - 1] + "…"
        return text or type(error).__name__

    # --- Folders -----------------------------------------------------------------------

    def _sent_folder(self, client: Any) -> str | None:
        """`?sent=` (which must exist), else the folder the server marks \\Sent, else a
        folder with a usual sent name ("Sent", "Sent Items", ...), else none."""
        named = self.settings.sent
        if named is not None:
            if not client.folder_exists(named):
                raise MailboxFailure(
                    f"there is no folder {named!r} on {self.settings.host} "
                    f"(check ?sent= in {SETTING})"
                )
            return named
        found = client.find_special_folder(SENT)
        return str(found) if found else None

    def _read_folder(
        self,
        client: Any,
        folder: Folder,
        name: str,
        mark: FolderMark | None,
        since: dt.date | None,
    ) -> FolderRead:
        status = client.select_folder(name, readonly=True)  # EXAMINE
        uidvalidity = int(status[b"UIDVALIDITY"])
        after = mark.last_uid if mark is not None and mark.uidvalidity == uidvalidity else 0
        uids: list[int] = []
        if int(status.get(b"EXISTS", 1)) > 0:
            criteria: list[Any] = ["UID", f"{after + 1}:*"] if after else ["ALL"]
            if since is not None:
                criteria += ["SINCE", since]
            # `N:*` always matches the newest message, even when its UID is N or less.
            uids = sorted(uid for uid in client.search(criteria) if uid > after)
        messages = self._fetch(client, folder, uids)
        return FolderRead(folder, name, FolderMark(uidvalidity, max([after, *uids])), messages)

    def _fetch(self, client: Any, folder: Folder, uids: list[int]) -> list[Message]:
        messages = []
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            answers = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
            for uid in batch:
                answer = answers.get(uid)
                if answer is None:  # expunged meanwhile
                    continue
                raw = answer.get(b"BODY[]")
                if not isinstance(raw, bytes):
                    continue
                arrived = answer.get(b"INTERNALDATE")
                when = None
                if isinstance(arrived, dt.datetime) and (offset := arrived.utcoffset()) is not None:
                    when = arrived.replace(tzinfo=dt.timezone(offset))  # not IMAPClient's own
                messages.append(parse_message(raw, folder, uid, when))
        return messages
