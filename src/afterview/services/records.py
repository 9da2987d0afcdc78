"""Everything a user records without writing JSON: applications, interviews, contacts,
references, status changes and touches.

Each use case states its change as a small afterview/1 document and passes it
through the same checks as `import` (fields, ids, references), so the CLI can never
store what a document could not hold. Problems name the field, not the document path.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from afterview.domain.document import FORMAT, merge, read_document, write_document
from afterview.domain.model import Application, Contact, Interview, Pipeline, Status, TouchKind
from afterview.domain.restraint import judge_contact
from afterview.domain.settings import PlaybookSettings
from afterview.errors import AfterviewError, InvalidInput, TooSoon
from afterview.services.ports import PipelineStore

RECORD_PATH = re.compile(
    r"^(?:contacts|applications|touches)\[\d+\]\.(?:interviews\[\d+\]\.)?"
    r"|^profile\."
)
CLOSING = {Status.ACCEPTED, Status.DECLINED, Status.REJECTED, Status.WITHDRAWN}
Change = Callable[[Pipeline], dict[str, Any]]


def _field_problems(problems: Iterable[str]) -> list[str]:
    return [RECORD_PATH.sub("", problem, count=1) for problem in problems]


def _commit(
    store: PipelineStore, change: Change, replace: bool = True, keep_repeats: bool = False
) -> Pipeline:
    """Check the change document against the store and write it; returns what it held."""
    with store.unit_of_work() as work:
        before = work.load()
        raw = {"format": FORMAT, **change(before)}
        try:
            document = read_document(raw, before, replace)
        except InvalidInput as error:
            raise InvalidInput(_field_problems(error.problems), from_fields=True) from None
        work.save(before, merge(before, document, keep_repeats))
        return document.pipeline


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


def set_profile(store: PipelineStore, **fields: object) -> None:
    """Create or change the profile: who signs the notes, whose holidays count."""

    def change(before: Pipeline) -> dict[str, Any]:
        profile = _given(fields)
        stored = before.profile
        if stored is not None:
            profile.setdefault("name", stored.name)
            _keep_region(profile, stored.country, stored.subdivision)
        return {"profile": profile}

    _commit(store, change)


def _keep_region(profile: dict[str, object], country: str, subdivision: str | None) -> None:
    """Check a changed region as a whole: a new country drops the old subdivision, and a
    new subdivision (or phone number) is judged in the stored country."""
    moved = "country" in profile and profile["country"] != country
    profile.setdefault("country", country)
    if "subdivision" not in profile:
        profile["subdivision"] = None if moved else subdivision


def add_reference(store: PipelineStore, contact_id: str) -> None:
    """S9: name a contact as a reference."""

    def change(before: Pipeline) -> dict[str, Any]:
        if before.profile is None:
            raise AfterviewError("no profile yet: run `afterview profile set --name ...` first")
        before.contact(contact_id)
        if contact_id in before.profile.references:
            raise AfterviewError(f"{contact_id!r} is a reference already")
        references = [*before.profile.references, contact_id]
        return {"profile": {"name": before.profile.name, "references": references}}

    _commit(store, change)


def add_contact(
    store: PipelineStore, name: str, contact_id: str | None = None, **fields: object
) -> Contact:
    def change(before: Pipeline) -> dict[str, Any]:
        new_id = contact_id or fresh_id(slug(name), (c.id for c in before.contacts))
        return {"contacts": [{"id": new_id, "name": name, **_given(fields)}]}

    return _commit(store, change, replace=False).contacts[0]


def edit_contact(store: PipelineStore, contact_id: str, **fields: object) -> Contact:
    def change(before: Pipeline) -> dict[str, Any]:
        before.contact(contact_id)
        written = write_document(before)["contacts"]
        current = next(c for c in written if c["id"] == contact_id)
        return {"contacts": [{**current, **_given(fields)}]}

    return _commit(store, change).contacts[0]


def apply(
    store: PipelineStore,
    company: str,
    role: str,
    application_id: str | None = None,
    **fields: object,
) -> Application:
    """Record a new application."""

    def change(before: Pipeline) -> dict[str, Any]:
        new_id = application_id or fresh_id(
            slug(f"{company} {role}"), (a.id for a in before.applications)
        )
        return {
            "applications": [{"id": new_id, "company": company, "role": role, **_given(fields)}]
        }

    return _commit(store, change, replace=False).applications[0]


@dataclass(frozen=True)
class NewInterviewer:
    """An interviewer typed inline: a name, and perhaps a title and an email."""

    name: str
    title: str | None = None
    email: str | None = None

    @classmethod
    def parse(cls, text: str) -> NewInterviewer:
        """From `Name; Title; email` (title and email optional)."""
        parts = [part.strip() for part in text.split(";")]
        if len(parts) > 3 or not parts[0]:
            raise InvalidInput([f"interviewer: {text!r} is not 'Name; Title; email'"])
        name, title, email = (parts + [""] * 3)[:3]
        return cls(name, title or None, email or None)


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


def add_interview(
    store: PipelineStore,
    application_id: str,
    at: str,
    people: Iterable[NewInterviewer] = (),
    contact_ids: Iterable[str] = (),
    topics: Mapping[str, str] | None = None,
    interview_id: str | None = None,
    **fields: object,
) -> Interview:
    """Record an interview and its panel; an `applied` application moves to interviewing."""

    def change(before: Pipeline) -> dict[str, Any]:
        application = before.application(application_id)
        written = _written_application(before, application_id)
        new_contacts, interviewers = _people(before, application.company, people, contact_ids)
        all_interviews = (iv.id for a in before.applications for iv in a.interviews)
        new_id = interview_id or fresh_id(
            f"{application_id}-{len(application.interviews) + 1}", all_interviews
        )
        interview = {
            "id": new_id,
            "at": at,
            "interviewers": interviewers,
            "topics": _topics(topics, new_contacts),
            **_given(fields),
        }
        written["interviews"] = [*written.get("interviews", []), interview]
        if application.status is Status.APPLIED:
            written["status"] = Status.INTERVIEWING.value
        return {"contacts": new_contacts, "applications": [written]}

    application = _commit(store, change).applications[0]
    return application.interviews[-1]


def _topics(topics: Mapping[str, str] | None, new_contacts: list[dict[str, Any]]) -> dict[str, str]:
    """Topics keyed by contact id, or by the name typed for a new interviewer."""
    by_name = {str(c["name"]).lower(): str(c["id"]) for c in new_contacts}
    return {by_name.get(key.lower(), key): text for key, text in (topics or {}).items()}


def edit_interview(
    store: PipelineStore,
    interview_id: str,
    people: Iterable[NewInterviewer] = (),
    contact_ids: Iterable[str] = (),
    topics: Mapping[str, str] | None = None,
    **fields: object,
) -> Interview:
    """Change an interview: its time, kind, decision date (S1), or add to its panel."""

    def change(before: Pipeline) -> dict[str, Any]:
        application, _ = before.interview(interview_id)
        written = _written_application(before, application.id)
        current = next(iv for iv in written["interviews"] if iv["id"] == interview_id)
        new_contacts, added = _people(before, application.company, people, contact_ids)
        current.update(_given(fields))
        current["interviewers"] = [
            *current.get("interviewers", []),
            *(i for i in added if i not in current.get("interviewers", [])),
        ]
        current["topics"] = {**current.get("topics", {}), **_topics(topics, new_contacts)}
        return {"contacts": new_contacts, "applications": [written]}

    _, interview = _commit(store, change).interview(interview_id)
    return interview


def set_status(
    store: PipelineStore,
    application_id: str,
    status: Status,
    on: dt.date,
    received_on: dt.date | None = None,
    deadline: dt.date | None = None,
    summary: str | None = None,
) -> Application:
    """Move an application: an offer keeps its deadline (S15); a close records its day (S16)."""

    if status is not Status.OFFER and (received_on or deadline or summary):
        raise InvalidInput(
            ["deadline: the received day, deadline and summary belong to an offer (status offer)"],
            from_fields=True,
        )

    def change(before: Pipeline) -> dict[str, Any]:
        written = _written_application(before, application_id)
        written["status"] = status.value
        if status is Status.OFFER:
            offer = _given(
                {
                    "received_on": (received_on or on).isoformat(),
                    "deadline": deadline.isoformat() if deadline else None,
                    "summary": summary,
                }
            )
            written["offer"] = {**(written.get("offer") or {}), **offer}
        if status in CLOSING:
            written["closed_on"] = on.isoformat()
        elif written.get("closed_on"):
            written["closed_on"] = None
        return {"applications": [written]}

    return _commit(store, change).applications[0]


def log_touch(
    store: PipelineStore,
    settings: PlaybookSettings,
    kind: TouchKind,
    on: dt.date,
    force: bool = False,
    **fields: object,
) -> str | None:
    """Record a touch; returns advice, if any. A premature employer contact is refused (S13)."""
    advice: list[str | None] = [None]

    requested = fields.get("follow_up_requested_on")
    if isinstance(requested, str) and requested < on.isoformat():
        raise InvalidInput(
            [f"follow_up_requested_on: {requested} is before the reply itself ({on.isoformat()})"],
            from_fields=True,
        )

    def change(before: Pipeline) -> dict[str, Any]:
        application = fields.get("application")
        if kind.employer_contact and isinstance(application, str):
            before.application(application)
            verdict = judge_contact(before, application, on, settings)
            if not verdict.allowed and not force:
                raise TooSoon(f"{verdict.reason}. Use --force to record it anyway.")
            advice[0] = verdict.advice
        return {"touches": [{"kind": kind.value, "on": on.isoformat(), **_given(fields)}]}

    _commit(store, change, replace=False, keep_repeats=True)
    return advice[0]
