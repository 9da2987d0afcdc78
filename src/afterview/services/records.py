"""Everything a user records without writing JSON: applications, interviews, contacts,
references, status changes and touches.

Each use case states its change as a small afterview/1 document and passes it
through the same checks as `import` (fields, ids, references), so no face can ever
store what a document could not hold. Problems name the field, not the document path.
In a command, None means "not given" and "" means "clear it".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from afterview.domain.document import FORMAT, write_document
from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    Pipeline,
    Profile,
    Status,
    Touch,
    TouchKind,
)
from afterview.domain.restraint import judge_contact
from afterview.errors import AfterviewError, Fix, InvalidInput, Remedy, TooSoon
from afterview.services.documents import commit
from afterview.services.ports import Ports

RECORD_PATH = re.compile(
    r"^(?:contacts|applications|touches)\[\d+\]\.(?:interviews\[\d+\]\.)?"
    r"|^profile\."
)
CLOSING = {Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN}
Change = Callable[[Pipeline], dict[str, Any]]


def _field_problems(problems: Iterable[str]) -> list[str]:
    return [RECORD_PATH.sub("", problem, count=1) for problem in problems]


def _commit(
    ports: Ports, change: Change, replace: bool = True, keep_repeats: bool = False
) -> Pipeline:
    """Check the change document against the store and write it; returns what it held."""
    try:
        document = commit(
            ports, lambda before: {"format": FORMAT, **change(before)}, replace, keep_repeats
        )
    except InvalidInput as error:
        raise InvalidInput(_field_problems(error.problems), from_fields=True) from None
    return document.pipeline


def _values(command: object, *names: str) -> dict[str, object]:
    """The named fields of a command, as given."""
    return {name: getattr(command, name) for name in names}


def _given(fields: Mapping[str, object]) -> dict[str, object]:
    """The options the user gave: None means "not given"; "" means "clear it"."""
    return {
        key: (None if value == "" else value) for key, value in fields.items() if value is not None
    }


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-") or "item"


def fresh_id(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _written_application(pipeline: Pipeline, application_id: str) -> dict[str, Any]:
    document = write_document(Pipeline(applications=(pipeline.application(application_id),)))
    written: dict[str, Any] = document["applications"][0]
    return written


PROFILE_FIELDS = ("name", "email", "phone", "address", "country", "subdivision", "strengths")
CONTACT_FIELDS = ("title", "company", "email", "phone", "address", "fax", "medium", "greeting")


@dataclass(frozen=True)
class SetProfile:
    """Create or change the profile: who signs the notes, whose holidays count."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    country: str | None = None
    subdivision: str | None = None
    strengths: list[str] | None = None
    """Why the user fits, a line each (replaces the list)."""


def set_profile(ports: Ports, command: SetProfile) -> None:
    def change(before: Pipeline) -> dict[str, Any]:
        profile = _given(_values(command, *PROFILE_FIELDS))
        stored = before.profile
        if stored is not None:
            profile.setdefault("name", stored.name)
            _keep_region(profile, stored.country, stored.subdivision)
        return {"profile": profile}

    _commit(ports, change)


def _keep_region(profile: dict[str, object], country: str, subdivision: str | None) -> None:
    """Check a changed region as a whole: a new country drops the old subdivision, and a
    new subdivision (or phone number) is judged in the stored country."""
    moved = "country" in profile and profile["country"] != country
    profile.setdefault("country", country)
    if "subdivision" not in profile:
        profile["subdivision"] = None if moved else subdivision


def add_reference(ports: Ports, contact_id: str) -> None:
    """S9: name a contact as a reference."""

    def change(before: Pipeline) -> dict[str, Any]:
        if before.profile is None:
            raise AfterviewError("no profile yet: references belong to it", Remedy(Fix.PROFILE))
        before.contact(contact_id)
        if contact_id in before.profile.references:
            raise AfterviewError(f"{contact_id!r} is a reference already")
        references = [*before.profile.references, contact_id]
        return {"profile": {"name": before.profile.name, "references": references}}

    _commit(ports, change)


@dataclass(frozen=True)
class AddContact:
    """A person from their business card (S4)."""

    name: str
    id: str | None = None
    title: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    fax: str | None = None
    medium: str | None = None
    greeting: str | None = None
    """How to address them in a note ("Dr. Katz"), when their name does not say."""


