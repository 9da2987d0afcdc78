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
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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
    Status,
    medium_for,
)
from afterview.domain.phrasing import strength_sentence, topic_phrase
from afterview.domain.relevance import bm25_scores, rank_strengths
from afterview.domain.selfcheck import draft_faults
from afterview.domain.variation import MAX_SIMILARITY, most_alike
from afterview.errors import AfterviewError, Fix, InvalidInput, Remedy

SLOTS = (
    "subject",
    "opening",
    "topic",
    "topic_mine",
    "no_topic",
    "fit",
    "enthusiasm",
    "closing",
    "sign_off",
    "title_line",
)
"""The phrase banks of a thank-you. `topic` holds lines about the employer's side of the
conversation ("your on-call rotation"), `topic_mine` lines about the writer's ("my
portfolio", "whether I would relocate"); a phrase file without `topic_mine` uses `topic`."""
KIND_WORDS = {
    InterviewKind.PHONE: "phone interview",
    InterviewKind.VIDEO: "video interview",
    InterviewKind.ONSITE: "on-site interview",
    InterviewKind.OTHER: "interview",
}
HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame"})
LAYOUTS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("opening", "about"), ("fit", "strengths"), ("enthusiasm", "closing")),
    (("opening",), ("about", "title_line", "fit", "strengths"), ("enthusiasm", "closing")),
    (("opening", "about", "title_line"), ("fit", "strengths", "enthusiasm"), ("closing",)),
    (("opening", "about"), ("fit", "strengths", "enthusiasm", "closing")),
)
"""How a thank-you's sentences fall into paragraphs: notes of one panel differ in shape
and length as well as in words (S5). A layout with a `title_line` says something of the
person's own job when their title is known."""
STRENGTHS_PER_LAYOUT = (2, 1, 2, 1)
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
    warnings: tuple[str, ...] = ()
    """What the user should know before sending it (a note too alike another, S5)."""


class NoProfile(AfterviewError):
    """Notes need a signature."""

    def __init__(self) -> None:
        super().__init__("no profile yet: notes need your name to sign them", Remedy(Fix.PROFILE))


def first_name(name: str) -> str:
    """The name to greet someone by informally: their given name past any title or
    honorific when the name says it surely, else the whole name (`greetings.py`)."""
    return given_name(name)


def as_sentence(strength: str) -> str:
    """A strength as a sentence of its own ("Skilled in SQL" -> "I am skilled in SQL.")."""
    return strength_sentence(strength)


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


def time_since(last: dt.date, today: dt.date) -> str:
    """How long ago, as a person would say it: "a few days", "a couple of weeks"."""
    days = (today - last).days
    if days < 10:
        return "a few days"
    if days < 21:
        return "a couple of weeks"
    if days < 46:
        return "about a month"
    if days < 76:
        return "a couple of months"
    if days < 300:
        return "several months"
    return "about a year" if days < 420 else "more than a year"


def _seed(*parts: str) -> int:
    """A stable number from text: the same records give the same choices, run after run."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row (where a value was empty)."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


class DraftFault(AfterviewError):
    """afterview could not draft a note free of its own faults: it shows none rather than a
    faulty one."""

    def __init__(self, kind: str, faults: Sequence[str]) -> None:
        shown = "; ".join(faults[:3])
        super().__init__(
            f"the {kind.replace('_', ' ')} draft came out wrong ({shown}); "
            "check the strengths and topics it uses, or write this note yourself"
        )


def _checked(kind: str, draft: Draft) -> Draft:
    faults = draft_faults(draft.body) + draft_faults(draft.subject or "")
    if faults:
        raise DraftFault(kind, faults)
    return draft


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

    def contact(self, contact_id: str) -> Contact:
        return self.contacts.get(contact_id) or Contact(contact_id, contact_id)

    def strength_scores(self, contact_id: str) -> list[float]:
        """How much each strength matters to this job and, twice over, to this person's
        topic and title."""
        strengths = list(self.profile.strengths)
        app = self.application
        job = " ".join(filter(None, (app.job_description, app.role)))
        personal = " ".join(
            filter(None, (self.interview.topics.get(contact_id), self.contact(contact_id).title))
        )
        return [
            general + 2 * own
            for general, own in zip(
                bm25_scores(strengths, job), bm25_scores(strengths, personal), strict=True
            )
        ]


def spread_strengths(
    strengths: Sequence[str], scores: Sequence[float], used: Mapping[str, int], count: int
) -> list[str]:
    """The `count` strengths to tell one interviewer: the most relevant to them among those
    the panel's earlier notes used least, so the panel hears all of them (S5, S7)."""
    top = max(scores, default=0.0) or 1.0
    order = sorted(
        range(len(strengths)),
        key=lambda index: (used.get(strengths[index], 0) - scores[index] / top, index),
    )
    return [strengths[index] for index in order[:count]]


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
    used: Counter[str] = Counter()
    for position, contact_id in enumerate(interview.interviewers):
        draft, told = _distinct_draft(panel, phrases, templates, position, contact_id, drafts, used)
        used.update(told)
        drafts.append(draft)
    return drafts


