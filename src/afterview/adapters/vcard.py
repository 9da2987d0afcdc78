"""Business cards in and out: vCard 2.1, 3.0 and 4.0 files (docs/contracts.md, `import-vcard`).

Read by hand rather than through vobject, because Outlook's 2.1 exports fold
quoted-printable values with soft line breaks that vobject refuses. Written as 3.0,
the version every address book reads. Only what a Contact holds is kept; what no
standard property holds (the contact's id, medium and greeting) travels in afterview's
own X-AFTERVIEW-ID, X-AFTERVIEW-MEDIUM and X-AFTERVIEW-GREETING, which other address
books keep and ignore, so
that afterview's own cards read back whole, and known people are not added twice.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from afterview.domain.model import Contact
from afterview.errors import InvalidInput
from afterview.services.ports import Card

FOLD_WIDTH = 75
ADR_PARTS = 7  # post office box; extended; street; locality; region; postcode; country
QUOTED_PRINTABLE = "quoted-printable"
ID_PROPERTY, MEDIUM_PROPERTY = "X-AFTERVIEW-ID", "X-AFTERVIEW-MEDIUM"
GREETING_PROPERTY = "X-AFTERVIEW-GREETING"


@dataclass(frozen=True)
class _Property:
    """One unfolded content line: `group.NAME;params:value`, value still encoded."""

    name: str
    params: dict[str, list[str]]
    raw: bytes

    @property
    def types(self) -> set[str]:
        """TYPE values, lower case; 2.1's bare `TEL;WORK;FAX` counts as TYPE too."""
        found = {t.lower() for value in self.params.get("type", []) for t in value.split(",")}
        return found | ({"pref"} if "pref" in self.params else set())


# Reading


def read_cards(data: bytes) -> list[Card]:
    """Every card in a vCard file, or InvalidInput naming the card that is wrong."""
    if b"\x00" in data:
        raise InvalidInput(["not a vCard file: not UTF-8 or Latin-1 text (UTF-16? save as UTF-8)"])
    cards = [_card(number, lines) for number, lines in _cards(_logical_lines(data))]
    if not cards:
        raise InvalidInput(["not a vCard file: no BEGIN:VCARD"])
    return cards


def _logical_lines(data: bytes) -> list[bytes]:
    """Physical lines unfolded: a leading space or tab continues a line (RFC 6350 §3.2),
    and so does a quoted-printable line ending in `=` (Outlook's 2.1 soft breaks)."""
    lines: list[bytes] = []
    for line in data.removeprefix(b"\xef\xbb\xbf").splitlines():
        if lines and line[:1] in (b" ", b"\t"):
            lines[-1] += line[1:]
        elif lines and lines[-1].endswith(b"=") and _quoted_printable(lines[-1]):
            lines[-1] = lines[-1][:-1] + line
        else:
            lines.append(line)
    return [line for line in lines if line.strip()]


def _quoted_printable(line: bytes) -> bool:
    head = line.split(b":", 1)[0]
    return QUOTED_PRINTABLE.encode() in head.lower()


def _cards(lines: list[bytes]) -> Iterator[tuple[int, list[_Property]]]:
    """The properties of each BEGIN:VCARD ... END:VCARD, numbered from 1."""
    number = 0
    current: list[_Property] | None = None
    for line in lines:
        marker = line.strip().upper()
        if marker == b"BEGIN:VCARD":
            if current is not None:
                raise _truncated(number)
            number, current = number + 1, []
        elif marker == b"END:VCARD":
            if current is None:
                raise InvalidInput([f"card {number + 1}: END:VCARD without BEGIN:VCARD"])
            yield number, current
            current = None
        elif current is None:
            raise InvalidInput([f"not a vCard file: {_shown(line)!r} is outside any card"])
        else:
            current.append(_property(number, line))
    if current is not None:
        raise _truncated(number)


def _truncated(number: int) -> InvalidInput:
    return InvalidInput([f"card {number}: truncated (BEGIN:VCARD without END:VCARD)"])


