"""What a message in the user's mailbox means for the job search (docs/inbox.md).

`read_message` sorts one parsed email against the pipeline: a reply from an employer
(found by its thread, else by the sender's address, else by the one employer whose
domain it is), a calendar invitation, a thank-you the user sent from their own mail
program, something to review (anything it is not sure of), or nothing. It decides;
the inbox service records. Pure: no I/O, and never a status change — a message that
reads like a rejection or an offer waits for the user to confirm it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from afterview.domain.actions import Action, ActionKind
from afterview.domain.mail import Folder, Message
from afterview.domain.mailtext import Asked, DateRequest, Reading, date_request, reads_like
from afterview.domain.model import Application, Contact, Interview, Pipeline

FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "fastmail.com",
        "fastmail.fm",
        "zoho.com",
        "yandex.com",
        "hey.com",
    }
)
"""Domains anyone can have an address at: they never say which employer wrote."""

CORPORATE = frozenset(
    {
        *("inc", "incorporated", "corp", "corporation", "co", "company", "llc", "llp"),
        *("ltd", "limited", "plc", "gmbh", "ag", "sa", "sas", "bv", "nv", "srl", "spa"),
        *("pty", "pte", "kk", "group", "holdings", "the"),
    }
)
"""Words of a company's name a domain leaves out ("Acme Corp" writes from acme.com)."""

_READINGS = {Reading.REJECTION: "a rejection", Reading.OFFER: "an offer"}

LATE_THANKS_DAYS = 30
"""How long after its window a note to an interviewer may still be a (late) thank-you."""


@dataclass(frozen=True, slots=True)
class Origin:
    """What a message afterview knows of (sent, or recorded before) was about."""

    application: str | None
    interview: str | None = None
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """An employer's reply: an `employer_reply` touch on the application."""

    application: str
    contact: str | None
    interview: str | None
    """The latest interview held on or before the message, if any."""
    requested: DateRequest | None = None
    """A date the employer named (always with `on`: an unclear one goes to review)."""


@dataclass(frozen=True, slots=True)
class Invitation:
    """A calendar invitation from the employer: an interview on the application."""

    application: str
    contact: str | None


@dataclass(frozen=True, slots=True)
class ThankYou:
    """A thank-you the user sent from their own mail program: one per interviewer named."""

    application: str
    interview: str
    contacts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Review:
    """Something the user must confirm or dismiss, with what afterview made of it."""

    reason: str
    application: str | None = None
    contact: str | None = None
    requested_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Ignore:
    """Nothing for the job search (the user's own mail, a newsletter, a note already known)."""

    reason: str


Finding = Reply | Invitation | ThankYou | Review | Ignore


@dataclass
class Directory:
    """The pipeline, indexed for reading mail: who is who by address, whose domain is whose.

    Built once per sync (`Directory.of`), so that reading 2,000 messages costs 2,000
    dictionary look-ups, not 2,000 passes over the pipeline."""

    pipeline: Pipeline
    me: frozenset[str]
    """The user's own addresses (the profile's email)."""
    origins: Mapping[str, Origin]
    """Message-ID → what it was about: every note afterview sent, every touch with one."""
    contacts: dict[str, Contact] = field(default_factory=dict)
    """By email address, lower-cased."""
    applications_of: dict[str, list[str]] = field(default_factory=dict)
    """Contact id → the applications they are part of, in pipeline order."""
    by_domain: dict[str, list[str]] = field(default_factory=dict)
    """An employer's domain → the applications at it."""
    interviews_of: dict[str, list[tuple[Application, Interview]]] = field(default_factory=dict)
    """Contact id → the interviews they sat on."""

    @classmethod
    def of(cls, pipeline: Pipeline, origins: Mapping[str, Origin]) -> Directory:
        profile = pipeline.profile
        me = frozenset({profile.email.lower()} if profile and profile.email else ())
        found = cls(pipeline, me, origins)
        for contact in pipeline.contacts:
            if contact.email and contact.email.lower() not in me:
                found.contacts.setdefault(contact.email.lower(), contact)
        links: dict[str, dict[str, None]] = {}
        by_company: dict[str, list[str]] = {}
        for application in pipeline.applications:
            by_company.setdefault(_company_key(application.company), []).append(application.id)
            for interview in application.interviews:
                for contact_id in interview.interviewers:
                    links.setdefault(contact_id, {})[application.id] = None
                    found.interviews_of.setdefault(contact_id, []).append((application, interview))
        for touch in pipeline.touches:
            if touch.contact and touch.application:
                links.setdefault(touch.contact, {})[touch.application] = None
        for contact in pipeline.contacts:
            for application_id in by_company.get(_company_key(contact.company or ""), []):
                links.setdefault(contact.id, {})[application_id] = None
        found.applications_of = {key: list(value) for key, value in links.items()}
        domains: dict[str, dict[str, None]] = {}
        for application in pipeline.applications:
            for domain in _company_domains(application.company):
                domains.setdefault(domain, {})[application.id] = None
        for contact in pipeline.contacts:
            domain = (contact.email or "").rpartition("@")[2].lower()
            if domain and domain not in FREE_MAIL and contact.email not in me:
                for application_id in found.applications_of.get(contact.id, []):
                    domains.setdefault(domain, {})[application_id] = None
        found.by_domain = {key: list(value) for key, value in domains.items()}
        return found

    def application(self, application_id: str) -> Application:
        return self.applications[application_id]

    @cached_property
    def applications(self) -> dict[str, Application]:
        """By id (made once: Pipeline.application builds the map at every call)."""
        return self.pipeline.application_map()

    @cached_property
    def employer_names(self) -> re.Pattern[str]:
        """Any employer of the pipeline named, as a word (made once: one search a message)."""
        names = sorted(
            {a.company.casefold().strip() for a in self.pipeline.applications} - {""},
            key=len,
            reverse=True,
        )
        if not names:
            return re.compile(r"(?!x)x")  # matches nothing
        return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")

    def domain_applications(self, domain: str) -> list[str]:
        """The applications at this domain or a domain it is part of (mail.acme.com: acme.com)."""
        labels = domain.lower().split(".")
        for start in range(len(labels) - 1):
            found = self.by_domain.get(".".join(labels[start:]))
            if found:
                return found
        return self.by_domain.get(_registered_label(domain), [])