def _distinct_draft(
    panel: _Panel,
    phrases: Mapping[str, Sequence[str]],
    templates: NoteTemplates,
    position: int,
    contact_id: str,
    others: Sequence[Draft],
    used: Mapping[str, int],
) -> tuple[Draft, list[str]]:
    """Draw choices until the note is sound and far enough from the panel's others (S5).

    A draw with a fault of afterview's own (`selfcheck.py`) is never kept. Among sound
    draws the first is taken that is at most `MAX_SIMILARITY` alike every other note,
    has a subject of its own and names the company or the role (S7); failing that, the
    one that misses least, with a warning when it is too alike another."""
    best: tuple[tuple[float, ...], Draft, list[str]] | None = None
    faults: list[str] = []
    scores = panel.strength_scores(contact_id)
    bodies = [other.body for other in others]
    subjects = {other.subject for other in others}
    app = panel.application
    for draw in range(MAX_DRAWS):
        choices = _choices(panel.interview.id, phrases, position, draw)
        told = spread_strengths(
            panel.profile.strengths, scores, used, STRENGTHS_PER_LAYOUT[choices[-1]]
        )
        draft = _thank_you(panel, phrases, templates, contact_id, choices, told)
        found = draft_faults(draft.body) + draft_faults(draft.subject or "")
        if found:
            faults = faults or found
            continue
        score = most_alike(draft.body, bodies)
        names_job = app.company in draft.body or app.role in draft.body
        misses = (int(score > MAX_SIMILARITY), int(draft.subject in subjects) + (not names_job))
        if misses == (0, 0):
            return draft, told
        if best is None or (*misses, score) < best[0]:
            best = ((*misses, score), draft, told)
    if best is None:
        raise DraftFault("thank_you", faults)
    (too_alike, _, score), draft, told = best
    if not too_alike:
        return draft, told
    warning = (
        f"this note is {round(score * 100)}% alike another of the panel's (the guard "
        f"is {round(MAX_SIMILARITY * 100)}%): change a sentence or two, in case they compare"
    )
    return replace(draft, warnings=(*draft.warnings, warning)), told


def _choices(
    interview_id: str, phrases: Mapping[str, Sequence[str]], position: int, draw: int
) -> tuple[int, ...]:
    """Phrase indices, then a layout: a per-interview start, then a different phrase per
    panel seat.

    Seats step through each bank by a stride that is coprime with its size, so up to
    `len(bank)` people get distinct phrases in every slot; a re-draw shifts further, all
    but the subject, which stays the seat's own so that no two subjects of a panel match.
    """
    picked = []
    sizes = [(slot, max(len(phrases.get(slot, ())), 1)) for slot in SLOTS]
    for number, (slot, size) in enumerate([*sizes, ("layout", len(LAYOUTS))]):
        start = _seed(interview_id, slot) % size
        stride = next(s for s in (7, 5, 3, 1) if size % s or s == 1)
        # each slot moves by its own step, so a redrawn note never lands on another seat's
        shift = 0 if slot == "subject" else draw * (number + 1)
        picked.append((start + position * stride + shift) % size)
    return tuple(picked)


