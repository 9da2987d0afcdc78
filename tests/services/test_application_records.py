"""Applications from start to end: adding, editing, moving and deleting one, on the demo
pipeline in a real SQLite file (TODAY pinned)."""

from __future__ import annotations

import datetime as dt

import pytest

from afterview.bootstrap import Afterview
from afterview.domain.model import Medium, Status
from afterview.errors import InvalidInput, NotFound
from afterview.services.records import (
    Apply,
    DeleteApplication,
    EditApplication,
    SetProfile,
    SetStatus,
)
from tests.conftest import TODAY, MakeAfterview


def test_apply_takes_the_fields_as_typed(demo: Afterview) -> None:
    added = demo.apply(
        Apply("Pied Piper", "Data Engineer", applied_on="2026-11-20", interest="4", medium="email")
    )
    assert added.id == "pied-piper-data-engineer"
    assert added.applied_on == dt.date(2026, 11, 20)
    assert added.interest == 4
    assert added.medium is Medium.EMAIL


def test_apply_reports_every_wrong_field_at_once(demo: Afterview) -> None:
    with pytest.raises(InvalidInput) as refused:
        demo.apply(Apply("", "Data Engineer", applied_on="2026-13-01", interest="nine"))
    problems = refused.value.problems
    assert "company: must not be empty" in problems
    assert "interest: must be a whole number from 1 to 5" in problems
    assert any(problem.startswith("applied_on: not a date") for problem in problems)
    assert len(demo.pipeline().applications) == 6


def test_apply_without_a_day_applied_today(demo: Afterview) -> None:
    assert demo.apply(Apply("Pied Piper", "Data Engineer", applied_on="")).applied_on == TODAY


def test_edit_changes_what_is_given_and_clears_what_is_emptied(demo: Afterview) -> None:
    edited = demo.edit_application(
        EditApplication(
            "acme-de", role="Staff Data Engineer", interest="3", medium="", applied_on=""
        )
    )
    assert edited.role == "Staff Data Engineer"
    assert edited.company == "Acme Corp"
    assert edited.interest == 3
    assert edited.medium is None
    assert edited.applied_on is None
    assert len(edited.interviews) == 1  # its interviews stay


def test_edit_refuses_a_wrong_field_and_keeps_the_record(demo: Afterview) -> None:
    with pytest.raises(InvalidInput, match="interest: must be a whole number from 1 to 5"):
        demo.edit_application(EditApplication("acme-de", interest="7"))
    assert demo.pipeline().application("acme-de").interest == 5


def test_an_offer_keeps_its_received_day_when_only_the_deadline_moves(demo: Afterview) -> None:
    before = demo.pipeline().application("globex-sde").offer
    assert before is not None
    moved = demo.set_status(SetStatus("globex-sde", Status.OFFER, deadline="2026-12-10"))
    assert moved.offer is not None
    assert moved.offer.received_on == before.received_on
    assert moved.offer.deadline == dt.date(2026, 12, 10)
    assert moved.offer.summary == before.summary


def test_an_offer_deadline_before_it_came_is_refused(demo: Afterview) -> None:
    with pytest.raises(InvalidInput, match=r"offer\.deadline: 2026-11-01 is before received_on"):
        demo.set_status(
            SetStatus("umbrella-dl", Status.OFFER, received_on="2026-11-20", deadline="2026-11-01")
        )


def test_a_close_records_its_day_and_refuses_offer_details(demo: Afterview) -> None:
    closed = demo.set_status(SetStatus("hooli-de", Status.WITHDRAWN, on="2026-11-24"))
    assert closed.closed_on == dt.date(2026, 11, 24)
    with pytest.raises(InvalidInput, match="belong to an offer"):
        demo.set_status(SetStatus("acme-de", Status.REJECTED, deadline="2026-12-01"))


def test_delete_takes_its_interviews_and_touches_and_leaves_contacts(demo: Afterview) -> None:
    before = demo.pipeline()
    removal = demo.removal("initech-pe")
    assert (removal.interviews, removal.touches) == (2, 3)
    outbox = demo.ports.store.load_outbox()
    removed = demo.delete_application(DeleteApplication("initech-pe"))
    assert removed == removal
    after = demo.pipeline()
    assert "initech-pe" not in after.application_map()
    assert len(after.touches) == len(before.touches) - 3
    assert all(t.application != "initech-pe" for t in after.touches)
    assert after.contacts == before.contacts
    assert after.contact("tom-becker").name == "Tom Becker"
    assert demo.ports.store.load_outbox() == outbox


def test_delete_of_an_unknown_application_changes_nothing(demo: Afterview) -> None:
    before = demo.pipeline()
    with pytest.raises(NotFound, match="no application 'nope'"):
        demo.delete_application(DeleteApplication("nope"))
    assert demo.pipeline() == before


def test_first_steps_until_a_profile_and_an_application_exist(
    make_afterview: MakeAfterview,
) -> None:
    av = make_afterview()
    assert av.first_steps().needed
    av.set_profile(SetProfile("Sam Rivera", "sam@example.org", country="US"))
    steps = av.first_steps()
    assert steps.profile is not None
    assert steps.needed
    av.apply(Apply("Pied Piper", "Data Engineer"))
    assert not av.first_steps().needed
