"""The pipeline document, format `afterview/1` (docs/contracts.md): read it whole, write it back.

`read_document` checks everything before anything is used: the shape of each record,
each field's value, and that every id it names exists (in the document, or in the
store it is merged into). It reports every problem with its path, e.g.
`applications[0].interviews[1].at: not a date-time`. Hand-written rather than a
schema library's, because the messages and paths are part of the contract and
the document must be judged whole, against the store, in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, TypeVar

from afterview.domain import fields as f
from afterview.domain.calendar import UnknownRegion, check_region
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
from afterview.errors import Fix, InvalidInput, Remedy

FORMAT = "afterview/1"
Parser = Callable[[Any], Any]
R = TypeVar("R", Contact, Application)
T = TypeVar("T")

PROFILE_FIELDS = (
    "name",
    "email",
    "phone",
    "address",
    "country",
    "subdivision",
    "strengths",
    "references",
)
CONTACT_FIELDS = (
    "id",
    "name",
    "title",
    "company",
    "email",
    "phone",
    "address",
    "fax",
    "medium",
    "greeting",
)
APPLICATION_FIELDS = (
    "id",
    "company",
    "role",
    "status",
    "applied_on",
    "closed_on",
    "medium",
    "interest",
    "job_description",
    "offer",
    "interviews",
)
OFFER_FIELDS = ("received_on", "deadline", "summary")
INTERVIEW_FIELDS = ("id", "at", "kind", "decision_expected", "interviewers", "topics")
TOUCH_FIELDS = (
    "kind",
    "on",
    "application",
    "interview",
    "contact",
    "medium",
    "note",
    "follow_up_requested_on",
    "message_id",
    "snippet",
)
TOP_FIELDS = ("format", "profile", "contacts", "applications", "touches")
COLLECTIONS = {
    "strengths": "not a list",
    "references": "not a list",
    "interviews": "not a list",
    "interviewers": "not a list",
    "topics": "not an object",
}
"""Fields that hold a list or an object: null there is refused, not read as empty."""
DEFAULTS: Mapping[str, str] = {"status": Status.APPLIED.value, "country": "US"}
PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}", re.ASCII)
"""A key shown in a path as it is; any other is shown quoted and escaped, never raw."""


@dataclass(frozen=True)
class Document:
    """A checked document: its records, and which profile fields it gives."""

    pipeline: Pipeline
    profile_fields: frozenset[str] = frozenset()


@dataclass
class _Reader:
    """One pass over a raw document, collecting every problem it finds."""

    stored: Pipeline
    replace: bool
    formats: f.ContactFormats
    problems: list[str] = field(default_factory=list)
    region: str = "US"
    paths: dict[int, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    """Ids of records too broken to build: already reported, so not reported again as missing."""
    taken: bool = False
    """Whether some record's id exists already (replacing it is the remedy)."""

    def built(self, record: T, path: str) -> T:
        """Remember where a record came from, for the messages of later checks."""
        self.paths[id(record)] = path
        return record

    def path(self, record: object) -> str:
        return self.paths[id(record)]

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(f"{path}: {reason}")

    def record(
        self, raw: object, path: str, spec: Mapping[str, Parser], required: tuple[str, ...]
    ) -> tuple[dict[str, Any], frozenset[str]] | None:
        """The parsed fields of one object, and the names of the fields it spells out."""
        if not isinstance(raw, dict):
            self.fail(path, "not an object")
            return None
        values: dict[str, Any] = {}
        for key, value in raw.items():
            parser = spec.get(key)
            if parser is None:
                self.fail(_join(path, key), "unknown field")
            elif value is None:
                if key in DEFAULTS:
                    self.fail(
                        _join(path, key),
                        f"null is not allowed (leave it out for the default, {DEFAULTS[key]!r})",
                    )
                elif key in COLLECTIONS:
                    self.fail(
                        _join(path, key),
                        f"{COLLECTIONS[key]} (use {'{}' if key == 'topics' else '[]'} for none)",
                    )
            else:
                try:
                    values[key] = parser(value)
                except f.FieldError as error:
                    self.fail(_join(path, key), str(error))
                    values[key] = None
        for key in required:
            if key not in values:
                self.fail(_join(path, key), "required")
        return values, frozenset(key for key in raw if key in spec)

    def phone(self, value: object) -> str:
        """A phone or fax number, judged for the profile's country."""
        return f.parse_phone(value, self.formats, self.region)

    def email(self, value: object) -> str:
        return f.parse_email(value, self.formats)

    def items(self, raw: object, path: str) -> list[tuple[str, Any]]:
        """The entries of a list field, each with its path; a non-list is a problem."""
        if raw is None:
            return []  # left out; a top-level null is refused in read_document
        if not isinstance(raw, list):
            self.fail(path, "not a list")
            return []
        return [(f"{path}[{index}]", item) for index, item in enumerate(raw)]


