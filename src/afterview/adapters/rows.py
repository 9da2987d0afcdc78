"""A pipeline as table rows, and back: the one mapping both database paths share.

No SQLAlchemy here. The SELECTs use `:name` parameters, which both SQLAlchemy's
`text()` and the standard library's sqlite3 accept, so the fast read-only path
(`sqlite_reader`) and the SQLAlchemy store read with the very same statements.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import operator
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from afterview.domain.fields import parse_moment
from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    InterviewKind,
    Medium,
    Offer,
    Pipeline,
    Profile,
    Status,
    Touch,
    TouchKind,
)

Row = dict[str, Any]
Key = tuple[Any, ...]
Changes = dict[str, dict[Key, Row]]
"""Rows by table, then by primary key."""
Fetch = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]
T = TypeVar("T")

# Parents before children: the order to insert in (and, reversed, to delete in).
TABLES = (
    "profiles",
    "contacts",
    "profile_references",
    "applications",
    "interviews",
    "interviewers",
    "touches",
)
KEYS: dict[str, tuple[str, ...]] = {
    "profiles": ("account_id",),
    "contacts": ("account_id", "id"),
    "profile_references": ("account_id", "contact_id"),
    "applications": ("account_id", "id"),
    "interviews": ("account_id", "id"),
    "interviewers": ("account_id", "interview_id", "contact_id"),
    "touches": ("account_id", "seq"),
}


def _fields(names: frozenset[str]) -> str | None:
    return json.dumps(sorted(names)) if names else None


@lru_cache(maxsize=1024)
def _names(stored: str | None) -> frozenset[str]:
    """A record's document fields; a pipeline has only a few distinct sets, so parse each once."""
    return frozenset(json.loads(stored)) if stored else frozenset()


def _rows(pipeline: Pipeline, account: int) -> Iterator[tuple[str, Row]]:
    if pipeline.profile is not None:
        yield from _profile_rows(pipeline.profile, account)
    for position, contact in enumerate(pipeline.contacts):
        yield "contacts", _contact_row(contact, account, position)
    for position, application in enumerate(pipeline.applications):
        yield from _application_rows(application, account, position)
    for seq, touch in enumerate(pipeline.touches):
        yield "touches", _touch_row(touch, account, seq)


def _profile_rows(profile: Profile, account: int) -> Iterator[tuple[str, Row]]:
    yield (
        "profiles",
        {
            "account_id": account,
            "name": profile.name,
            "email": profile.email,
            "phone": profile.phone,
            "address": profile.address,
            "country": profile.country,
            "subdivision": profile.subdivision,
            "strengths": json.dumps(list(profile.strengths)),
            "document_fields": _fields(profile.document_fields),
        },
    )
    for position, contact_id in enumerate(profile.references):
        yield (
            "profile_references",
            {"account_id": account, "contact_id": contact_id, "position": position},
        )


def _contact_row(contact: Contact, account: int, position: int) -> Row:
    return {
        "account_id": account,
        "id": contact.id,
        "position": position,
        "name": contact.name,
        "title": contact.title,
        "company": contact.company,
        "email": contact.email,
        "phone": contact.phone,
        "address": contact.address,
        "fax": contact.fax,
        "medium": contact.medium,
        "greeting": contact.greeting,
        "document_fields": _fields(contact.document_fields),
    }


def _application_rows(app: Application, account: int, position: int) -> Iterator[tuple[str, Row]]:
    offer = app.offer
    yield (
        "applications",
        {
            "account_id": account,
            "id": app.id,
            "position": position,
            "company": app.company,
            "role": app.role,
            "status": app.status,
            "applied_on": app.applied_on,
            "closed_on": app.closed_on,
            "medium": app.medium,
            "interest": app.interest,
            "job_description": app.job_description,
            "offer_received_on": offer.received_on if offer else None,
            "offer_deadline": offer.deadline if offer else None,
            "offer_summary": offer.summary if offer else None,
            "offer_document_fields": _fields(offer.document_fields) if offer else None,
            "document_fields": _fields(app.document_fields),
        },
    )
    for index, interview in enumerate(app.interviews):
        yield (
            "interviews",
            {
                "account_id": account,
                "id": interview.id,
                "application_id": app.id,
                "position": index,
                "starts_at": interview.at.isoformat(),
                "kind": interview.kind,
                "decision_expected": interview.decision_expected,
                "document_fields": _fields(interview.document_fields),
            },
        )
        for slot, contact_id in enumerate(interview.interviewers):
            yield (
                "interviewers",
                {
                    "account_id": account,
                    "interview_id": interview.id,
                    "contact_id": contact_id,
                    "position": slot,
                    "topic": interview.topics.get(contact_id),
                },
            )


