"""Server mode's worker (`afterview worker`): each account's daily digest at its own local
morning, and each configured mailbox read every quarter of an hour, as jobs on a queue in
the same PostgreSQL database (procrastinate: nothing to run but PostgreSQL).

- A **tick** runs every minute. procrastinate queues each minute's tick once, however
  many workers run. The tick looks at every enabled account:
  - once it is 07:00 or later in the account's time zone (UTC when it has none), it
    queues a digest job for that local day, then claims the day in `worker_digests`
    (one row per account and day, so a later tick, or another worker, never queues it
    again);
  - a mailbox last read 15 minutes ago or more (or never) gets an inbox job, unless one
    is waiting already (procrastinate's queueing lock).
- A **digest** job sends the day's digest through the outbox's at-most-once protocol
  (services/outbox.py), as `afterview remind` does: a digest already sent is not sent
  again, whoever asks. A send the mail server refused (a 421, a connection refused) is
  known not to have gone out: the job fails and the queue retries it after a wait. A
  send that may have gone out (the line dropped after the message was handed over) is
  never retried by itself.
- An **inbox** job reads the account's own mailbox (`afterview account mailbox`), as
  `afterview inbox sync` does; each message is recorded once (docs/inbox.md). Jobs of one
  account's mailbox never run at once (procrastinate's lock). A mailbox that cannot be
  read is noted (`account list` shows it) and read again at the next quarter.

Several workers may run at once: each job runs in one of them. A worker that dies in the
middle of a job (killed, out of memory, the machine gone) stops sending its heartbeat; a
minute later another worker runs the job again (`afterview.recover`), so no account's
lock stays taken. Nothing is kept in memory between jobs but the database engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from afterview.config import AppSettings
from afterview.errors import AfterviewError

if TYPE_CHECKING:
    import procrastinate

    from afterview.adapters.worker_tables import Sleeper, WorkerTables
    from afterview.bootstrap import Afterview
    from afterview.server import Server

DIGEST_HOUR = 7
"""The local hour from which an account's digest of the day goes out."""
INBOX_EVERY = dt.timedelta(minutes=15)
"""How often each configured mailbox is read."""
RETRY_WAIT = 60
"""Seconds before a refused digest is tried again (the default of `worker --retry-wait`)."""
RETRIES = 10
"""How many times a refused digest is tried in all, before the job is left failed."""
KEEP_CLAIMS = dt.timedelta(days=7)
"""How long the claims of past days' digests are kept (a day is over everywhere in two)."""
TICK, DIGEST, INBOX = "afterview.tick", "afterview.digest", "afterview.inbox"
RECOVER = "afterview.recover"
STALLED_AFTER = 60
"""Seconds without a heartbeat (each worker sends one every 10) after which a worker is
taken for dead and the jobs it was running are run again."""

log = logging.getLogger("afterview.worker")


def event(name: str, level: int = logging.INFO, **fields: object) -> None:
    """One line of the worker's log: an event and its fields (never a secret: ids, days,
    counts and reasons only)."""
    log.log(level, name, extra={"fields": fields})


class JsonLines(logging.Formatter):
    """Each record as one JSON object on a line, as `serve --accounts` logs requests: time,
    level, logger, event and its fields. A job that failed unexpectedly keeps its traceback
    (the operator needs it); a refused send, which the queue tries again, does not."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line["error"] = f"{type(error).__name__}: {error}"
            if not isinstance(error, TryAgain):
                line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, separators=(",", ":"), default=str)


def configure_logging() -> None:
    """The worker's log on standard error as JSON lines: afterview's events, and the queue's
    warnings and errors."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    log.setLevel(logging.INFO)


ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")


def quiet(reason: str) -> str:
    """A reason as the log and the page may show it: any email address (a mail server's
    refusal often quotes the recipient) becomes "an address"."""
    return ADDRESS.sub("an address", reason)


class TryAgain(Exception):
    """A job that is known not to have done its work (a send the server refused): the
    queue runs it again after a wait."""


def digest_day(time_zone: str | None, at: dt.datetime) -> dt.date | None:
    """The local day whose digest is due at the instant `at` in `time_zone`: that day once
    its clock has reached DIGEST_HOUR, else None (the previous day's was due yesterday)."""
    local = at.astimezone(_zone(time_zone))
    return local.date() if local.hour >= DIGEST_HOUR else None


