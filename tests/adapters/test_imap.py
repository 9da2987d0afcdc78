"""The mailbox over IMAP, against a real dovecot (tests/dovecot.py): plain on loopback,
STARTTLS and TLS with a private CA, the sent folder, marks, UIDVALIDITY, `since`, a read
that changes nothing, a big mailbox, and every failure as one line without the password."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator

import pytest

from afterview.adapters.imap import ImapMailbox, ImapSettings
from afterview.domain.mail import Address, Folder
from afterview.errors import InvalidInput
from afterview.services.ports import FolderMark, FolderRead, MailboxFailure
from tests.conftest import SUMMARY
from tests.dovecot import Dovecot
from tests.smtp import free_port

TIMEOUT = 2.0
WHEN = dt.datetime(2026, 11, 17, 9, 0, tzinfo=dt.UTC)


def message(
    subject: str = "Next steps",
    message_id: str | None = "<m-1@acme.com>",
    date: str | None = "Tue, 17 Nov 2026 10:00:00 +0100",
    body: str = "Thank you for your time.",
    extra: str = "",
) -> bytes:
    headers = ["From: Jane Doe <Jane@Acme.com>", "To: sam@example.org", f"Subject: {subject}"]
    if message_id is not None:
        headers.append(f"Message-ID: {message_id}")
    if date is not None:
        headers.append(f"Date: {date}")
    text = "\r\n".join(headers) + "\r\n" + extra + "\r\n" + body + "\r\n"
    return text.encode()


def read(
    url: str,
    ca_file: str | None = None,
    marks: dict[Folder, FolderMark] | None = None,
    since: dt.date | None = None,
) -> dict[Folder, FolderRead]:
    mailbox = ImapMailbox(ImapSettings.from_url(url, ca_file), timeout=TIMEOUT)
    return {folder_read.folder: folder_read for folder_read in mailbox.read(marks or {}, since)}


def failure(url: str, password: str, ca_file: str | None = None) -> str:
    """The one line a failed read gives, checked never to hold the password."""
    settings = ImapSettings.from_url(url, ca_file)
    mailbox = ImapMailbox(settings, timeout=TIMEOUT)
    with pytest.raises(MailboxFailure) as caught:
        mailbox.read({})
    text = str(caught.value)
    assert "\n" not in text
    for shown in (text, repr(caught.value), repr(settings), str(settings), repr(mailbox)):
        assert password not in shown
    return text


@pytest.fixture
def user(dovecot: Dovecot) -> tuple[str, str]:
    return dovecot.new_user()


# --- AFTERVIEW_IMAP_URL ----------------------------------------------------------------


def test_url_forms_and_their_defaults() -> None:
    tls = ImapSettings.from_url("imaps://sam%40example.org:app%20p%40ss%2Fword@Mail.Example.org")
    assert (tls.host, tls.port, tls.security) == ("mail.example.org", 993, "tls")
    assert (tls.user, tls.password, tls.sent) == ("sam@example.org", "app p@ss/word", None)
    starttls = ImapSettings.from_url("imap://sam:pw@mail.example.org?sent=Sent%20Items", "/ca.pem")
    assert (starttls.port, starttls.security) == (143, "starttls")
    assert (starttls.sent, starttls.ca_file) == ("Sent Items", "/ca.pem")
    for host in ("127.0.0.1", "[::1]", "localhost"):
        local = ImapSettings.from_url(f"imap://sam:pw@{host}:1143?tls=off")
        assert (local.port, local.security) == (1143, "none")
    assert "pw" not in repr(starttls).replace("password", "")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("pop3://sam:pw@mail.example.org", "not imaps://"),
        ("imaps://sam:pw@", "no host"),
        ("imaps://sam:pw@mail.example.org:99999", "port"),
        ("imaps://sam:pw@mail.example.org:imap", "port"),
        ("imaps://mail.example.org", "no user name"),
        ("imaps://sam@mail.example.org", "no password"),
        ("imap://sam:pw@mail.example.org?tls=off", "only allowed for a server on this machine"),
        ("imaps://sam:pw@127.0.0.1?tls=off", "tls= can only be off"),
        ("imap://sam:pw@127.0.0.1?tls=maybe", "tls= can only be off"),
        ("imap://sam:pw@mail.example.org?folder=x", "unknown option 'folder'"),
    ],
)
def test_a_wrong_url_names_the_setting_and_the_part(url: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        ImapSettings.from_url(url)
    assert str(caught.value).startswith("AFTERVIEW_IMAP_URL: ")
    assert problem in str(caught.value)
    assert ":pw@" not in str(caught.value)


# --- Reading ---------------------------------------------------------------------------


def test_plain_on_loopback_reads_inbox_and_the_special_use_sent_folder(
    dovecot: Dovecot, user: tuple[str, str]
) -> None:
    name, _ = user
    dovecot.append(name, "INBOX", message(), WHEN)
    dovecot.append(name, "Sent", message("Thank you", "<note-1@example.org>"))
    found = read(dovecot.url(name, tls="off"))
    inbox, sent = found[Folder.INBOX], found[Folder.SENT]
    assert (inbox.name, sent.name) == ("INBOX", "Sent")
    assert inbox.mark.last_uid == 1
    assert sent.mark == FolderMark(dovecot.uidvalidity(name, "Sent"), 1)
    [reply] = inbox.messages
    assert (reply.folder, reply.uid, reply.message_id) == (Folder.INBOX, 1, "<m-1@acme.com>")
    assert reply.sender == Address("Jane Doe", "jane@acme.com")
    assert reply.text == "Thank you for your time.\n"
    assert [sent_message.subject for sent_message in sent.messages] == ["Thank you"]


@pytest.mark.parametrize("tls", ["starttls", "tls"])
def test_starttls_and_tls_trust_a_private_ca_from_the_ca_file(
    dovecot: Dovecot, user: tuple[str, str], tls: str
) -> None:
    name, _ = user
    dovecot.append(name, "INBOX", message())
    found = read(dovecot.url(name, tls=tls), dovecot.ca_file)  # type: ignore[arg-type]
    assert [m.message_id for m in found[Folder.INBOX].messages] == ["<m-1@acme.com>"]


def test_the_sent_option_names_a_folder_the_server_does_not_mark(
    dovecot: Dovecot, user: tuple[str, str]
) -> None:
    name, _ = user
    dovecot.append(name, "Sent", message("Marked sent", "<a@x>"))
    dovecot.append(name, "Sent Items", message("Named sent", "<b@x>"))
    found = read(dovecot.url(name, sent="Sent Items"))
    assert found[Folder.SENT].name == "Sent Items"
    assert [m.subject for m in found[Folder.SENT].messages] == ["Named sent"]


def test_a_mark_means_only_newer_messages(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, _ = user
    url = dovecot.url(name)
    dovecot.append_many(name, "INBOX", [message(message_id=f"<m-{n}@acme.com>") for n in (1, 2)])
    first = read(url)
    marks = {folder: folder_read.mark for folder, folder_read in first.items()}
    assert marks[Folder.INBOX].last_uid == 2
    again = read(url, marks=marks)  # `3:*` still matches UID 2: it must be left out
    assert again[Folder.INBOX].messages == []
    assert again[Folder.INBOX].mark == marks[Folder.INBOX]
    assert again[Folder.SENT].mark == marks[Folder.SENT]
    dovecot.append(name, "INBOX", message(message_id="<m-3@acme.com>"))
    later = read(url, marks=marks)
    assert [(m.uid, m.message_id) for m in later[Folder.INBOX].messages] == [(3, "<m-3@acme.com>")]
    assert later[Folder.INBOX].mark.last_uid == 3


def test_a_new_uidvalidity_reads_the_folder_again(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, _ = user
    dovecot.append_many(name, "INBOX", [message(message_id=f"<m-{n}@acme.com>") for n in (1, 2)])
    first = read(dovecot.url(name))
    marks = {Folder.INBOX: first[Folder.INBOX].mark}
    renewed = first[Folder.INBOX].mark.uidvalidity + 1000
    dovecot.set_uidvalidity(name, "INBOX", renewed)
    again = read(dovecot.url(name), marks=marks)
    assert len(again[Folder.INBOX].messages) == 2
    assert again[Folder.INBOX].mark == FolderMark(renewed, 2)


def test_since_leaves_older_messages_out(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, _ = user
    dovecot.append(name, "INBOX", message(message_id="<old@acme.com>"), WHEN - dt.timedelta(10))
    dovecot.append(name, "INBOX", message(message_id="<new@acme.com>"), WHEN)
    found = read(dovecot.url(name), since=WHEN.date() - dt.timedelta(1))
    assert [m.message_id for m in found[Folder.INBOX].messages] == ["<new@acme.com>"]
    assert found[Folder.INBOX].mark.last_uid == 2


def test_reading_changes_no_flag(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, _ = user
    dovecot.append(name, "INBOX", message(message_id="<unread@x>"))
    dovecot.append(name, "INBOX", message(message_id="<read@x>"), flags=["\\Seen", "\\Flagged"])
    dovecot.append(name, "Sent", message(message_id="<sent@x>"), flags=["\\Seen"])
    before = dovecot.flags(name, "INBOX"), dovecot.flags(name, "Sent")
    assert len(read(dovecot.url(name))[Folder.INBOX].messages) == 2
    assert (dovecot.flags(name, "INBOX"), dovecot.flags(name, "Sent")) == before
    assert before[0][0] == (1, frozenset())


def test_messages_as_the_server_hands_them(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, _ = user
    calendar = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:i-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    arrived = dt.datetime(2026, 11, 18, 7, 45, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    raws = [
        message("=?utf-8?q?Entretien_=E2=80=94_suite_/_=E9=9D=A2=E6=8E=A5?=", "<a@x>"),
        message("No date", "<b@x>", date=None),
        message(
            "Invitation",
            "<c@x>",
            body=(
                "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>See&nbsp;you</p>\r\n"
                "--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n"
                + calendar.decode()
                + "\r\n--b--"
            ),
            extra="MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n",
        ),
        message(
            "RE: Next steps",
            "<AM0PR01@outlook.com>",
            extra=(
                "In-Reply-To: <note-1@example.org>\r\n"
                "References: <first@example.org> <note-1@example.org>\r\n"
                "X-Microsoft-Original-Message-ID: <orig-1@acme.com>\r\n"
            ),
        ),
    ]
    for raw in raws:
        dovecot.append(name, "INBOX", raw, arrived)
    subject, no_date, invitation, threaded = read(dovecot.url(name))[Folder.INBOX].messages
    assert subject.subject == "Entretien — suite / 面接"
    assert no_date.sent_at == arrived
    assert invitation.text == "See you"
    assert invitation.calendars == (calendar,)
    assert threaded.references == (
        "<note-1@example.org>",
        "<first@example.org>",
        "<orig-1@acme.com>",
    )


def test_a_mailbox_of_2000_messages_is_read_whole(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, _ = user
    raws = [message(f"Message {n}", f"<bulk-{n}@acme.com>") for n in range(1, 2001)]
    dovecot.append_many(name, "INBOX", raws)
    started = time.perf_counter()
    found = read(dovecot.url(name))[Folder.INBOX]
    SUMMARY.append(f"IMAP: 2,000 messages read in {time.perf_counter() - started:.2f} s")
    assert len(found.messages) == 2000
    assert found.mark.last_uid == 2000
    assert [m.uid for m in found.messages] == list(range(1, 2001))
    assert found.messages[-1].subject == "Message 2000"


# --- Failures: one line each, never the password ---------------------------------------


def test_a_wrong_password(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, password = user
    wrong = password + "-wrong"
    text = failure(dovecot.url(name, password=wrong), wrong)
    assert text.startswith("the mail server at 127.0.0.1 refused the user name or password")
    assert password not in text


@pytest.mark.parametrize("tls", ["starttls", "tls"])
def test_a_certificate_nobody_vouches_for(
    dovecot: Dovecot, user: tuple[str, str], tls: str
) -> None:
    name, password = user
    text = failure(dovecot.url(name, tls=tls), password)  # type: ignore[arg-type]
    assert text.startswith("the certificate of 127.0.0.1 is not trusted")
    assert "AFTERVIEW_IMAP_CAFILE" in text


def test_nothing_listening() -> None:
    port = free_port()
    text = failure(f"imap://sam:s3cret-pw@127.0.0.1:{port}?tls=off", "s3cret-pw")
    assert text == f"cannot reach the mail server at 127.0.0.1:{port} (Connection refused)"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port where connections are accepted (by the kernel) and never answered."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_server_that_never_answers(silent_port: int) -> None:
    url = f"imap://sam:s3cret-pw@127.0.0.1:{silent_port}?tls=off"
    text = failure(url, "s3cret-pw")
    assert text == f"cannot reach the mail server at 127.0.0.1:{silent_port} (no answer in 2 s)"


def test_a_sent_folder_that_does_not_exist(dovecot: Dovecot, user: tuple[str, str]) -> None:
    name, password = user
    text = failure(dovecot.url(name, sent="Envoyés"), password)
    assert text.startswith("there is no folder 'Envoyés' on 127.0.0.1")


def test_a_server_without_starttls(dovecot_plain: Dovecot) -> None:
    name, password = dovecot_plain.new_user()
    text = failure(dovecot_plain.url(name, tls="starttls"), password)
    assert "does not offer STARTTLS: afterview will not send the password unencrypted" in text
