"""One person in full, merging two records of them, deleting one, and references, on the
demo pipeline in a real SQLite file (TODAY pinned)."""

from __future__ import annotations

import datetime as dt

import pytest

from afterview.bootstrap import Afterview
from afterview.domain.model import Status, TouchKind
from afterview.errors import AfterviewError, NotFound
from afterview.services.contacts import DeleteContact, MergeContacts, RemoveReference
from afterview.services.records import (
    AddContact,
    AddInterview,
    Apply,
    EditInterview,
    LogTouch,
)


def _duplicates(av: Afterview) -> None:
    """Hank Scorpio, recorded twice: once from his card, once on a panel with a topic,
    a note to him and a place among the references."""
    av.add_contact(AddContact("Hank Scorpio", title="CEO", company="Globex"))
    av.add_contact(
        AddContact(
            "Hank Scorpio",
            title="Founder",
            email="hank@globex.example.com",
            phone="+1 650 555 0100",
        )
    )
    av.apply(Apply("Globex Labs", "Data Engineer", id="globex-labs"))
    av.add_interview(
        AddInterview(
            "globex-labs",
            "2026-11-20",
            contacts=("hank-scorpio-2", "marta-lopez"),
            topics={"hank-scorpio-2": "the hammock district"},
            id="globex-labs-1",
        )
    )
    av.log_touch(
        LogTouch(
            TouchKind.THANK_YOU,
            on=dt.date(2026, 11, 20),
            application="globex-labs",
            interview="globex-labs-1",
            contact="hank-scorpio-2",
        )
    )
    av.add_reference("hank-scorpio-2")


def test_a_contact_in_full(demo: Afterview) -> None:
    view = demo.contact("tom-becker")
    assert view.contact.name == "Tom Becker"
    assert [row.interview.id for row in view.interviews] == ["initech-2", "initech-1"]
    assert all(row.application.id == "initech-pe" for row in view.interviews)
    assert view.touches
    assert [row.touch.on for row in view.touches] == sorted(
        (row.touch.on for row in view.touches), reverse=True
    )
    assert view.greetings.email == "Tom"
    assert view.greetings.letter == "Tom Becker"  # no courtesy title is guessed
    assert not view.reference
    assert view.has_profile
    assert demo.contact("dana-kim").reference


def test_an_unknown_contact_is_not_found(demo: Afterview) -> None:
    with pytest.raises(NotFound):
        demo.contact("nobody")


def test_a_greeting_of_their_own_wins_in_the_preview(demo: Afterview) -> None:
    preview = demo.greeting_preview("Samuel Katz", "Dr. Katz")
    assert preview is not None
    assert (preview.email, preview.letter, preview.mark) == ("Dr. Katz", "Dr. Katz", ":")
    assert demo.greeting_preview("  ") is None


def test_merge_moves_everything_to_the_kept_record(demo: Afterview) -> None:
    _duplicates(demo)
    kept = demo.merge_contacts(MergeContacts(keep="hank-scorpio", other="hank-scorpio-2"))
    assert (kept.title, kept.company) == ("CEO", "Globex")  # its own stay
    assert (kept.email, kept.phone) == ("hank@globex.example.com", "+1 650 555 0100")
    pipeline = demo.pipeline()
    assert "hank-scorpio-2" not in pipeline.contact_map()
    assert pipeline.contact("hank-scorpio").email == "hank@globex.example.com"
    _, interview = pipeline.interview("globex-labs-1")
    assert interview.interviewers == ("hank-scorpio", "marta-lopez")
    assert dict(interview.topics) == {"hank-scorpio": "the hammock district"}
    assert [t.contact for t in pipeline.touches if t.application == "globex-labs"] == [
        "hank-scorpio"
    ]
    assert pipeline.profile is not None
    assert pipeline.profile.references == ("dana-kim", "hank-scorpio")


def test_merge_into_someone_already_on_the_panel_lists_them_once(demo: Afterview) -> None:
    _duplicates(demo)
    demo.edit_interview(
        EditInterview("globex-labs-1", contacts=("hank-scorpio",), topics={"hank-scorpio": "IPO"})
    )
    demo.add_reference("hank-scorpio")
    demo.merge_contacts(MergeContacts(keep="hank-scorpio", other="hank-scorpio-2"))
    pipeline = demo.pipeline()
    _, interview = pipeline.interview("globex-labs-1")
    assert interview.interviewers == ("hank-scorpio", "marta-lopez")  # once, where first
    assert interview.topics["hank-scorpio"] == "IPO\nthe hammock district"
    assert pipeline.profile is not None
    assert pipeline.profile.references.count("hank-scorpio") == 1


def test_merge_refuses_one_person_with_themselves_and_unknown_people(demo: Afterview) -> None:
    before = demo.pipeline()
    with pytest.raises(AfterviewError, match="cannot be merged with itself"):
        demo.merge_contacts(MergeContacts(keep="ken-ito", other="ken-ito"))
    with pytest.raises(NotFound, match="nobody"):
        demo.merge_contacts(MergeContacts(keep="ken-ito", other="nobody"))
    assert demo.pipeline() == before


def test_delete_takes_their_touches_and_reference(demo: Afterview) -> None:
    removal = demo.contact_removal("dana-kim")
    assert not removal.blocked
    assert removal.reference
    assert removal.touches == 2
    removed = demo.delete_contact(DeleteContact("dana-kim"))
    assert removed.contact.name == "Dana Kim"
    pipeline = demo.pipeline()
    assert "dana-kim" not in pipeline.contact_map()
    assert not [t for t in pipeline.touches if t.contact == "dana-kim"]
    assert pipeline.profile is not None
    assert pipeline.profile.references == ()


def test_delete_is_refused_for_someone_on_a_panel(demo: Afterview) -> None:
    removal = demo.contact_removal("ken-ito")
    assert removal.blocked
    assert [row.interview.id for row in removal.interviews] == ["hooli-1"]
    before = demo.pipeline()
    with pytest.raises(AfterviewError, match="merge them into the other record"):
        demo.delete_contact(DeleteContact("ken-ito"))
    assert demo.pipeline() == before
    assert demo.pipeline().application("hooli-de").status is Status.INTERVIEWING


def test_remove_reference_keeps_the_contact(demo: Afterview) -> None:
    removed = demo.remove_reference(RemoveReference("dana-kim"))
    assert removed.name == "Dana Kim"
    pipeline = demo.pipeline()
    assert pipeline.profile is not None
    assert pipeline.profile.references == ()
    assert pipeline.contact("dana-kim").name == "Dana Kim"
    with pytest.raises(AfterviewError, match="not one of your references"):
        demo.remove_reference(RemoveReference("dana-kim"))
