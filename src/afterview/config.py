"""Where afterview keeps its data, read once from the environment (DESIGN §2)."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from afterview.domain.settings import PlaybookSettings
from afterview.errors import InvalidInput

PLAYBOOK_FILE = "playbook.toml"
DATABASE_FILE = "afterview.db"


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("afterview", appauthor=False))


@dataclass(frozen=True)
class AppSettings:
    """The data folder, the database, and (for trying things out) a fixed today."""

    home: Path
    database_url: str
    today_override: dt.date | None = None
    smtp_url: str | None = field(default=None, repr=False)
    """AFTERVIEW_SMTP_URL; it may hold a password, so it is never shown."""
    smtp_ca_file: str | None = None
    fax_gateway: str | None = None
    """AFTERVIEW_FAX_GATEWAY: an email-to-fax address template such as {fax}@fax.example.net."""
    """AFTERVIEW_SMTP_CAFILE: a private CA to trust for the SMTP server's certificate."""

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> AppSettings:
        env = os.environ if environ is None else environ
        home = Path(env["AFTERVIEW_HOME"]) if env.get("AFTERVIEW_HOME") else default_home()
        url = env.get("AFTERVIEW_DATABASE_URL") or f"sqlite:///{home / DATABASE_FILE}"
        return cls(
            home=home,
            database_url=url,
            today_override=_today(env),
            smtp_url=env.get("AFTERVIEW_SMTP_URL") or None,
            smtp_ca_file=env.get("AFTERVIEW_SMTP_CAFILE") or None,
        )

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, when the database is a SQLite file."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and len(self.database_url) > len(prefix):
            return Path(self.database_url.removeprefix(prefix))
        return None

    def today(self) -> dt.date:
        return self.today_override or dt.date.today()

    def playbook(self) -> PlaybookSettings:
        """The seed's numbers, with the user's own from `playbook.toml` in the home."""
        return load_playbook(self.home / PLAYBOOK_FILE)


def _today(env: os._Environ[str] | dict[str, str]) -> dt.date | None:
    value = env.get("AFTERVIEW_TODAY")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput([f"AFTERVIEW_TODAY: not a date (YYYY-MM-DD): {value!r}"]) from None


def load_playbook(path: Path) -> PlaybookSettings:
    """The playbook numbers from a TOML file of `name = whole number` lines, if it exists."""
    if not path.exists():
        return PlaybookSettings()
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path.name}: not valid TOML ({error})"]) from None
    problems = []
    known = PlaybookSettings.names()
    for name, value in values.items():
        if name not in known:
            problems.append(f"{path.name}: {name}: unknown setting (known: {', '.join(known)})")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{path.name}: {name}: must be a whole number, 0 or more")
    if problems:
        raise InvalidInput(problems)
    return PlaybookSettings().updated(values)