def _touch_row(touch: Touch, account: int, seq: int) -> Row:
    return {
        "account_id": account,
        "seq": seq,
        "kind": touch.kind,
        "happened_on": touch.on,
        "application_id": touch.application,
        "interview_id": touch.interview,
        "contact_id": touch.contact,
        "medium": touch.medium,
        "note": touch.note,
        "follow_up_requested_on": touch.follow_up_requested_on,
        "message_id": touch.message_id,
        "snippet": touch.snippet,
        "document_fields": _fields(touch.document_fields),
    }


# --- targeted writes ------------------------------------------------------------------------------

STRIDE = 1024
"""The gap left between records added at either end, so that one put in between later
finds a free number and moves no other record."""
LOWEST, HIGHEST = -(2**31), 2**31 - 1
"""The range of the `position` and `seq` columns (a 4-byte INTEGER on PostgreSQL)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a pipeline's records stand in their tables: the `position` of each contact and
    application and the `seq` of each touch, in the pipeline's order. The numbers only
    increase along the pipeline; they need not be consecutive, so one record added, moved or
    removed leaves every other record's number as it is."""

    contacts: tuple[int, ...] = ()
    applications: tuple[int, ...] = ()
    touches: tuple[int, ...] = ()


class Stored(NamedTuple):
    """A pipeline exactly as stored, and its layout."""

    pipeline: Pipeline
    layout: Layout


