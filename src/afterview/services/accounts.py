"""Server mode's accounts: who may sign in, their API tokens, and whom they share with.

Passwords are kept as Argon2 hashes, API tokens as SHA-256 digests only: the database
never holds what a user types or what a program presents. A refused sign-in never says
whether the email or the password was wrong (nor that the account is disabled), and
failures are counted in the directory, so that several web processes count together:
at most 5 per account and 20 per address in 15 minutes.

The directory (`AccountDirectory`) is a port: `adapters/accounts.py` keeps it in the
database, the tests in memory.
"""

from __future__ import annotations

import builtins
import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from afterview.domain.fields import ContactFormats, FieldError, parse_email
from afterview.errors import AfterviewError, InvalidInput, NotFound

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
"""Longer is refused: hashing megabytes on every sign-in would be a way to slow the server."""
WINDOW = dt.timedelta(minutes=15)
MAX_ACCOUNT_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
TOKEN_PREFIX = "av_"
REFUSED = "wrong email or password"


@dataclass(frozen=True)
class Account:
    """An account that may sign in (the local single-user account has no email: not one)."""

    id: int
    email: str
    coach: bool
    disabled: bool
    session_epoch: int
    """Raised by a password change (and a disable): a session of an older epoch is over."""
    time_zone: str | None
    created_at: dt.datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class MailboxState:
    """What may be shown of the mailbox the worker reads for an account (server mode): its
    label ("you@example.org at imap.example.org"), when it was last read, and what stopped
    that reading (None: nothing)."""

    label: str
    read_at: dt.datetime | None
    problem: str | None


@dataclass(frozen=True)
class TokenInfo:
    """One API token, as its owner may see it (never the token: only its digest is kept)."""

    id: int
    label: str | None
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class SignInRefused(AfterviewError):
    """Wrong email, wrong password or a disabled account: one message for all three."""

    def __init__(self) -> None:
        super().__init__(REFUSED)