def _join(path: str, key: str) -> str:
    shown = key if PLAIN_KEY.fullmatch(key) else _quoted(key)
    return f"{path}.{shown}" if path else shown


def _quoted(text: str, limit: int = 40) -> str:
    """User text inside a message: quoted, escaped (no control character or half of a
    UTF-16 pair reaches a terminal or a page), and cut short."""
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


def read_document(
    raw: object,
    stored: Pipeline | None = None,
    replace: bool = False,
    *,
    formats: f.ContactFormats,
) -> Document:
    """Check a whole document against itself and the store; raise InvalidInput on any problem.

    `formats` judges the email addresses and phone numbers."""
    reader = _Reader(stored or Pipeline(), replace, formats)
    if reader.stored.profile is not None:
        reader.region = reader.stored.profile.country
    if not isinstance(raw, dict):
        raise InvalidInput(["(document): not a JSON object"])
    for key in raw:
        if key not in TOP_FIELDS:
            reader.fail(_join("", key), "unknown field")
    for key in ("contacts", "applications", "touches"):
        if key in raw and raw[key] is None:
            reader.fail(key, "not a list (use [] for none)")
    if raw.get("format") != FORMAT:
        reader.fail("format", f"must be {FORMAT!r}")
    profile, given = _read_profile(reader, raw.get("profile"))
    contacts = _read_contacts(reader, raw.get("contacts"))
    applications = _read_applications(reader, raw.get("applications"))
    touches = _read_touches(reader, raw.get("touches"))
    pipeline = Pipeline(profile, tuple(contacts), tuple(applications), tuple(touches))
    _check_references(reader, pipeline)
    if reader.problems:
        raise InvalidInput(reader.problems, remedy=Remedy(Fix.REPLACE) if reader.taken else None)
    return Document(pipeline, given)


def _read_profile(reader: _Reader, raw: object) -> tuple[Profile | None, frozenset[str]]:
    if raw is None:
        return None, frozenset()
    country = raw.get("country", "US") if isinstance(raw, dict) else "US"
    reader.region = country if isinstance(country, str) else "US"
    spec: dict[str, Parser] = {
        "name": f.parse_text,
        "email": reader.email,
        "phone": reader.phone,
        "address": f.parse_lines,
        "country": f.parse_country,
        "subdivision": f.parse_text,
        "strengths": f.parse_texts,
        "references": _parse_ids,
    }
    parsed = reader.record(raw, "profile", spec, ("name",))
    if parsed is None:
        return None, frozenset()
    values, given = parsed
    _check_region(reader, values)
    if not _complete(values, ("name",), reader):
        return None, frozenset()
    return Profile(document_fields=given, **_present(values, PROFILE_FIELDS)), given


def _check_region(reader: _Reader, values: dict[str, Any]) -> None:
    try:
        check_region(values.get("country") or "US", values.get("subdivision"))
    except UnknownRegion as error:
        reader.fail(
            "profile.subdivision" if "has no subdivision" in str(error) else "profile.country",
            str(error),
        )


def _parse_ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise f.FieldError("not a list of ids")
    for item in value:
        f.parse_id(item)
    return tuple(value)


def _read_contacts(reader: _Reader, raw: object) -> list[Contact]:
    spec: dict[str, Parser] = {
        "id": f.parse_id,
        "name": f.parse_text,
        "title": f.parse_text,
        "company": f.parse_text,
        "email": reader.email,
        "phone": reader.phone,
        "address": f.parse_lines,
        "fax": reader.phone,
        "medium": lambda value: f.parse_choice(value, Medium),
        "greeting": f.parse_text,
    }
    contacts = []
    for path, item in reader.items(raw, "contacts"):
        parsed = reader.record(item, path, spec, ("id", "name"))
        if parsed is not None and _complete(parsed[0], ("id", "name"), reader):
            values, given = parsed
            contact = Contact(document_fields=given, **_present(values, CONTACT_FIELDS))
            contacts.append(reader.built(contact, path))
    return contacts


def _complete(values: Mapping[str, Any], required: tuple[str, ...], reader: _Reader) -> bool:
    if all(values.get(key) is not None for key in required):
        return True
    if isinstance(values.get("id"), str):
        reader.unreadable.add(values["id"])
    return False


