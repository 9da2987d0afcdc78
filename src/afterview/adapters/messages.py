"""Raw email, as an IMAP server hands it over, to the domain's `Message`.

The standard library's `email` package reads it: the message's structure with the
compat32 policy, and the headers afterview reads (From, To, Cc, Subject) with
policy.default's header classes, one by one. Parsing the whole message with
policy.default makes an object of every header and parses each Content-Type again at
every look: 5 ms a message, 10 s for a 2,000-message mailbox, against well under 1 ms.
Mail in the wild is often malformed, so nothing here raises: a header that cannot be
parsed yields what can be read of it (or nothing), a body in an unknown or wrong
charset is decoded with replacement characters.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email
import hashlib
import re
from collections.abc import Callable, Iterable
from email import policy
from email.header import decode_header, make_header
from email.message import Message as RawMessage
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from typing import TypeVar

from afterview.domain.mail import Address, Folder, Message

T = TypeVar("T")

THREADING_HEADERS = ("In-Reply-To", "References", "X-Microsoft-Original-Message-ID")
"""The ids a message refers to, in the order `Message.references` keeps them.
Outlook and Exchange rewrite Message-IDs; the original survives in the last one."""
STAND_IN_DOMAIN = "afterview.invalid"
STAND_IN_HEADERS = ("Date", "From", "To", "Subject")
STAND_IN_BODY_BYTES = 2048
MESSAGE_ID = re.compile(r"<([^<>]*)>")
CALENDAR_TYPES = ("text/calendar", "application/ics")


def parse_message(raw: bytes, folder: Folder, uid: int, arrived: dt.datetime | None) -> Message:
    """The message in `raw`, read from `folder` under `uid`; `arrived` is the server's
    INTERNALDATE, the date used when the Date header is missing or unreadable."""
    parsed = _safely(lambda: email.message_from_bytes(raw, policy=policy.compat32), None)
    if not isinstance(parsed, RawMessage):  # never seen; the parser is lenient
        parsed = RawMessage()
    return Message(
        folder=folder,
        uid=uid,
        message_id=_safely(lambda: _message_id(parsed, raw), _stand_in_id({}, raw)),
        references=_safely(lambda: _references(parsed), ()),
        sender=_safely(lambda: next(iter(_addresses(parsed, "From")), None), None),
        recipients=_safely(lambda: tuple(_unique(_addresses(parsed, "To", "Cc"))), ()),
        subject=_safely(lambda: _one_line(_text_header(parsed, "Subject")), ""),
        sent_at=_safely(lambda: _sent_at(parsed), None) or arrived,
        text=_safely(lambda: _body_text(parsed), ""),
        calendars=_safely(lambda: _calendars(parsed), ()),
        bulk=_safely(lambda: _is_bulk(parsed), False),
    )


def _safely(read: Callable[[], T], default: T) -> T:
    """`read()`, or `default` when the email package trips over a malformed message."""
    try:
        return read()
    except Exception:
        return default


# --- Headers ---------------------------------------------------------------------------


def _raw_values(message: RawMessage, name: str) -> list[str]:
    """Every value of header `name` as written (unfolded), without parsing it."""
    wanted = name.lower()
    return [
        _one_line(_repaired(str(value)))
        for key, value in message.raw_items()
        if key.lower() == wanted
    ]


def _repaired(text: str) -> str:
    """Text whose raw 8-bit bytes (kept as surrogates by the parser) are read as UTF-8,
    without NUL characters (no store keeps them)."""
    repaired = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return repaired.replace("\x00", "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _text_header(message: RawMessage, name: str) -> str:
    """A header's value decoded (RFC 2047 words, raw UTF-8), or "" when it is missing."""
    raws = _header_values(message, name)
    if not raws:
        return ""
    try:
        return _repaired(str(policy.default.header_factory(name, raws[0])))
    except Exception:
        try:
            return str(make_header(decode_header(raws[0])))
        except Exception:
            return raws[0]


