"""The records of a job search: who, where, when, and every touch since (docs/contracts.md).

Plain frozen dataclasses, no I/O. Ids are the user's own strings. Each record keeps
`document_fields`: the fields its source document spelled out (nulls and defaults
included), so that exporting reproduces the document exactly (export∘import is the
identity). They take no part in equality.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from afterview.errors import Fix, NotFound, Remedy


class Status(StrEnum):
    """Where an application stands."""

    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def active(self) -> bool:
        return self in ACTIVE_STATUSES

    @property
    def awaiting_decision(self) -> bool:
        """Applied or interviewing: the employer still owes an answer (S1, S11-S13)."""
        return self in (Status.APPLIED, Status.INTERVIEWING)


ACTIVE_STATUSES = frozenset({Status.APPLIED, Status.INTERVIEWING, Status.OFFER})


class Medium(StrEnum):
    """How a note reaches a person (S6)."""

    EMAIL = "email"
    MAIL = "mail"
    FAX = "fax"
    PHONE = "phone"


class InterviewKind(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"
    OTHER = "other"


class TouchKind(StrEnum):
    """Every kind of contact the user records."""

    THANK_YOU = "thank_you"
    CALL = "call"
    FOLLOW_UP = "follow_up"
    REFERENCE_ALERT = "reference_alert"
    LEVERAGE = "leverage"
    NETWORK = "network"
    EMPLOYER_REPLY = "employer_reply"

    @property
    def employer_contact(self) -> bool:
        """A call or follow-up: the user reaching out to the employer (S11, S13)."""
        return self in (TouchKind.CALL, TouchKind.FOLLOW_UP)


NO_FIELDS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Profile:
    """The job seeker: who signs the notes, and whose holidays count."""

    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    country: str = "US"
    subdivision: str | None = None
    strengths: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    document_fields: frozenset[str] = field(default=NO_FIELDS, compare=False)


@dataclass(frozen=True, slots=True)
class Contact:
    """A person: an interviewer, a reference, someone in the network (S4)."""

    id: str
    name: str
    title: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    fax: str | None = None
    medium: Medium | None = None
    greeting: str | None = None
    """How to address them in a note ("Dr. Katz", "Carol"), when their name does not say."""
    document_fields: frozenset[str] = field(default=NO_FIELDS, compare=False)

    def reach(self, medium: Medium) -> str | None:
        """What it takes to reach this person by `medium` (S6), if recorded."""
        if medium is Medium.EMAIL:
            return self.email
        if medium is Medium.MAIL:
            return self.address
        if medium is Medium.FAX:
            return self.fax
        return self.phone


@dataclass(frozen=True, slots=True)
class Offer:
    received_on: dt.date
    deadline: dt.date | None = None
    summary: str | None = None
    document_fields: frozenset[str] = field(default=NO_FIELDS, compare=False)


@dataclass(frozen=True, slots=True)
class Interview:
    """One interview. `at` is a date, or an aware date-time taken in its own offset."""

    id: str
    at: dt.date | dt.datetime
    kind: InterviewKind | None = None
    decision_expected: dt.date | None = None
    interviewers: tuple[str, ...] = ()
    topics: Mapping[str, str] = field(default_factory=dict)
    document_fields: frozenset[str] = field(default=NO_FIELDS, compare=False)

    @property
    def day(self) -> dt.date:
        """I: the calendar day of the interview, in the offset it was given in."""
        at = self.at
        return at.date() if isinstance(at, dt.datetime) else at

    @property
    def moment(self) -> tuple[dt.date, float]:
        """An order for "latest interview": by day, then by instant within the day."""
        at = self.at
        return (self.day, at.timestamp() if isinstance(at, dt.datetime) else float("-inf"))


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    company: str
    role: str
    status: Status = Status.APPLIED
    applied_on: dt.date | None = None
    closed_on: dt.date | None = None
    medium: Medium | None = None
    interest: int | None = None
    job_description: str | None = None
    offer: Offer | None = None
    interviews: tuple[Interview, ...] = ()
    document_fields: frozenset[str] = field(default=NO_FIELDS, compare=False)

    @property
    def latest_interview(self) -> Interview | None:
        return max(self.interviews, key=_moment) if self.interviews else None

    @property
    def first_interview(self) -> Interview | None:
        return min(self.interviews, key=_moment) if self.interviews else None


def _moment(interview: Interview) -> tuple[dt.date, float]:
    return interview.moment


@dataclass(frozen=True, slots=True)
class Touch:
    """Something that happened on a day: a note sent, a call made, a reply received."""

    kind: TouchKind
    on: dt.date
    application: str | None = None
    interview: str | None = None
    contact: str | None = None
    medium: Medium | None = None
    note: str | None = None
    follow_up_requested_on: dt.date | None = None
    message_id: str | None = None
    """The email behind the touch, sent or received (`<abc@host>`)."""
    snippet: str | None = None
    """A short excerpt of a received reply: its own words, no quoted text or signature."""
    document_fields: frozenset[str] = field(default=NO_FIELDS, compare=False)


@dataclass(frozen=True, slots=True)
class Pipeline:
    """The whole of one user's job search: what a document holds and the planner reads."""

    profile: Profile | None = None
    contacts: tuple[Contact, ...] = ()
    applications: tuple[Application, ...] = ()
    touches: tuple[Touch, ...] = ()

    def contact_map(self) -> dict[str, Contact]:
        return {contact.id: contact for contact in self.contacts}

    def application_map(self) -> dict[str, Application]:
        return {application.id: application for application in self.applications}

    def application(self, application_id: str) -> Application:
        """The application with this id, or NotFound naming it."""
        found = self.application_map().get(application_id)
        if found is None:
            raise NotFound(f"no application {application_id!r}", Remedy(Fix.LIST_APPLICATIONS))
        return found

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id, or NotFound naming it."""
        found = self.contact_map().get(contact_id)
        if found is None:
            raise NotFound(f"no contact {contact_id!r}", Remedy(Fix.LIST_CONTACTS))
        return found

    def interview(self, interview_id: str) -> tuple[Application, Interview]:
        """The interview with this id and its application, or NotFound naming it."""
        for application in self.applications:
            for interview in application.interviews:
                if interview.id == interview_id:
                    return application, interview
        raise NotFound(f"no interview {interview_id!r}")


def medium_for(contact: Contact | None, application: Application) -> Medium:
    """The contact's own medium, else the application's, else email (S6)."""
    if contact is not None and contact.medium is not None:
        return contact.medium
    return application.medium or Medium.EMAIL
