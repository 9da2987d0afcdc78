"""The notes of the playbook, composed one per person (S5, S7, S3, S9, S11, S13, S15, S16).

A thank-you is built from phrase banks (openings, topic lines, fit lines, closings...)
and the user's strengths ranked for the job (`relevance.py`). Which phrase each note
uses is derived from the interview and the person's place on the panel, so the same
records always give the same notes; a note too alike to another note of the same
panel (`variation.py`) is drawn again with the next choices until it is not.

Templates and phrases come through `NoteTemplates`, which the adapters fill from
files (the package's, or the user's in AFTERVIEW_HOME/templates); nothing here reads
a file or the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from afterview.domain.greetings import given_name, greeting_values
from afterview.domain.model import (
    Application,
    Contact,
    Interview,
    InterviewKind,
    Medium,
    Pipeline,
    Profile,
    medium_for,
)
from afterview.domain.relevance import rank_strengths
from afterview.domain.variation import MAX_SIMILARITY, most_alike
from afterview.errors import AfterviewError, Fix, InvalidInput, Remedy

SLOTS = ("subject", "opening", "topic", "no_topic", "fit", "enthusiasm", "closing", "sign_off")
KIND_WORDS = {
    InterviewKind.PHONE: "phone interview",
    InterviewKind.VIDEO: "video interview",
    InterviewKind.ONSITE: "on-site interview",
    InterviewKind.OTHER: "interview",
}
HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame"})
LEADING_VERB = re.compile(
    r"^[A-Z][a-z]+ed\b|^(Led|Built|Cut|Ran|Grew|Won|Wrote|Drove|Made|Took|"
    r"Set|Shipped|Taught|Brought|Kept|Held|Sold|Saw|Oversaw)\b"
)
MAX_DRAWS = 60
US_STYLE_DATES = frozenset({"US", "CA", "PH"})


class NoteTemplates(Protocol):
    """Where the wording comes from: phrase banks and whole-note templates."""

    def phrases(self) -> Mapping[str, Sequence[str]]: ...

    def render(self, name: str, values: Mapping[str, Any]) -> str: ...

    def render_string(self, source: str, values: Mapping[str, Any]) -> str: ...


@dataclass(frozen=True)
class Draft:
    """One note, ready to proofread and send. `to` is the address the medium needs."""

    kind: str
    contact: str | None
    medium: Medium
    to: str | None
    subject: str | None
    body: str
    cover: str | None = None
    """A fax's cover sheet."""
    choices: tuple[int, ...] = field(default=(), compare=False)
    """Which phrase of each bank the note uses (for explaining and testing variation)."""


class NoProfile(AfterviewError):
    """Notes need a signature."""

    def __init__(self) -> None:
        super().__init__("no profile yet: notes need your name to sign them", Remedy(Fix.PROFILE))


def first_name(name: str) -> str:
    """The name to greet someone by informally: their given name past any title or
    honorific when the name says it surely, else the whole name (`greetings.py`)."""
    return given_name(name)


def as_sentence(strength: str) -> str:
    """A strength as a sentence of its own: "Led a team..." becomes "I led a team..."."""
    text = strength.strip().rstrip(".;")
    if LEADING_VERB.match(text):
        text = "I " + text[0].lower() + text[1:]
    return text + "."


def format_day(day: dt.date, country: str) -> str:
    """ "November 20" in the US and Canada, "20 November" elsewhere."""
    month = day.strftime("%B")
    return f"{month} {day.day}" if country in US_STYLE_DATES else f"{day.day} {month}"


def format_date(day: dt.date, country: str) -> str:
    return (
        f"{format_day(day, country)}, {day.year}"
        if country in US_STYLE_DATES
        else f"{format_day(day, country)} {day.year}"
    )


