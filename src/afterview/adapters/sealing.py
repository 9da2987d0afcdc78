"""Sealing what the database must keep but must not show: each account's mailbox URL
(it holds the mailbox's password), in server mode.

Fernet (the `cryptography` package: AES-128-CBC with an HMAC-SHA256, a timestamp and a
version) seals and opens it. The key lives in a file in AFTERVIEW_HOME (`server.key`,
mode 0600), never in the database, so a copy of the database (a pg_dump, a replica)
gives nobody a mailbox. Every process of one server (web, worker, command line) shares
the home and so the key; back it up with the database (docs/server.md).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from afterview.adapters.home_files import cannot_write, private_folder
from afterview.errors import StorageError

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

KEY_FILE = "server.key"


class Sealer:
    """Seals text with the server's key, made on first use (atomically: two processes that
    start at once end up with the same key)."""

    def __init__(self, home: Path) -> None:
        self.path = home / KEY_FILE
        self._key: bytes | None = None

    def seal(self, text: str) -> str:
        return self._fernet().encrypt(text.encode("utf-8")).decode("ascii")

    def unseal(self, sealed: str) -> str:
        """The text `seal` sealed; StorageError when this key did not seal it (the home's key
        was replaced or lost: the value must be entered again)."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet().decrypt(sealed.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise StorageError(
                f"{self.path} is not the key this was sealed with; enter it again"
            ) from None

    def mac(self, purpose: str, text: str) -> str:
        """A keyed digest of `text` for `purpose` (HMAC-SHA256 under the server's key, 22
        URL-safe characters): what signs each account's calendar feed address."""
        import base64
        import hashlib
        import hmac

        self._fernet()  # the key, made or read
        assert self._key is not None
        digest = hmac.new(self._key, f"{purpose}:{text}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")

    def _fernet(self) -> Fernet:
        from cryptography.fernet import Fernet

        if self._key is None:
            self._key = self._read() or self._make()
        return Fernet(self._key)

    def _read(self) -> bytes | None:
        try:
            key = self.path.read_bytes().strip()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(f"cannot read {self.path} ({error.strerror or error})") from None
        return key or None

    def _make(self) -> bytes:
        from cryptography.fernet import Fernet

        key = Fernet.generate_key()
        try:
            private_folder(self.path.parent)
            descriptor, name = tempfile.mkstemp(dir=self.path.parent, prefix=".server.key.")
            try:
                os.write(descriptor, key + b"\n")
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            try:
                os.link(name, self.path)  # fails if another process made it first: use theirs
            except FileExistsError:
                pass
            finally:
                Path(name).unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(cannot_write(self.path, error)) from None
        found = self._read()
        if found is None:
            raise StorageError(f"{self.path} is empty; remove it and try again")
        return found
