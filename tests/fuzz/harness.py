"""What the importers are fuzzed with, and what every case must hold.

Each importer (`import` of an afterview/1 document, `import-csv`, `import-vcard`,
`import-invite`) gets valid files, mutated byte-wise (truncations, lines dropped,
doubled or swapped, NUL, invalid UTF-8, a BOM, CRLF, a number of 4,300 digits, deep
nesting) and structurally (fields of the wrong type, impossible dates and offsets,
lone surrogates, columns and properties named twice). For every case:

* no exception escapes but the project's refusal (`AfterviewError`);
* every problem of a refusal is one line, without control characters, naming a place
  (a document path, a row and column, a card, the invitation or the file);
* a refused import leaves the store as it was (an export before equals one after).

The store is a real SQLite file in the test's AFTERVIEW_HOME, holding a small
pipeline the cases can refer to; after an accepted case it is put back as it was.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from afterview.bootstrap import Afterview
from afterview.config import AppSettings
from afterview.errors import AfterviewError, InvalidInput
from afterview.services.documents import ImportDocument

DATA = Path(__file__).resolve().parents[1] / "data"
APPLICATION = "base-app"
"""The stored application every invitation is imported into."""
SOURCE = "doc.json"

BASELINE: dict[str, Any] = {
    "format": "afterview/1",
    "profile": {"name": "Sam Rivera", "email": "sam@example.org", "country": "US"},
    "contacts": [
        {"id": "base-jane", "name": "Jane Doe", "company": "Acme Corp", "email": "jane@acme.com"},
        {"id": "base-cher", "name": "Cher", "company": "Globex", "medium": "phone"},
    ],
    "applications": [
        {
            "id": APPLICATION,
            "company": "Acme Corp",
            "role": "Data Engineer",
            "status": "interviewing",
            "applied_on": "2026-11-02",
            "interviews": [
                {"id": "base-1", "at": "2026-11-20T10:00:00-08:00", "interviewers": ["base-jane"]}
            ],
        }
    ],
    "touches": [],
}

DOCUMENT: dict[str, Any] = {
    "format": "afterview/1",
    "profile": {
        "name": "Sam Rivera",
        "phone": "+1 415 555 0100",
        "address": "12 Elm St\nOakland, CA 94607",
        "subdivision": "CA",
        "strengths": ["Cut pipeline costs 40% at Brightline"],
        "references": ["dana-kim"],
    },
    "contacts": [
        {
            "id": "omar-said",
            "name": "Omar Said",
            "title": "Data Lead",
            "company": "Northwind",
            "email": "omar@northwind.example.com",
            "medium": "email",
        },
        {"id": "dana-kim", "name": "Dana Kim", "phone": "+1 510 555 0199", "fax": None},
    ],
    "applications": [
        {
            "id": "northwind",
            "company": "Northwind",
            "role": "Senior Data Engineer",
            "status": "offer",
            "applied_on": "2026-11-01",
            "closed_on": None,
            "medium": "email",
            "interest": 4,
            "job_description": "Streaming pipelines:\n\tKafka, dbt, Airflow.",
            "offer": {"received_on": "2026-11-24", "deadline": "2026-12-04", "summary": "$180k"},
            "interviews": [
                {
                    "id": "northwind-1",
                    "at": "2026-11-18T09:30:00+01:00",
                    "kind": "video",
                    "decision_expected": "2026-11-27",
                    "interviewers": ["omar-said", "base-jane"],
                    "topics": {"omar-said": "moving the lake to Iceberg"},
                }
            ],
        }
    ],
    "touches": [
        {
            "kind": "thank_you",
            "on": "2026-11-19",
            "application": "northwind",
            "interview": "northwind-1",
            "contact": "omar-said",
            "medium": "email",
            "note": "Thank you,\nSam",
        },
        {
            "kind": "employer_reply",
            "on": "2026-11-21",
            "application": APPLICATION,
            "follow_up_requested_on": "2026-11-28",
        },
        {
            "kind": "thank_you",
            "on": "2026-11-20",
            "application": APPLICATION,
            "interview": "base-1",
        },
    ],
}

# --- what every case must hold ------------------------------------------------------

KEY = r"""([A-Za-z0-9_-]{1,60}|'([^'\\]|\\.)*'|"([^"\\]|\\.)*")(\[\d+\])*"""
PATH = rf"{KEY}(\.{KEY})*"
"""A document path: keys (quoted unless plain) and list indexes, `contacts[0].'x y'`."""
PLACES = {
    "json": re.compile(rf"(doc\.json|\(document\)|{PATH}): \S"),
    "csv": re.compile(r"(CSV header|CSV|row \d+(, [^:]+)?): \S"),
    "vcard": re.compile(r"(card \d+|not a vCard file): \S"),
    "ics": re.compile(r"invite: \S"),
}
"""How each importer's problems start: the place, then what is wrong there."""
NOT_SHOWN = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
"""What a message must never hold: it goes to a terminal, a page, a JSON answer."""


