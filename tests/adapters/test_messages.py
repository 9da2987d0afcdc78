"""Raw email to the domain's Message: headers, dates, bodies and invitations, as mail in
the wild writes them (and breaks them). No server needed."""

from __future__ import annotations

import datetime as dt
import re
from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.adapters.messages import html_to_text, parse_message
from afterview.domain.mail import Address, Folder, Message

ARRIVED = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
    b"UID:abc-123\r\nDTSTART:20261124T150000Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def parse(raw: bytes | str, arrived: dt.datetime | None = ARRIVED) -> Message:
    data = raw.replace("\n", "\r\n").encode() if isinstance(raw, str) else raw
    return parse_message(data, Folder.INBOX, 7, arrived)


def test_headers_a_reply_carries() -> None:
    message = parse_message(
        b"From: =?utf-8?q?Ren=C3=A9e_Dupont?= <Renee.Dupont@ACME.com>\r\n"
        b"To: Sam Lee <sam@example.org>, undisclosed-recipients:;\r\n"
        b'Cc: "Hiring, Team" <Hiring@Acme.com>, not an address, <>\r\n'
        b"Subject: =?utf-8?b?RW50cmV0aWVuIOKAlCBzdWl0ZSAvIOmdouaOpQ==?=\r\n"
        b"  (2)\r\n"
        b"Date: Tue, 17 Nov 2026 16:05:00 +0100\r\n"
        b"Message-ID:   <reply-1@acme.com>  \r\n"
        b"In-Reply-To: <note-9@example.org>\r\n"
        b"References: <first@example.org>\r\n <note-9@example.org> <split\r\n @acme.com>\r\n"
        b"X-Microsoft-Original-Message-ID: <ORIG-1@outlook.com>\r\n"
        b"\r\n"
        b"Thanks, talk soon.\r\n",
        Folder.INBOX,
        7,
        ARRIVED,
    )
    assert message.folder is Folder.INBOX
    assert message.uid == 7
    assert message.message_id == "<reply-1@acme.com>"
    assert message.references == (
        "<note-9@example.org>",
        "<first@example.org>",
        "<split@acme.com>",
        "<ORIG-1@outlook.com>",
    )
    assert message.sender == Address("Renée Dupont", "renee.dupont@acme.com")
    assert message.recipients == (
        Address("Sam Lee", "sam@example.org"),
        Address("Hiring, Team", "hiring@acme.com"),
    )
    assert message.subject == "Entretien — suite / 面接 (2)"
    assert message.sent_at == dt.datetime(
        2026, 11, 17, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert message.day == dt.date(2026, 11, 17)
    assert message.text == "Thanks, talk soon.\n"


def test_a_message_without_message_id_gets_a_stable_stand_in() -> None:
    raw = "From: jane@acme.com\nSubject: Next steps\nDate: Tue, 17 Nov 2026 16:05:00 +0000\n\nHi\n"
    first, again = parse(raw), parse(raw)
    other = parse(raw.replace("Hi", "Hello"))
    assert re.fullmatch(r"<[0-9a-f]{32}@afterview\.invalid>", first.message_id)
    assert first.message_id == again.message_id
    assert other.message_id != first.message_id
    bare = parse("Message-ID: bare-id@host\n\nx\n")
    assert bare.message_id == "<bare-id@host>"


def test_dates_keep_their_offset_and_fall_back_to_the_arrival() -> None:
    def sent_at(
        date_header: str | None, arrived: dt.datetime | None = ARRIVED
    ) -> dt.datetime | None:
        header = f"Date: {date_header}\n" if date_header is not None else ""
        return parse(f"{header}Subject: x\n\nbody\n", arrived).sent_at

    assert sent_at("Wed, 18 Nov 2026 08:00:00 -0500") == dt.datetime(
        2026, 11, 18, 8, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    assert sent_at("Wed, 18 Nov 2026 08:00:00 -0000") == dt.datetime(2026, 11, 18, 8, tzinfo=dt.UTC)
    assert sent_at("Wed, 18 Nov 2026 08:00:00") == dt.datetime(2026, 11, 18, 8, tzinfo=dt.UTC)
    assert sent_at(None) == ARRIVED
    assert sent_at("the day after tomorrow") == ARRIVED
    assert sent_at(None, arrived=None) is None


def test_an_html_only_message_is_read_as_its_text() -> None:
    message = EmailMessage()
    message["Subject"] = "Your interview"
    message.set_content(
        "<html><head><title>Acme</title><style>p {color: red}</style></head><body>"
        "<p>Dear&nbsp;Sam,</p><div>Thank you &amp; see you<br>on <b>Tuesday</b>.</div>"
        "<script>track()</script><ul><li>Room 4</li><li>Bring ID</li></ul>"
        "<table><tr><td>Time</td><td>15:00</td></tr></table></body></html>",
        subtype="html",
    )
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="map.pdf")
    text = parse(message.as_bytes()).text
    assert text == "Dear Sam,\n\nThank you & see you\non Tuesday.\n\nRoom 4\nBring ID\n\nTime 15:00"


def test_plain_text_is_preferred_to_html() -> None:
    message = EmailMessage()
    message.set_content("Plain words.\n")
    message.add_alternative("<p>HTML words.</p>", subtype="html")
    assert parse(message.as_bytes()).text == "Plain words.\n"


def test_calendar_parts_and_ics_attachments_are_kept_once_each() -> None:
    invitation = EmailMessage()
    invitation["Subject"] = "Invitation: Interview"
    invitation.set_content("You are invited.\n")
    invitation.add_alternative(
        CALENDAR, maintype="text", subtype="calendar", params={"method": "REQUEST"}
    )
    invitation.add_attachment(
        CALENDAR, maintype="application", subtype="ics", filename="invite.ics"
    )
    update = CALENDAR.replace(b"15", b"16")
    invitation.add_attachment(
        update, maintype="application", subtype="octet-stream", filename="NEW.ICS"
    )
    message = parse(invitation.as_bytes())
    assert message.calendars == (CALENDAR, update)
    assert message.text == "You are invited.\n"


def test_mail_from_a_list_or_a_machine_is_bulk() -> None:
    def bulk(header: str) -> bool:
        return parse(f"{header}Subject: x\n\nbody\n").bulk

    assert bulk("List-Id: Jobs weekly <jobs.example.com>\n")
    assert bulk("List-Unsubscribe: <mailto:leave@example.com>\n")
    assert bulk("Precedence: Bulk\n")
    assert bulk("Auto-Submitted: auto-replied\n")
    assert not bulk("Auto-Submitted: no\n")
    assert not bulk("From: jane@acme.com\n")


def test_bad_charsets_give_replacement_characters_not_errors() -> None:
    unknown = parse(
        b"Subject: caf\xc3\xa9 \xff\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n"
        b"na\xc3\xafve \xff\x00\r\n"
    )
    assert unknown.subject == "café \ufffd"
    assert unknown.text == "naïve \ufffd\n"
    latin = parse(b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\nd\xe9j\xe0 vu\r\n")
    assert latin.text == "déjà vu\n"
    wrong_utf8 = parse(b"Content-Type: text/plain; charset=utf-8\r\n\r\nbad \xe9 byte\r\n")
    assert wrong_utf8.text == "bad \ufffd byte\n"


def test_broken_headers_yield_what_can_be_read() -> None:
    message = parse(
        'From: "Unterminated <jane@acme.com\n'
        "To: ,,, @, <@>, bob@\n"
        "Subject: =?bogus?Q?x?= plain\n"
        "Date: Thu, 31 Feb 2026 25:61:00 +9999\n"
        "References: <<nested>> <>\n"
        "Content-Type: multipart/mixed; boundary=never-closed\n"
        "\n--never-closed\nContent-Type: text/plain\n\nstill read\n"
    )
    assert message.recipients == ()
    assert message.sent_at == ARRIVED
    assert "plain" in message.subject
    assert message.references == ("<nested>",)
    assert message.text.strip() == "still read"


def test_html_to_text_survives_broken_markup() -> None:
    assert html_to_text("<p>one<p>two</div></span><br/>three &lt;4&gt; &#8212; &bogus;") == (
        "one\n\ntwo\n\nthree <4> — &bogus;"
    )
    assert html_to_text("<pre>a  b\n  c</pre>") == "a b\nc"
    assert html_to_text("<style>unclosed { x: y }") == ""


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_parse_without_raising(raw: bytes) -> None:
    message = parse_message(raw, Folder.SENT, 1, None)
    assert message.message_id.startswith("<")
    assert "\x00" not in message.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>@:;,\"'()=?\\ \tabcé面\r\n"), max_size=80))
def test_any_header_values_parse_without_raising(value: str) -> None:
    raw = "".join(
        f"{name}: {value}\r\n"
        for name in ("From", "To", "Cc", "Subject", "Date", "Message-ID", "References")
    )
    message = parse_message(raw.encode("utf-8") + b"\r\nbody", Folder.INBOX, 1, ARRIVED)
    assert "\n" not in message.subject
    assert all("@" in person.email for person in message.recipients)
