"""Every setting afterview takes from the environment, read in one place.

`ENVIRONMENT` names each variable the README documents and the field it fills; a
test holds the two lists equal, so a documented variable cannot be ignored again.
A variable that only one use case needs (the mail server, the fax gateway) is checked
when that use case runs, so that a mistake there stops no other command.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from afterview.errors import InvalidInput

DATABASE_FILE = "afterview.db"

ENVIRONMENT = {
    "AFTERVIEW_HOME": "home",
    "AFTERVIEW_DATABASE_URL": "database_url",
    "AFTERVIEW_TODAY": "today_override",
    "AFTERVIEW_SMTP_URL": "smtp_url",
    "AFTERVIEW_SMTP_CAFILE": "smtp_ca_file",
    "AFTERVIEW_FAX_GATEWAY": "fax_gateway",
    "AFTERVIEW_IMAP_URL": "imap_url",
    "AFTERVIEW_IMAP_CAFILE": "imap_ca_file",
    "AFTERVIEW_ACCOUNTS": "accounts",
    "AFTERVIEW_ACCOUNT": "account",
}
"""Each environment variable afterview reads, and the AppSettings field it fills."""


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("afterview", appauthor=False))


@dataclass(frozen=True)
class AppSettings:
    """Where the data lives, how mail goes out, and (for trying things out) a fixed today."""

    home: Path
    """AFTERVIEW_HOME: the data folder (default: the platform's user data folder)."""
    database_url: str
    """AFTERVIEW_DATABASE_URL: sqlite:///... (default: a file in the home) or postgresql+psycopg://..."""
    today_override: dt.date | None = None
    """AFTERVIEW_TODAY: pins today (YYYY-MM-DD), for what-ifs and tests."""
    smtp_url: str | None = field(default=None, repr=False)
    """AFTERVIEW_SMTP_URL: the mail server; it may hold a password, so it is never shown."""
    smtp_ca_file: str | None = None
    """AFTERVIEW_SMTP_CAFILE: a private CA to trust for the mail server's certificate."""
    fax_gateway: str | None = None
    """AFTERVIEW_FAX_GATEWAY: an email-to-fax address template such as {fax}@fax.example.net."""
    imap_url: str | None = field(default=None, repr=False)
    """AFTERVIEW_IMAP_URL: the mailbox afterview reads; it holds a password, never shown."""
    imap_ca_file: str | None = None
    """AFTERVIEW_IMAP_CAFILE: a private CA to trust for the mailbox server's certificate."""
    accounts: bool = False
    """AFTERVIEW_ACCOUNTS=1: server mode (PostgreSQL only): sign-in, one wall per account."""
    account: str | None = None
    """AFTERVIEW_ACCOUNT: in server mode, the email of the account a CLI command works on."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> AppSettings:
        env = os.environ if environ is None else environ
        home = Path(env["AFTERVIEW_HOME"]) if env.get("AFTERVIEW_HOME") else default_home()
        url = env.get("AFTERVIEW_DATABASE_URL") or f"sqlite:///{home / DATABASE_FILE}"
        return cls(
            home=home,
            database_url=url,
            today_override=_today(env.get("AFTERVIEW_TODAY")),
            smtp_url=env.get("AFTERVIEW_SMTP_URL") or None,
            smtp_ca_file=env.get("AFTERVIEW_SMTP_CAFILE") or None,
            fax_gateway=env.get("AFTERVIEW_FAX_GATEWAY") or None,
            imap_url=env.get("AFTERVIEW_IMAP_URL") or None,
            imap_ca_file=env.get("AFTERVIEW_IMAP_CAFILE") or None,
            accounts=_flag("AFTERVIEW_ACCOUNTS", env.get("AFTERVIEW_ACCOUNTS")),
            account=(env.get("AFTERVIEW_ACCOUNT") or "").strip().lower() or None,
        )

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, when the database is a SQLite file."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and len(self.database_url) > len(prefix):
            return Path(self.database_url.removeprefix(prefix))
        return None


def _flag(name: str, value: str | None) -> bool:
    """A yes/no variable: 1, true, yes, on (or 0, false, no, off, empty)."""
    text = (value or "").strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    raise InvalidInput([f"{name}: {value!r} is not 1 or 0"])


def _today(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput([f"AFTERVIEW_TODAY: not a date (YYYY-MM-DD): {value!r}"]) from None


def checked_fax_gateway(value: str | None) -> str | None:
    """The gateway's template, checked when a fax is to go out (so that a mistake there
    stops no other command): it must say where the number goes, or every fax would go
    to one address."""
    if not value:
        return None
    if "{fax}" not in value or "@" not in value:
        raise InvalidInput(
            [
                f"AFTERVIEW_FAX_GATEWAY: not an address with {{fax}} in it: {value!r}"
                " (e.g. {fax}@fax.example.net)"
            ]
        )
    return value
