"""The composition root: settings -> database -> the objects the faces use.

Nothing is built at import time; each piece is made on first use, so a command
that never touches the database never imports SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING

from afterview.config import AppSettings
from afterview.domain.settings import PlaybookSettings
from afterview.services.ports import PipelineReader

if TYPE_CHECKING:
    from afterview.adapters.mail import SmtpMailer
    from afterview.adapters.speller import PySpellChecker
    from afterview.adapters.store import Store
    from afterview.adapters.templates import FileTemplates


class Afterview:
    """One user's afterview: their settings, their store, their playbook."""

    def __init__(self, settings: AppSettings | None = None) -> None:
        self.settings = settings or AppSettings.from_environment()
        from afterview.adapters.holiday_cache import CachedHolidays
        from afterview.domain.calendar import use_holiday_source

        use_holiday_source(CachedHolidays(self.settings.home / "cache"))

    @cached_property
    def store(self) -> Store:
        from afterview.adapters.store import Store

        return Store.open(self.settings.database_url)

    @cached_property
    def reader(self) -> PipelineReader:
        """The cheapest way to read the pipeline: plain sqlite3 when the file allows it."""
        path = self.settings.sqlite_path
        if path is not None:
            from afterview.adapters.sqlite_reader import SqliteReader

            fast = SqliteReader.open_if_current(path)
            if fast is not None:
                return fast
        return self.store

    @cached_property
    def playbook(self) -> PlaybookSettings:
        return self.settings.playbook()

    @cached_property
    def templates(self) -> FileTemplates:
        """The package's note templates, under the user's own in HOME/templates."""
        from afterview.adapters.templates import FileTemplates

        return FileTemplates(self.settings.home / "templates")

    @cached_property
    def speller(self) -> PySpellChecker:
        from afterview.adapters.speller import PySpellChecker

        return PySpellChecker()

    def mailer(self) -> SmtpMailer | None:
        """The SMTP server of AFTERVIEW_SMTP_URL, or None when none is set."""
        if not self.settings.smtp_url:
            return None
        from afterview.adapters.mail import SmtpMailer, SmtpSettings

        return SmtpMailer(SmtpSettings.from_url(self.settings.smtp_url, self.settings.smtp_ca_file))

    def today(self) -> dt.date:
        return self.settings.today()

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()


DEMO_MARK = ".afterview-demo"


def create_demo_home(settings: AppSettings, today: dt.date) -> Afterview:
    """A fresh demo pipeline in `HOME/demo`, replacing the previous demo (and nothing else)."""
    import shutil

    from afterview.errors import AfterviewError
    from afterview.services.demo import demo_document
    from afterview.services.documents import import_document

    home = settings.home / "demo"
    if home.exists():
        if not (home / DEMO_MARK).exists():
            raise AfterviewError(f"{home} exists and is not a demo; move it away first")
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / DEMO_MARK).write_text("made by `afterview demo`; deleted by the next one\n")
    demo = Afterview(AppSettings(home, f"sqlite:///{home / 'afterview.db'}", today))
    import_document(demo.store, demo_document(today))
    return demo