def _shown(line: bytes) -> str:
    return line.decode("utf-8", "replace")[:40]


def _property(number: int, line: bytes) -> _Property:
    cut = _unquoted(line, ord(":"))
    if not cut:
        raise InvalidInput([f"card {number}: {_shown(line)!r} is not a vCard line (no ':')"])
    head, raw = line[: cut[0]], line[cut[0] + 1 :]
    bounds = [-1, *_unquoted(head, ord(";")), len(head)]
    name, *params = (head[a + 1 : b] for a, b in pairwise(bounds))
    try:
        text = name.decode("ascii").rsplit(".", 1)[-1].upper()  # Apple's item1.ADR grouping
        return _Property(text, _params(p.decode("ascii") for p in params), raw)
    except UnicodeDecodeError:
        raise InvalidInput([f"card {number}: {_shown(line)!r} is not a vCard line"]) from None


def _unquoted(text: bytes, separator: int) -> list[int]:
    """Where `separator` occurs outside double quotes (4.0's TYPE="work,voice")."""
    found, quoted = [], False
    for index, byte in enumerate(text):
        if byte == ord('"'):
            quoted = not quoted
        elif byte == separator and not quoted:
            found.append(index)
    return found


def _params(params: Iterable[str]) -> dict[str, list[str]]:
    """Parameters by lower-case name; a bare 2.1 parameter is a TYPE or an ENCODING."""
    found: dict[str, list[str]] = {}
    for param in params:
        key, equals, value = param.partition("=")
        if not equals:
            bare = key.lower()
            key, value = (
                ("encoding" if bare in (QUOTED_PRINTABLE, "base64", "8bit") else "type"),
                key,
            )
        found.setdefault(key.strip().lower(), []).append(value.strip().strip('"'))
    return found


def _text(number: int, prop: _Property) -> str:
    """The value as text: quoted-printable undone, then decoded by its CHARSET.

    Without a CHARSET, UTF-8, and Latin-1 if the bytes are not UTF-8 (old exports).
    """
    raw = prop.raw
    if QUOTED_PRINTABLE in (e.lower() for e in prop.params.get("encoding", [])):
        raw = quopri.decodestring(raw)
    declared = prop.params.get("charset", [None])[0]
    try:
        return raw.decode(declared or "utf-8")
    except LookupError:
        # Also a codec that is no text encoding at all (CHARSET=base64, rot13).
        raise InvalidInput(
            [f"card {number}: {prop.name}: unknown CHARSET {str(declared)[:40]!r}"]
        ) from None
    except ValueError:  # UnicodeDecodeError, or another codec's complaint about the bytes
        if declared is None:
            return raw.decode("latin-1")
        shown = declared if declared.isprintable() and len(declared) <= 40 else repr(declared[:40])
        problem = f"card {number}: {prop.name}: not {shown} text, though its CHARSET says so"
        raise InvalidInput([problem]) from None


def _components(text: str) -> list[str]:
    """A structured value (N, ORG, ADR) split on unescaped `;`, each part unescaped."""
    return [_unescaped(part) for part in re.split(r"(?<!\\);", text)]


def _unescaped(text: str) -> str:
    escapes = {"n": "\n", "N": "\n"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[1]), text).strip()


