"""Files afterview keeps in AFTERVIEW_HOME besides the database: the playbook's numbers
(`playbook.toml`, the user's), the calendar feed's secret, and the outbox folder where
print-ready letters wait.

What afterview creates in the home is the user's alone: folders 0700, files 0600, each
file written whole or not at all (`private_folder`, `write_private`). The process's
umask is left alone, so what the user exports elsewhere keeps their usual permissions."""

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


def private_folder(folder: Path) -> None:
    """Create `folder`, and each missing folder above it, for the user alone (0700)."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o700)  # exactly 0700, whatever the umask


def write_private(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a crash leaves the old file or none), readable by
    the user alone (0600)."""
    import tempfile

    private_folder(path.parent)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cannot_write(path: Path, error: OSError) -> str:
    """Why `path` could not be written, and what to do, in one line."""
    import errno

    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"cannot write {path}: the disk is full; free some space and try again"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = path if path.exists() else path.parent
        return f"cannot write {path}: {where} is read-only; make it writable and try again"
    return f"cannot write {path} ({error.strerror or error}); check the disk and try again"


class TokenFile:
    """The `CalendarTokens` afterview uses: a random secret in a file only the user can read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def current(self) -> str:
        try:
            token = self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            token = ""
        return token or self.rotate()

    def rotate(self) -> str:
        import secrets

        token = secrets.token_urlsafe(24)
        write_private(self.path, (token + "\n").encode("utf-8"))
        return token


class LetterFolder:
    """The `LetterDrop` afterview uses: PDFs in AFTERVIEW_HOME/outbox, for the user to print."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def keep(self, name: str, pdf: bytes) -> str:
        from afterview.services.ports import PermanentFailure  # only when a letter is kept

        path = self.folder / name
        try:
            write_private(path, pdf)
        except OSError as error:
            raise PermanentFailure(cannot_write(path, error)) from None
        return str(path)
