"""Sending at most once: the one protocol every message afterview sends goes through.

Thank-you notes (by email, post or fax) and the daily digest all follow it:

1. In one transaction, the message is looked up by its key (what it is for: one
   thank-you per interview and person, one digest per day). If it was sent, it is
   not sent again. If an earlier attempt was interrupted (`sending` or `uncertain`),
   nobody can know whether it went out: it is marked `uncertain` and not sent by
   itself. Otherwise it is written, with its Message-ID, and marked `sending`.
2. The message is delivered; a temporary failure is retried after each delay. A
   server that stops answering after it was handed the message may have taken it:
   that is `uncertain` too, never retried.
3. In one transaction, the outbox says `sent` and the pipeline gets its record (the
   `thank_you` touch), or the outbox says `failed`: a failed message is known not to
   have gone out, so a later run may send it.

A crash between 1 and 3 leaves the message `sending`, which the next run turns into
`uncertain`. Only the user, having looked in their Sent folder (or the outbox folder),
may ask to resend it: the very same message, with the same Message-ID.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from email.utils import make_msgid
from enum import StrEnum

from afterview.services.ports import (
    DeliveryFailure,
    OutboxEntry,
    OutboxState,
    Ports,
    TemporaryFailure,
    UncertainDelivery,
    UnitOfWork,
)

Transmit = Callable[[OutboxEntry], str | None]
"""Delivers the entry's message; returns the file it left, if any. Raises DeliveryFailure."""
Record = Callable[[UnitOfWork, OutboxEntry, str | None], None]
"""What else changes, in the same transaction, once the message (and its file) is out."""


class Unsent(StrEnum):
    """Why the protocol did not send a message."""

    ALREADY_SENT = "already_sent"
    UNCERTAIN = "uncertain"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """What became of one message: sent (with the file it left), or why not."""

    entry: OutboxEntry
    unsent: Unsent | None = None
    reason: str | None = None
    file: str | None = None

    @property
    def sent(self) -> bool:
        return self.unsent is None


def send_once(
    ports: Ports,
    draft: OutboxEntry,
    transmit: Transmit,
    record: Record | None = None,
    *,
    resend: bool = False,
) -> Outcome:
    """Deliver the message `draft` describes at most once (see the module's docstring)."""
    with _in_flight(draft.key):
        claimed = _claim(ports, draft, resend)
        if isinstance(claimed, Outcome):
            return claimed
        try:
            file = _with_retries(transmit, claimed, ports.clock.sleep, ports.retry_delays)
        except UncertainDelivery as failure:
            _mark(ports, claimed.key, OutboxState.UNCERTAIN, str(failure))
            return Outcome(claimed, Unsent.UNCERTAIN, f"may already have been sent: {failure}")
        except DeliveryFailure as failure:
            _mark(ports, claimed.key, OutboxState.FAILED, str(failure))
            return Outcome(claimed, Unsent.FAILED, str(failure))
        with ports.store.unit_of_work() as work:
            work.outbox.mark(claimed.key, OutboxState.SENT, file=file)
            if record is not None:
                record(work, claimed, file)
        return Outcome(replace(claimed, state=OutboxState.SENT, file=file), file=file)


_LOCKS: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
_LOCKS_LOCK = threading.Lock()


@contextmanager
def _in_flight(key: str) -> Iterator[None]:
    """One sender per message in this process: a second click on Send waits for the first
    and then finds the message sent, instead of taking it for an interrupted one."""
    with _LOCKS_LOCK:
        lock = _LOCKS[key]
    with lock:
        yield


def _mark(ports: Ports, key: str, state: OutboxState, error: str) -> None:
    with ports.store.unit_of_work() as work:
        work.outbox.mark(key, state, error=error)


def _claim(ports: Ports, draft: OutboxEntry, resend: bool) -> OutboxEntry | Outcome:
    """The entry, now `sending`; or the outcome that says why it must not be sent."""
    with ports.store.unit_of_work() as work:
        entry = work.outbox.get(draft.key)
        if entry is not None and entry.state is OutboxState.SENT:
            return Outcome(entry, Unsent.ALREADY_SENT, "already sent")
        interrupted = (OutboxState.SENDING, OutboxState.UNCERTAIN)
        if entry is not None and entry.state in interrupted:
            if not resend:
                work.outbox.mark(draft.key, OutboxState.UNCERTAIN, error="interrupted")
                return Outcome(
                    entry,
                    Unsent.UNCERTAIN,
                    "may already have been sent: the last attempt was interrupted",
                )
            claimed = replace(entry, state=OutboxState.SENDING, attempts=entry.attempts + 1)
        else:
            # New, or known not to have gone out (failed): what goes now is the message as
            # drafted now, under the Message-ID it was first given.
            first = entry.message_id if entry is not None else draft.message_id
            attempts = entry.attempts + 1 if entry is not None else 1
            claimed = replace(draft, message_id=first, state=OutboxState.SENDING, attempts=attempts)
        work.outbox.put(claimed)
        return claimed


def _with_retries(
    transmit: Transmit,
    entry: OutboxEntry,
    sleep: Callable[[float], None],
    delays: Sequence[float],
) -> str | None:
    waits = list(delays)
    while True:
        try:
            return transmit(entry)
        except TemporaryFailure:
            if not waits:
                raise
            sleep(waits.pop(0))


def new_message_id(domain: str) -> str:
    """A fresh Message-ID under the sender's own domain."""
    return make_msgid(domain=domain)


def domain_of(email: str) -> str:
    """The domain of an address, for the Message-IDs of what it sends."""
    return email.rpartition("@")[2] or "afterview.invalid"
