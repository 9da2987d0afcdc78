"""What `afterview profile set` and `afterview draft` show a user about the wording of
their notes: each strength's sentence, topics made into phrases, unfit notes refused."""

from __future__ import annotations

from typing import Any

from afterview.domain.selfcheck import draft_faults
from tests.cli.test_cli import run  # noqa: F401  (the `run` fixture)
from tests.cli.test_notes_cli import demo  # noqa: F401  (the `demo` fixture)


def test_profile_set_shows_the_sentence_each_strength_becomes(demo: Any) -> None:  # noqa: F811
    result = demo(
        "profile",
        "set",
        "--strength",
        "Experienced litigation paralegal with 12 years in federal court",
        "--strength",
        "Skilled in SQL and experimentation design",
        "--strength",
        "I have run data teams since 2015.",
    )
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "→ I am an experienced litigation paralegal with 12 years in federal court." in out
    assert "→ I am skilled in SQL and experimentation design." in out
    assert "→ I have run data teams since 2015." in out
    drafts = demo("draft", "--interview", "acme-1", "--json").json()["drafts"]
    bodies = " ".join(d["body"] for d in drafts)
    assert "I am skilled in SQL and experimentation design." in bodies
    assert "I experienced" not in bodies
    assert "I skilled" not in bodies
    for draft in drafts:
        assert draft["ok"], draft["problems"]
        assert draft_faults(draft["body"]) == []


def test_topics_typed_as_clauses_read_as_phrases_in_the_note(demo: Any) -> None:  # noqa: F811
    result = demo(
        "interview",
        "edit",
        "acme-1",
        "--topic",
        "jane-doe=we talked about how they plan to scale the team",
        "--topic",
        "omar-said=their on-call rotation",
    )
    assert result.code == 0, result.err
    drafts = demo("draft", "--interview", "acme-1", "--json").json()["drafts"]
    jane, omar = drafts[0]["body"], drafts[1]["body"]
    assert "how you plan to scale the team" in jane
    assert "we talked about" not in jane
    assert "your on-call rotation" in omar
    assert all(draft_faults(d["body"]) == [] for d in drafts)


def test_a_note_that_does_not_fit_the_status_is_refused_naming_the_one_that_does(
    demo: Any,  # noqa: F811
) -> None:
    result = demo("draft", "--note", "reconnect", "--application", "acme-de")
    assert result.code == 1
    assert (
        "reconnect is for a closed application (rejected); acme-de is interviewing: "
        "a follow_up fits" in " ".join(result.err.split())
    )


def test_the_topic_option_says_what_to_type(run: Any) -> None:  # noqa: F811
    help_text = " ".join(run("interview", "add", "--help").out.split())
    assert "the Q3 roadmap" in help_text
