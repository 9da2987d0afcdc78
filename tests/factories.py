"""Records for tests, each with sensible defaults and any field overridable.

Dates in the defaults sit in a quiet stretch of 2026 (no US holidays), so a test
that cares about holidays says so with its own dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    InterviewKind,
    Offer,
    Pipeline,
    Profile,
    Status,
    Touch,
    TouchKind,
)

MONDAY = dt.date(2026, 3, 2)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def make_profile(**overrides: Any) -> Profile:
    fields: dict[str, Any] = {
        "name": "Sam Rivera",
        "email": "sam@example.org",
        "country": "US",
        "strengths": ("Cut pipeline costs 40%",),
        "references": (),
    }
    return Profile(**{**fields, **overrides})


def make_contact(contact_id: str = "jane-doe", **overrides: Any) -> Contact:
    fields: dict[str, Any] = {
        "name": contact_id.replace("-", " ").title(),
        "title": "VP Engineering",
        "company": "Acme Corp",
        "email": f"{contact_id}@acme.example.com",
    }
    return Contact(id=contact_id, **{**fields, **overrides})


def make_interview(interview_id: str = "acme-1", **overrides: Any) -> Interview:
    fields: dict[str, Any] = {
        "at": MONDAY,
        "kind": InterviewKind.ONSITE,
        "decision_expected": None,
        "interviewers": ("jane-doe",),
    }
    fields.update(overrides)
    if isinstance(fields["at"], str):
        text = fields["at"]
        fields["at"] = dt.datetime.fromisoformat(text) if "T" in text else day(text)
    return Interview(id=interview_id, **fields)


def make_application(application_id: str = "acme-de", **overrides: Any) -> Application:
    fields: dict[str, Any] = {
        "company": "Acme Corp",
        "role": "Senior Data Engineer",
        "status": Status.INTERVIEWING,
        "applied_on": MONDAY,
        "interviews": (make_interview(),),
    }
    return Application(id=application_id, **{**fields, **overrides})


def make_offer(received_on: str, deadline: str | None = None) -> Offer:
    return Offer(day(received_on), day(deadline) if deadline else None)


def make_touch(kind: str, on: str, **overrides: Any) -> Touch:
    return Touch(TouchKind(kind), day(on), **overrides)


def make_pipeline(
    *applications: Application,
    contacts: tuple[Contact, ...] | None = None,
    touches: tuple[Touch, ...] = (),
    profile: Profile | None = None,
) -> Pipeline:
    """A pipeline whose contacts default to everyone the interviews name."""
    if contacts is None:
        named = dict.fromkeys(
            person for a in applications for iv in a.interviews for person in iv.interviewers
        )
        contacts = tuple(make_contact(person) for person in named)
    return Pipeline(profile or make_profile(), contacts, applications, touches)
