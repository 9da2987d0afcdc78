"""The file formats people bring and take away: RFC 5545 calendars (icalendar),
vCard business cards and CSV spreadsheets, as the `FileFormats` port."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from afterview.domain.actions import Action
from afterview.domain.model import Contact, Pipeline
from afterview.services.ports import Card, Invite, Sheet


class StandardFileFormats:
    """Each format's reader and writer, imported on first use (icalendar is not small)."""

    def read_invite(self, data: bytes, user_email: str | None) -> Invite:
        from afterview.adapters.ics import read_invite

        return read_invite(data, user_email)

    def write_calendar(
        self, pipeline: Pipeline, actions: Sequence[Action], today: dt.date
    ) -> bytes:
        from afterview.adapters.ics import calendar_ics

        return calendar_ics(pipeline, actions, today)

    def read_cards(self, data: bytes) -> list[Card]:
        from afterview.adapters.vcard import read_cards

        return read_cards(data)

    def write_cards(self, contacts: Iterable[Contact]) -> bytes:
        from afterview.adapters.vcard import write_cards

        return write_cards(contacts)

    def read_sheet(self, data: bytes) -> Sheet:
        from afterview.adapters.spreadsheets import read_sheet

        return read_sheet(data)

    def write_sheet(self, pipeline: Pipeline, actions: Sequence[Action]) -> str:
        from afterview.adapters.spreadsheets import write_pipeline_csv

        return write_pipeline_csv(pipeline, actions)
