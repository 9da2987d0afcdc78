"""Calendars: an invitation becomes an interview; the plan becomes a feed (DESIGN §2)."""

from __future__ import annotations

import datetime as dt

from afterview.adapters.ics import calendar_ics, read_invite
from afterview.domain.model import Interview
from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings
from afterview.services.ports import PipelineReader, PipelineStore
from afterview.services.records import NewInterviewer, add_interview


def import_invite(
    store: PipelineStore, data: bytes, application_id: str, interview_id: str | None = None
) -> Interview:
    """Add the invitation's interview to an application, in its own time zone.

    The invite is read in full before anything is written, and `add_interview` writes
    in one transaction, so a malformed file or an unknown application stores nothing.
    Known people are matched by email; the user (the profile's email) is left out.
    """
    profile = store.load().profile
    invite = read_invite(data, profile.email if profile else None)
    people = [NewInterviewer(name, None, email) for name, email in invite.people]
    return add_interview(
        store, application_id, invite.at.isoformat(), people=people, interview_id=interview_id
    )


def calendar_feed(reader: PipelineReader, settings: PlaybookSettings, today: dt.date) -> bytes:
    """The subscribable calendar: every interview, and every action open on `today`."""
    pipeline = reader.load()
    return calendar_ics(pipeline, plan(pipeline, settings, today), today)
