"""The at-most-once protocol on in-memory ports: every state it can be in, in milliseconds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.services.outbox import Outcome, Unsent, send_once
from afterview.services.ports import (
    OutboxEntry,
    OutboxState,
    PermanentFailure,
    TemporaryFailure,
    UnitOfWork,
)
from tests.fakes import FakePorts

KEY = "thank_you/acme-1/omar-said"


def draft(body: str = "Thank you, Omar.", message_id: str = "<1@example.org>") -> OutboxEntry:
    return OutboxEntry(
        KEY,
        "thank_you",
        "acme-1",
        "omar-said",
        "email",
        message_id,
        OutboxState.DRAFTED,
        "omar@acme.example.com",
        "Thank you",
        body,
    )


class Crash(Exception):
    """The process dies here (a SIGKILL, a power cut): nothing after it runs."""


class Wire:
    """A transmitter that follows a script of what happens on each attempt."""

    def __init__(self, *script: str) -> None:
        self.script = list(script)
        self.delivered: list[OutboxEntry] = []

    def __call__(self, entry: OutboxEntry) -> str | None:
        step = self.script.pop(0) if self.script else "ok"
        if step == "temporary":
            raise TemporaryFailure("SMTP 421: try again later")
        if step == "permanent":
            raise PermanentFailure("SMTP 550: no such user")
        if step == "crash":
            raise Crash
        self.delivered.append(entry)
        if step == "ok-then-crash":
            raise Crash
        return None


def recorded(log: list[str]) -> object:
    def record(work: UnitOfWork, entry: OutboxEntry, file: str | None) -> None:
        log.append(entry.message_id)

    return record


def test_a_new_message_is_sent_once_and_recorded_with_it() -> None:
    ports, wire, log = FakePorts(), Wire(), list[str]()
    outcome = send_once(ports, draft(), wire, recorded(log))  # type: ignore[arg-type]
    assert outcome.sent
    assert [e.body for e in wire.delivered] == ["Thank you, Omar."]
    assert log == ["<1@example.org>"]
    stored = ports.store.outbox[KEY]
    assert (stored.state, stored.attempts) == (OutboxState.SENT, 1)
    again = send_once(ports, draft(message_id="<2@example.org>"), wire)
    assert (again.sent, again.unsent) == (False, Unsent.ALREADY_SENT)
    assert len(wire.delivered) == 1


def test_temporary_failures_are_retried_after_each_delay() -> None:
    ports, wire = FakePorts(retry_delays=(1.0, 4.0)), Wire("temporary", "temporary", "ok")
    assert send_once(ports, draft(), wire).sent
    assert ports.clock.slept == [1.0, 4.0]
    assert len(wire.delivered) == 1


def test_a_message_that_failed_for_sure_may_be_sent_later_as_edited() -> None:
    ports = FakePorts(retry_delays=(1.0,))
    failed = send_once(ports, draft(), Wire("temporary", "temporary"))
    assert (failed.unsent, failed.reason) == (Unsent.FAILED, "SMTP 421: try again later")
    assert ports.store.outbox[KEY].state is OutboxState.FAILED
    wire = Wire()
    later = send_once(ports, draft("Thank you again, Omar.", "<new@example.org>"), wire)
    assert later.sent
    (delivered,) = wire.delivered
    assert (delivered.body, delivered.message_id) == ("Thank you again, Omar.", "<1@example.org>")
    assert ports.store.outbox[KEY].attempts == 2


def test_a_permanent_failure_is_not_retried() -> None:
    ports = FakePorts()
    outcome = send_once(ports, draft(), Wire("permanent"))
    assert outcome.unsent is Unsent.FAILED
    assert ports.clock.slept == []


def test_an_interrupted_send_is_never_repeated_by_itself() -> None:
    ports = FakePorts()
    with pytest.raises(Crash):
        send_once(ports, draft(), Wire("crash"))
    assert ports.store.outbox[KEY].state is OutboxState.SENDING
    wire = Wire()
    for _ in range(2):
        outcome = send_once(ports, draft("A different text"), wire)
        assert outcome.unsent is Unsent.UNCERTAIN
    assert wire.delivered == []
    assert ports.store.outbox[KEY].state is OutboxState.UNCERTAIN


def test_resend_sends_the_very_same_message() -> None:
    ports = FakePorts()
    with pytest.raises(Crash):
        send_once(ports, draft(), Wire("ok-then-crash"))
    wire = Wire()
    outcome = send_once(ports, draft("A different text", "<other@x>"), wire, resend=True)
    assert outcome.sent
    (delivered,) = wire.delivered
    assert (delivered.body, delivered.message_id) == ("Thank you, Omar.", "<1@example.org>")


def test_a_crash_after_delivery_but_before_the_record_is_uncertain_not_twice() -> None:
    ports, log = FakePorts(), list[str]()

    def crashing_record(work: UnitOfWork, entry: OutboxEntry, file: str | None) -> None:
        raise Crash

    wire = Wire()
    with pytest.raises(Crash):
        send_once(ports, draft(), wire, crashing_record)
    assert ports.store.outbox[KEY].state is OutboxState.SENDING
    assert send_once(ports, draft(), wire, recorded(log)).unsent is Unsent.UNCERTAIN  # type: ignore[arg-type]
    assert len(wire.delivered) == 1
    assert log == []


STEPS = st.sampled_from(["ok", "temporary", "permanent", "crash", "ok-then-crash"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(STEPS, min_size=1, max_size=4), min_size=1, max_size=6))
def test_without_resend_a_message_is_delivered_at_most_once(runs: list[list[str]]) -> None:
    """Whatever happens on the wire and however often the user runs send, at most once."""
    ports = FakePorts(retry_delays=(0.0, 0.0))
    delivered = 0
    for script in runs:
        wire = Wire(*script)
        try:
            outcome: Outcome | None = send_once(ports, draft(), wire)
        except Crash:
            outcome = None
        delivered += len(wire.delivered)
        if outcome is not None and outcome.sent:
            assert ports.store.outbox[KEY].state is OutboxState.SENT
    assert delivered <= 1
    if delivered == 1:
        state = ports.store.outbox[KEY].state
        assert state in (OutboxState.SENT, OutboxState.SENDING, OutboxState.UNCERTAIN)


def test_one_transaction_claims_and_one_records_the_send() -> None:
    ports = FakePorts()
    send_once(ports, replace(draft(), subject=None), Wire())
    assert ports.store.outbox[KEY].subject is None
    assert ports.store.commits == 2  # claimed before the wire, recorded after it


# --- the outbox in a backup (docs/contracts.md, `outbox`) --------------------------------------


def test_a_backup_of_the_outbox_round_trips_and_sent_wins() -> None:
    from afterview.services.documents import (
        export_document,
        merge_outbox,
        read_outbox,
        write_outbox_entry,
    )

    ports = FakePorts()
    assert "outbox" not in export_document(ports)  # nothing sent: the document as before
    sent = replace(draft(), state=OutboxState.SENT, attempts=1)
    ports.store.outbox[KEY] = sent
    written = export_document(ports)["outbox"]
    entries, problems = read_outbox(written)
    assert (entries, problems) == ([sent], [])
    assert written == [write_outbox_entry(sent)]

    restored = FakePorts()
    restored.store.outbox[KEY] = replace(draft(), state=OutboxState.UNCERTAIN)
    with restored.store.unit_of_work() as work:
        merge_outbox(work.outbox, entries)  # the backup says it went out: it did
    assert restored.store.outbox[KEY].state is OutboxState.SENT
    with restored.store.unit_of_work() as work:
        merge_outbox(work.outbox, [replace(sent, state=OutboxState.FAILED)])
    assert restored.store.outbox[KEY].state is OutboxState.SENT  # never un-sent
    outcome = send_once(restored, draft(), Wire())
    assert outcome.unsent is Unsent.ALREADY_SENT