def _seed(*parts: str) -> int:
    """A stable number from text: the same records give the same choices, run after run."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


@dataclass(frozen=True)
class _Panel:
    """Everything the notes to one interview's panel share."""

    application: Application
    interview: Interview
    profile: Profile
    contacts: Mapping[str, Contact]
    today: dt.date

    @property
    def country(self) -> str:
        return self.profile.country

    def shared_values(self) -> dict[str, Any]:
        app, profile = self.application, self.profile
        return {
            "company": app.company,
            "role": app.role,
            "day": format_day(self.interview.day, self.country),
            "date": format_date(self.today, self.country),
            "kind": KIND_WORDS.get(self.interview.kind or InterviewKind.OTHER, "interview"),
            "sender": profile,
            "sender_first": first_name(profile.name),
        }

    def strengths_for(self, contact_id: str) -> list[str]:
        """The two strengths that matter most for this job and this interviewer."""
        app = self.application
        query = " ".join(
            filter(None, (app.job_description, app.role, self.interview.topics.get(contact_id)))
        )
        return rank_strengths(list(self.profile.strengths), query)[:2]


def thank_you_drafts(
    pipeline: Pipeline, interview_id: str, templates: NoteTemplates, today: dt.date
) -> list[Draft]:
    """A thank-you to each interviewer of an interview, none a copy of another (S5, S7)."""
    if pipeline.profile is None:
        raise NoProfile
    application, interview = pipeline.interview(interview_id)
    panel = _Panel(application, interview, pipeline.profile, pipeline.contact_map(), today)
    phrases = templates.phrases()
    drafts: list[Draft] = []
    for position, contact_id in enumerate(interview.interviewers):
        drafts.append(
            _distinct_draft(
                panel, phrases, templates, position, contact_id, [draft.body for draft in drafts]
            )
        )
    return drafts


def _distinct_draft(
    panel: _Panel,
    phrases: Mapping[str, Sequence[str]],
    templates: NoteTemplates,
    position: int,
    contact_id: str,
    others: list[str],
) -> Draft:
    """Draw choices until the note is far enough from the panel's others (S5)."""
    best: Draft | None = None
    best_score = 2.0
    for draw in range(MAX_DRAWS):
        choices = _choices(panel.interview.id, phrases, position, draw)
        draft = _thank_you(panel, phrases, templates, contact_id, choices)
        score = most_alike(draft.body, others)
        if score <= MAX_SIMILARITY:
            return draft
        if score < best_score:
            best, best_score = draft, score
    assert best is not None
    return best


def _choices(
    interview_id: str, phrases: Mapping[str, Sequence[str]], position: int, draw: int
) -> tuple[int, ...]:
    """Phrase indices: a per-interview start, then a different phrase per panel seat.

    Seats step through each bank by a stride that is coprime with its size, so up to
    `len(bank)` people get distinct phrases in every slot; a re-draw shifts further.
    """
    picked = []
    for slot in SLOTS:
        size = max(len(phrases.get(slot, ())), 1)
        start = _seed(interview_id, slot) % size
        stride = next(s for s in (3, 7, 5, 1) if size % s or s == 1)
        picked.append((start + position * stride + draw * (stride + 1)) % size)
    return tuple(picked)


def _thank_you(
    panel: _Panel,
    phrases: Mapping[str, Sequence[str]],
    templates: NoteTemplates,
    contact_id: str,
    choices: tuple[int, ...],
) -> Draft:
    contact = panel.contacts.get(contact_id) or Contact(contact_id, contact_id)
    medium = medium_for(contact, panel.application)
    topic = panel.interview.topics.get(contact_id)
    values = panel.shared_values() | {
        **greeting_values(contact, medium in (Medium.MAIL, Medium.FAX), panel.country),
        "name": contact.name,
        "recipient": contact,
        "topic": topic,
        "strengths": _strength_sentences(panel.strengths_for(contact_id), choices),
    }
    words = _words(phrases, choices, values, templates)
    values |= words | {"about": words["topic"] if topic else words["no_topic"]}
    return _by_medium(panel, templates, contact, medium, values, choices)


def _strength_sentences(strengths: list[str], choices: tuple[int, ...]) -> list[str]:
    """The strengths as sentences; every other draw tells them in the other order (S5)."""
    ordered = strengths[::-1] if sum(choices) % 2 else strengths
    return [as_sentence(strength) for strength in ordered]


def _words(
    phrases: Mapping[str, Sequence[str]],
    choices: tuple[int, ...],
    values: Mapping[str, Any],
    templates: NoteTemplates,
) -> dict[str, str]:
    words = {}
    for slot, index in zip(SLOTS, choices, strict=True):
        bank = phrases.get(slot) or [""]
        words[slot] = templates.render_string(bank[index % len(bank)], values).strip()
    return words