def read_message(
    message: Message,
    directory: Directory,
    thank_yous: Sequence[Action] = (),
) -> Finding:
    """What `message` means for the job search. `thank_yous` are the open `thank_you`
    actions, whose windows say when a note in Sent is a thank-you (S5)."""
    if message.folder is Folder.SENT:
        return _sent(message, directory, thank_yous)
    sender = message.sender
    if sender is None:
        return Ignore("no sender")
    if sender.email in directory.me:
        return Ignore("written by you")
    found = _about(message, directory)
    if isinstance(found, Review):
        reading = reads_like(message.subject, message.text)
        if reading is not None:  # said first: it is what the user must act on
            return replace(found, reason=f"reads like {_READINGS[reading]}; {found.reason}")
        return found
    if isinstance(found, Ignore):
        return found
    application_id, contact_id = found
    return _employer_message(message, directory, application_id, contact_id)


def _about(message: Message, directory: Directory) -> tuple[str, str | None] | Review | Ignore:
    """The application a received message is about, and who wrote it: by its thread, else
    by the sender's address, else by the employer's domain."""
    assert message.sender is not None
    contact = directory.contacts.get(message.sender.email)
    contact_id = contact.id if contact is not None else None
    for reference in message.references:
        origin = directory.origins.get(reference)
        if origin is not None and origin.application is not None:
            return origin.application, contact_id
    if contact is not None:
        chosen = _one(directory, directory.applications_of.get(contact.id, []))
        if isinstance(chosen, str):
            return chosen, contact.id
        if chosen:
            return _two_applications(directory, chosen, contact.id)
    by_domain = _one(directory, directory.domain_applications(message.sender.domain))
    if isinstance(by_domain, str):
        return by_domain, contact_id
    if by_domain:
        return _two_applications(directory, by_domain, contact_id)
    if message.bulk and not _names_an_employer(message, directory):
        return Ignore("a mailing list or an automatic message")
    if contact is not None:
        return Review(f"from {contact.name}, who is part of no application", contact=contact.id)
    return Review(f"from someone afterview does not know ({message.sender.domain})")


def _one(directory: Directory, application_ids: list[str]) -> str | list[str]:
    """The one application meant: the only one, else the only active one; else all of them."""
    if len(application_ids) == 1:
        return application_ids[0]
    active = [a for a in application_ids if directory.application(a).status.active]
    if len(active) == 1:
        return active[0]
    return active or application_ids


def _two_applications(
    directory: Directory, application_ids: list[str], contact: str | None
) -> Review:
    companies = sorted({directory.application(a).company for a in application_ids})
    where = companies[0] if len(companies) == 1 else " and ".join(companies)
    roles = ", ".join(directory.application(a).role for a in application_ids)
    return Review(
        f"{len(application_ids)} applications at {where} ({roles}): which one?", contact=contact
    )


def _employer_message(
    message: Message, directory: Directory, application_id: str, contact_id: str | None
) -> Finding:
    if message.calendars:
        return Invitation(application_id, contact_id)
    reading = reads_like(message.subject, message.text)
    if reading is not None:
        return Review(f"reads like {_READINGS[reading]}", application_id, contact_id)
    interview = held_by(directory.application(application_id), message.day)
    day = message.day
    request = date_request(message.text, day) if day is not None else None
    if request is not None and request.on is None:
        what = "when they will decide" if request.asked is Asked.DECISION else "when to follow up"
        return Review(
            f"says {what} with a date that is not clear: “{request.phrase}”",
            application_id,
            contact_id,
        )
    if request is not None and request.asked is Asked.DECISION and interview is None:
        request = None  # a decision date belongs to an interview; there is none yet
    return Reply(application_id, contact_id, interview.id if interview else None, request)


