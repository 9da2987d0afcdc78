"""Files afterview keeps in AFTERVIEW_HOME besides the database: the playbook's numbers
(`playbook.toml`, the user's), the calendar feed's secret, and the outbox folder where
print-ready letters wait."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from afterview.domain.settings import PlaybookSettings
from afterview.errors import InvalidInput
from afterview.services.ports import PermanentFailure

PLAYBOOK_FILE = "playbook.toml"
TOKEN_FILE = "calendar-token"
OUTBOX_FOLDER = "outbox"


class PlaybookFile:
    """The `PlaybookSource` afterview uses: `playbook.toml`, read again when it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._last: tuple[tuple[int, int] | None, PlaybookSettings] | None = None

    def current(self) -> PlaybookSettings:
        stamp = _stamp(self.path)
        with self._lock:
            if self._last is None or self._last[0] != stamp:
                self._last = (stamp, load_playbook(self.path) if stamp else PlaybookSettings())
            return self._last[1]


def _stamp(path: Path) -> tuple[int, int] | None:
    """When the file last changed, and its size; None when there is no file."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def load_playbook(path: Path) -> PlaybookSettings:
    """The playbook numbers from a TOML file of `name = whole number` lines, if it exists."""
    import tomllib  # only when there is a file to read: most users never write one

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


class TokenFile:
    """The `CalendarTokens` afterview uses: a random secret in a file only the user can read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def current(self) -> str:
        if not self.path.exists():
            return self.rotate()
        return self.path.read_text(encoding="utf-8").strip()

    def rotate(self) -> str:
        import secrets

        token = secrets.token_urlsafe(24)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(token + "\n")
        self.path.chmod(0o600)
        return token


class LetterFolder:
    """The `LetterDrop` afterview uses: PDFs in AFTERVIEW_HOME/outbox, for the user to print."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def keep(self, name: str, pdf: bytes) -> str:
        path = self.folder / name
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)
        except OSError as error:
            raise PermanentFailure(f"cannot write {path} ({error.strerror or error})") from None
        return str(path)