def _by_medium(
    panel: _Panel,
    templates: NoteTemplates,
    contact: Contact,
    medium: Medium,
    values: dict[str, Any],
    choices: tuple[int, ...],
) -> Draft:
    reach = contact.reach(medium)
    if medium is Medium.EMAIL:
        return Draft(
            "thank_you",
            contact.id,
            medium,
            reach,
            values["subject"],
            templates.render("notes/thank_you_email.txt.j2", values),
            choices=choices,
        )
    if medium is Medium.PHONE:
        return Draft(
            "thank_you",
            contact.id,
            medium,
            reach,
            None,
            templates.render("notes/thank_you_call.txt.j2", values),
            choices=choices,
        )
    letter = templates.render("notes/thank_you_letter.txt.j2", values)
    cover = templates.render("notes/fax_cover.txt.j2", values) if medium is Medium.FAX else None
    return Draft(
        "thank_you", contact.id, medium, reach, values["subject"], letter, cover, choices=choices
    )


NOTE_KINDS = ("follow_up", "reference_alert", "leverage", "reconnect", "keep_in_touch")


def _employer_contact(
    pipeline: Pipeline, application: Application, contact_id: str | None
) -> Contact | None:
    """Who to address at the employer: the one asked for, else the latest interview's first."""
    if contact_id is not None:
        return pipeline.contact(contact_id)
    latest = application.latest_interview
    if latest is None or not latest.interviewers:
        return None
    return pipeline.contact_map().get(latest.interviewers[0])


def _note_values(
    pipeline: Pipeline, application: Application | None, contact: Contact | None, today: dt.date
) -> dict[str, Any]:
    if pipeline.profile is None:
        raise NoProfile
    profile = pipeline.profile
    latest = application.latest_interview if application else None
    query = (
        " ".join(filter(None, (application.job_description, application.role)))
        if application
        else ""
    )
    strengths = rank_strengths(list(profile.strengths), query)[:2]
    return {
        "sender": profile,
        "sender_first": first_name(profile.name),
        "company": application.company if application else (contact.company if contact else None),
        "role": application.role if application else None,
        "application_id": application.id if application else None,
        "day": format_day(latest.day, profile.country) if latest else None,
        "date": format_date(today, profile.country),
        "decision": format_day(latest.decision_expected, profile.country)
        if latest and latest.decision_expected
        else None,
        "topic": latest.topics.get(contact.id) if latest and contact else None,
        "contact": contact,
        **greeting_values(contact, False, profile.country),
        "strengths": [as_sentence(strength) for strength in strengths],
        "fit": "I believe my experience is a strong match for the role.",
    }


def _note(
    kind: str,
    template: str,
    values: Mapping[str, Any],
    templates: NoteTemplates,
    contact: Contact | None,
    medium: Medium,
    subject: str | None,
) -> Draft:
    return Draft(
        kind,
        contact.id if contact else None,
        medium,
        contact.reach(medium) if contact else None,
        subject,
        templates.render(template, values),
    )


def call_script(
    pipeline: Pipeline,
    application_id: str,
    templates: NoteTemplates,
    today: dt.date,
    contact_id: str | None = None,
) -> Draft:
    """S11: what to say on the follow-up call: thanks, the timeline, two strengths, the ask."""
    application = pipeline.application(application_id)
    contact = _employer_contact(pipeline, application, contact_id)
    values = _note_values(pipeline, application, contact, today)
    values["strengths"] = [s.rstrip(".") for s in values["strengths"]]
    return _note(
        "call_script", "notes/call_script.txt.j2", values, templates, contact, Medium.PHONE, None
    )


