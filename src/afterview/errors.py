"""The one error family of afterview: every message is meant for the user's eyes."""

from __future__ import annotations

from collections.abc import Sequence


class AfterviewError(Exception):
    """A mistake or refusal a user can act on; `str(error)` is the whole message."""

    exit_code = 1


class NotFound(AfterviewError):
    """A record the user named does not exist."""


class InvalidInput(AfterviewError):
    """One or more fields are wrong; each problem names its field path."""

    exit_code = 2

    def __init__(self, problems: Sequence[str], from_fields: bool = False) -> None:
        self.problems = tuple(problems)
        self.from_fields = from_fields
        """True when each problem starts with a record's field name, not a document path."""
        super().__init__("\n".join(self.problems))


class Conflict(AfterviewError):
    """The request clashes with what is stored (an id already taken, say)."""

    exit_code = 2


class TooSoon(AfterviewError):
    """The playbook's restraint (S13): contacting the employer now would be nagging."""
