"""What a hiring manager reads: strengths as sentences, topics as phrases, notes that fit
where the application stands, and no fault of afterview's own in any draft (S3, S5, S7, S8).

The corpus at the end drafts every note kind that fits each application of pipelines
built to stress the wording (adjective, noun-phrase and sentence strengths; topics typed
as clauses; every status; letter, fax and phone; panels of 1, 6 and 12; a GB profile)
and holds each draft to `draft_faults` and the panel's notes to the similarity guard.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

import pytest

from afterview.adapters.templates import FileTemplates
from afterview.domain.model import Application, Contact, Medium, Offer, Pipeline, Status
from afterview.domain.notes import (
    NOTE_KINDS,
    Draft,
    UnfitNote,
    as_title,
    call_script,
    check_fit,
    is_first_choice,
    other_note,
    thank_you_drafts,
    time_since,
)
from afterview.domain.phrasing import strength_sentence, topic_phrase
from afterview.domain.relevance import rank_strengths, terms
from afterview.domain.selfcheck import draft_faults
from afterview.domain.variation import MAX_SIMILARITY, similarity
from tests.factories import make_application, make_contact, make_interview, make_profile

TODAY = dt.date(2026, 11, 25)
TEMPLATES = FileTemplates()


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        (
            "Experienced litigation paralegal with 12 years in federal court",
            "I am an experienced litigation paralegal with 12 years in federal court.",
        ),
        (
            "Skilled in SQL and experimentation design",
            "I am skilled in SQL and experimentation design.",
        ),
        (
            "Seasoned product manager with 8 years in B2B SaaS",
            "I am a seasoned product manager with 8 years in B2B SaaS.",
        ),
        ("12 years of B2B SaaS", "I have 12 years of experience in B2B SaaS."),
        ("Fluent in Spanish", "I am fluent in Spanish."),
        ("Led a team of 8", "I led a team of 8."),
        ("Cut costs 40% at Brightline.", "I cut costs 40% at Brightline."),
        ("I build data pipelines", "I build data pipelines."),
        ("My background is in fintech.", "My background is in fintech."),
        ("I'm happiest untangling legacy code.", "I'm happiest untangling legacy code."),
        ("Organised the 2024 user conference", "I organised the 2024 user conference."),
        ("Organised and calm under pressure", "I am organised and calm under pressure."),
        ("Specialised in GDPR compliance", "I specialised in GDPR compliance."),
        ("Builds data pipelines", "I build data pipelines."),
        ("SQL expert", "I am an SQL expert."),
        ("Python expert with 10 years of Django", "I am a Python expert with 10 years of Django."),
        ("Strong SQL skills", "I bring strong SQL skills."),
        (
            "Proven track record of shipping on time",
            "I bring a proven track record of shipping on time.",
        ),
        ("Managing remote teams", "My strengths include managing remote teams."),
        ("Kubernetes", "My strengths include Kubernetes."),
        ("Détail-oriented and methodical", "I am détail-oriented and methodical."),
        ("Native Portuguese speaker (São Paulo)", "I am a native Portuguese speaker (São Paulo)."),
        ("Lead engineer on the payments team", "I am a lead engineer on the payments team."),
    ],
)
def test_strengths_become_grammatical_first_person_sentences(typed: str, sentence: str) -> None:
    assert strength_sentence(typed) == sentence
    assert draft_faults(sentence) == []


@pytest.mark.parametrize(
    ("typed", "phrase", "mine"),
    [
        ("Q3 roadmap", "the Q3 roadmap", False),
        ("we talked about my time at Google", "my time at Google", True),
        ("How they plan to scale the team", "how you plan to scale the team", False),
        ("she asked about my portfolio", "my portfolio", True),
        ("The Henderson account.", "the Henderson account", False),
        ("their on-call rotation", "your on-call rotation", False),
        ("my portfolio", "my portfolio", True),
        ("Salary expectations", "salary expectations", True),
        ("whether I'd relocate?", "whether I would relocate", True),
        ("why I left Amazon", "why I left Amazon", True),
        ("Kubernetes", "Kubernetes", False),
        ("I explained my PhD research", "my PhD research", True),
        ("how she runs the platform team", "how you run the platform team", False),
        ("if I'd relocate to Berlin", "whether I would relocate to Berlin", True),
    ],
)
def test_topics_become_phrases_that_follow_about(typed: str, phrase: str, mine: bool) -> None:
    topic = topic_phrase(typed)
    assert topic is not None
    assert (topic.text, topic.mine) == (phrase, mine)
    assert draft_faults(f"I enjoyed our talk about {topic.text}.") == []


def test_the_self_check_finds_a_drafting_machines_mistakes() -> None:
    def kinds(text: str) -> list[str]:
        return [fault.split(":")[0] for fault in draft_faults(text)]

    assert kinds("My interview for the Data Lead position on None.")[0].startswith("a missing")
    assert kinds("I applied for the  position.")[0].startswith("an empty value")
    assert kinds("Thank you , Jane.")[0].startswith("a space before")
    assert kinds("Thank you.. Really.")[0] == "doubled punctuation"
    assert kinds("I experienced litigation paralegal.")[0].startswith("'I' before")
    assert kinds("I a team player.")[0].startswith("'I' before")
    assert kinds("The part about we talked about Google.")[0].startswith("a topic pasted")
    assert kinds(
        "I enjoyed learning how your team works. I enjoyed hearing how the team works and "
        "where it is heading."
    )[0].startswith("a sentence said twice")
    assert draft_faults("I trained 40 new hires. I led a team of 8. Thank you, Jane.") == []


def test_relevance_matches_word_forms_and_hyphenated_terms() -> None:
    assert terms("Fraud-scoring") == terms("fraud scoring")
    assert terms("scored") == terms("scoring")
    assert terms("organised") == terms("organized")
    strengths = ["Ran the on-call rotation", "Built fraud-scoring models for card payments"]
    assert rank_strengths(strengths, "You will own how we score fraud")[0] == strengths[1]


@pytest.mark.parametrize(
    ("days", "words"),
    [(5, "a few days"), (13, "a couple of weeks"), (30, "about a month"), (100, "several months")],
)
def test_time_since_says_what_is_true_for_the_gap(days: int, words: str) -> None:
    assert time_since(TODAY - dt.timedelta(days=days), TODAY) == words


# Status fit ---------------------------------------------------------------------------


def test_a_reconnect_is_refused_for_a_company_still_interviewing() -> None:
    pipeline = _pipeline(Status.INTERVIEWING)
    with pytest.raises(UnfitNote) as refused:
        other_note("reconnect", pipeline, TEMPLATES, TODAY, "acme-de")
    assert str(refused.value) == (
        "reconnect is for a closed application (rejected); acme-de is interviewing: "
        "a follow_up fits"
    )


def test_a_call_script_needs_an_interview_and_a_follow_up_after_applying_has_no_date() -> None:
    pipeline = _pipeline(Status.APPLIED, interviews=())
    with pytest.raises(UnfitNote, match="acme-de is applied with no interview recorded"):
        call_script(pipeline, "acme-de", TEMPLATES, TODAY)
    note = other_note("follow_up", pipeline, TEMPLATES, TODAY, "acme-de")
    assert "my application for the Senior Data Engineer position, which I sent on March 2" in (
        note.body
    )
    assert "None" not in note.body
    assert "interview" not in note.body


def test_first_choice_is_said_to_one_employer_only() -> None:
    offer = make_application(
        "globex", company="Globex", status=Status.OFFER, interviews=(), offer=Offer(TODAY)
    )
    acme = _application(Status.INTERVIEWING, interest=5)
    initech = make_application("initech", company="Initech", interest=4, interviews=())
    pipeline = _pipeline_of(acme, initech, offer)
    assert is_first_choice(pipeline, acme)
    assert not is_first_choice(pipeline, initech)
    to_acme = other_note("leverage", pipeline, TEMPLATES, TODAY, "acme-de").body
    to_initech = other_note("leverage", pipeline, TEMPLATES, TODAY, "initech").body
    assert "Acme Corp remains my first choice" in to_acme
    assert "first choice" not in to_initech
    tied = _pipeline_of(acme, replace(initech, interest=5), offer)
    assert not is_first_choice(tied, acme)
    rejected = _pipeline_of(replace(acme, status=Status.REJECTED), offer)
    assert not is_first_choice(rejected, rejected.applications[0])


# Medium per recipient -----------------------------------------------------------------


def test_a_reference_is_alerted_by_their_own_medium_not_the_employers() -> None:
    app = replace(_application(Status.INTERVIEWING), medium=Medium.FAX)
    dana = make_contact("dana-kim", name="Dana Kim", company="Brightline")
    pipeline = _pipeline_of(app, extra=(dana,), references=("dana-kim",))
    note = other_note("reference_alert", pipeline, TEMPLATES, TODAY, "acme-de")
    assert (note.medium, note.to, note.cover) == (Medium.EMAIL, "dana-kim@acme.example.com", None)


def test_a_follow_up_to_a_mail_only_employer_is_a_letter() -> None:
    app = replace(_application(Status.INTERVIEWING), medium=Medium.MAIL)
    jane = make_contact("jane-doe", name="Jane Doe", email=None, address="1 Main St\nSpringfield")
    pipeline = Pipeline(make_profile(address="12 Elm St\nOakland"), (jane,), (app,))
    note = other_note("follow_up", pipeline, TEMPLATES, TODAY, "acme-de")
    lines = note.body.splitlines()
    assert (note.medium, note.to) == (Medium.MAIL, "1 Main St\nSpringfield")
    assert lines[0] == "Sam Rivera"
    assert "Jane Doe" in lines
    assert "Acme Corp" in lines
    assert "I am writing to follow up on my on-site interview" in note.body
    assert draft_faults(note.body) == []


# Variation ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [6, 12])
def test_a_panel_hears_all_the_strengths_in_notes_that_differ_in_substance(size: int) -> None:
    pipeline = _panel(size, Medium.EMAIL)
    drafts = thank_you_drafts(pipeline, "acme-1", TEMPLATES, TODAY)
    bodies = [draft.body for draft in drafts]
    worst = max(similarity(a, b) for i, a in enumerate(bodies) for b in bodies[i + 1 :])
    assert worst <= MAX_SIMILARITY
    assert all(not draft.warnings for draft in drafts)
    sentences = [strength_sentence(s) for s in STRENGTHS]
    told = [sum(sentence in body for body in bodies) for sentence in sentences]
    assert all(count >= 1 for count in told)  # every strength reaches someone
    assert max(told) < size  # no strength in every note
    assert len({draft.choices[-1] for draft in drafts}) >= 3  # not one skeleton
    lengths = [len(body.split()) for body in bodies]
    assert max(lengths) - min(lengths) >= 10  # nor one length
    assert len({draft.subject for draft in drafts}) == size


def test_a_note_too_alike_another_says_so() -> None:
    tiny = _OneLine()
    pipeline = _panel(3, Medium.EMAIL)
    assert pipeline.profile is not None
    pipeline = replace(pipeline, profile=replace(pipeline.profile, strengths=STRENGTHS[:1]))
    drafts = thank_you_drafts(pipeline, "acme-1", tiny, TODAY)
    assert drafts[1].warnings
    assert "alike another of the panel's" in drafts[1].warnings[0]


class _OneLine:
    """Templates with one phrase per bank: the panel's notes cannot differ."""

    def phrases(self) -> dict[str, list[str]]:
        return {"opening": ["Thank you for the {{ role }} interview at {{ company }}."]}

    def render(self, name: str, values: object) -> str:
        return TEMPLATES.render(name, values)  # type: ignore[arg-type]

    def render_string(self, source: str, values: object) -> str:
        return TEMPLATES.render_string(source, values)  # type: ignore[arg-type]