def _thank_you(
    panel: _Panel,
    phrases: Mapping[str, Sequence[str]],
    templates: NoteTemplates,
    contact_id: str,
    choices: tuple[int, ...],
    strengths: list[str],
) -> Draft:
    contact = panel.contact(contact_id)
    medium = medium_for(contact, panel.application)
    topic = topic_phrase(panel.interview.topics.get(contact_id))
    values = panel.shared_values() | {
        **greeting_values(contact, medium in (Medium.MAIL, Medium.FAX), panel.country),
        "name": contact.name,
        "recipient": contact,
        "title": as_title(contact.title),
        "topic": topic.text if topic else None,
        "strengths": [strength_sentence(strength) for strength in strengths],
    }
    words = _words(phrases, choices, values, templates)
    if topic is None:
        about = words["no_topic"]
    else:
        about = words["topic_mine"] if topic.mine and "topic_mine" in phrases else words["topic"]
    values |= words | {"about": about}
    layout = LAYOUTS[choices[-1]]
    values["paragraphs"] = [
        " ".join(
            text
            for name in paragraph
            for text in (values["strengths"] if name == "strengths" else [_optional(values, name)])
            if text
        )
        for paragraph in layout
    ]
    return _by_medium(panel, templates, contact, medium, values, choices)


def _optional(values: Mapping[str, Any], name: str) -> str:
    """A sentence of the layout; the title line only when the person's title is known."""
    if name == "title_line" and not values.get("title"):
        return ""
    return str(values.get(name) or "")


def _words(
    phrases: Mapping[str, Sequence[str]],
    choices: tuple[int, ...],
    values: Mapping[str, Any],
    templates: NoteTemplates,
) -> dict[str, str]:
    words = {}
    for slot, index in zip(SLOTS, choices, strict=False):
        bank = phrases.get(slot) or phrases.get("topic" if slot == "topic_mine" else "") or [""]
        if slot == "title_line" and not values.get("title"):
            words[slot] = ""
            continue
        words[slot] = _fill(bank[index % len(bank)], values, templates).strip()
    return words


PLAIN_NAME = re.compile(r"\{\{\s*(\w+)\s*\}\}")
TEMPLATE_MARK = re.compile(r"\{[{%#]")


def _fill(phrase: str, values: Mapping[str, Any], templates: NoteTemplates) -> str:
    """A phrase with its values: one that only names values (`{{ role }}`) is filled here,
    which is what Jinja would print; any other goes through the templates."""
    names = PLAIN_NAME.findall(phrase)
    if all(values.get(name) is not None for name in names):
        filled = PLAIN_NAME.sub(lambda found: str(values[found.group(1)]), phrase)
        if not TEMPLATE_MARK.search(PLAIN_NAME.sub("", phrase)):
            return filled
    return templates.render_string(phrase, values)


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
            _tidy(templates.render("notes/thank_you_email.txt.j2", values)),
            choices=choices,
        )
    if medium is Medium.PHONE:
        return Draft(
            "thank_you",
            contact.id,
            medium,
            reach,
            None,
            _tidy(templates.render("notes/thank_you_call.txt.j2", values)),
            choices=choices,
        )
    letter_values = values | _letter_blocks(values["paragraphs"], values["sign_off"])
    letter = _tidy(templates.render("notes/thank_you_letter.txt.j2", letter_values))
    cover = templates.render("notes/fax_cover.txt.j2", values) if medium is Medium.FAX else None
    return Draft(
        "thank_you", contact.id, medium, reach, values["subject"], letter, cover, choices=choices
    )


def _letter_blocks(paragraphs: Sequence[str], sign_off: str) -> dict[str, Any]:
    """A note's paragraphs in the places the letter template has for them.

    The letter template lays out three paragraphs (opening and topic; fit and strengths;
    enthusiasm and closing); any note's paragraphs fill them in order, the middle one
    taking all but the first and the last."""
    first, *middle = paragraphs or [""]
    last = middle.pop() if middle else ""
    return {
        "opening": first,
        "about": "",
        "fit": "\n\n".join(middle),
        "strengths": [],
        "enthusiasm": last,
        "closing": "",
        "sign_off": sign_off,
    }


NOTE_KINDS = ("follow_up", "reference_alert", "leverage", "reconnect", "keep_in_touch")
FITS = {
    "follow_up": ("an application awaiting the employer's answer (applied, interviewing)"),
    "call_script": "an application awaiting the employer's answer, after an interview",
    "reference_alert": "an active application with an interview (applied, interviewing, offer)",
    "leverage": "an application awaiting the employer's answer (applied, interviewing)",
    "reconnect": "a closed application (rejected)",
}
"""Which application each note is for (docs/playbook.md, Actions)."""