def other_note(
    kind: str,
    pipeline: Pipeline,
    templates: NoteTemplates,
    today: dt.date,
    application_id: str | None = None,
    contact_id: str | None = None,
    name_other: bool = False,
) -> Draft:
    """The playbook's other notes: follow-up (S13), reference alert (S9), leverage (S15),
    reconnect (S16) and keep-in-touch (S16)."""
    if kind not in NOTE_KINDS:
        raise InvalidInput(
            [f"note: no note of kind {kind!r} (one of: {', '.join(NOTE_KINDS)})"], True
        )
    if kind == "keep_in_touch":
        return _keep_in_touch(pipeline, templates, today, contact_id)
    if application_id is None:
        raise InvalidInput([f"application: a {kind} note is about an application"], True)
    application = pipeline.application(application_id)
    if kind == "reference_alert":
        return _reference_alert(pipeline, application, templates, today, contact_id)
    contact = _employer_contact(pipeline, application, contact_id)
    values = _note_values(pipeline, application, contact, today)
    medium = medium_for(contact, application) if contact else Medium.EMAIL
    if kind == "follow_up":
        return _note(
            kind,
            "notes/follow_up_email.txt.j2",
            values,
            templates,
            contact,
            Medium.EMAIL,
            f"Following up: {application.role}",
        )
    if kind == "leverage":
        values |= _offer_values(pipeline, application, name_other)
        return _note(
            kind,
            "notes/leverage.txt.j2",
            values,
            templates,
            contact,
            medium,
            f"An update on my search: {application.role}",
        )
    if kind == "reconnect":
        return _note(
            kind,
            "notes/reconnect.txt.j2",
            values,
            templates,
            contact,
            medium,
            f"Thank you, and staying in touch after the {application.role} process",
        )
    raise AssertionError(kind)  # every kind of NOTE_KINDS is handled above


def _offer_values(pipeline: Pipeline, application: Application, name_other: bool) -> dict[str, Any]:
    """S15: the offer in hand to mention; the other employer is named only if asked."""
    offers = [a for a in pipeline.applications if a.offer and a.id != application.id]
    if not offers:
        raise AfterviewError("no offer recorded to use as leverage", Remedy(Fix.RECORD_OFFER))
    holder = max(offers, key=lambda a: a.offer.received_on if a.offer else dt.date.min)
    assert holder.offer is not None
    assert pipeline.profile is not None
    deadline = holder.offer.deadline
    return {
        "other_company": holder.company,
        "name_other": name_other,
        "deadline": format_date(deadline, pipeline.profile.country) if deadline else None,
    }


def _reference_alert(
    pipeline: Pipeline,
    application: Application,
    templates: NoteTemplates,
    today: dt.date,
    reference_id: str | None,
) -> Draft:
    """S9: tell a reference who may call, about what, and what to stress."""
    profile = pipeline.profile
    if reference_id is None:
        if profile is None or not profile.references:
            raise InvalidInput(
                ["contact: no reference to alert: name one, or add a reference"],
                True,
                Remedy(Fix.ADD_REFERENCE),
            )
        reference_id = profile.references[0]
    reference = pipeline.contact(reference_id)
    values = _note_values(pipeline, application, reference, today)
    contacts = pipeline.contact_map()
    people = dict.fromkeys(p for iv in application.interviews for p in iv.interviewers)
    values["callers"] = [_describe(contacts[p]) for p in people if p in contacts]
    values["company"], values["role"] = application.company, application.role
    return _note(
        "reference_alert",
        "notes/reference_alert.txt.j2",
        values,
        templates,
        reference,
        medium_for(reference, application),
        f"A heads-up: {application.company} may call you",
    )


def _describe(contact: Contact) -> str:
    return ", ".join(filter(None, (contact.name, contact.title)))


def _keep_in_touch(
    pipeline: Pipeline, templates: NoteTemplates, today: dt.date, contact_id: str | None
) -> Draft:
    """S16: a short, warm check-in with someone in the network."""
    if contact_id is None:
        raise InvalidInput(["contact: a keep_in_touch note is to someone"], True)
    contact = pipeline.contact(contact_id)
    values = _note_values(pipeline, None, contact, today)
    dates = [t.on for t in pipeline.touches if t.contact == contact_id]
    values["last"] = format_day(max(dates), values["sender"].country) if dates else None
    medium = contact.medium or Medium.EMAIL
    return _note(
        "keep_in_touch",
        "notes/keep_in_touch.txt.j2",
        values,
        templates,
        contact,
        medium,
        "Catching up",
    )