def add_contact(ports: Ports, command: AddContact) -> Contact:
    def change(before: Pipeline) -> dict[str, Any]:
        new_id = command.id or fresh_id(slug(command.name), (c.id for c in before.contacts))
        given = _given(_values(command, *CONTACT_FIELDS))
        return {"contacts": [{"id": new_id, "name": command.name, **given}]}

    return _commit(ports, change, replace=False).contacts[0]


@dataclass(frozen=True)
class EditContact:
    """Correct or complete a contact."""

    contact: str
    name: str | None = None
    title: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    fax: str | None = None
    medium: str | None = None
    greeting: str | None = None


def edit_contact(ports: Ports, command: EditContact) -> Contact:
    def change(before: Pipeline) -> dict[str, Any]:
        before.contact(command.contact)
        written = write_document(before)["contacts"]
        current = next(c for c in written if c["id"] == command.contact)
        given = _given(_values(command, "name", *CONTACT_FIELDS))
        return {"contacts": [{**current, **given}]}

    return _commit(ports, change).contacts[0]


@dataclass(frozen=True)
class Apply:
    """A new application (S10: keep them coming)."""

    company: str
    role: str
    id: str | None = None
    applied_on: dt.date | str | None = None
    """Default: today. A date, or its ISO text as typed (checked with the rest)."""
    medium: str | None = None
    interest: int | str | None = None
    """1 to 5, or its text as typed (checked with the rest)."""
    job_description: str | None = None


def apply(ports: Ports, command: Apply) -> Application:
    """Record a new application."""
    applied_on = _iso(command.applied_on) or ports.clock.today().isoformat()

    def change(before: Pipeline) -> dict[str, Any]:
        new_id = command.id or fresh_id(
            slug(f"{command.company} {command.role}"), (a.id for a in before.applications)
        )
        given = _given(
            {**_values(command, "medium", "job_description")}
            | {"interest": _interest(command.interest), "applied_on": applied_on}
        )
        record = {"id": new_id, "company": command.company, "role": command.role, **given}
        return {"applications": [record]}

    return _commit(ports, change, replace=False).applications[0]


