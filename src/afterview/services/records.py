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


def first_steps(ports: Ports, pipeline: Pipeline | None = None) -> FirstSteps:
    """What a new user still has to record (of `pipeline` when the caller has just read it)."""
    if pipeline is None:
        pipeline = ports.reader.load()
    return FirstSteps(pipeline.profile, len(pipeline.applications))


@dataclass(frozen=True)
class NewInterviewer:
    """An interviewer typed in: a name, and perhaps a title, an email and what you discussed.

    A row left wholly empty is nothing; a row with anything in it needs a name."""

    name: str
    title: str | None = None
    email: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Known:
    """An interviewer typed in who is already in the network: the panel names that contact
    rather than a second record of the same person."""

    typed: str
    contact: Contact


@dataclass(frozen=True)
class SavedInterview:
    """An interview as saved, with the typed interviewers found among known contacts."""

    application: Application
    interview: Interview
    known: tuple[Known, ...] = ()


def folded(name: str) -> str:
    """A name for comparison: case, accents and spacing set aside ("José  Núñez" is
    "jose nunez")."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


@dataclass
class _Panel:
    new: list[dict[str, Any]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    topics: dict[str, str] = field(default_factory=dict)
    known: list[Known] = field(default_factory=list)


def _namesake(before: Pipeline, person: NewInterviewer, company: str) -> Contact | None:
    """The known contact a typed interviewer is: the same email, else the same name (one at
    the company first) unless both have an email and the emails differ."""
    email = (person.email or "").casefold()
    if email:
        for contact in before.contacts:
            if contact.email and contact.email.casefold() == email:
                return contact
    name = folded(person.name)
    same = [
        c
        for c in before.contacts
        if folded(c.name) == name and not (email and c.email and c.email.casefold() != email)
    ]
    same.sort(key=lambda c: (folded(c.company or "") != folded(company), c.id))
    return same[0] if same else None


def _people(
    before: Pipeline, company: str, people: Iterable[NewInterviewer], contact_ids: Iterable[str]
) -> _Panel:
    """New contacts to create, the interviewer ids in order, the topics typed with them, and
    the typed people found among known contacts (by email, else by name)."""
    panel = _Panel(ids=[before.contact(contact_id).id for contact_id in contact_ids])
    taken = {c.id for c in before.contacts}
    missing = []
    for number, person in enumerate(people, start=1):
        name = person.name.strip()
        if not name:
            if person.title or person.email or person.topic:
                missing.append(f"interviewer {number}: a name is needed")
            continue
        known = _namesake(before, person, company)
        if known is not None:
            person_id = known.id
            panel.known.append(Known(name, known))
        else:
            person_id = fresh_id(slug(name), taken)
            taken.add(person_id)
            panel.new.append(
                _given(
                    {
                        "id": person_id,
                        "name": name,
                        "title": person.title,
                        "company": company,
                        "email": person.email,
                    }
                )
            )
        if person_id not in panel.ids:
            panel.ids.append(person_id)
        if person.topic:
            panel.topics[person_id] = person.topic
    if missing:
        raise InvalidInput(missing, from_fields=True)
    return panel


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
    decision_expected: dt.date | str | None = None


def add_interview(ports: Ports, command: AddInterview) -> Interview:
    """Record an interview and its panel; an `applied` application moves to interviewing."""
    return record_interview(ports, command).interview


def record_interview(ports: Ports, command: AddInterview) -> SavedInterview:
    """`add_interview`, saying which typed interviewers were people already known."""
    known: list[Known] = []

    def change(before: Pipeline) -> dict[str, Any]:
        application = before.application(command.application)
        written = _written_application(before, command.application)
        panel = _people(before, application.company, command.people, command.contacts)
        known[:] = panel.known
        all_interviews = (iv.id for a in before.applications for iv in a.interviews)
        new_id = command.id or fresh_id(
            f"{command.application}-{len(application.interviews) + 1}", all_interviews
        )
        interview = {
            "id": new_id,
            "at": command.at,
            "interviewers": panel.ids,
            "topics": {**_topics(command.topics, panel.new), **panel.topics},
            **_given({"kind": command.kind, "decision_expected": _iso(command.decision_expected)}),
        }
        written["interviews"] = [*written.get("interviews", []), interview]
        if application.status is Status.APPLIED:
            written["status"] = Status.INTERVIEWING.value
        return {"contacts": panel.new, "applications": [written]}

    application = _commit(ports, change).applications[0]
    return SavedInterview(application, application.interviews[-1], tuple(known))


def _iso(day: dt.date | str | None) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else day


def _topics(topics: Mapping[str, str] | None, new_contacts: list[dict[str, Any]]) -> dict[str, str]:
    """Topics keyed by contact id, or by the name typed for a new interviewer."""
    by_name = {str(c["name"]).lower(): str(c["id"]) for c in new_contacts}
    return {by_name.get(key.lower(), key): text for key, text in (topics or {}).items()}


@dataclass(frozen=True)
class EditInterview:
    """Change an interview: its time, kind, decision date (S1), or its panel."""

    interview: str
    people: tuple[NewInterviewer, ...] = ()
    """New interviewers to add to the panel."""
    contacts: tuple[str, ...] = ()
    """Known contacts to add to the panel, by id."""
    topics: Mapping[str, str] = field(default_factory=dict)
    """What was discussed with whom, by contact id; "" forgets it."""
    at: str | None = None
    kind: str | None = None
    decision_expected: dt.date | str | None = None
    """A date, or "" to clear it."""
    panel: tuple[str, ...] | None = None
    """The whole panel of known contacts, by id (None: keep it, and add `contacts`)."""


def edit_interview(ports: Ports, command: EditInterview) -> Interview:
    return revise_interview(ports, command).interview


def revise_interview(ports: Ports, command: EditInterview) -> SavedInterview:
    """`edit_interview`, saying which typed interviewers were people already known.

    With a `panel`, whoever it leaves out is off the panel and their topic goes with them."""
    known: list[Known] = []

    def change(before: Pipeline) -> dict[str, Any]:
        application, _ = before.interview(command.interview)
        written = _written_application(before, application.id)
        current = next(iv for iv in written["interviews"] if iv["id"] == command.interview)
        people = _people(before, application.company, command.people, command.contacts)
        known[:] = people.known
        current.update(
            _given(
                {
                    "at": command.at,
                    "kind": command.kind,
                    "decision_expected": _iso(command.decision_expected),
                }
            )
        )
        kept = current.get("interviewers", [])
        if command.panel is not None:
            kept = [before.contact(contact_id).id for contact_id in command.panel]
        interviewers = [*kept, *(i for i in people.ids if i not in kept)]
        topics = {
            **current.get("topics", {}),
            **_topics(command.topics, people.new),
            **people.topics,
        }
        current["interviewers"] = interviewers
        current["topics"] = {k: v for k, v in topics.items() if v and k in interviewers}
        return {"contacts": people.new, "applications": [written]}

    application = _commit(ports, change).applications[0]
    interview = next(iv for iv in application.interviews if iv.id == command.interview)
    return SavedInterview(application, interview, tuple(known))


@dataclass(frozen=True)
class InterviewRemoval:
    """What deleting an interview takes with it: the touches recorded about it (its
    thank-you notes above all). The people on its panel stay in the network."""

    application: Application
    interview: Interview
    touches: tuple[Touch, ...]


def interview_removal(ports: Ports, interview_id: str) -> InterviewRemoval:
    """What `delete_interview` would remove, for a face to ask first."""
    return _interview_removal(ports.reader.load(), interview_id)


def _interview_removal(pipeline: Pipeline, interview_id: str) -> InterviewRemoval:
    application, interview = pipeline.interview(interview_id)
    touches = tuple(t for t in pipeline.touches if t.interview == interview_id)
    return InterviewRemoval(application, interview, touches)


@dataclass(frozen=True)
class DeleteInterview:
    interview: str


def delete_interview(ports: Ports, command: DeleteInterview) -> InterviewRemoval:
    """Remove an interview and the touches about it, in one transaction; the outbox keeps
    what was sent (a message sent stays sent)."""
    with ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        removed = _interview_removal(before, command.interview)
        gone = removed.application
        kept = replace(
            gone, interviews=tuple(i for i in gone.interviews if i.id != command.interview)
        )
        after = replace(
            before,
            applications=tuple(kept if a.id == gone.id else a for a in before.applications),
            touches=tuple(t for t in before.touches if t.interview != command.interview),
        )
        work.pipeline.save(before, after)
    return removed


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