class UnfitNote(AfterviewError):
    """A note of a kind that does not fit where the application stands."""


def fitting_kind(application: Application) -> str:
    """The note that fits an application where it stands, as the playbook has it."""
    status = application.status
    if status is Status.REJECTED:
        return "reconnect"
    if status.awaiting_decision:
        return "follow_up"
    if status is Status.OFFER:
        return "leverage (to another employer you are still waiting on)"
    return "keep_in_touch"


def check_fit(kind: str, application: Application) -> None:
    """Refuse a note that does not fit the application's status, naming the one that does."""
    status = application.status
    interviewed = bool(application.interviews)
    fits = {
        "follow_up": status.awaiting_decision,
        "call_script": status.awaiting_decision and interviewed,
        "reference_alert": status.active and interviewed,
        "leverage": status.awaiting_decision,
        "reconnect": status is Status.REJECTED,
    }[kind]
    if fits:
        return
    where = status.value
    if kind in ("call_script", "reference_alert") and not interviewed:
        where += " with no interview recorded"
    fitting = fitting_kind(application)
    advice = f"a {fitting} fits" if fitting != kind else "record the interview first"
    raise UnfitNote(f"{kind} is for {FITS[kind]}; {application.id} is {where}: {advice}")


def is_first_choice(pipeline: Pipeline, application: Application) -> bool:
    """True only for the one open application the user rates above every other.

    "First choice" is said to at most one employer: the single highest `interest`
    among active applications, and never to one that is closed."""
    if not application.status.active or application.interest is None:
        return False
    rated = [a.interest for a in pipeline.applications if a.status.active and a.interest]
    top = max(rated, default=0)
    return application.interest == top and rated.count(top) == 1


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
    query = " ".join(
        filter(
            None,
            (
                application.job_description if application else None,
                application.role if application else None,
                contact.title if contact else None,
            ),
        )
    )
    strengths = rank_strengths(list(profile.strengths), query)[:2]
    topic = topic_phrase(latest.topics.get(contact.id)) if latest and contact else None
    return {
        "sender": profile,
        "sender_first": first_name(profile.name),
        "company": application.company if application else (contact.company if contact else None),
        "role": application.role if application else None,
        "application_id": application.id if application else None,
        "day": format_day(latest.day, profile.country) if latest else None,
        "kind": KIND_WORDS.get(latest.kind or InterviewKind.OTHER) if latest else None,
        "applied": format_day(application.applied_on, profile.country)
        if application and application.applied_on
        else None,
        "date": format_date(today, profile.country),
        "decision": format_day(latest.decision_expected, profile.country)
        if latest and latest.decision_expected
        else None,
        "topic": topic.text if topic else None,
        "contact": contact,
        "recipient": contact,
        "title": contact.title if contact else None,
        **greeting_values(contact, False, profile.country),
        "strengths": [strength_sentence(strength) for strength in strengths],
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
    """A note by its medium: as written for email or a call, as a letter for mail and fax."""
    body = _tidy(templates.render(template, values))
    cover = None
    if medium in (Medium.MAIL, Medium.FAX) and contact is not None:
        body, cover = _on_paper(body, values, templates, medium, subject)
    return _checked(
        kind,
        Draft(
            kind,
            contact.id if contact else None,
            medium,
            contact.reach(medium) if contact else None,
            subject,
            body,
            cover,
        ),
    )


def _on_paper(
    body: str,
    values: Mapping[str, Any],
    templates: NoteTemplates,
    medium: Medium,
    subject: str | None,
) -> tuple[str, str | None]:
    """A note written for email, as the business letter the thank-yous use (S6).

    The email's blocks are its salutation, its paragraphs, and its sign-off with the
    signature; the letter template gives the paper's own heading and salutation."""
    blocks = body.strip().split("\n\n")
    paragraphs, sign_off = blocks[1:-1], blocks[-1].splitlines()[0]
    letter_values = dict(values) | {"company": values.get("company") or ""}
    letter_values |= _letter_blocks(paragraphs, sign_off)
    letter = _tidy(templates.render("notes/thank_you_letter.txt.j2", letter_values))
    if medium is not Medium.FAX:
        return letter, None
    cover = templates.render("notes/fax_cover.txt.j2", letter_values | {"role": values["role"]})
    if subject:  # the cover's "Re:" line names what this note is about, not an interview
        cover = re.sub(r"(?m)^(Re:\s+).*$", lambda m: m.group(1) + subject, cover)
    return letter, cover


def call_script(
    pipeline: Pipeline,
    application_id: str,
    templates: NoteTemplates,
    today: dt.date,
    contact_id: str | None = None,
) -> Draft:
    """S11: what to say on the follow-up call: thanks, the timeline, two strengths, the ask."""
    application = pipeline.application(application_id)
    check_fit("call_script", application)
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
    reconnect (S16) and keep-in-touch (S16), each refused where it does not fit."""
    if kind not in NOTE_KINDS:
        raise InvalidInput(
            [f"note: no note of kind {kind!r} (one of: {', '.join(NOTE_KINDS)})"], True
        )
    if kind == "keep_in_touch":
        return _keep_in_touch(pipeline, templates, today, contact_id)
    if application_id is None:
        raise InvalidInput([f"application: a {kind} note is about an application"], True)
    application = pipeline.application(application_id)
    check_fit(kind, application)
    if kind == "reference_alert":
        return _reference_alert(pipeline, application, templates, today, contact_id)
    contact = _employer_contact(pipeline, application, contact_id)
    values = _note_values(pipeline, application, contact, today)
    medium = medium_for(contact, application) if contact else Medium.EMAIL
    if kind == "follow_up":
        if medium is Medium.PHONE and values["day"]:
            values["strengths"] = [s.rstrip(".") for s in values["strengths"]]
            return _note(kind, "notes/call_script.txt.j2", values, templates, contact, medium, None)
        return _note(
            kind,
            "notes/follow_up_email.txt.j2",
            values,
            templates,
            contact,
            Medium.EMAIL if medium is Medium.PHONE else medium,
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
            _in_writing(medium, contact, kind),
            f"An update on my search: {application.role}",
        )
    if kind == "reconnect":
        return _note(
            kind,
            "notes/reconnect.txt.j2",
            values,
            templates,
            contact,
            _in_writing(medium, contact, kind),
            f"Thank you, and staying in touch after the {application.role} process",
        )
    raise AssertionError(kind)  # every kind of NOTE_KINDS is handled above


def as_title(title: str | None) -> str | None:
    """A job title after "as": a one-word title of many people takes "the" ("as the
    recruiter"), an acronym keeps its capitals ("as the CTO"); a longer title reads as it
    is ("as Head of Data", "as VP Engineering")."""
    if title is None or len(title.split()) != 1:
        return title
    return f"the {title if title.isupper() else title.lower()}"


def _in_writing(medium: Medium, contact: Contact | None, kind: str) -> Medium:
    """The medium of a note that only works in writing (an offer's deadline, a goodbye) to
    someone who prefers the phone: email when they have an address; else there is nothing
    to write, and the user is told to call."""
    if medium is not Medium.PHONE:
        return medium
    if contact is not None and contact.email:
        return Medium.EMAIL
    who = contact.name if contact is not None else "the employer"
    raise AfterviewError(
        f"{who} takes calls, and no email is recorded for a {kind} note: call them instead",
        Remedy(Fix.CALL_SCRIPT),
    )


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
        "first_choice": is_first_choice(pipeline, application),
    }


def _reference_alert(
    pipeline: Pipeline,
    application: Application,
    templates: NoteTemplates,
    today: dt.date,
    reference_id: str | None,
) -> Draft:
    """S9: tell a reference who may call, about what, and what to stress, by the
    reference's own medium (they are not the employer's contact)."""
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
    values["topic"] = None
    return _note(
        "reference_alert",
        "notes/reference_alert.txt.j2",
        values,
        templates,
        reference,
        reference.medium or Medium.EMAIL,
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
    dates = [t.on for t in pipeline.touches if t.contact == contact_id and t.on <= today]
    values["since"] = time_since(max(dates), today) if dates else None
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