def problems_of(error: AfterviewError) -> Sequence[str]:
    return error.problems if isinstance(error, InvalidInput) else (str(error),)


def check_refusal(kind: str, error: AfterviewError) -> None:
    problems = problems_of(error)
    assert problems, f"a refusal without a message: {error!r}"
    for problem in problems:
        assert not NOT_SHOWN.search(problem), f"not one plain line: {problem!r}"
        assert PLACES[kind].match(problem), f"names no place: {problem!r}"


@dataclass
class Tally:
    """How the cases of one importer ended."""

    cases: int = 0
    refused: int = 0
    accepted: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def count(self, problem: str | None) -> None:
        self.cases += 1
        if problem is None:
            self.accepted += 1
            return
        self.refused += 1
        reason = re.sub(r"\d+", "N", re.sub(r"'.*?'", "'…'", problem.partition(": ")[2]))[:60]
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


class Home:
    """A real SQLite store in AFTERVIEW_HOME, holding BASELINE; put back after a change."""

    def __init__(self, home: Path) -> None:
        self.home = home
        av = self._open()
        av.import_document(ImportDocument(json.dumps(BASELINE).encode(), "baseline.json"))
        self.before = av.export_document()
        av.close()
        self.saved = home.parent / "baseline.db"
        shutil.copyfile(self._database(), self.saved)
        self.av = self._open()

    def _open(self) -> Afterview:
        return Afterview(AppSettings.from_environment())

    def _database(self) -> Path:
        return self.home / "afterview.db"

    def attempt(self, kind: str, action: Callable[[Afterview], object], tally: Tally) -> None:
        """Run one import; assert what a refusal must be, and put the store back after one
        that was accepted."""
        refusal: AfterviewError | None = None
        try:
            action(self.av)
        except AfterviewError as error:
            refusal = error
        if refusal is None:
            tally.count(None)
            self.restore()
            return
        check_refusal(kind, refusal)
        after = self.av.export_document()
        assert after == self.before, f"a refused import changed the store: {refusal}"
        tally.count(problems_of(refusal)[0])

    def restore(self) -> None:
        self.av.close()
        for leftover in self.home.glob("afterview.db-*"):
            leftover.unlink()
        shutil.copyfile(self.saved, self._database())
        self.av = self._open()

    def close(self) -> None:
        self.av.close()


@contextmanager
def home_in(path: Path) -> Iterator[Home]:
    home = Home(path)
    try:
        yield home
    finally:
        home.close()


IMPORTERS: dict[str, Callable[[bytes], Callable[[Afterview], object]]] = {
    "json": lambda data: lambda av: av.import_document(ImportDocument(data, SOURCE)),
    "csv": lambda data: lambda av: av.import_sheet(data),
    "vcard": lambda data: lambda av: av.import_cards(data),
    "ics": lambda data: lambda av: av.import_invite(data, APPLICATION),
}

# --- the valid files ----------------------------------------------------------------