class Kept:
    """The pipeline last read or written, with its layout, and the account's data version
    (`accounts.data_version`, raised by every write) it is at: shared by a store, its
    reader and its units of work, so none of them reads every table again while no write,
    in any process, has moved the version. Threads share it, hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._at: tuple[int, Stored] | None = None

    def at(self, version: int | None) -> Stored | None:
        """What is kept, if it is at `version` (None: the version is not known)."""
        with self._lock:
            found = self._at
        if version is None or found is None or found[0] != version:
            return None
        return found[1]

    def keep(self, version: int | None, stored: Stored) -> None:
        """Keep `stored` as the pipeline at `version`: what was last read or committed
        (newer or not: a version matched on the next read is the only thing trusted)."""
        if version is not None:
            with self._lock:
                self._at = (version, stored)

    def forget(self) -> None:
        with self._lock:
            self._at = None


def table_rows(pipeline: Pipeline, account_id: int) -> dict[str, dict[Key, Row]]:
    """Every row of every table for one account, keyed by primary key (records numbered
    from 0, as a whole pipeline written afresh is)."""
    tables: dict[str, dict[Key, Row]] = {name: {} for name in TABLES}
    for name, row in _rows(pipeline, account_id):
        tables[name][tuple(row[column] for column in KEYS[name])] = row
    return tables


def changed_rows(stored: Stored, after: Pipeline, account: int) -> tuple[Changes, Changes, Layout]:
    """The rows of the records that differ between the stored pipeline and `after`, as
    stored (old) and as they are to be (new), and `after`'s layout.

    Why by identity: use cases build `after` from the stored pipeline with
    `dataclasses.replace`, so a record they did not change is the very same object, and
    only the records around a change are turned into rows and compared. A write then costs
    the records it changes, not the size of the pipeline."""
    before, layout = stored
    old: Changes = {name: {} for name in TABLES}
    new: Changes = {name: {} for name in TABLES}

    def put(into: Changes, found: Iterable[tuple[str, Row]]) -> None:
        for name, row in found:
            into[name][tuple(row[column] for column in KEYS[name])] = row

    if after.profile is not before.profile:
        if before.profile is not None:
            put(old, _profile_rows(before.profile, account))
        if after.profile is not None:
            put(new, _profile_rows(after.profile, account))

    contacts, gone, came = renumber(before.contacts, layout.contacts, after.contacts, _record_id)
    for j in gone:
        put(old, [("contacts", _contact_row(before.contacts[j], account, layout.contacts[j]))])
    for i in came:
        put(new, [("contacts", _contact_row(after.contacts[i], account, contacts[i]))])

    applications, gone, came = renumber(
        before.applications, layout.applications, after.applications, _record_id
    )
    for j in gone:
        put(old, _application_rows(before.applications[j], account, layout.applications[j]))
    for i in came:
        put(new, _application_rows(after.applications[i], account, applications[i]))

    touches, gone, came = renumber(before.touches, layout.touches, after.touches, id)
    for j in gone:
        put(old, [("touches", _touch_row(before.touches[j], account, layout.touches[j]))])
    for i in came:
        put(new, [("touches", _touch_row(after.touches[i], account, touches[i]))])
    return old, new, Layout(contacts, applications, touches)


def _record_id(record: Contact | Application) -> object:
    return record.id


def renumber(
    before: Sequence[T],
    numbers: tuple[int, ...],
    after: Sequence[T],
    key: Callable[[T], object],
) -> tuple[tuple[int, ...], list[int], list[int]]:
    """Numbers for `after`'s records that keep their order, and which records changed: the
    indexes of `before` whose rows go or change, and of `after` whose rows come or change.

    A record is the same record when `key` says so (an id; for touches, which have none,
    the object itself). Only the stretch between the common beginning and the common end
    (by identity) is looked at, widened only when the numbers inside it leave no room."""
    b, a = len(before), len(after)
    start = _same_for(before, after)
    end = _same_for(before[::-1], after[::-1], min(b, a) - start)
    low, b_high = start, b - end
    while True:
        a_high = a - (b - b_high)
        placed = _place(
            before[low:b_high],
            numbers[low:b_high],
            after[low:a_high],
            numbers[low - 1] if low > 0 else None,
            numbers[b_high] if b_high < b else None,
            key,
        )
        if placed is not None:
            break
        if low == 0 and b_high == b:  # pragma: no cover (more records than numbers)
            raise ValueError(f"{a} records do not fit the {HIGHEST - LOWEST + 1} numbers")
        grow = max(1, b_high - low)  # no room: take in as much again on either side
        low, b_high = max(0, low - grow), min(b, b_high + grow)
    middle, gone, came = placed
    return (
        numbers[:low] + tuple(middle) + numbers[b_high:],
        [low + j for j in gone],
        [low + i for i in came],
    )


def _same_for(before: Sequence[object], after: Sequence[object], limit: int | None = None) -> int:
    """How many records at the start are the very same objects in both."""
    flags = list(map(operator.is_, before, after))
    if limit is not None:
        del flags[limit:]
    try:
        return flags.index(False)
    except ValueError:
        return len(flags)


def _place(
    before: Sequence[T],
    numbers: tuple[int, ...],
    after: Sequence[T],
    lower: int | None,
    upper: int | None,
    key: Callable[[T], object],
) -> tuple[list[int], list[int], list[int]] | None:
    """Numbers between `lower` and `upper` (None: open) for `after`, a stretch that was
    `before`; None when they do not fit. The records that keep their number are the longest
    run of matched ones already in order; the others take a number freed in their gap, or
    one spread evenly across it."""
    waiting: dict[object, list[int]] = {}
    for j in range(len(before) - 1, -1, -1):
        waiting.setdefault(key(before[j]), []).append(j)
    matched: list[int | None] = []
    for record in after:
        found = waiting.get(key(record))
        matched.append(found.pop() if found else None)
    anchors = sorted(
        _longest_increasing([(i, numbers[j]) for i, j in enumerate(matched) if j is not None])
    )
    holds = {matched[i] for i in anchors}
    freed = [numbers[j] for j in range(len(before)) if j not in holds]  # increasing, as stored
    result = [0] * len(after)
    for i in anchors:
        result[i] = numbers[matched[i]]  # type: ignore[index]
    edges = [-1, *anchors, len(after)]
    staying: list[int] = []
    left_edge = 0
    while left_edge < len(edges) - 1:
        right_edge = left_edge + 1
        while True:
            left, right = edges[left_edge], edges[right_edge]
            if right - left == 1:
                break
            low = result[left] if left >= 0 else lower
            high = result[right] if right < len(after) else upper
            chosen = _spread(right - left - 1, low, high, freed)
            if chosen is not None:
                result[left + 1 : right] = chosen
                break
            if right == len(after):
                return None  # no room up to the stretch's end: the caller widens it
            bisect.insort(freed, result[right])  # the next record gives its number up
            right_edge += 1
        if right < len(after):
            staying.append(right)
        left_edge = right_edge
    unchanged = {i for i in staying if after[i] is before[matched[i]]}  # type: ignore[index]
    stays = {matched[i] for i in unchanged}
    gone = [j for j in range(len(before)) if j not in stays]
    came = [i for i in range(len(after)) if i not in unchanged]
    return result, gone, came


def _longest_increasing(pairs: list[tuple[int, int]]) -> set[int]:
    """The indexes of a longest run of `pairs` whose numbers strictly increase."""
    tails: list[int] = []  # tails[k]: the smallest number ending a run of k + 1
    ends: list[int] = []  # the pair ending that run
    back: list[int] = []
    for position, (_, number) in enumerate(pairs):
        k = bisect.bisect_left(tails, number)
        back.append(ends[k - 1] if k > 0 else -1)
        if k == len(tails):
            tails.append(number)
            ends.append(position)
        else:
            tails[k] = number
            ends[k] = position
    chosen: set[int] = set()
    position = ends[-1] if ends else -1
    while position >= 0:
        chosen.add(pairs[position][0])
        position = back[position]
    return chosen


def _spread(count: int, low: int | None, high: int | None, freed: list[int]) -> list[int] | None:
    """`count` increasing numbers strictly between `low` and `high` (None: open): numbers
    freed there first (a changed record keeps its row), else new ones, STRIDE apart at an
    open end and evenly spread between two records; None when there is no room."""
    floor = LOWEST - 1 if low is None else low
    ceiling = HIGHEST + 1 if high is None else high
    if ceiling - floor - 1 < count:
        return None
    available = freed[bisect.bisect_right(freed, floor) : bisect.bisect_left(freed, ceiling)]
    if len(available) >= count:
        return available[:count]
    if low is not None and high is None and low + STRIDE * count <= HIGHEST:
        return [low + STRIDE * (n + 1) for n in range(count)]
    if low is None and high is not None and high - STRIDE * count >= LOWEST:
        return [high - STRIDE * (count - n) for n in range(count)]
    if low is None and high is None and STRIDE * (count - 1) <= HIGHEST:
        return [STRIDE * n for n in range(count)]
    step = (ceiling - floor) // (count + 1)
    return [floor + step * (n + 1) for n in range(count)]


SELECT_PROFILE = """SELECT name, email, phone, address, country, subdivision, strengths,
    document_fields FROM profiles WHERE account_id = :account"""
SELECT_REFERENCES = """SELECT contact_id FROM profile_references WHERE account_id = :account
    ORDER BY position"""
SELECT_CONTACTS = """SELECT id, name, title, company, email, phone, address, fax, medium,
    greeting, document_fields, position FROM contacts WHERE account_id = :account
    ORDER BY position"""
SELECT_APPLICATIONS = """SELECT id, company, role, status, applied_on, closed_on, medium,
    interest, job_description, offer_received_on, offer_deadline, offer_summary,
    offer_document_fields, document_fields, position
    FROM applications WHERE account_id = :account ORDER BY position"""
SELECT_INTERVIEWS = """SELECT id, application_id, starts_at, kind, decision_expected,
    document_fields FROM interviews WHERE account_id = :account
    ORDER BY application_id, position"""
SELECT_INTERVIEWERS = """SELECT interview_id, contact_id, topic FROM interviewers
    WHERE account_id = :account ORDER BY interview_id, position"""
SELECT_TOUCHES = """SELECT kind, happened_on, application_id, interview_id, contact_id, medium,
    note, follow_up_requested_on, message_id, snippet, document_fields, seq FROM touches
    WHERE account_id = :account ORDER BY seq"""


def _day(value: object) -> dt.date | None:
    """A DATE column: a date from PostgreSQL, ISO text from SQLite."""
    if value is None or isinstance(value, dt.date):
        return value
    return _iso_day(str(value))


# A pipeline repeats the same few hundred days and interview times thousands of times:
# parse each once (dates are immutable, so sharing them is safe).
_iso_day = lru_cache(maxsize=8192)(dt.date.fromisoformat)
_moment = lru_cache(maxsize=8192)(parse_moment)
# Enum members by stored value: a dict lookup, where calling the enum (TouchKind("call"))
# goes through EnumMeta.__call__ and costs a tenth of the whole read at 10k touches.
TOUCH_KINDS = {kind.value: kind for kind in TouchKind}
MEDIA = {medium.value: medium for medium in Medium}
INTERVIEW_KINDS = {kind.value: kind for kind in InterviewKind}
STATUSES = {status.value: status for status in Status}


def read_pipeline(fetch: Fetch, account_id: int) -> Pipeline:
    """The whole pipeline of one account, read with seven SELECTs."""
    return read_stored(fetch, account_id).pipeline


def read_stored(fetch: Fetch, account_id: int) -> Stored:
    """The whole pipeline of one account and where its records stand (seven SELECTs)."""
    params = {"account": account_id}
    references = tuple(row[0] for row in fetch(SELECT_REFERENCES, params))
    profile = next((_profile(row, references) for row in fetch(SELECT_PROFILE, params)), None)
    contact_rows = fetch(SELECT_CONTACTS, params)
    contacts = tuple(_contact(row) for row in contact_rows)
    panels = _panels(fetch(SELECT_INTERVIEWERS, params))
    interviews = _interviews(fetch(SELECT_INTERVIEWS, params), panels)
    application_rows = fetch(SELECT_APPLICATIONS, params)
    applications = tuple(_application(row, interviews.get(row[0], ())) for row in application_rows)
    touch_rows = fetch(SELECT_TOUCHES, params)
    touches = tuple(_touch(row) for row in touch_rows)
    layout = Layout(
        tuple(row[-1] for row in contact_rows),
        tuple(row[-1] for row in application_rows),
        tuple(row[-1] for row in touch_rows),
    )
    return Stored(Pipeline(profile, contacts, applications, touches), layout)


def _profile(row: Sequence[Any], references: tuple[str, ...]) -> Profile:
    name, email, phone, address, country, subdivision, strengths, fields = row
    return Profile(
        name,
        email,
        phone,
        address,
        country,
        subdivision,
        tuple(json.loads(strengths or "[]")),
        references,
        _names(fields),
    )


def _contact(row: Sequence[Any]) -> Contact:
    contact_id, name, title, company, email, phone, address, fax, medium, greeting, fields, _ = row
    return Contact(
        contact_id,
        name,
        title,
        company,
        email,
        phone,
        address,
        fax,
        MEDIA[medium] if medium else None,
        greeting,
        _names(fields),
    )


def _panels(rows: Iterable[Sequence[Any]]) -> dict[str, tuple[list[str], dict[str, str]]]:
    panels: dict[str, tuple[list[str], dict[str, str]]] = {}
    for interview_id, contact_id, topic in rows:
        people, topics = panels.setdefault(interview_id, ([], {}))
        people.append(contact_id)
        if topic is not None:
            topics[contact_id] = topic
    return panels


def _interviews(
    rows: Iterable[Sequence[Any]], panels: dict[str, tuple[list[str], dict[str, str]]]
) -> dict[str, list[Interview]]:
    by_application: dict[str, list[Interview]] = {}
    for interview_id, application_id, at, kind, decision, fields in rows:
        people, topics = panels.get(interview_id, ([], {}))
        interview = Interview(
            interview_id,
            _moment(at),
            INTERVIEW_KINDS[kind] if kind else None,
            _day(decision),
            tuple(people),
            topics,
            _names(fields),
        )
        by_application.setdefault(application_id, []).append(interview)
    return by_application


def _application(row: Sequence[Any], interviews: Sequence[Interview]) -> Application:
    (
        app_id,
        company,
        role,
        status,
        applied_on,
        closed_on,
        medium,
        interest,
        description,
        received_on,
        deadline,
        summary,
        offer_fields,
        fields,
        _position,
    ) = row
    offer = None
    if received_on is not None:
        offer = Offer(
            _day(received_on) or dt.date.min, _day(deadline), summary, _names(offer_fields)
        )
    return Application(
        app_id,
        company,
        role,
        STATUSES[status],
        _day(applied_on),
        _day(closed_on),
        MEDIA[medium] if medium else None,
        interest,
        description,
        offer,
        tuple(interviews),
        _names(fields),
    )


def _touch(row: Sequence[Any]) -> Touch:
    (
        kind,
        on,
        application,
        interview,
        contact,
        medium,
        note,
        requested,
        message,
        snippet,
        fields,
    ) = row[:11]
    return Touch(
        TOUCH_KINDS[kind],
        _day(on) or dt.date.min,
        application,
        interview,
        contact,
        MEDIA[medium] if medium else None,
        note,
        _day(requested),
        message,
        snippet,
        _names(fields),
    )