def _header_values(message: RawMessage, name: str) -> list[str]:
    """Every value of header `name` as written, raw 8-bit bytes read as UTF-8."""
    return _raw_values(message, name)


def _ids(value: str) -> list[str]:
    """The `<...>` ids in a header value, whitespace inside them removed."""
    found = []
    for inside in MESSAGE_ID.findall(value):
        cleaned = "".join(inside.split())
        if cleaned:
            found.append(f"<{cleaned}>")
    return found


def _message_id(message: RawMessage, raw: bytes) -> str:
    for value in _raw_values(message, "Message-ID"):
        ids = _ids(value)
        if ids:
            return ids[0]
        bare = "".join(value.split())
        if bare:  # some mailers forget the brackets
            return f"<{bare}>"
    headers = {name: " ".join(_raw_values(message, name)) for name in STAND_IN_HEADERS}
    return _stand_in_id(headers, raw)


def _stand_in_id(headers: dict[str, str], raw: bytes) -> str:
    """An id for a message without one, the same every time the same message is read."""
    digest = hashlib.sha256()
    for name in STAND_IN_HEADERS:
        value = headers.get(name, "")
        digest.update(f"{name}:{value}\n".encode("utf-8", "replace"))
    digest.update(_raw_body(raw)[:STAND_IN_BODY_BYTES])
    return f"<{digest.hexdigest()[:32]}@{STAND_IN_DOMAIN}>"


def _raw_body(raw: bytes) -> bytes:
    """The bytes after the header block (all of it when no blank line ends the headers)."""
    ends = [
        (index, len(separator))
        for separator in (b"\r\n\r\n", b"\n\n")
        if (index := raw.find(separator)) >= 0
    ]
    if not ends:
        return b""
    index, length = min(ends)
    return raw[index + length :]


def _references(message: RawMessage) -> tuple[str, ...]:
    found: list[str] = []
    for name in THREADING_HEADERS:
        for value in _raw_values(message, name):
            found.extend(_ids(value))
    return tuple(_unique(found))


def _unique(items: Iterable[T]) -> list[T]:
    seen: set[T] = set()
    kept = []
    for item in items:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    return kept


def _addresses(message: RawMessage, *names: str) -> list[Address]:
    """The people named in the headers, by `getaddresses`, their names' RFC 2047 words
    decoded. (policy.default's address header parses the same, at ten times the cost:
    a second for a 2,000-message mailbox.) Groups give their members; a group's name,
    an empty group and anything without user@domain are skipped."""
    found: list[Address] = []
    for display_name, addr_spec in getaddresses(
        [value for name in names for value in _raw_values(message, name)]
    ):
        person = _address(_decoded_words(display_name), addr_spec)
        if person is not None:
            found.append(person)
    return found


def _decoded_words(text: str) -> str:
    """A display name with its encoded words (=?utf-8?q?Jos=C3=A9?=) decoded."""
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except Exception:
        return text


def _address(display_name: str, addr_spec: str) -> Address | None:
    address = _repaired(addr_spec).strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or any(space in address for space in " \t\r\n"):
        return None
    return Address(_one_line(_repaired(display_name)), address.lower())


def _is_bulk(message: RawMessage) -> bool:
    """Sent to a list or by a machine: List-Id or List-Unsubscribe, Precedence bulk, list
    or junk, or Auto-Submitted other than "no" (RFC 3834)."""
    if _raw_values(message, "List-Id") or _raw_values(message, "List-Unsubscribe"):
        return True
    precedence = {value.lower() for value in _raw_values(message, "Precedence")}
    if precedence & {"bulk", "list", "junk"}:
        return True
    return any(
        value.split(";")[0].strip().lower() not in ("", "no")
        for value in _raw_values(message, "Auto-Submitted")
    )


def _sent_at(message: RawMessage) -> dt.datetime | None:
    for value in _raw_values(message, "Date"):
        try:
            sent = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        # `-0000` (and a date without a zone) means "in UTC, origin unknown".
        return sent if sent.tzinfo is not None else sent.replace(tzinfo=dt.UTC)
    return None


