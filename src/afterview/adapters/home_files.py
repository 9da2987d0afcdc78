"""Files afterview keeps in AFTERVIEW_HOME besides the database: the playbook's numbers
(`playbook.toml`, the user's), the calendar feed's secret, and the outbox folder where
print-ready letters wait."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from afterview.domain.settings import PlaybookSettings
from afterview.errors import InvalidInput

PLAYBOOK_FILE = "playbook.toml"
TOKEN_FILE = "calendar-token"
WEB_SECRET_FILE = "web-secret"
OUTBOX_FOLDER = "outbox"


class PlaybookFile:
    """The `PlaybookSource` afterview uses: `playbook.toml`, read again when it changes."""

    name = f"AFTERVIEW_HOME/{PLAYBOOK_FILE}"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._last: tuple[bytes | None, PlaybookSettings] | None = None

    def current(self) -> PlaybookSettings:
        """The numbers in force: the file is read on every question (it is a few lines), and
        parsed again only when its text changed (an edit is seen at once, whatever the
        clock's resolution)."""
        try:
            text: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            text = None
        with self._lock:
            if self._last is None or self._last[0] != text:
                settings = PlaybookSettings() if text is None else parse_playbook(text)
                self._last = (text, settings)
            return self._last[1]


def parse_playbook(text: bytes) -> PlaybookSettings:
    """The playbook numbers from a TOML file of `name = whole number` lines."""
    import tomllib  # only when there is a file to read: most users never write one

    name = PLAYBOOK_FILE
    try:
        values = tomllib.loads(text.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{name}: not valid TOML ({error})"]) from None
    problems = []
    known = PlaybookSettings.names()
    for key, value in values.items():
        if key not in known:
            problems.append(f"{name}: {key}: unknown setting (known: {', '.join(known)})")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{name}: {key}: must be a whole number, 0 or more")
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
        from afterview.services.ports import PermanentFailure  # only when a letter is kept

        path = self.folder / name
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)
        except OSError as error:
            raise PermanentFailure(f"cannot write {path} ({error.strerror or error})") from None
        return str(path)