def _zone(name: str | None) -> dt.tzinfo:
    if not name or name == "UTC":
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        event("unknown_time_zone", logging.WARNING, time_zone=name)
        return dt.UTC


def inbox_due(sleeper: Sleeper, at: dt.datetime) -> bool:
    """Whether the account's mailbox is to be read at `at`."""
    if not sleeper.has_mailbox:
        return False
    last = sleeper.mailbox_synced_at
    return last is None or at - last >= INBOX_EVERY or last > at


def queue_url(database_url: str) -> str:
    """libpq's form of a SQLAlchemy URL (postgresql+psycopg://… → postgresql://…)."""
    from sqlalchemy.engine import make_url

    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


@dataclass
class Worker:
    """The queue, its three tasks, and what they work on."""

    server: Server
    tables: WorkerTables
    app: procrastinate.App

    @classmethod
    def open(cls, settings: AppSettings, retry_wait: int = RETRY_WAIT) -> Worker:
        """The worker of the server `settings` describe (server mode, PostgreSQL): the
        database migrated, and the queue's tables made when missing."""
        import procrastinate

        from afterview.adapters.worker_tables import WorkerTables
        from afterview.server import Server

        server = Server(settings)
        app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(
                conninfo=queue_url(settings.database_url), min_size=1, max_size=4
            )
        )
        worker = cls(server, WorkerTables(server.engine), app)
        worker._register(retry_wait)
        return worker

    def _register(self, retry_wait: int) -> None:
        import procrastinate

        app = self.app

        @app.periodic(cron="* * * * *")
        @app.task(name=TICK, queueing_lock=TICK)
        def tick(timestamp: int) -> None:
            self.tick(dt.datetime.fromtimestamp(timestamp, dt.UTC))

        retry = procrastinate.RetryStrategy(
            max_attempts=RETRIES, wait=retry_wait, retry_exceptions=[TryAgain]
        )

        @app.task(name=DIGEST, retry=retry)
        def digest(account_id: int, day: str) -> None:
            self.digest(account_id, dt.date.fromisoformat(day))

        @app.task(name=INBOX)
        def inbox(account_id: int) -> None:
            self.inbox(account_id)

        @app.periodic(cron="* * * * *", periodic_id="recover")
        @app.task(name=RECOVER, queueing_lock=RECOVER, pass_context=True)
        async def recover(context: procrastinate.JobContext, timestamp: int) -> None:
            """Run again the jobs a worker that died left running (its heartbeat stopped):
            else the account's lock would keep its digests and mailbox waiting for good.
            A digest run again finds its send in flight and sends nothing (the outbox marks
            it uncertain); a mailbox read again records nothing twice."""
            del timestamp
            manager = context.app.job_manager
            for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER):
                await manager.retry_job(job)
                event("job_recovered", task=job.task_name, job=job.id)

    # --- the tasks ---------------------------------------------------------------------------

    def tick(self, at: dt.datetime) -> None:
        """Queue what is due at the instant `at` (see the module)."""
        self.tables.forget_digests(before=at.date() - KEEP_CLAIMS)
        for sleeper in self.tables.sleepers():
            day = digest_day(sleeper.time_zone, at)
            if day is not None and not self.tables.digest_claimed(sleeper.account_id, day):
                # Queued first, claimed second: a tick that dies in between leaves the day
                # unclaimed, and the next tick queues it again (the queueing lock, or the
                # outbox once it has gone, keeps that from sending it twice).
                self.queue_digest(sleeper.account_id, day)
                self.tables.claim_digest(sleeper.account_id, day, at)
            if inbox_due(sleeper, at):
                self.queue_inbox(sleeper.account_id)

    def queue_digest(self, account_id: int, day: dt.date) -> None:
        from procrastinate.exceptions import AlreadyEnqueued

        try:
            # One account's digest jobs never run at once (`lock`): a second job of the same
            # day then finds the first one's digest sent, never in flight.
            self.app.configure_task(
                DIGEST,
                lock=f"digest:{account_id}",
                queueing_lock=f"digest:{account_id}:{day.isoformat()}",
            ).defer(account_id=account_id, day=day.isoformat())
        except AlreadyEnqueued:
            pass
        else:
            event("digest_queued", account=account_id, day=day.isoformat())

    def queue_inbox(self, account_id: int) -> None:
        from procrastinate.exceptions import AlreadyEnqueued

        with contextlib.suppress(AlreadyEnqueued):  # one is waiting already
            self.app.configure_task(
                INBOX, lock=f"inbox:{account_id}", queueing_lock=f"inbox:{account_id}"
            ).defer(account_id=account_id)

    def digest(self, account_id: int, day: dt.date) -> None:
        """Send the account's digest of `day` at most once; TryAgain when the mail server
        refused it (nothing went out)."""
        from afterview.services.reminders import DigestNotSent, SendDigest

        account = self.server.accounts.by_id(account_id)
        if account is None or account.disabled:
            event("digest_skipped", account=account_id, reason="the account is disabled")
            return
        av = self.afterview(account_id, today=day)
        try:
            # To the address the account signs in with, never one its records name: the
            # server's mail server mails only its own users.
            result = av.send_digest(SendDigest(to=account.email))
        except DigestNotSent as refused:
            said = quiet(str(refused))
            event("digest_refused", logging.WARNING, account=account_id, reason=said)
            raise TryAgain(said) from None
        except AfterviewError as problem:  # no profile email, no mail server: retrying won't help
            event("digest_failed", logging.WARNING, account=account_id, reason=quiet(str(problem)))
            return
        finally:
            av.close()
        if result.sent:
            event("digest_sent", account=account_id, day=day.isoformat(), actions=result.actions)
        else:
            reason = quiet(result.reason or "")
            event("digest_not_sent", account=account_id, day=day.isoformat(), reason=reason)

    def inbox(self, account_id: int) -> None:
        """Read the account's mailbox and record what is certain (docs/inbox.md)."""
        now = dt.datetime.now(dt.UTC)
        stored = self.tables.mailbox(account_id)
        account = self.server.accounts.by_id(account_id)
        if stored is None or account is None or account.disabled:
            return  # removed, or the account disabled, since the job was queued
        av = self.afterview(account_id, today=None)
        try:
            report = av.sync_inbox()
        except AfterviewError as problem:
            said = quiet(str(problem))
            self.tables.mailbox_read(account_id, stored.sealed_url, now, said)
            event("inbox_failed", logging.WARNING, account=account_id, reason=said)
            return
        finally:
            av.close()
        self.tables.mailbox_read(account_id, stored.sealed_url, now, None)
        event("inbox_read", account=account_id, messages=report.seen)

    # --- one account's afterview -------------------------------------------------------------

    def afterview(self, account_id: int, today: dt.date | None) -> Afterview:
        """The account's afterview for one job: its store on the shared engine, its own
        mailbox, today pinned to the job's local day, and no delivery retries of its own
        (the queue retries)."""
        from afterview.bootstrap import Wiring

        av = self.server.fresh_afterview(account_id, today=today)
        assert isinstance(av.ports, Wiring)
        av.ports.retry_delays = ()
        return av

    # --- running -----------------------------------------------------------------------------

    def prepare(self) -> None:
        """Make the queue's tables when the database has none yet."""
        prepare_queue(self.server)

    def run(self, until_idle: bool = False, name: str | None = None) -> None:
        """Work until stopped (SIGINT, SIGTERM); `until_idle`: until the queue is empty."""
        self.prepare()
        # A job that went well is deleted: the queue keeps what waits, runs or failed.
        options: dict[str, Any] = {
            "wait": not until_idle,
            "name": name,
            "delete_jobs": "successful",
        }
        if until_idle:
            options["listen_notify"] = False
        try:
            self.app.run_worker(**options)
        finally:
            self.close()

    def close(self) -> None:
        self.server.close()


def prepare_queue(server: Server) -> bool:
    """Make the queue's tables when the database lacks them (after afterview's own
    migrations); whether it did. As the tables' owner: a connection never switched to the
    store's role."""
    from afterview.adapters.queue import apply_queue_schema
    from afterview.adapters.store import create_engine_for

    server.engine  # noqa: B018  (migrated first)
    engine = create_engine_for(server.settings.database_url)
    try:
        return apply_queue_schema(engine)
    finally:
        engine.dispose()