def _present(values: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: values[name] for name in names if values.get(name) is not None}


def _read_applications(reader: _Reader, raw: object) -> list[Application]:
    spec: dict[str, Parser] = {
        "id": f.parse_id,
        "company": f.parse_text,
        "role": f.parse_text,
        "status": lambda value: f.parse_choice(value, Status),
        "applied_on": f.parse_date,
        "closed_on": f.parse_date,
        "medium": lambda value: f.parse_choice(value, Medium),
        "interest": f.parse_interest,
        "job_description": f.parse_lines,
        "offer": lambda value: value,
        "interviews": lambda value: value,
    }
    applications = []
    for path, item in reader.items(raw, "applications"):
        parsed = reader.record(item, path, spec, ("id", "company", "role"))
        if parsed is None:
            continue
        values, given = parsed
        values["offer"] = _read_offer(reader, values.get("offer"), f"{path}.offer")
        values["interviews"] = tuple(_read_interviews(reader, values.get("interviews"), path))
        _in_order(reader, path, values, "applied_on", "closed_on")
        if _complete(values, ("id", "company", "role"), reader):
            application = Application(document_fields=given, **_present(values, APPLICATION_FIELDS))
            applications.append(reader.built(application, path))
    return applications


def _read_offer(reader: _Reader, raw: object, path: str) -> Offer | None:
    if raw is None:
        return None
    spec: dict[str, Parser] = {
        "received_on": f.parse_date,
        "deadline": f.parse_date,
        "summary": f.parse_lines,
    }
    parsed = reader.record(raw, path, spec, ("received_on",))
    if parsed is None or not _complete(parsed[0], ("received_on",), reader):
        return None
    values, given = parsed
    _in_order(reader, path, values, "received_on", "deadline")
    return Offer(document_fields=given, **_present(values, OFFER_FIELDS))


def _in_order(
    reader: _Reader, path: str, values: Mapping[str, Any], earlier: str, later: str
) -> None:
    """A day that cannot come before another of the same record (a close before the
    application, a deadline before the offer) is a typo: refused, naming both."""
    first, then = values.get(earlier), values.get(later)
    if isinstance(first, dt.date) and isinstance(then, dt.date) and then < first:
        reader.fail(
            _join(path, later), f"{then.isoformat()} is before {earlier} {first.isoformat()}"
        )


def _read_interviews(reader: _Reader, raw: object, parent: str) -> list[Interview]:
    spec: dict[str, Parser] = {
        "id": f.parse_id,
        "at": f.parse_moment,
        "kind": lambda value: f.parse_choice(value, InterviewKind),
        "decision_expected": f.parse_date,
        "interviewers": _parse_ids,
        "topics": _parse_topics,
    }
    interviews = []
    for path, item in reader.items(raw, f"{parent}.interviews"):
        parsed = reader.record(item, path, spec, ("id", "at"))
        if parsed is not None and _complete(parsed[0], ("id", "at"), reader):
            values, given = parsed
            interview = Interview(document_fields=given, **_present(values, INTERVIEW_FIELDS))
            interviews.append(reader.built(interview, path))
    return interviews