# --- Body ------------------------------------------------------------------------------


def _body_text(message: RawMessage) -> str:
    part = _body(message)
    if part is None:
        return ""
    text = _decoded(part).replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if part.get_content_subtype() == "html" else text


def _body(message: RawMessage) -> RawMessage | None:
    """The part a reader reads: the first text/plain that is not an attachment, else the
    first text/html (EmailMessage.get_body's choice, on a compat32 message)."""
    found: dict[str, RawMessage] = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        if disposition == "attachment":
            continue
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html"):
            found.setdefault(kind, part)
    return found.get("text/plain") or found.get("text/html")


def _decoded(part: RawMessage) -> str:
    """A text part's content in its charset; an unknown charset is read as UTF-8, and
    bytes that do not fit become replacement characters."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    if charset.lower() in ("us-ascii", "ascii"):  # 8-bit text labelled ASCII is UTF-8
        charset = "utf-8"
    return payload.decode(charset, "replace").replace("\x00", "")  # no NUL in any store


def _calendars(message: RawMessage) -> tuple[bytes, ...]:
    """text/calendar parts (an invitation's alternative or attachment), application/ics
    parts and *.ics attachments, as bytes; the same calendar twice is kept once."""
    found: list[bytes] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = _safely(part.get_filename, None) or ""
        if part.get_content_type() in CALENDAR_TYPES or filename.lower().endswith(".ics"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                found.append(payload)
    return tuple(_unique(found))


# --- HTML to text ----------------------------------------------------------------------

SKIPPED = frozenset({"script", "style", "title", "template"})
PARAGRAPHS = frozenset(
    {
        "blockquote", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre",
        "table", "ul",
    }
)  # fmt: skip
"""Blocks set apart by a blank line."""
LINES = frozenset(
    {
        "address", "article", "aside", "center", "dd", "div", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "header", "li", "main", "nav", "section", "tbody",
        "tfoot", "thead", "tr",
    }
)  # fmt: skip
"""Blocks that start on a line of their own."""
CELLS = frozenset({"td", "th"})
BLANK_LINES = re.compile(r"\n{3,}")


class _TextOfHtml(HTMLParser):
    """Collects the text a reader of an HTML email sees.

    The standard library's parser, because no maintained HTML-to-text library is among
    afterview's dependencies and a follow-up only needs the words: it is lenient with
    broken markup, decodes entities (convert_charrefs) and treats script and style
    content as opaque."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.breaks = 0
        """Line breaks owed before the next text."""
        self.skipping = 0
        self.preformatted = 0

    def _block(self, lines: int) -> None:
        self.breaks = max(self.breaks, lines)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.breaks += 1
        elif tag in PARAGRAPHS:
            self._block(2)
            self.preformatted += tag == "pre"
        elif tag in LINES:
            self._block(1)
        elif tag in CELLS:
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in PARAGRAPHS:
            self._block(2)
            if tag == "pre":
                self.preformatted = max(0, self.preformatted - 1)
        elif tag in LINES:
            self._block(1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.preformatted:
            data = re.sub(r"\s+", " ", data)
        if not data.strip():
            self.chunks.append(data)
            return
        if self.breaks and self.chunks:
            self.chunks.append("\n" * self.breaks)
        self.breaks = 0
        self.chunks.append(data)

    def text(self) -> str:
        lines = "".join(self.chunks).replace("\xa0", " ").split("\n")
        joined = "\n".join(" ".join(line.split()) for line in lines)
        return BLANK_LINES.sub("\n\n", joined).strip()


def html_to_text(html: str) -> str:
    """The text of an HTML body: tags, style and script gone, block elements and <br>
    on lines of their own, entities decoded."""
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; this is the last resort
        return _one_line(re.sub(r"<[^>]*>", " ", html))
    return parser.text()
