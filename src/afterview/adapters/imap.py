"""The user's mailbox over IMAP (docs/inbox.md, `AFTERVIEW_IMAP_URL`), read-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from afterview.domain.mail import Folder
from afterview.services.ports import FolderMark, FolderRead


@dataclass(frozen=True)
class ImapSettings:
    """Where the mailbox is and how to reach it; `repr` never shows the password."""

    host: str
    port: int
    security: str  # "tls", "starttls" or "none"
    user: str
    password: str = field(repr=False)
    sent: str | None = None
    ca_file: str | None = None

    @classmethod
    def from_url(cls, url: str, ca_file: str | None = None) -> ImapSettings:
        raise NotImplementedError  # being written


class ImapMailbox:
    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings

    @property
    def label(self) -> str:
        return f"{self.settings.user}@{self.settings.host}"

    def read(
        self, marks: dict[Folder, FolderMark], since: dt.date | None = None
    ) -> list[FolderRead]:
        raise NotImplementedError  # being written
