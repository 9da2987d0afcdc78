"""The one error family of afterview: every message is meant for the user's eyes.

Messages are neutral: they say what is wrong, never which flag or button fixes it.
What the user can do about it travels beside the message as a `Remedy`, and each
face phrases it in its own words: `--force` on the command line, a button on a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple


class Fix(StrEnum):
    """The kinds of remedy a face knows how to offer."""

    FORCE = "force"
    """Do it anyway: the refusal is the playbook's advice, not a rule of the data."""
    SEND_ANYWAY = "send_anyway"
    """Send the note as it is, although the proofreader found problems in it."""
    REPLACE = "replace"
    """Import again, replacing the records whose ids exist already."""
    RESEND = "resend"
    """Send again a message whose last attempt was interrupted."""
    PROFILE = "profile"
    """Set up the profile (the name that signs the notes)."""
    PROFILE_EMAIL = "profile_email"
    """Give the profile an email address."""
    CONTACT_REACH = "contact_reach"
    """Record how to reach a contact (`subject` is the contact, `field` what is missing)."""
    SMTP = "smtp"
    """Set AFTERVIEW_SMTP_URL."""
    IMAP = "imap"
    """Set AFTERVIEW_IMAP_URL."""
    FAX_GATEWAY = "fax_gateway"
    """Set AFTERVIEW_FAX_GATEWAY."""
    ADD_REFERENCE = "add_reference"
    """Name a contact as a reference."""
    RECORD_OFFER = "record_offer"
    """Move an application to the status offer."""
    CALL_SCRIPT = "call_script"
    """See what to say on the phone (`subject` is the interview)."""
    LIST_APPLICATIONS = "list_applications"
    """Look the application's id up."""
    LIST_CONTACTS = "list_contacts"
    """Look the contact's id up."""


class Remedy(NamedTuple):
    """What the user can do about a refusal, and what it is about.

    A named tuple, not a dataclass: this module is imported by every command, and
    `dataclasses` would cost `afterview --help` a few milliseconds more."""

    fix: Fix
    subject: str | None = None
    field: str | None = None


class AfterviewError(Exception):
    """A mistake or refusal a user can act on; `str(error)` is the whole message."""

    exit_code = 1

    def __init__(self, message: str, remedy: Remedy | None = None) -> None:
        super().__init__(message)
        self.remedy = remedy


class NotFound(AfterviewError):
    """A record the user named does not exist."""


class InvalidInput(AfterviewError):
    """One or more fields are wrong; each problem names its field path."""

    exit_code = 2

    def __init__(
        self, problems: Sequence[str], from_fields: bool = False, remedy: Remedy | None = None
    ) -> None:
        self.problems = tuple(problems)
        self.from_fields = from_fields
        """True when each problem starts with a record's field name, not a document path."""
        super().__init__("\n".join(self.problems), remedy)


class TooSoon(AfterviewError):
    """The playbook's restraint (S13): contacting the employer now would be nagging."""

    def __init__(self, message: str) -> None:
        super().__init__(message, Remedy(Fix.FORCE))


class StorageError(AfterviewError):
    """The database or a file in AFTERVIEW_HOME cannot be read or written as asked; the
    message names the file and what to do, and nothing was half-written."""


class StoreBusy(StorageError):
    """Another afterview command holds the database's write lock: trying again will work."""
