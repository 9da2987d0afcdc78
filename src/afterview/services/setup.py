"""What the user has set up, as the Settings page shows it, and the test email.

No secret leaves here: mail is described by whether it is set up and its host, never
the URL or the password.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from afterview.domain.model import Contact, Profile
from afterview.errors import AfterviewError, Fix, InvalidInput, Remedy
from afterview.services.outbox import domain_of, new_message_id
from afterview.services.ports import DeliveryFailure, Mail, MailSetup, Ports


@dataclass(frozen=True)
class Number:
    """One playbook number: its name, the value in force, and what it governs."""

    name: str
    value: int
    meaning: str


@dataclass(frozen=True)
class SetupView:
    profile: Profile | None
    references: tuple[Contact, ...]
    candidates: tuple[Contact, ...]
    """Contacts who could be named references."""
    numbers: tuple[Number, ...]
    mail: MailSetup
    fax_gateway: str | None
    fax_problem: str | None
    calendar_token: str
    playbook_file: str


def setup_view(ports: Ports) -> SetupView:
    pipeline = ports.reader.load()
    profile = pipeline.profile
    contacts = pipeline.contact_map()
    named = profile.references if profile else ()
    playbook = ports.playbook.current()
    meanings = playbook.meanings()
    try:
        fax_gateway, fax_problem = ports.fax_gateway, None
    except InvalidInput as error:
        fax_gateway, fax_problem = None, str(error)
    return SetupView(
        profile,
        tuple(contacts[r] for r in named if r in contacts),
        tuple(c for c in pipeline.contacts if c.id not in named),
        tuple(
            Number(f.name, getattr(playbook, f.name), meanings[f.name]) for f in fields(playbook)
        ),
        ports.mail_setup,
        fax_gateway,
        fax_problem,
        ports.calendar_tokens.current(),
        ports.playbook.name,
    )


def send_test_email(ports: Ports) -> str:
    """Send the user a short email through their mail server; returns the address."""
    profile = ports.reader.load().profile
    if profile is None or not profile.email:
        raise AfterviewError("your profile has no email address yet", Remedy(Fix.PROFILE_EMAIL))
    mailer = ports.mailer
    if mailer is None:
        raise AfterviewError("no mail server is set up", Remedy(Fix.SMTP))
    mail = Mail(
        profile.name,
        profile.email,
        profile.name,
        profile.email,
        "afterview test email",
        "This is a test from afterview: your mail settings work.\n",
        new_message_id(domain_of(profile.email)),
    )
    try:
        mailer.send(mail)
    except DeliveryFailure as failure:
        raise type(failure)(f"the test email did not go out: {failure}") from None
    return profile.email
