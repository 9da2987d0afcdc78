"""Notes: one per interviewer, each varied, each thanking and saying why the writer fits."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.adapters.speller import PySpellChecker
from afterview.adapters.templates import FileTemplates, TemplateProblem
from afterview.domain.model import InterviewKind, Medium, Offer, Pipeline, Status
from afterview.domain.notes import (
    NoProfile,
    as_sentence,
    call_script,
    first_name,
    other_note,
    thank_you_drafts,
)
from afterview.domain.proofreading import context_for, proofread
from afterview.domain.relevance import bm25_scores, rank_strengths
from afterview.domain.variation import MAX_SIMILARITY, similarity
from afterview.errors import AfterviewError, NotFound
from tests.factories import (
    make_application,
    make_contact,
    make_interview,
    make_pipeline,
    make_profile,
)

TODAY = dt.date(2026, 11, 25)
STRENGTHS = (
    "Cut pipeline costs 40% at Brightline by moving batch jobs to streaming",
    "Led a team of six through a zero-downtime Kafka migration",
    "Mentored four junior analysts in SQL and dbt",
)
JOB = "Own our lakehouse: streaming pipelines on Kafka, dbt models, Airflow."
TEMPLATES = FileTemplates()


def panel_pipeline(size: int, medium: Medium | None = None) -> Pipeline:
    people = tuple(
        make_contact(
            f"person-{n}",
            name=f"Alex{n} Morgan",
            medium=medium,
            address="1 Main St\nSpringfield, IL 62701",
            fax="+1 217 555 0100",
        )
        for n in range(size)
    )
    interview = make_interview(
        "acme-1",
        at="2026-11-20T10:00:00-08:00",
        interviewers=tuple(p.id for p in people),
        topics={people[0].id: "moving the lake to Iceberg"},
    )
    application = make_application(job_description=JOB, interviews=(interview,))
    profile = make_profile(
        strengths=STRENGTHS, phone="+1 415 555 0100", address="12 Elm St\nOakland, CA 94607"
    )
    return make_pipeline(application, contacts=people, profile=profile)


@pytest.mark.parametrize("size", range(2, 9))
def test_notes_to_one_panel_are_never_copies(size: int) -> None:
    drafts = thank_you_drafts(panel_pipeline(size), "acme-1", TEMPLATES, TODAY)
    assert len(drafts) == size
    for index, draft in enumerate(drafts):
        for other in drafts[index + 1 :]:
            assert similarity(draft.body, other.body) <= MAX_SIMILARITY
    assert len({draft.subject for draft in drafts}) == size


def test_every_note_thanks_names_the_role_and_company_and_says_why() -> None:
    for draft in thank_you_drafts(panel_pipeline(3), "acme-1", TEMPLATES, TODAY):
        body = draft.body
        assert body.startswith(f"Dear Alex{draft.contact[-1] if draft.contact else ''},")
        assert "Acme Corp" in body or "Senior Data Engineer" in body
        assert any(word in body.lower() for word in ("thank", "grateful", "appreciat"))
        sentences = [as_sentence(strength) for strength in STRENGTHS]
        assert 1 <= sum(sentence in body for sentence in sentences) <= 2
        assert body.rstrip().endswith("sam@example.org")
        assert "Sam Rivera" in body
        assert "desperate" not in body.lower()
        assert "!" not in body


def test_what_was_discussed_with_that_person_is_in_their_note() -> None:
    drafts = thank_you_drafts(panel_pipeline(2), "acme-1", TEMPLATES, TODAY)
    assert "moving the lake to Iceberg" in drafts[0].body
    assert "Iceberg" not in drafts[1].body


def test_drafting_is_deterministic_and_one_note_alone_matches_the_panel() -> None:
    pipeline = panel_pipeline(4)
    first = thank_you_drafts(pipeline, "acme-1", TEMPLATES, TODAY)
    again = thank_you_drafts(pipeline, "acme-1", TEMPLATES, TODAY)
    assert [d.body for d in first] == [d.body for d in again]


@settings(max_examples=40, deadline=None)
@given(size=st.integers(1, 8), seed=st.text(alphabet="abcdefghij-", min_size=1, max_size=12))
def test_every_interviewer_gets_exactly_one_note(size: int, seed: str) -> None:
    pipeline = panel_pipeline(size)
    app = pipeline.applications[0]
    interview = make_interview(seed, at="2026-11-20", interviewers=app.interviews[0].interviewers)
    pipeline = make_pipeline(
        make_application(job_description=JOB, interviews=(interview,)),
        contacts=pipeline.contacts,
        profile=pipeline.profile,
    )
    drafts = thank_you_drafts(pipeline, seed, TEMPLATES, TODAY)
    assert [d.contact for d in drafts] == list(interview.interviewers)
    assert drafts == thank_you_drafts(pipeline, seed, TEMPLATES, TODAY)


def test_email_notes_go_to_the_email_address() -> None:
    draft = thank_you_drafts(panel_pipeline(1), "acme-1", TEMPLATES, TODAY)[0]
    assert draft.medium is Medium.EMAIL
    assert draft.to == "person-0@acme.example.com"
    assert draft.subject


def test_a_letter_is_a_full_business_letter() -> None:
    draft = thank_you_drafts(panel_pipeline(1, Medium.MAIL), "acme-1", TEMPLATES, TODAY)[0]
    lines = draft.body.splitlines()
    assert draft.medium is Medium.MAIL
    assert draft.to == "1 Main St\nSpringfield, IL 62701"
    assert lines[:5] == [
        "Sam Rivera",
        "12 Elm St",
        "Oakland, CA 94607",
        "+1 415 555 0100",
        "sam@example.org",
    ]
    assert "November 25, 2026" in lines
    block = lines.index("Alex0 Morgan")
    assert lines[block : block + 5] == [
        "Alex0 Morgan",
        "VP Engineering",
        "Acme Corp",
        "1 Main St",
        "Springfield, IL 62701",
    ]
    assert "Dear Alex0 Morgan:" in lines
    assert lines[-1] == "Sam Rivera"


def test_dates_follow_the_profiles_country() -> None:
    pipeline = panel_pipeline(1, Medium.MAIL)
    british = Pipeline(
        make_profile(strengths=STRENGTHS, country="GB"), pipeline.contacts, pipeline.applications
    )
    body = thank_you_drafts(british, "acme-1", TEMPLATES, TODAY)[0].body
    assert "25 November 2026" in body.splitlines()


def test_a_fax_is_the_letter_with_a_cover_sheet() -> None:
    draft = thank_you_drafts(panel_pipeline(1, Medium.FAX), "acme-1", TEMPLATES, TODAY)[0]
    assert draft.to == "+1 217 555 0100"
    assert draft.cover is not None
    assert "Fax:     +1 217 555 0100" in draft.cover
    assert "From:    Sam Rivera" in draft.cover
    assert "Dear Alex0 Morgan:" in draft.body


def test_notes_need_a_profile_to_sign_them() -> None:
    pipeline = panel_pipeline(1)
    unsigned = Pipeline(None, pipeline.contacts, pipeline.applications)
    with pytest.raises(NoProfile):
        thank_you_drafts(unsigned, "acme-1", TEMPLATES, TODAY)
    with pytest.raises(NotFound):
        thank_you_drafts(pipeline, "nope", TEMPLATES, TODAY)


def test_bm25_puts_the_strength_the_job_asks_for_first() -> None:
    ranked = rank_strengths(list(STRENGTHS), "We need someone to lead our Kafka migration")
    assert ranked[0] == STRENGTHS[1]
    assert rank_strengths(list(STRENGTHS), "")[0] == STRENGTHS[0]
    assert bm25_scores(list(STRENGTHS), "pottery")[0] == 0.0


def test_strengths_read_as_sentences() -> None:
    assert as_sentence("Led a team of six.") == "I led a team of six."
    assert as_sentence("Reduced churn 12%") == "I reduced churn 12%."
    assert as_sentence("Ten years of Python") == "I have ten years of experience in Python."


def test_first_names_skip_honorifics() -> None:
    assert first_name("Dr. Jane Doe") == "Jane"
    assert first_name("Omar Said") == "Omar"
    assert first_name("Cher") == "Cher"


def test_a_user_template_overrides_the_packaged_one(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "thank_you_email.txt.j2").write_text("Hi {{ first }}, thanks! {{ sender.name }}\n")
    draft = thank_you_drafts(panel_pipeline(1), "acme-1", FileTemplates(tmp_path), TODAY)[0]
    assert draft.body == "Hi Alex0, thanks! Sam Rivera\n"


def test_a_broken_user_phrase_bank_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "phrases.toml").write_text("opening = 'not a list'\n")
    with pytest.raises(TemplateProblem, match="opening: must be a list of texts"):
        thank_you_drafts(panel_pipeline(1), "acme-1", FileTemplates(tmp_path), TODAY)


def test_the_call_script_asks_about_the_timeline_and_restates_strengths() -> None:
    script = call_script(panel_pipeline(2), "acme-de", TEMPLATES, TODAY).body
    assert "when you expect to make a decision" in script
    assert "- I cut pipeline costs 40% at Brightline by moving batch jobs to streaming" in script
    assert "Alex0" in script
    assert "afterview" not in script  # what to do afterwards is each face's to say
    assert "\n\n5. Close" in script


def test_the_reference_alert_says_who_may_call_and_what_to_stress() -> None:
    pipeline = panel_pipeline(2)
    dana = make_contact("dana-kim", name="Dana Kim", company="Brightline")
    profile = make_profile(strengths=STRENGTHS, references=("dana-kim",))
    pipeline = Pipeline(profile, (*pipeline.contacts, dana), pipeline.applications)
    note = other_note("reference_alert", pipeline, TEMPLATES, TODAY, "acme-de")
    assert note.contact == "dana-kim"
    assert "Acme Corp may contact you" in note.body
    assert "- Alex0 Morgan, VP Engineering" in note.body
    assert "- I cut pipeline costs 40% at Brightline" in note.body


def test_the_leverage_note_names_the_other_employer_only_when_asked() -> None:
    pipeline = panel_pipeline(1)
    offer = make_application(
        "globex",
        company="Globex",
        status=Status.OFFER,
        interviews=(),
        offer=Offer(dt.date(2026, 11, 23), dt.date(2026, 12, 4)),
    )
    pipeline = Pipeline(pipeline.profile, pipeline.contacts, (*pipeline.applications, offer))
    discreet = other_note("leverage", pipeline, TEMPLATES, TODAY, "acme-de").body
    named = other_note("leverage", pipeline, TEMPLATES, TODAY, "acme-de", name_other=True).body
    assert "Globex" not in discreet
    assert "another company" in discreet
    assert "an offer from Globex" in named
    assert "December 4, 2026" in discreet


def test_reconnect_and_keep_in_touch_are_gracious() -> None:
    pipeline = panel_pipeline(1)
    app = replace(pipeline.applications[0], status=Status.REJECTED, closed_on=TODAY)
    pipeline = replace(pipeline, applications=(app,))
    reconnect = other_note("reconnect", pipeline, TEMPLATES, TODAY, "acme-de", "person-0").body
    assert "stay in touch" in reconnect
    assert "introduction" in reconnect
    hello = other_note("keep_in_touch", pipeline, TEMPLATES, TODAY, contact_id="person-0").body
    assert hello.startswith("Dear Alex0,")


def test_unknown_note_kinds_and_missing_ids_are_clear() -> None:
    with pytest.raises(AfterviewError, match="no note of kind"):
        other_note("poem", panel_pipeline(1), TEMPLATES, TODAY, "acme-de")
    with pytest.raises(AfterviewError, match=r"^application: a follow_up note is about an"):
        other_note("follow_up", panel_pipeline(1), TEMPLATES, TODAY)


@pytest.fixture(scope="module")
def speller() -> PySpellChecker:
    return PySpellChecker()


@pytest.mark.parametrize("medium", [Medium.EMAIL, Medium.MAIL, Medium.FAX, Medium.PHONE])
@pytest.mark.parametrize("kind", list(InterviewKind))
def test_drafts_pass_their_own_proofreading(
    speller: PySpellChecker, medium: Medium, kind: InterviewKind
) -> None:
    pipeline = panel_pipeline(8, medium)
    app = pipeline.applications[0]
    interview = replace(app.interviews[0], kind=kind)
    pipeline = replace(pipeline, applications=(replace(app, interviews=(interview,)),))
    for draft in thank_you_drafts(pipeline, "acme-1", TEMPLATES, TODAY):
        context = context_for(pipeline, "acme-de", draft.contact)
        assert proofread(draft.body, context, speller) == [], draft.body
        if draft.cover:  # a cover sheet thanks no one and argues nothing: only its words count
            found = proofread(draft.cover, context, speller)
            assert [p for p in found if p.kind not in ("no_thanks", "no_fit")] == []


def test_every_phrase_of_every_bank_is_spelt_right(speller: PySpellChecker) -> None:
    pipeline = panel_pipeline(1)
    context = context_for(pipeline, "acme-de", "person-0")
    for slot, bank in TEMPLATES.phrases().items():
        for phrase in bank:
            text = TEMPLATES.render_string(
                phrase,
                {
                    "first": "Alex",
                    "name": "Alex Morgan",
                    "company": "Acme Corp",
                    "role": "Senior Data Engineer",
                    "day": "November 20",
                    "kind": "interview",
                    "topic": "streaming pipelines",
                    "sender_first": "Sam",
                    "title": "VP Engineering",
                },
            )
            found = [p for p in proofread(text, context, speller) if p.kind == "spelling"]
            assert found == [], (slot, phrase)