def _interest(value: int | str | None) -> int | str | None:
    """An interest as typed: digits become a number; anything else goes to the check as it is."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value.strip() if isinstance(value, str) else value


APPLICATION_FIELDS = ("company", "role", "medium", "job_description")


@dataclass(frozen=True)
class EditApplication:
    """Correct or complete an application: what it is for and how you applied."""

    application: str
    company: str | None = None
    role: str | None = None
    applied_on: dt.date | str | None = None
    """A date, or "" to clear it."""
    medium: str | None = None
    interest: int | str | None = None
    job_description: str | None = None


def edit_application(ports: Ports, command: EditApplication) -> Application:
    def change(before: Pipeline) -> dict[str, Any]:
        written = _written_application(before, command.application)
        given = _given(
            _values(command, *APPLICATION_FIELDS)
            | {"applied_on": _iso(command.applied_on), "interest": _interest(command.interest)}
        )
        return {"applications": [{**written, **given}]}

    return _commit(ports, change).applications[0]


@dataclass(frozen=True)
class Removal:
    """What deleting an application takes with it: its interviews and the touches about it
    (contacts stay: they are people you know)."""

    application: Application
    interviews: int
    touches: int


def _about(touch: Touch, application: Application) -> bool:
    interviews = {interview.id for interview in application.interviews}
    return touch.application == application.id or (
        touch.interview is not None and touch.interview in interviews
    )


def removal(ports: Ports, application_id: str) -> Removal:
    """What `delete_application` would remove, for a face to ask first."""
    return _removal(ports.reader.load(), application_id)


def _removal(pipeline: Pipeline, application_id: str) -> Removal:
    application = pipeline.application(application_id)
    touches = sum(1 for touch in pipeline.touches if _about(touch, application))
    return Removal(application, len(application.interviews), touches)


@dataclass(frozen=True)
class DeleteApplication:
    application: str


def delete_application(ports: Ports, command: DeleteApplication) -> Removal:
    """Remove an application, its interviews and the touches about it, in one transaction.

    A document can only add or replace, so this is written as the new version of the
    pipeline; the outbox keeps what was sent (a message sent stays sent)."""
    with ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        removed = _removal(before, command.application)
        after = replace(
            before,
            applications=tuple(a for a in before.applications if a.id != command.application),
            touches=tuple(t for t in before.touches if not _about(t, removed.application)),
        )
        work.pipeline.save(before, after)
    return removed


@dataclass(frozen=True)
class FirstSteps:
    """What a new user still has to record before afterview can plan: a profile (whose
    name signs the notes, whose holidays count) and a first application."""

    profile: Profile | None
    applications: int

    @property
    def needed(self) -> bool:
        return self.profile is None or self.applications == 0


def first_steps(ports: Ports) -> FirstSteps:
    pipeline = ports.reader.load()
    return FirstSteps(pipeline.profile, len(pipeline.applications))


@dataclass(frozen=True)
class NewInterviewer:
    """An interviewer typed in: a name, and perhaps a title and an email."""

    name: str
    title: str | None = None
    email: str | None = None


def _people(
    before: Pipeline, company: str, people: Iterable[NewInterviewer], contact_ids: Iterable[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """New contacts to create, and the interviewer ids in order (known people reused by email)."""
    by_email = {c.email.lower(): c.id for c in before.contacts if c.email}
    taken = {c.id for c in before.contacts}
    new: list[dict[str, Any]] = []
    ids = [before.contact(contact_id).id for contact_id in contact_ids]
    for person in people:
        known = by_email.get(person.email.lower()) if person.email else None
        if known is not None:
            ids.append(known)
            continue
        new_id = fresh_id(slug(person.name), taken)
        taken.add(new_id)
        new.append(
            _given(
                {
                    "id": new_id,
                    "name": person.name,
                    "title": person.title,
                    "company": company,
                    "email": person.email,
                }
            )
        )
        ids.append(new_id)
    return new, ids


@dataclass(frozen=True)
class AddInterview:
    """An interview and everyone on its panel (S4, S5)."""

    application: str
    at: str
    """A date-time with its UTC offset, or a date."""
    people: tuple[NewInterviewer, ...] = ()
    contacts: tuple[str, ...] = ()
    """Known contacts on the panel, by id."""
    topics: Mapping[str, str] = field(default_factory=dict)
    """What was discussed with whom: by contact id, or by the name of a new interviewer."""
    id: str | None = None
    kind: str | None = None
    decision_expected: dt.date | None = None


def add_interview(ports: Ports, command: AddInterview) -> Interview:
    """Record an interview and its panel; an `applied` application moves to interviewing."""

    def change(before: Pipeline) -> dict[str, Any]:
        application = before.application(command.application)
        written = _written_application(before, command.application)
        new_contacts, interviewers = _people(
            before, application.company, command.people, command.contacts
        )
        all_interviews = (iv.id for a in before.applications for iv in a.interviews)
        new_id = command.id or fresh_id(
            f"{command.application}-{len(application.interviews) + 1}", all_interviews
        )
        interview = {
            "id": new_id,
            "at": command.at,
            "interviewers": interviewers,
            "topics": _topics(command.topics, new_contacts),
            **_given({"kind": command.kind, "decision_expected": _iso(command.decision_expected)}),
        }
        written["interviews"] = [*written.get("interviews", []), interview]
        if application.status is Status.APPLIED:
            written["status"] = Status.INTERVIEWING.value
        return {"contacts": new_contacts, "applications": [written]}

    application = _commit(ports, change).applications[0]
    return application.interviews[-1]


def _iso(day: dt.date | str | None) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else day


def _topics(topics: Mapping[str, str] | None, new_contacts: list[dict[str, Any]]) -> dict[str, str]:
    """Topics keyed by contact id, or by the name typed for a new interviewer."""
    by_name = {str(c["name"]).lower(): str(c["id"]) for c in new_contacts}
    return {by_name.get(key.lower(), key): text for key, text in (topics or {}).items()}


@dataclass(frozen=True)
class EditInterview:
    """Change an interview: its time, kind, decision date (S1), or add to its panel."""

    interview: str
    people: tuple[NewInterviewer, ...] = ()
    contacts: tuple[str, ...] = ()
    topics: Mapping[str, str] = field(default_factory=dict)
    at: str | None = None
    kind: str | None = None
    decision_expected: dt.date | str | None = None
    """A date, or "" to clear it."""


def edit_interview(ports: Ports, command: EditInterview) -> Interview:
    def change(before: Pipeline) -> dict[str, Any]:
        application, _ = before.interview(command.interview)
        written = _written_application(before, application.id)
        current = next(iv for iv in written["interviews"] if iv["id"] == command.interview)
        new_contacts, added = _people(before, application.company, command.people, command.contacts)
        current.update(
            _given(
                {
                    "at": command.at,
                    "kind": command.kind,
                    "decision_expected": _iso(command.decision_expected),
                }
            )
        )
        current["interviewers"] = [
            *current.get("interviewers", []),
            *(i for i in added if i not in current.get("interviewers", [])),
        ]
        current["topics"] = {**current.get("topics", {}), **_topics(command.topics, new_contacts)}
        return {"contacts": new_contacts, "applications": [written]}

    _, interview = _commit(ports, change).interview(command.interview)
    return interview


@dataclass(frozen=True)
class SetStatus:
    """Move an application: an offer keeps its deadline (S15); a close records its day (S16).

    Dates are dates, or their ISO text as typed (checked with the rest)."""

    application: str
    status: Status
    on: dt.date | str | None = None
    """When it happened (for a close, the closing day); default today."""
    received_on: dt.date | str | None = None
    """When the offer came; default: as recorded, else `on`."""
    deadline: dt.date | str | None = None
    summary: str | None = None


def set_status(ports: Ports, command: SetStatus) -> Application:
    status = command.status
    on = _iso(command.on) or ports.clock.today().isoformat()
    if status is not Status.OFFER and (command.received_on or command.deadline or command.summary):
        raise InvalidInput(
            ["deadline: the received day, deadline and summary belong to an offer (status offer)"],
            from_fields=True,
        )

    def change(before: Pipeline) -> dict[str, Any]:
        written = _written_application(before, command.application)
        written["status"] = status.value
        if status is Status.OFFER:
            recorded = written.get("offer") or {}
            offer = _given(
                {
                    "received_on": _iso(command.received_on) or recorded.get("received_on") or on,
                    "deadline": _iso(command.deadline),
                    "summary": command.summary,
                }
            )
            written["offer"] = {**recorded, **offer}
        if status in CLOSING:
            written["closed_on"] = on
        elif written.get("closed_on"):
            written["closed_on"] = None
        return {"applications": [written]}

    return _commit(ports, change).applications[0]


@dataclass(frozen=True)
class LogTouch:
    """Something that happened: a note sent, a call made, a reply received."""

    kind: TouchKind
    on: dt.date | None = None
    """Default: today."""
    force: bool = False
    """Record an employer contact the playbook calls too soon (S13)."""
    application: str | None = None
    interview: str | None = None
    contact: str | None = None
    medium: str | None = None
    note: str | None = None
    follow_up_requested_on: dt.date | None = None


def log_touch(ports: Ports, command: LogTouch) -> str | None:
    """Record a touch; returns advice, if any. A premature employer contact is refused (S13)."""
    on = command.on or ports.clock.today()
    requested = command.follow_up_requested_on
    if requested is not None and requested < on:
        raise InvalidInput(
            [
                f"follow_up_requested_on: {requested.isoformat()} is before the reply itself "
                f"({on.isoformat()})"
            ],
            from_fields=True,
        )
    advice: list[str | None] = [None]

    def change(before: Pipeline) -> dict[str, Any]:
        application = command.application
        if command.kind.employer_contact and application is not None:
            before.application(application)
            playbook = ports.playbook.current()
            verdict = judge_contact(before, application, on, playbook, ports.holidays)
            if not verdict.allowed and not command.force:
                raise TooSoon(verdict.reason or "too soon to contact the employer again")
            advice[0] = verdict.advice
        given = _given(
            _values(command, "application", "interview", "contact", "medium", "note")
            | {"follow_up_requested_on": _iso(requested)}
        )
        return {"touches": [{"kind": command.kind.value, "on": on.isoformat(), **given}]}

    _commit(ports, change, replace=False, keep_repeats=True)
    return advice[0]
