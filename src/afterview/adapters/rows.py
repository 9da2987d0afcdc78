"""A pipeline as table rows, and back: the one mapping both database paths share.

No SQLAlchemy here. The SELECTs use `:name` parameters, which both SQLAlchemy's
`text()` and the standard library's sqlite3 accept, so the fast read-only path
(`sqlite_reader`) and the SQLAlchemy store read with the very same statements.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

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
Fetch = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]

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


def table_rows(pipeline: Pipeline, account_id: int) -> dict[str, dict[Key, Row]]:
    """Every row of every table for one account, keyed by primary key."""
    tables: dict[str, dict[Key, Row]] = {name: {} for name in TABLES}
    for name, row in _rows(pipeline, account_id):
        tables[name][tuple(row[column] for column in KEYS[name])] = row
    return tables


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


SELECT_PROFILE = """SELECT name, email, phone, address, country, subdivision, strengths,
    document_fields FROM profiles WHERE account_id = :account"""
SELECT_REFERENCES = """SELECT contact_id FROM profile_references WHERE account_id = :account
    ORDER BY position"""
SELECT_CONTACTS = """SELECT id, name, title, company, email, phone, address, fax, medium,
    greeting, document_fields FROM contacts WHERE account_id = :account ORDER BY position"""
SELECT_APPLICATIONS = """SELECT id, company, role, status, applied_on, closed_on, medium,
    interest, job_description, offer_received_on, offer_deadline, offer_summary,
    offer_document_fields, document_fields
    FROM applications WHERE account_id = :account ORDER BY position"""
SELECT_INTERVIEWS = """SELECT id, application_id, starts_at, kind, decision_expected,
    document_fields FROM interviews WHERE account_id = :account
    ORDER BY application_id, position"""
SELECT_INTERVIEWERS = """SELECT interview_id, contact_id, topic FROM interviewers
    WHERE account_id = :account ORDER BY interview_id, position"""
SELECT_TOUCHES = """SELECT kind, happened_on, application_id, interview_id, contact_id, medium,
    note, follow_up_requested_on, message_id, snippet, document_fields FROM touches
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
    params = {"account": account_id}
    references = tuple(row[0] for row in fetch(SELECT_REFERENCES, params))
    profile = next((_profile(row, references) for row in fetch(SELECT_PROFILE, params)), None)
    contacts = tuple(_contact(row) for row in fetch(SELECT_CONTACTS, params))
    panels = _panels(fetch(SELECT_INTERVIEWERS, params))
    interviews = _interviews(fetch(SELECT_INTERVIEWS, params), panels)
    applications = tuple(
        _application(row, interviews.get(row[0], ())) for row in fetch(SELECT_APPLICATIONS, params)
    )
    touches = tuple(_touch(row) for row in fetch(SELECT_TOUCHES, params))
    return Pipeline(profile, contacts, applications, touches)


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
    contact_id, name, title, company, email, phone, address, fax, medium, greeting, fields = row
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
    kind, on, application, interview, contact, medium, note, requested, message, snippet, fields = (
        row
    )
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