class TooManyAttempts(AfterviewError):
    """Too many failed sign-ins for the account or from the address, lately."""

    def __init__(self, retry_at: dt.datetime, now: dt.datetime) -> None:
        minutes = max(1, -(-int((retry_at - now).total_seconds()) // 60))
        when = retry_at.astimezone(dt.UTC).strftime("%H:%M UTC")
        super().__init__(
            f"too many failed sign-ins; try again in {minutes} minute"
            f"{'' if minutes == 1 else 's'} (after {when})"
        )
        self.retry_at = retry_at


class AccountDirectory(Protocol):
    """Where accounts, their tokens, shares and failed sign-ins are kept."""

    def add(self, email: str, password_hash: str, coach: bool) -> Account | None:
        """The new account; None when the email is taken."""
        ...

    def all(self) -> list[Account]:
        """Every account that has an email, by email."""
        ...

    def by_id(self, account_id: int) -> Account | None: ...

    def by_email(self, email: str) -> Account | None: ...

    def password_hash(self, account_id: int) -> str | None: ...

    def set_password_hash(self, account_id: int, password_hash: str, end_sessions: bool) -> None:
        """Store a new hash; `end_sessions` raises the session epoch."""
        ...

    def set_disabled(self, account_id: int, disabled: bool) -> None:
        """Disable (raising the session epoch) or enable an account."""
        ...

    def set_time_zone(self, account_id: int, zone: str | None) -> None: ...

    def failures(self, key: str, since: dt.datetime) -> list[dt.datetime]:
        """When each failed sign-in under `key` after `since` happened, oldest first."""
        ...

    def record_failure(
        self, keys: Sequence[str], at: dt.datetime, forget_before: dt.datetime
    ) -> None:
        """Count a failed sign-in under each key (and forget failures older than a window)."""
        ...

    def clear_failures(self, key: str) -> None: ...

    def add_token(
        self,
        account_id: int,
        token_hash: str,
        label: str | None,
        created_at: dt.datetime,
        expires_at: dt.datetime | None,
    ) -> int: ...

    def tokens(self, account_id: int) -> list[TokenInfo]: ...

    def token_by_hash(self, token_hash: str) -> tuple[int, TokenInfo] | None:
        """The owner's id and the token, for a digest."""
        ...

    def revoke_token(self, account_id: int, token_id: int, at: dt.datetime) -> bool:
        """Whether the account had that token (revoking twice keeps the first time)."""
        ...

    def share(self, client_id: int, coach_id: int) -> None:
        """Let the coach read the client's data (sharing twice is sharing once)."""
        ...

    def unshare(self, client_id: int, coach_id: int) -> bool:
        """Whether there was such a share."""
        ...

    def clients_of(self, coach_id: int) -> list[Account]: ...

    def coaches_of(self, client_id: int) -> list[Account]: ...

    def shared(self, coach_id: int, client_id: int) -> bool: ...


# --- passwords -----------------------------------------------------------------------------------


def _hasher() -> PasswordHasherLike:
    from argon2 import PasswordHasher

    return PasswordHasher()


class PasswordHasherLike(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, hash: str, password: str) -> bool: ...

    def check_needs_rehash(self, hash: str) -> bool: ...


def check_new_password(password: str) -> None:
    """A password long enough to resist guessing; InvalidInput naming `password` otherwise."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput([f"password: at least {MIN_PASSWORD} characters"])
    if len(password) > MAX_PASSWORD:
        raise InvalidInput([f"password: at most {MAX_PASSWORD} characters"])


def hash_password(password: str) -> str:
    """The Argon2id hash of a (checked) password."""
    check_new_password(password)
    return _hasher().hash(password)


def check_password(hash: str, password: str) -> bool:
    """Whether `password` is the one `hash` was made from (a malformed hash: no)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    if len(password) > MAX_PASSWORD:
        return False
    try:
        return _hasher().verify(hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(hash)


_DUMMY_HASH: list[str] = []


def _spend_a_verify(password: str) -> None:
    """As long as checking a real password takes, so that an unknown email is not faster."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_hasher().hash("not anybody's password"))
    check_password(_DUMMY_HASH[0], password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- the service ---------------------------------------------------------------------------------


class Accounts:
    """Adding and disabling accounts, signing in, API tokens, and sharing with a coach."""

    def __init__(
        self,
        directory: AccountDirectory,
        formats: ContactFormats,
        clock: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.directory = directory
        self.formats = formats
        self.clock = clock

    # --- the directory ---

    def add(self, email: str, password: str, coach: bool = False) -> Account:
        address = self._email(email)
        check_new_password(password)
        added = self.directory.add(address, hash_password(password), coach)
        if added is None:
            raise InvalidInput([f"email: an account with {address} exists already"])
        return added

    def list(self) -> builtins.list[Account]:
        return self.directory.all()

    def disable(self, email: str) -> Account:
        """Refuse the account's sign-ins and tokens from now on, and end its sessions."""
        account = self.named(email)
        self.directory.set_disabled(account.id, True)
        return self.named(email)

    def enable(self, email: str) -> Account:
        """Let a disabled account sign in again (its old sessions stay ended)."""
        account = self.named(email)
        self.directory.set_disabled(account.id, False)
        return self.named(email)

    def set_time_zone(self, email: str, zone: str | None) -> Account:
        """Where the account's mornings are (an IANA name such as Europe/London; None: the
        server's UTC): the worker sends its digest at 07:00 there."""
        account = self.named(email)
        self.directory.set_time_zone(account.id, checked_time_zone(zone))
        return self.named(email)

    def by_id(self, account_id: int) -> Account | None:
        return self.directory.by_id(account_id)

    def by_email(self, email: str) -> Account | None:
        return self.directory.by_email(_normal(email))

    def named(self, email: str) -> Account:
        """The account with that email; NotFound otherwise."""
        account = self.by_email(email)
        if account is None:
            raise NotFound(f"no account with the email {_normal(email)}")
        return account

    # --- signing in ---

    def sign_in(self, email: str, password: str, address: str, now: dt.datetime) -> Account:
        """The account, when the password is its own and it is not disabled."""
        now = _utc(now)
        keys = (f"account:{_normal(email)}", f"address:{address}")
        self._check_rate(keys, now)
        account = self.directory.by_email(_normal(email))
        stored = self.directory.password_hash(account.id) if account is not None else None
        if stored is None:
            _spend_a_verify(password)
            right = False
        else:
            right = check_password(stored, password)
        if account is None or stored is None or not right or account.disabled:
            self.directory.record_failure(keys, now, now - WINDOW)
            raise SignInRefused()
        if needs_rehash(stored):
            self.directory.set_password_hash(account.id, _hasher().hash(password), False)
        self.directory.clear_failures(keys[0])
        return account

    def _check_rate(self, keys: tuple[str, str], now: dt.datetime) -> None:
        since = now - WINDOW
        waits = []
        for key, limit in zip(keys, (MAX_ACCOUNT_FAILURES, MAX_ADDRESS_FAILURES), strict=True):
            times = self.directory.failures(key, since)
            if len(times) >= limit:
                # Allowed again once all but limit - 1 of them are out of the window.
                waits.append(_utc(times[len(times) - limit]) + WINDOW)
        if waits:
            raise TooManyAttempts(max(waits), now)

    def change_password(self, account_id: int, old: str, new: str) -> None:
        """A new password, given the current one; every other session ends."""
        stored = self.directory.password_hash(account_id)
        if stored is None or not check_password(stored, old):
            raise InvalidInput(["current_password: not the account's password"])
        self.directory.set_password_hash(account_id, hash_password(new), True)

    def reset_password(self, email: str, new: str) -> Account:
        """The administrator sets a new password (the user forgot theirs): every session
        of the account ends."""
        account = self.named(email)
        self.directory.set_password_hash(account.id, hash_password(new), True)
        return account

    # --- API tokens ---

    def new_token(self, email: str, label: str | None = None, days: int | None = None) -> str:
        """A new token for the account, returned this once (only its digest is kept)."""
        account = self.named(email)
        if days is not None and days < 1:
            raise InvalidInput(["days: at least 1"])
        now = self.clock()
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = now + dt.timedelta(days=days) if days is not None else None
        label = (label or "").strip() or None
        self.directory.add_token(account.id, token_digest(token), label, now, expires)
        return token

    def tokens(self, email: str) -> builtins.list[TokenInfo]:
        return self.directory.tokens(self.named(email).id)

    def revoke_token(self, email: str, token_id: int) -> None:
        account = self.named(email)
        if not self.directory.revoke_token(account.id, token_id, self.clock()):
            raise NotFound(f"{account.email} has no token {token_id}")

    def account_for_token(self, token: str, now: dt.datetime) -> Account | None:
        """The token's account; None for an unknown, revoked or expired token, or a disabled
        account."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        found = self.directory.token_by_hash(token_digest(token))
        if found is None:
            return None
        account_id, info = found
        if info.revoked_at is not None:
            return None
        if info.expires_at is not None and _utc(info.expires_at) <= _utc(now):
            return None
        account = self.directory.by_id(account_id)
        if account is None or account.disabled:
            return None
        return account

    # --- coaches ---

    def share(self, client_email: str, coach_email: str) -> None:
        """Let the coach read the client's data."""
        client = self.named(client_email)
        coach = self.by_email(coach_email)
        if coach is None or not coach.coach:
            raise InvalidInput([f"coach: {_normal(coach_email)} is not a coach's account"])
        if coach.id == client.id:
            raise InvalidInput(["coach: an account cannot share with itself"])
        self.directory.share(client.id, coach.id)

    def unshare(self, client_email: str, coach_email: str) -> None:
        client, coach = self.named(client_email), self.named(coach_email)
        if not self.directory.unshare(client.id, coach.id):
            raise NotFound(f"{client.email} does not share with {coach.email}")

    def clients_of(self, coach_id: int) -> builtins.list[Account]:
        return self.directory.clients_of(coach_id)

    def coaches_of(self, client_id: int) -> builtins.list[Account]:
        return self.directory.coaches_of(client_id)

    def may_read(self, coach_id: int, client_id: int) -> bool:
        """Whether the account `coach_id` may read the data of `client_id`: its own, or a
        client's who shares with it (while it is an enabled coach's account)."""
        coach = self.directory.by_id(coach_id)
        if coach is None or coach.disabled:
            return False
        if coach_id == client_id:
            return True
        return coach.coach and self.directory.shared(coach_id, client_id)

    def _email(self, email: str) -> str:
        address = _normal(email)
        try:
            return parse_email(address, self.formats)
        except FieldError as error:
            raise InvalidInput([f"email: {error}"]) from None


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA time zone names this machine's tz database knows (read once)."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def checked_time_zone(zone: str | None) -> str | None:
    """An IANA time zone name as the tz database spells it (None stays None); InvalidInput
    names the field otherwise. Checked against the list of names, not by opening a file
    (a folder such as "Europe", or a name too long for a path, is no zone either)."""
    name = (zone or "").strip()
    if not name:
        return None
    if name.upper() == "UTC":
        return "UTC"
    if name not in time_zone_names():
        shown = name if len(name) <= 60 else name[:60] + "…"
        raise InvalidInput(
            [f"time zone: {shown!r} is not a time zone name (e.g. Europe/London, America/Chicago)"]
        )
    return name


def _normal(email: str) -> str:
    return email.strip().lower()