def held_by(application: Application, day: dt.date | None) -> Interview | None:
    """The latest interview of the application held on or before `day` (a message's)."""
    held = [i for i in application.interviews if day is None or i.day <= day]
    return max(held, key=lambda interview: interview.moment) if held else None


def _sent(message: Message, directory: Directory, thank_yous: Sequence[Action]) -> Finding:
    """A message in Sent is a thank-you when it went to an interviewer whose thank-you for
    an interview held before it is open, and it was written in that thank-you's window."""
    if message.message_id in directory.origins:
        return Ignore("sent by afterview, or recorded already")
    day = message.day
    if day is None:
        return Ignore("your own message, undated")
    recipients = {
        directory.contacts[r.email].id: directory.contacts[r.email]
        for r in message.recipients
        if r.email in directory.contacts
    }
    if not recipients:
        return Ignore("your own message")
    timely: dict[tuple[str, str], list[str]] = {}
    late: list[tuple[Action, Contact]] = []
    for action in thank_yous:
        if action.kind is not ActionKind.THANK_YOU or action.contact not in recipients:
            continue
        assert action.application is not None
        assert action.interview is not None
        _, interview = directory.pipeline.interview(action.interview)
        if not _held_by(interview, message):
            continue
        if action.due_from <= day <= action.due_by:
            timely.setdefault((action.application, action.interview), []).append(action.contact)
        elif action.due_by < day <= action.due_by + dt.timedelta(days=LATE_THANKS_DAYS):
            late.append((action, recipients[action.contact]))
    if timely:
        (application_id, interview_id), contacts = max(
            timely.items(), key=lambda item: directory.pipeline.interview(item[0][1])[1].moment
        )
        return ThankYou(application_id, interview_id, tuple(contacts))
    if late:
        action, contact = late[0]
        return Review(
            f"a note to {contact.name} after the thank-you window: was it your thank-you?",
            action.application,
            contact.id,
        )
    return Ignore("your own message")


def _held_by(interview: Interview, message: Message) -> bool:
    """The interview had begun when the message was written."""
    if message.sent_at is None or message.day is None:
        return False
    if isinstance(interview.at, dt.datetime):
        return interview.at <= message.sent_at
    return interview.day <= message.day


def _names_an_employer(message: Message, directory: Directory) -> bool:
    text = f"{message.subject}\n{message.text[:4000]}".casefold()
    return directory.employer_names.search(text) is not None


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain.replace("&", " and "))


def _company_key(company: str) -> str:
    """A company's name as two spellings of it agree ("Acme Corp." and "ACME Corporation")."""
    words = [word for word in _words(company) if word not in CORPORATE]
    return " ".join(words) or " ".join(_words(company))


def _company_domains(company: str) -> set[str]:
    """The second-level labels an employer's own domain would use: "Acme Corp" is `acme`
    or `acmecorp`; "Blue Harbor Health" is `blueharborhealth` or `blue-harbor-health`."""
    words = _words(company)
    core = [word for word in words if word not in CORPORATE] or words
    if not core:
        return set()
    labels = {"".join(core), "-".join(core), "".join(words), "-".join(words)}
    return {f"@{label}" for label in labels if len(label) >= 3}


def _registered_label(domain: str) -> str:
    """The label a company registers ("acme" of careers.acme.co.uk), as `@label`.

    The public suffix is told by a short rule (a last label, or two when the one before
    it is co/com/org/ac/gov/net/ne/or), not the Public Suffix List: the list is a download
    afterview must not make at run time, and a wrong guess only sends a message to review."""
    labels = [label for label in domain.lower().split(".") if label]
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    return f"@{labels[-1]}" if labels else ""


SECOND_LEVEL = frozenset({"co", "com", "org", "ac", "gov", "net", "ne", "or", "edu"})


def origins_of(
    pipeline: Pipeline, sent: Iterable[tuple[str, str | None, str | None, str | None]]
) -> dict[str, Origin]:
    """Message-ID → what it was about: each note sent (message id, application, interview,
    contact), and each touch that keeps the email behind it."""
    found: dict[str, Origin] = {}
    owners = {
        interview.id: application.id
        for application in pipeline.applications
        for interview in application.interviews
    }
    for message_id, application, interview, contact in sent:
        owner = application or (owners.get(interview) if interview else None)
        found[message_id] = Origin(owner, interview, contact)
    for touch in pipeline.touches:
        if touch.message_id:
            found.setdefault(
                touch.message_id, Origin(touch.application, touch.interview, touch.contact)
            )
    return found