# The corpus ---------------------------------------------------------------------------

STRENGTHS = (
    "Experienced litigation paralegal with 12 years in federal court",
    "Skilled in SQL and experimentation design",
    "Led a team of 8 through a fraud-scoring rebuild",
    "I build data-quality checks that catch bad loads early.",
    "Fluent in Spanish",
)
TOPICS = (
    "we talked about my time at Google",
    "How they plan to scale the team",
    "she asked about my portfolio",
    "The Henderson account",
    "their on-call rotation",
    "salary expectations",
    "whether I'd relocate",
    "why I left Amazon",
    "Kubernetes",
    "I explained my PhD research",
    "Q3 roadmap",
)
JOB = "Scoring fraud on card payments: SQL, experiments, data quality, a team of analysts."


def _application(status: Status, **overrides: Any) -> Application:
    fields: dict[str, Any] = {"status": status, "job_description": JOB}
    if status in (Status.REJECTED, Status.DECLINED, Status.WITHDRAWN, Status.ACCEPTED):
        fields["closed_on"] = TODAY
    return make_application(**(fields | overrides))


def _pipeline_of(
    *apps: Application,
    extra: tuple[Contact, ...] = (),
    references: tuple[str, ...] = (),
    country: str = "US",
) -> Pipeline:
    named = dict.fromkeys(p for a in apps for iv in a.interviews for p in iv.interviewers)
    contacts = tuple(make_contact(p) for p in named) + extra
    profile = make_profile(strengths=STRENGTHS, references=references, country=country)
    return Pipeline(profile, contacts, apps)