def _csv_export() -> bytes:
    """A sheet as export-csv writes it: derived columns, a cell that looks like a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "company", "role", "status", "applied_on", "closed_on", "interviews"])
    writer.writerow(["x-1", "'=Acme", "'-Lead", "rejected", "2026-11-02", "2026-11-20", "2"])
    return out.getvalue().encode()


def _own_cards() -> bytes:
    from afterview.adapters.vcard import write_cards
    from afterview.domain.model import Contact, Medium

    return write_cards(
        [
            Contact("base-cher", "Cher", company="Globex", medium=Medium.PHONE),
            Contact("new-lee", "Lee Park", title="Lead", email="lee@globex.example.com"),
        ]
    )


SEEDS: dict[str, list[bytes]] = {
    "json": [json.dumps(DOCUMENT, indent=1).encode(), json.dumps(DOCUMENT).encode()],
    "csv": [
        (DATA / "csv" / "generic.csv").read_bytes(),
        (DATA / "csv" / "jobsync.csv").read_bytes(),
        _csv_export(),
    ],
    "vcard": [
        (DATA / "cards" / name).read_bytes()
        for name in ("apple.vcf", "google.vcf", "outlook.vcf", "v4.vcf")
    ]
    + [_own_cards()],
    "ics": [
        (DATA / "invites" / name).read_bytes()
        for name in ("google.ics", "outlook.ics", "apple.ics", "all_day.ics")
    ],
}

# --- mutations ----------------------------------------------------------------------

HOSTILE_BYTES = [
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # a surrogate, as CESU-8 writes it: not UTF-8
    b"\xef\xbb\xbf",
    b"\r",
    b"\r\n",
    b"\n",
    b"\t",
    b"\x1b[31m",
    b"\\ud800",
    b"\\udfff",
    b"+2AA-",
    b'"',
    b",",
    b";",
    b":",
    b"=",
    b"\\",
    b"'",
    "²".encode(),
    "٢٠٢٦".encode(),
    "\u2028".encode(),
    b"9" * 4301,  # one digit more than int() reads from text
    b"-1",
    b"1e999",
    b"NaN",
    b"null",
    b"[" * 3000,
    b"{" * 50,
    b"9999-12-31",
    b"0000-00-00",
    b"2026-02-30",
    b"1999-01-01",
    b"20261332T250000Z",
    b"T25:61:00+99:99",
    b"+2300",
    b"+9900",
    b"-075258",
    b"x" * 140_000,
]
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfff",
    "a\tb",
    "a\nb",
    "\x1b[2J",
    "\x7f",
    "²",
    "9" * 4300,
    "x" * 300,
    "1999-01-01",
    "2026-02-30",
    "2199-12-31",
    "1899-12-31",
    "2026-11-20T10:00:00+23:59",
    "2026-11-20T10:00:00-13:00",
    "2026-11-20T10:00:00",
    "base-1",
    "base-jane",
    APPLICATION,
    "=cmd|' /C calc'!A0",
]
HOSTILE_VALUES: list[Any] = [
    *HOSTILE_TEXT,
    None,
    True,
    False,
    0,
    -1,
    6,
    10**30,
    1.5,
    float("inf"),
    [],
    {},
    [None],
    ["\ud800"],
    {"\ud800": 1},
    {"x": {"y": [1, [2, [3]]]}},
]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """One byte-wise change anywhere in the file."""
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "delete",
                "insert",
                "overwrite",
                "line-twice",
                "line-drop",
                "swap",
                "crlf",
                "bom",
                "word",
            ]
        )
    )
    size = len(data)
    at = draw(st.integers(0, size))
    if kind == "truncate":
        return data[:at]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 40)) :]
    if kind == "insert":
        return data[:at] + draw(st.sampled_from(HOSTILE_BYTES)) + data[at:]
    if kind == "overwrite":
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    lines = _lines(data)
    index = draw(st.integers(0, len(lines) - 1))
    if kind == "line-twice":
        return b"".join(lines[: index + 1] + lines[index:])
    if kind == "line-drop":
        return b"".join(lines[:index] + lines[index + 1 :])
    if kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
        return b"".join(lines)
    if kind == "crlf":
        return (
            data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            if draw(st.booleans())
            else (data.replace(b"\r\n", b"\n"))
        )
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    words = [match.span() for match in re.finditer(rb"[A-Za-z0-9@.-]+", data)]
    if not words:
        return data
    start, end = draw(st.sampled_from(words))
    return data[:start] + draw(st.sampled_from(HOSTILE_BYTES)) + data[end:]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@st.composite
def json_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """A change in the document's structure: a value of the wrong type or out of range, a
    key dropped, added or renamed, a record twice, a list where an object goes."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return data
    paths = list(_paths(document))
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["set", "drop", "add", "rename", "twice", "wrap"]))
    if not path:
        document = draw(st.sampled_from(HOSTILE_VALUES)) if kind == "set" else [document]
    else:
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if kind == "set":
            parent[last] = draw(st.sampled_from(HOSTILE_VALUES))
        elif kind == "drop":
            del parent[last]
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from([t for t in HOSTILE_TEXT if t]))] = draw(
                st.sampled_from(HOSTILE_VALUES)
            )
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["Name", "on ", "id", "kind", "\ud800"]))] = parent.pop(
                last
            )
        elif kind == "twice" and isinstance(parent, list):
            parent.insert(last, json.loads(json.dumps(parent[last])))
        else:
            parent[last] = [parent[last]]
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", "surrogatepass")