def _card(number: int, props: list[_Property]) -> Card:
    by_name: dict[str, list[_Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)
    name = _first(number, by_name.get("FN", []))
    if not name:
        raise InvalidInput([f"card {number}: no FN (formatted name)"])
    phones = [p for p in by_name.get("TEL", []) if "fax" not in p.types]
    faxes = [p for p in by_name.get("TEL", []) if "fax" in p.types]
    return Card(
        name=name,
        title=_first(number, by_name.get("TITLE", [])),
        company=_organisation(number, by_name.get("ORG", [])),
        email=_first(number, _preferred(by_name.get("EMAIL", []), ("work", "pref"))),
        phone=_number(number, _preferred(phones, ("work", "pref", "cell", "voice"))),
        fax=_number(number, _preferred(faxes, ("work", "pref"))),
        address=_address(number, _preferred(by_name.get("ADR", []), ("work", "pref"))),
        id=_first(number, by_name.get(ID_PROPERTY, [])),
        medium=_first(number, by_name.get(MEDIUM_PROPERTY, [])),
        greeting=_first(number, by_name.get(GREETING_PROPERTY, [])),
    )


def _preferred(props: list[_Property], ranking: tuple[str, ...]) -> list[_Property]:
    """The properties, the most fitting first: by the first type in `ranking` each has."""

    def rank(prop: _Property) -> int:
        return next((i for i, kind in enumerate(ranking) if kind in prop.types), len(ranking))

    return sorted(props, key=rank)


def _first(number: int, props: list[_Property]) -> str | None:
    """The first non-empty value among `props`, unescaped."""
    for prop in props:
        value = _unescaped(_text(number, prop))
        if value:
            return value
    return None


def _organisation(number: int, props: list[_Property]) -> str | None:
    """ORG's first component: the company, not its department."""
    for prop in props:
        company = _components(_text(number, prop))[0]
        if company:
            return company
    return None


def _number(number: int, props: list[_Property]) -> str | None:
    """A TEL value; 4.0's `tel:` URIs lose their scheme."""
    value = _first(number, props)
    return value.removeprefix("tel:") if value else None


def _address(number: int, props: list[_Property]) -> str | None:
    """ADR as lines: box and street, `locality, region postcode`, country."""
    for prop in props:
        parts = (_components(_text(number, prop)) + [""] * ADR_PARTS)[:ADR_PARTS]
        box, extended, street, locality, region, postcode, country = parts
        place = " ".join(part for part in (region, postcode) if part)
        town = ", ".join(part for part in (locality, place) if part)
        parts = [box, extended, street, town, country]
        lines = [line.strip() for part in parts for line in part.splitlines() if line.strip()]
        if lines:
            return "\n".join(lines)
    return None


# Writing


def write_cards(contacts: Iterable[Contact]) -> bytes:
    """A vCard 3.0 file of `contacts`, for the user's address book or network."""
    lines = [line for contact in contacts for line in _card_lines(contact)]
    return "".join(_folded(line) + "\r\n" for line in lines).encode("utf-8")


def _card_lines(contact: Contact) -> list[str]:
    given, _, family = contact.name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escaped(contact.name)}",
        f"N:{_escaped(family)};{_escaped(given)};;;",
    ]
    optional = (
        ("TITLE", contact.title),
        ("ORG", contact.company),
        ("EMAIL;TYPE=WORK", contact.email),
        ("TEL;TYPE=WORK,VOICE", contact.phone),
        ("TEL;TYPE=WORK,FAX", contact.fax),
    )
    lines += [f"{key}:{_escaped(value)}" for key, value in optional if value]
    if contact.address:
        lines.append(f"ADR;TYPE=WORK:;;{_escaped(contact.address)};;;;")
    if contact.medium is not None:
        lines.append(f"{MEDIUM_PROPERTY}:{contact.medium.value}")
    if contact.greeting:
        lines.append(f"{GREETING_PROPERTY}:{_escaped(contact.greeting)}")
    lines.append(f"{ID_PROPERTY}:{_escaped(contact.id)}")
    return [*lines, "END:VCARD"]


def _escaped(text: str) -> str:
    """Text as a vCard 3.0 value (RFC 2426 §5): backslash, comma, semicolon, newline."""
    return re.sub(r"([\\,;])", r"\\\1", text).replace("\r\n", "\n").replace("\n", "\\n")


def _folded(line: str) -> str:
    """A line folded at 75 octets, never inside a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > FOLD_WIDTH:
            pieces.append(current)
            current, size = " ", 1
        current, size = current + char, size + width
    return "\r\n".join([*pieces, current])
