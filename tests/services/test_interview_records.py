"""Interviews as records: a typed interviewer who is already known, a row without a name,
a panel rewritten by an edit, and deleting an interview with the touches about it, on the
demo pipeline in a real SQLite file (TODAY pinned)."""

from __future__ import annotations

import pytest

from afterview.bootstrap import Afterview
from afterview.errors import InvalidInput, NotFound
from afterview.services.records import (
    AddContact,
    AddInterview,
    DeleteInterview,
    EditInterview,
    NewInterviewer,
    folded,
)


def test_a_name_is_folded_for_comparison() -> None:
    assert folded("  José   NÚÑEZ ") == "jose nunez"
    assert folded("Hank Scorpio") == folded("hank scorpio")


def test_a_typed_name_already_known_uses_that_contact(demo: Afterview) -> None:
    demo.add_contact(AddContact("Hank Scorpio", title="CEO", company="Umbrella Health"))
    contacts = len(demo.pipeline().contacts)
    saved = demo.record_interview(
        AddInterview(
            "umbrella-dl",
            "2026-11-24T10:00-05:00",
            (NewInterviewer("hank SCÓRPIO", topic="the data platform"),),
        )
    )
    assert saved.interview.interviewers == ("hank-scorpio",)
    assert saved.interview.topics == {"hank-scorpio": "the data platform"}
    assert [(k.typed, k.contact.id) for k in saved.known] == [("hank SCÓRPIO", "hank-scorpio")]
    assert len(demo.pipeline().contacts) == contacts


def test_the_same_email_wins_and_a_different_one_is_someone_else(demo: Afterview) -> None:
    demo.add_contact(AddContact("Hank Scorpio", email="hank@globex.example.com"))
    saved = demo.record_interview(
        AddInterview(
            "umbrella-dl",
            "2026-11-24",
            (
                NewInterviewer("H. Scorpio", email="HANK@globex.example.com"),
                NewInterviewer("Hank Scorpio", email="hank@umbrella.example.com"),
            ),
        )
    )
    assert saved.interview.interviewers == ("hank-scorpio", "hank-scorpio-2")
    assert [k.contact.id for k in saved.known] == ["hank-scorpio"]


def test_a_row_without_a_name_is_named_not_dropped(demo: Afterview) -> None:
    before = demo.pipeline()
    with pytest.raises(InvalidInput) as refused:
        demo.add_interview(
            AddInterview(
                "umbrella-dl",
                "2026-11-24",
                (NewInterviewer("Kim Lee"), NewInterviewer("", title="CTO"), NewInterviewer("")),
            )
        )
    assert refused.value.problems == ("interviewer 2: a name is needed",)
    assert demo.pipeline() == before


def test_an_edit_rewrites_the_panel_and_its_topics(demo: Afterview) -> None:
    demo.edit_interview(
        EditInterview("acme-1", topics={"jane-doe": "the Q3 roadmap", "omar-said": "scaling"})
    )
    saved = demo.revise_interview(
        EditInterview(
            "acme-1",
            (NewInterviewer("Kim Lee", "CTO", topic="hiring"),),
            topics={"jane-doe": "", "omar-said": "scaling"},
            at="2026-11-23T09:30+01:00",
            kind="video",
            decision_expected="2026-12-04",
            panel=("jane-doe", "omar-said"),
        )
    )
    interview = saved.interview
    assert interview.interviewers == ("jane-doe", "omar-said", "kim-lee")
    assert interview.topics == {"omar-said": "scaling", "kim-lee": "hiring"}
    assert interview.at.isoformat() == "2026-11-23T09:30:00+01:00"
    assert interview.kind == "video"
    assert str(interview.decision_expected) == "2026-12-04"
    assert demo.pipeline().contact("kim-lee").company == "Acme Corp"


def test_deleting_an_interview_takes_its_touches_in_one_go(demo: Afterview) -> None:
    asked = demo.interview_removal("initech-2")
    assert [t.contact for t in asked.touches] == ["tom-becker", "ana-silva"]
    assert any(i.id == "initech-2" for i in demo.pipeline().application("initech-pe").interviews)
    removed = demo.delete_interview(DeleteInterview("initech-2"))
    after = demo.pipeline()
    assert removed.application.id == "initech-pe"
    assert [i.id for i in after.application("initech-pe").interviews] == ["initech-1"]
    assert not [t for t in after.touches if t.interview == "initech-2"]
    assert any(t.interview == "initech-1" for t in after.touches)
    assert after.contact("ana-silva").name  # the people stay
    with pytest.raises(NotFound):
        demo.delete_interview(DeleteInterview("initech-2"))