def _parse_topics(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise f.FieldError("not an object of contact id to topic")
    for key, topic in value.items():
        f.parse_id(key)
        if not isinstance(topic, str) or not topic.strip():
            raise f.FieldError(f"the topic of {key!r} must be a non-empty text")
        try:
            f.check_characters(topic)
        except f.FieldError as error:
            raise f.FieldError(f"the topic of {key!r} {error}") from None
    return dict(value)


def _read_touches(reader: _Reader, raw: object) -> list[Touch]:
    spec: dict[str, Parser] = {
        "kind": lambda value: f.parse_choice(value, TouchKind),
        "on": f.parse_date,
        "application": f.parse_id,
        "interview": f.parse_id,
        "contact": f.parse_id,
        "medium": lambda value: f.parse_choice(value, Medium),
        "note": f.parse_lines,
        "follow_up_requested_on": f.parse_date,
        "message_id": f.parse_text,
        "snippet": f.parse_lines,
    }
    touches = []
    for path, item in reader.items(raw, "touches"):
        parsed = reader.record(item, path, spec, ("kind", "on"))
        if parsed is not None and _complete(parsed[0], ("kind", "on"), reader):
            values, given = parsed
            _in_order(reader, path, values, "on", "follow_up_requested_on")
            touch = Touch(document_fields=given, **_present(values, TOUCH_FIELDS))
            touches.append(reader.built(touch, path))
    return touches


def _check_references(reader: _Reader, incoming: Pipeline) -> None:
    """Every id named exists, no id is used twice, and nothing clashes with the store."""
    stored = reader.stored
    _unique_ids(reader, incoming.contacts, {c.id for c in stored.contacts})
    _unique_ids(reader, incoming.applications, {a.id for a in stored.applications})
    known_contacts = {c.id for c in stored.contacts} | {c.id for c in incoming.contacts}
    owners = _interview_owners(stored)
    if reader.replace:
        replaced = {a.id for a in incoming.applications}
        owners = {iv: app for iv, app in owners.items() if app not in replaced}
        _check_dropped_interviews(reader, incoming, stored)
    for application in incoming.applications:
        _check_interviews(reader, application, owners, known_contacts)
    if incoming.profile is not None:
        _check_names(reader, "profile.references", incoming.profile.references, known_contacts)
    known_applications = (
        {a.id for a in stored.applications}
        | {a.id for a in incoming.applications}
        | reader.unreadable
    )
    known_contacts |= reader.unreadable
    interviews = _interviews_after(stored, incoming)
    for touch in incoming.touches:
        _check_touch(reader, touch, owners, known_applications, known_contacts)
        _check_thanks_after(reader, touch, interviews)


def _interviews_after(stored: Pipeline, incoming: Pipeline) -> dict[str, Interview]:
    """Every interview by id as the merge will leave them: an incoming application's own
    interviews replace those of the stored application with its id."""
    replaced = {application.id for application in incoming.applications}
    kept = (a for a in stored.applications if a.id not in replaced)
    return {iv.id: iv for a in (*kept, *incoming.applications) for iv in a.interviews}


def _check_thanks_after(reader: _Reader, touch: Touch, interviews: Mapping[str, Interview]) -> None:
    """A thank-you for an interview is written on its day or after, never before it."""
    if touch.kind is not TouchKind.THANK_YOU or touch.interview is None:
        return
    interview = interviews.get(touch.interview)
    if interview is not None and touch.on < interview.day:
        reader.fail(
            f"{reader.path(touch)}.on",
            f"{touch.on.isoformat()} is before the day of interview "
            f"{touch.interview!r} ({interview.day.isoformat()})",
        )


def _unique_ids(
    reader: _Reader, records: tuple[Contact, ...] | tuple[Application, ...], stored: set[str]
) -> None:
    first: dict[str, str] = {}
    for record in records:
        path = reader.path(record)
        if record.id in first:
            reader.fail(f"{path}.id", f"duplicate id {record.id!r} (also {first[record.id]})")
            continue
        first[record.id] = path
        if record.id in stored and not reader.replace:
            reader.fail(f"{path}.id", f"{record.id!r} exists already")
            reader.taken = True


def _interview_owners(pipeline: Pipeline) -> dict[str, str]:
    return {iv.id: app.id for app in pipeline.applications for iv in app.interviews}


def _check_interviews(
    reader: _Reader, application: Application, owners: dict[str, str], known_contacts: set[str]
) -> None:
    for interview in application.interviews:
        here = reader.path(interview)
        owner = owners.get(interview.id)
        if owner is not None:
            reader.fail(
                f"{here}.id",
                f"duplicate interview id {interview.id!r} (also in application {owner!r})",
            )
        else:
            owners[interview.id] = application.id
        _check_names(reader, f"{here}.interviewers", interview.interviewers, known_contacts)
        for contact_id in interview.topics:
            if contact_id not in interview.interviewers:
                reader.fail(
                    _join(f"{here}.topics", contact_id), "not an interviewer of this interview"
                )


def _check_names(reader: _Reader, path: str, ids: tuple[str, ...], known: set[str]) -> None:
    for index, record_id in enumerate(ids):
        if record_id not in known and record_id not in reader.unreadable:
            reader.fail(f"{path}[{index}]", f"no contact {record_id!r}")
        elif record_id in ids[:index]:
            reader.fail(f"{path}[{index}]", f"{record_id!r} is listed twice")


def _check_dropped_interviews(reader: _Reader, incoming: Pipeline, stored: Pipeline) -> None:
    """A replaced application must keep every interview that recorded touches name."""
    named = {touch.interview for touch in stored.touches if touch.interview is not None}
    before = _interview_owners(stored)
    for application in incoming.applications:
        kept = {interview.id for interview in application.interviews}
        for interview_id in sorted(
            iv
            for iv, app in before.items()
            if app == application.id and iv not in kept and iv in named
        ):
            reader.fail(
                f"{reader.path(application)}.interviews",
                f"drops interview {interview_id!r}, which recorded touches name",
            )


def _check_touch(
    reader: _Reader,
    touch: Touch,
    owners: dict[str, str],
    applications: set[str],
    contacts: set[str],
) -> None:
    path = reader.path(touch)
    if touch.application is not None and touch.application not in applications:
        reader.fail(f"{path}.application", f"no application {touch.application!r}")
    if touch.interview is not None:
        owner = owners.get(touch.interview)
        if owner is None and touch.interview not in reader.unreadable:
            reader.fail(f"{path}.interview", f"no interview {touch.interview!r}")
        elif owner is not None and touch.application is not None and owner != touch.application:
            reader.fail(
                f"{path}.interview",
                f"interview {touch.interview!r} belongs to "
                f"application {owner!r}, not {touch.application!r}",
            )
    if touch.contact is not None and touch.contact not in contacts:
        reader.fail(f"{path}.contact", f"no contact {touch.contact!r}")


def merge(stored: Pipeline, document: Document, keep_repeats: bool = False) -> Pipeline:
    """The store with a checked document added (docs/contracts.md, `import`).

    New ids are appended, ids already stored are replaced in place (read_document
    has refused them unless asked to replace them), the profile's given fields overwrite the
    stored ones, and touches already recorded are not recorded twice (re-importing a
    backup adds nothing) unless `keep_repeats` says this is a new event.
    """
    incoming = document.pipeline
    return Pipeline(
        profile=_merge_profile(stored.profile, incoming.profile, document.profile_fields),
        contacts=_merge_records(stored.contacts, incoming.contacts),
        applications=_merge_records(stored.applications, incoming.applications),
        touches=stored.touches
        + (incoming.touches if keep_repeats else _new_touches(stored.touches, incoming.touches)),
    )


def _merge_records(stored: tuple[R, ...], incoming: tuple[R, ...]) -> tuple[R, ...]:
    replacing = {record.id: record for record in incoming}
    kept = tuple(replacing.pop(record.id, record) for record in stored)
    return kept + tuple(replacing.values())


def _merge_profile(
    stored: Profile | None, incoming: Profile | None, given: frozenset[str]
) -> Profile | None:
    if incoming is None or stored is None:
        return incoming or stored
    changes = {name: getattr(incoming, name) for name in PROFILE_FIELDS if name in given}
    return replace(stored, document_fields=stored.document_fields | given, **changes)


def _new_touches(stored: tuple[Touch, ...], incoming: tuple[Touch, ...]) -> tuple[Touch, ...]:
    """The incoming touches less those already recorded (counted, so repeats stay repeats)."""
    already = Counter(stored)
    fresh = []
    for touch in incoming:
        if already[touch] > 0:
            already[touch] -= 1
        else:
            fresh.append(touch)
    return tuple(fresh)


def write_document(pipeline: Pipeline) -> dict[str, Any]:
    """The document of a pipeline: what `export` prints, and `read_document` reads back."""
    document: dict[str, Any] = {"format": FORMAT}
    if pipeline.profile is not None:
        document["profile"] = _written(pipeline.profile, PROFILE_FIELDS)
    document["contacts"] = [_written(contact, CONTACT_FIELDS) for contact in pipeline.contacts]
    document["applications"] = [_written_application(a) for a in pipeline.applications]
    document["touches"] = [_written(touch, TOUCH_FIELDS) for touch in pipeline.touches]
    return document


def _written_application(application: Application) -> dict[str, Any]:
    written = _written(application, APPLICATION_FIELDS)
    if "offer" in written and application.offer is not None:
        written["offer"] = _written(application.offer, OFFER_FIELDS)
    if "interviews" in written:
        written["interviews"] = [_written(iv, INTERVIEW_FIELDS) for iv in application.interviews]
    return written


def _written(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """A record's fields: those its document spelled out, and any other that says something."""
    written: dict[str, Any] = {}
    spelled_out = record.document_fields
    for name in names:
        value = getattr(record, name)
        if name in spelled_out or not _says_nothing(name, value):
            written[name] = _plain(value)
    return written


def _says_nothing(name: str, value: object) -> bool:
    """Empty, or the default: a field a document may leave out without losing anything."""
    if value is None or value == () or (isinstance(value, Mapping) and not value):
        return True
    return name in DEFAULTS and DEFAULTS[name] == value


def _plain(value: object) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return f.format_moment(value)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value
