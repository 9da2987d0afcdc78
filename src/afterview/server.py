"""Server mode's composition root: many accounts on one PostgreSQL database.

With AFTERVIEW_ACCOUNTS=1 each job seeker (and coach) has an account, and every row of
user data carries its `account_id`. `Server` holds the one engine every account's store
shares (migrated on first use), the accounts service, and one `Afterview` per account
(the single-user composition root's, with that account's store).

A command line in server mode works on the account AFTERVIEW_ACCOUNT names
(`command_line_afterview`). Nothing here is imported by single-user afterview.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from afterview.bootstrap import Afterview, Wiring
from afterview.config import AppSettings
from afterview.errors import InvalidInput, NotFound, StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from afterview.adapters.sealing import Sealer
    from afterview.adapters.worker_tables import WorkerTables
    from afterview.services.accounts import Accounts, MailboxState
    from afterview.services.ports import CalendarTokens, Mailbox, Store

POSTGRES_SCHEMES = ("postgresql", "postgres")


def scheme(url: str) -> str:
    """The database kind of a URL ("postgresql" for postgresql+psycopg://…), never the rest
    (which may hold a password)."""
    return url.partition(":")[0].partition("+")[0].lower()


def is_postgres(url: str) -> bool:
    return scheme(url) in POSTGRES_SCHEMES


def require_postgres(settings: AppSettings) -> None:
    if not is_postgres(settings.database_url):
        raise InvalidInput(
            [
                "AFTERVIEW_DATABASE_URL: server mode (AFTERVIEW_ACCOUNTS=1) needs PostgreSQL"
                f" (postgresql+psycopg://…), not {scheme(settings.database_url) or 'nothing'}"
            ]
        )


@contextmanager
def translated() -> Iterator[None]:
    """A database that cannot be reached (or refuses) as one StorageError line."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as error:
        lines = str(error.orig).strip().splitlines()
        reason = lines[0] if lines else type(error.orig).__name__
        raise StorageError(f"cannot open the database: {reason}") from None


class Server:
    """Accounts, and each account's afterview, on one shared PostgreSQL engine."""

    def __init__(self, settings: AppSettings) -> None:
        require_postgres(settings)
        self.settings = settings
        self._lock = threading.RLock()
        self._engine: Engine | None = None
        self._accounts: Accounts | None = None
        self._afterviews: dict[tuple[int, bool], Afterview] = {}
        self._sealer: Sealer | None = None

    @property
    def engine(self) -> Engine:
        """The one engine of every account's store, migrated on first use."""
        with self._lock:
            if self._engine is None:
                from afterview.adapters.store import create_engine_for, migrate

                engine = create_engine_for(self.settings.database_url)
                try:
                    with translated():
                        migrate(engine)
                except BaseException:
                    engine.dispose()
                    raise
                self._engine = engine
            return self._engine

    @property
    def accounts(self) -> Accounts:
        with self._lock:
            if self._accounts is None:
                from afterview.adapters.accounts import SqlAccounts
                from afterview.adapters.formats import FORMATS
                from afterview.services.accounts import Accounts

                self._accounts = Accounts(SqlAccounts(self.engine), FORMATS)
            return self._accounts

    def afterview_for(self, account_id: int, read_only: bool = False) -> Afterview:
        """The account's afterview: its own store on the shared engine, the other ports as in
        single-user mode. Made once per account (and read-only or not), then reused."""
        key = (account_id, read_only)
        with self._lock:
            found = self._afterviews.get(key)
            if found is None:
                found = self.fresh_afterview(account_id, read_only=read_only)
                self._afterviews[key] = found
            return found

    def fresh_afterview(
        self, account_id: int, *, read_only: bool = False, today: dt.date | None = None
    ) -> Afterview:
        """A new afterview of the account (the worker makes one per job, with `today` pinned
        to the job's day)."""
        from afterview.adapters.store import SqlStore

        store = SqlStore(self.engine, account_id, read_only=read_only)
        own = replace(
            self.settings, imap_url=None, today_override=today or self.settings.today_override
        )
        return Afterview(own, AccountWiring(own, store, self, account_id, read_only=read_only))

    # --- each account's own mailbox ------------------------------------------------------------

    def mailbox_url(self, account_id: int) -> str | None:
        """The account's mailbox URL (it holds a password: never shown), if it set one."""
        stored = self.tables().mailbox(account_id)
        return self.sealer.unseal(stored.sealed_url) if stored is not None else None

    def mailbox_state(self, account_id: int) -> MailboxState | None:
        """The account's mailbox as it may be shown: its label, when the worker last read it,
        what stopped it."""
        return self.tables().state(account_id)

    def mailbox_states(self) -> dict[int, MailboxState]:
        """Each account's mailbox as it may be shown, by account id."""
        return self.tables().states()

    def set_mailbox(self, account_id: int, url: str) -> str:
        """Keep the mailbox the worker reads the account's inbox from (the URL checked, then
        sealed); its label."""
        from afterview.adapters.imap import ImapMailbox, ImapSettings

        try:
            imap = ImapSettings.from_url(url, self.settings.imap_ca_file)
        except InvalidInput as error:
            raise InvalidInput(
                [problem.replace("AFTERVIEW_IMAP_URL", "mailbox URL") for problem in error.problems]
            ) from None
        label = ImapMailbox(imap).label
        self.tables().set_mailbox(account_id, self.sealer.seal(url.strip()), label)
        return label

    def remove_mailbox(self, account_id: int) -> bool:
        return self.tables().remove_mailbox(account_id)

    def tables(self) -> WorkerTables:
        """Server mode's tables of each account's outside work (mailboxes, digests queued,
        calendar numbers)."""
        from afterview.adapters.worker_tables import WorkerTables

        return WorkerTables(self.engine)

    @property
    def sealer(self) -> Sealer:
        """The server's key (AFTERVIEW_HOME/server.key): it seals mailbox URLs and signs
        calendar feed addresses."""
        with self._lock:
            if self._sealer is None:
                from afterview.adapters.sealing import Sealer

                self._sealer = Sealer(self.settings.home)
            return self._sealer

    def calendar_afterview(self, token: str) -> Afterview | None:
        """The afterview of the account whose calendar feed `token` claims to be (enabled);
        the feed itself still checks the whole token. None for a token that names none."""
        head, _, _rest = token.partition(".")
        if not head.isascii() or not head.isdigit() or len(head) > 12:
            return None
        account = self.accounts.by_id(int(head))
        if account is None or account.disabled:
            return None
        return self.afterview_for(account.id)

    def check(self) -> None:
        """That the database answers (for a health check); StorageError when it does not."""
        from sqlalchemy import text

        with translated(), self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        """Let go of the engine (every account's store shares it)."""
        with self._lock:
            self._afterviews.clear()
            self._accounts = None
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


class AccountWiring(Wiring):
    """One account's ports: the single-user wiring, with the account's store and the
    account's own mailbox (`afterview account mailbox`, or Settings), looked up at each
    use, so a mailbox set in any process is the one read. The server's AFTERVIEW_IMAP_URL
    is nobody's: no account reads it (else any of them could read the administrator's).
    Its calendar feed's address is its own too (`AccountCalendar`)."""

    def __init__(
        self,
        settings: AppSettings,
        store: Store,
        server: Server,
        account: int,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(settings, store=store)
        self.server = server
        self.account = account
        self.read_only = read_only
        """A coach's view of the account: its mailbox is never opened (not even named)."""

    @property
    def calendar_tokens(self) -> CalendarTokens:
        return AccountCalendar(self.server, self.account)

    @property
    def mailbox(self) -> Mailbox | None:
        if self.read_only:
            return None
        url = self.server.mailbox_url(self.account)
        if url is None:
            return None
        from afterview.adapters.imap import ImapMailbox, ImapSettings

        return ImapMailbox(ImapSettings.from_url(url, self.settings.imap_ca_file))


class AccountCalendar:
    """An account's calendar feed token (the `CalendarTokens` port): `ID.N.MAC`, the MAC the
    server's key signs over the account's id and its calendar number N. Nothing secret is
    stored: raising N (`rotate`) ends every older address, in every process at once."""

    PURPOSE = "calendar"

    def __init__(self, server: Server, account: int) -> None:
        self.server = server
        self.account = account

    def current(self) -> str:
        return self._token(self.server.tables().calendar_epoch(self.account))

    def rotate(self) -> str:
        return self._token(self.server.tables().next_calendar_epoch(self.account))

    def _token(self, epoch: int) -> str:
        signed = f"{self.account}.{epoch}"
        return f"{signed}.{self.server.sealer.mac(self.PURPOSE, signed)}"


def command_line_afterview(settings: AppSettings) -> Afterview:
    """The afterview of the account AFTERVIEW_ACCOUNT names, for a command in server mode."""
    server = Server(settings)
    if not settings.account:
        raise InvalidInput(["AFTERVIEW_ACCOUNT: set it to the email of the account to work on"])
    account = server.accounts.by_email(settings.account)
    if account is None:
        raise NotFound(f"AFTERVIEW_ACCOUNT: no account with the email {settings.account}")
    if account.disabled:
        raise InvalidInput([f"AFTERVIEW_ACCOUNT: the account {account.email} is disabled"])
    return server.afterview_for(account.id)


def upgrade_database(url: str) -> tuple[str | None, str | None]:
    """Migrate the database at `url` to the newest schema (on PostgreSQL, with the worker's
    queue): its revision before and after."""
    from afterview.adapters.store import (
        create_engine_for,
        migrate,
        schema_revision,
        sqlite_file,
    )

    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise NotFound(
            f"AFTERVIEW_DATABASE_URL: {path} does not exist yet"
            " (the first command that writes makes it, at the newest revision)"
        )
    engine = create_engine_for(url)
    try:
        with translated():
            before = schema_revision(engine)
            migrate(engine)
            if engine.dialect.name == "postgresql":  # server mode's worker queue
                from afterview.adapters.queue import apply_queue_schema

                apply_queue_schema(engine)
            return before, schema_revision(engine)
    finally:
        engine.dispose()