@st.composite
def csv_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """A change in the sheet's structure: a cell, a column named twice, a row too long."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (ValueError, csv.Error):
        return data
    if not rows:
        return data
    kind = draw(st.sampled_from(["cell", "cell", "header", "column-twice", "row-long", "rows"]))
    row = draw(st.integers(0, len(rows) - 1))
    if kind == "cell" and rows[row]:
        rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(st.sampled_from(HOSTILE_TEXT))
    elif kind == "header" and rows[0]:
        rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(
            st.sampled_from(["", "company", "role", "Company", "next_action", "salary", "\x00"])
        )
    elif kind == "column-twice" and rows[0]:
        column = draw(st.integers(0, len(rows[0]) - 1))
        rows = [r[: column + 1] + r[column:] for r in rows]
    elif kind == "row-long":
        rows[row] = [*rows[row], draw(st.sampled_from(HOSTILE_TEXT))]
    else:
        rows = rows + rows[1:] * draw(st.integers(1, 3))
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


CARD_LINES = [
    b"FN;CHARSET=UTF-7:Jane+2AA-Doe",
    b"FN;CHARSET=base64:SmFuZQ==",
    b"FN;CHARSET=undefined:Jane",
    b"FN;CHARSET=utf-16:abc",
    b"FN;CHARSET=unicode_escape:Jane\\ud800",
    b"FN;ENCODING=QUOTED-PRINTABLE:Jane=00Doe",
    b"FN;ENCODING=QUOTED-PRINTABLE:Jane=",
    b"FN:",
    b"FN:\\n",
    b"ORG:;;;",
    b"ADR:;;;;;;;;;;",
    b"EMAIL:not-an-email",
    b"EMAIL:jane@acme.com",
    b"TEL:+1 415 555 01OO",
    b"TEL;TYPE=FAX:" + b"9" * 300,
    b"X-AFTERVIEW-ID:base-jane",
    b"X-AFTERVIEW-ID:base-cher",
    b"X-AFTERVIEW-ID:has space ",
    b"X-AFTERVIEW-ID:" + b"x" * 300,
    b"X-AFTERVIEW-MEDIUM:pigeon",
    b"X-AFTERVIEW-MEDIUM:fax",
    b"BEGIN:VCARD",
    b"END:VCARD",
    b'TEL;TYPE="work,voice:+1',
    b"item1.:x",
    "FN:J\u00e9r\u00f4me".encode("latin-1"),
]
EVENT_LINES = [
    b"DTSTART:20261119T180000Z",
    b"DTSTART:20261332T250000Z",
    b"DTSTART:99991231T235959Z",
    b"DTSTART:18991231T235959Z",
    b"DTSTART;VALUE=DATE:20260230",
    b"DTSTART;VALUE=PERIOD:20261118T100000Z/PT1H",
    b"DTSTART:PT1H",
    b"DTSTART;TZID=Mars/Olympus:20261118T100000",
    b"DTSTART;TZID=Fuzz Zone:20261118T100000",
    b"DTSTART:20261118T100000",
    b"DTEND:20261118T090000Z",
    b"SUMMARY:two",
    b"UID:again",
    b"ORGANIZER;CN=Doe, Jane:mailto:jane@acme.com",
    b"ORGANIZER:mailto:",
    b"ATTENDEE;CN=\tTab:mailto:tab@acme.com",
    b"ATTENDEE;CN=X:mailto:not an email",
    b"ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room@acme.com",
    b'ATTENDEE;CN="Quoted, Name";EMAIL=q@acme.com:urn:uuid:1',
    b"ATTENDEE:" + b"a" * 300 + b"@acme.com",
    b"BEGIN:VALARM",
    b"END:VEVENT",
    b"BEGIN:VEVENT",
]
ZONE_OFFSETS = [b"+2300", b"-1300", b"+9900", b"-075258", b"+1400", b"x"]


@st.composite
def line_mutation(draw: st.DrawFn, data: bytes, lines: list[bytes]) -> bytes:
    """A property line added (doubled, or hostile) or replaced, where a card or event is."""
    physical = _lines(data)
    index = draw(st.integers(0, len(physical) - 1))
    line = draw(st.sampled_from(lines)) + draw(st.sampled_from([b"\r\n", b"\n"]))
    if draw(st.booleans()):
        physical.insert(index, line)
    else:
        physical[index] = line
    return b"".join(physical)


@st.composite
def ics_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    if draw(st.booleans()):
        return draw(line_mutation(data, EVENT_LINES))
    offset = draw(st.sampled_from(ZONE_OFFSETS))
    name = b"Fuzz " + offset  # icalendar keeps the zones it builds by name, process-wide
    zone = (
        b"BEGIN:VTIMEZONE\r\nTZID:" + name + b"\r\nBEGIN:STANDARD\r\n"
        b"DTSTART:19700101T000000\r\nTZOFFSETFROM:"
        + offset
        + b"\r\nTZOFFSETTO:"
        + offset
        + b"\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    start = b"DTSTART;TZID=" + name + b":20261118T100000"
    data = re.sub(rb"DTSTART[^:\r\n]*:[^\r\n]*", lambda _: start, data, count=1)
    return data.replace(b"BEGIN:VEVENT", zone + b"BEGIN:VEVENT", 1)


STRUCTURAL: dict[str, Callable[[bytes], st.SearchStrategy[bytes]]] = {
    "json": json_mutation,
    "csv": csv_mutation,
    "vcard": lambda data: line_mutation(data, CARD_LINES),
    "ics": ics_mutation,
}


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    """A valid file of `kind` with one to three changes, byte-wise or structural."""
    data = draw(st.sampled_from(SEEDS[kind]))
    for _ in range(draw(st.integers(1, 3))):
        change = STRUCTURAL[kind] if draw(st.booleans()) else byte_mutation
        data = draw(change(data))
    return data