def _pipeline(status: Status, **overrides: Any) -> Pipeline:
    return _pipeline_of(_application(status, **overrides))


def _panel(size: int, medium: Medium, country: str = "US") -> Pipeline:
    people = tuple(
        make_contact(
            f"person-{n}",
            name=f"Alex{n} Morgan",
            title=("VP Engineering", "Head of Data", "Senior Recruiter", None)[n % 4],
            medium=medium,
            address="1 Main St\nSpringfield, IL 62701",
            fax="+1 217 555 0100",
            phone="+1 217 555 0101",
        )
        for n in range(size)
    )
    topics = {p.id: TOPICS[n] for n, p in enumerate(people) if n % 3 != 2}
    interview = make_interview(
        "acme-1",
        at="2026-11-20T10:00:00-08:00",
        interviewers=tuple(p.id for p in people),
        topics=topics,
    )
    app = _application(Status.INTERVIEWING, interviews=(interview,), interest=5)
    profile = make_profile(strengths=STRENGTHS, country=country, address="12 Elm St\nOakland")
    return Pipeline(profile, people, (app,))


def _every_fitting_note(pipeline: Pipeline) -> list[Draft]:
    drafts: list[Draft] = []
    refusals: list[str] = []
    for app in pipeline.applications:
        for interview in app.interviews:
            drafts += thank_you_drafts(pipeline, interview.id, TEMPLATES, TODAY)
        for kind in (*NOTE_KINDS, "call_script"):
            if kind == "keep_in_touch":
                continue
            try:
                check_fit(kind, app)
            except UnfitNote as refused:
                refusals.append(str(refused))
                continue
            if kind == "call_script":
                drafts.append(call_script(pipeline, app.id, TEMPLATES, TODAY))
            elif kind != "leverage" or any(a.offer for a in pipeline.applications):
                drafts.append(other_note(kind, pipeline, TEMPLATES, TODAY, app.id))
    for contact in pipeline.contacts:
        drafts.append(other_note("keep_in_touch", pipeline, TEMPLATES, TODAY, None, contact.id))
    assert all(
        re.search(r"; \S+ is .*: (a \S+.* fits|record the interview first)$", r) for r in refusals
    )
    return drafts


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("medium", list(Medium))
def test_every_fitting_note_of_every_status_and_medium_passes_the_self_check(
    status: Status, medium: Medium
) -> None:
    offer = make_application(
        "globex", company="Globex", status=Status.OFFER, interviews=(), offer=Offer(TODAY)
    )
    panel = _panel(6, medium)
    app = replace(panel.applications[0], status=status)
    if not status.active:
        app = replace(app, closed_on=TODAY)
    no_interview = make_application("hooli", company="Hooli", status=status, interviews=())
    dana = make_contact("dana-kim", name="Dana Kim", company="Brightline", medium=medium)
    profile = replace(panel.profile, references=("dana-kim",)) if panel.profile else None
    pipeline = Pipeline(profile, (*panel.contacts, dana), (app, no_interview, offer))
    for draft in _every_fitting_note(pipeline):
        assert draft_faults(draft.body) == [], draft.body
        assert "None" not in (draft.subject or "")


@pytest.mark.parametrize(("size", "country"), [(1, "US"), (6, "GB"), (12, "US"), (12, "GB")])
@pytest.mark.parametrize("medium", [Medium.EMAIL, Medium.MAIL, Medium.FAX, Medium.PHONE])
def test_panels_hold_the_guard_and_the_self_check(size: int, country: str, medium: Medium) -> None:
    drafts = thank_you_drafts(_panel(size, medium, country), "acme-1", TEMPLATES, TODAY)
    for index, draft in enumerate(drafts):
        assert draft_faults(draft.body) == [], draft.body
        assert not draft.warnings
        for other in drafts[index + 1 :]:
            assert similarity(draft.body, other.body) <= MAX_SIMILARITY


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Recruiter", "the recruiter"),
        ("CTO", "the CTO"),
        ("Head of Data", "Head of Data"),
        ("VP Engineering", "VP Engineering"),
        (None, None),
    ],
)
def test_a_title_reads_naturally_after_as(title: str | None, said: str | None) -> None:
    assert as_title(title) == said
