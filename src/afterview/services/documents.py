"""Import and export: the pipeline document (docs/contracts.md) and spreadsheets."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from afterview.domain.document import Document, merge, read_document, write_document
from afterview.domain.fields import FieldError, check_characters
from afterview.domain.model import Pipeline
from afterview.errors import InvalidInput
from afterview.services.ports import (
    OutboxEntry,
    OutboxRepository,
    OutboxState,
    Ports,
    UnitOfWork,
)


@dataclass(frozen=True)
class ImportReport:
    """How much a document added to the store."""

    contacts: int
    applications: int
    interviews: int
    touches: int


@dataclass(frozen=True)
class ImportDocument:
    """An afterview/1 document as the user gave it: its bytes, and where they came from."""

    data: bytes
    source: str
    """The file's name, for the messages."""
    replace: bool = False
    """Replace the records whose ids exist already."""


class _NotStrictJson(ValueError):
    """What Python's json module would read but a JSON file must not hold."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: with a key written twice, one of the two
    values would vanish without a word (as a spreadsheet's column named twice)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _NotStrictJson(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return result


def _constant(name: str) -> Any:
    raise _NotStrictJson(f"{name} is not a JSON number")


def parse_json(data: bytes, source: str) -> Any:
    """The JSON in a file's bytes, or one clear problem naming the file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput([f"{source}: cannot read it ({error})"]) from None
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except RecursionError:
        raise InvalidInput(
            [f"{source}: not JSON this program can read (nested too deeply)"]
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            [f"{source}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None
    except _NotStrictJson as error:
        raise InvalidInput([f"{source}: not JSON this program can read ({error})"]) from None
    except ValueError:  # int() refuses a number of more than 4,300 digits
        raise InvalidInput(
            [f"{source}: not JSON this program can read (a number of more than 4,300 digits)"]
        ) from None


def import_document(ports: Ports, command: ImportDocument) -> ImportReport:
    """Check the whole document, then merge it into the store in one transaction."""
    raw = parse_json(command.data, command.source)
    if not isinstance(raw, dict) or OUTBOX_KEY not in raw:
        return merge_document(ports, raw, command.replace)
    rest = {key: value for key, value in raw.items() if key != OUTBOX_KEY}
    entries, problems = read_outbox(raw[OUTBOX_KEY])

    def keep_sent(work: UnitOfWork) -> None:
        merge_outbox(work.outbox, entries)

    incoming = commit(ports, lambda _: rest, command.replace, problems=problems, also=keep_sent)
    return _report(incoming.pipeline)


def commit(
    ports: Ports,
    change: Callable[[Pipeline], object],
    replace: bool = False,
    keep_repeats: bool = False,
    *,
    problems: Sequence[str] = (),
    also: Callable[[UnitOfWork], None] | None = None,
) -> Document:
    """The one way records are written: the change, stated as an afterview/1 document made
    from the stored pipeline, is checked whole against it and merged in one transaction.

    The check runs on a snapshot, before the write lock is taken (checking a big document
    takes a while, and other commands would wait for it); in the transaction the checked
    document is merged if the pipeline is still the one it was checked against, and
    checked again against the pipeline as it now is if not. `problems` found elsewhere in
    the document are reported with the check's; `also` writes more in the same transaction.
    """
    snapshot = ports.store.load()
    document = _checked(ports, change(snapshot), snapshot, replace, problems)
    with ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        if before != snapshot:  # another command wrote in between: check against its result
            document = _checked(ports, change(before), before, replace, problems)
        work.pipeline.save(before, merge(before, document, keep_repeats))
        if also is not None:
            also(work)
    return document


def _checked(
    ports: Ports, raw: object, stored: Pipeline, replace: bool, problems: Sequence[str]
) -> Document:
    try:
        document = read_document(raw, stored, replace, formats=ports.contact_formats)
    except InvalidInput as error:
        if not problems:
            raise
        raise InvalidInput([*error.problems, *problems], remedy=error.remedy) from None
    if problems:
        raise InvalidInput(problems)
    return document


def merge_document(ports: Ports, raw: object, replace: bool = False) -> ImportReport:
    """Check a document already parsed, then merge it into the store in one transaction."""
    return _report(commit(ports, lambda _: raw, replace).pipeline)


def _report(incoming: Pipeline) -> ImportReport:
    return ImportReport(
        len(incoming.contacts),
        len(incoming.applications),
        sum(len(a.interviews) for a in incoming.applications),
        len(incoming.touches),
    )


def export_document(ports: Ports) -> dict[str, Any]:
    """The document of the whole store; `outbox` only when something was ever sent, so a
    store that sent nothing exports exactly what it did before the outbox existed."""
    document = write_document(ports.reader.load())
    entries = ports.reader.load_outbox()
    if entries:
        document[OUTBOX_KEY] = [write_outbox_entry(entry) for entry in entries]
    return document


# --- the outbox in the document ---------------------------------------------------------------

OUTBOX_KEY = "outbox"
OUTBOX_FIELDS = {
    # document field: (OutboxEntry field, required, longest)
    "key": ("key", True, 420),
    "kind": ("kind", True, 20),
    "interview": ("interview_id", False, 200),
    "contact": ("contact_id", False, 200),
    "medium": ("medium", True, 10),
    "message_id": ("message_id", True, 300),
    "state": ("state", True, None),
    "recipient": ("recipient", False, None),
    "subject": ("subject", False, None),
    "body": ("body", True, None),
    "file": ("file", False, None),
    "attempts": ("attempts", False, None),
    "last_error": ("last_error", False, None),
}
"""What a backup keeps of each message afterview sent or began to send (docs/contracts.md):
enough that a restored store never sends it again, and can resend an interrupted one."""
NAMES = ("key", "kind", "medium", "message_id", "state")
"""The fields that name a message: never blank."""


MULTILINE = frozenset({"body", "last_error"})


def _bad_character(value: str, multiline: bool) -> str | None:
    """What no database keeps as text (NUL, a lone surrogate), as the document says it."""
    try:
        check_characters(value, multiline)
    except FieldError as error:
        return str(error)
    return None


def write_outbox_entry(entry: OutboxEntry) -> dict[str, Any]:
    written: dict[str, Any] = {}
    for name, (field, _, _) in OUTBOX_FIELDS.items():
        value = getattr(entry, field)
        if name == "state":
            value = entry.state.value
        if value is not None and (name != "attempts" or value):
            written[name] = value
    return written


def read_outbox(raw: object) -> tuple[list[OutboxEntry], list[str]]:
    """The document's `outbox` list as entries, and its problems named by path."""
    if not isinstance(raw, list):
        return [], [f"{OUTBOX_KEY}: not a list (use [] for none)"]
    entries: list[OutboxEntry] = []
    problems: list[str] = []
    keys: set[str] = set()
    message_ids: set[str] = set()
    for index, item in enumerate(raw):
        where = f"{OUTBOX_KEY}[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        found = len(problems)
        values: dict[str, Any] = {}
        for name in item:
            if name not in OUTBOX_FIELDS:
                problems.append(f"{where}.{name}: unknown field")
        for name, (field, required, longest) in OUTBOX_FIELDS.items():
            value = item.get(name)
            path = f"{where}.{name}"
            if value is None:
                if required:
                    problems.append(f"{path}: required")
            elif name == "attempts":
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    problems.append(f"{path}: must be a whole number, 0 or more")
            elif not isinstance(value, str):
                problems.append(f"{path}: must be text")
            elif name in NAMES and not value.strip():
                problems.append(f"{path}: must not be blank")
            elif (character := _bad_character(value, name in MULTILINE)) is not None:
                problems.append(f"{path}: {character}")
            elif longest is not None and len(value) > longest:
                problems.append(f"{path}: longer than {longest} characters")
            elif name == "state" and value not in set(OutboxState):
                known = ", ".join(state.value for state in OutboxState)
                problems.append(f"{path}: must be one of {known}")
            values[field] = value
        key, message_id = values.get("key"), values.get("message_id")
        if isinstance(key, str) and key in keys:
            problems.append(f"{where}.key: {key!r} appears twice")
        if isinstance(message_id, str) and message_id in message_ids:
            problems.append(f"{where}.message_id: {message_id!r} appears twice")
        keys.add(str(key))
        message_ids.add(str(message_id))
        if len(problems) == found:
            values["state"] = OutboxState(values["state"])
            values["attempts"] = values.get("attempts") or 0
            entries.append(OutboxEntry(**values))
    return entries, problems


def merge_outbox(outbox: OutboxRepository, entries: Sequence[OutboxEntry]) -> None:
    """Add a backup's messages to the outbox. A message the store has too is kept as stored,
    unless the backup says it was sent (then it was: it must never go out again)."""
    stored = {entry.key: entry for entry in outbox.entries()}
    owners = {entry.message_id: entry.key for entry in stored.values()}
    problems = []
    for index, entry in enumerate(entries):
        owner = owners.get(entry.message_id)
        if owner is not None and owner != entry.key:
            problems.append(
                f"{OUTBOX_KEY}[{index}].message_id: already the Message-ID of {owner!r}"
            )
    if problems:
        raise InvalidInput(problems)
    for entry in entries:
        mine = stored.get(entry.key)
        sent = entry.state is OutboxState.SENT
        if mine is None or (sent and mine.state is not OutboxState.SENT):
            outbox.put(entry)


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def import_sheet(ports: Ports, data: bytes, replace: bool = False) -> ImportReport:
    """Import a spreadsheet's applications; problems are named by row and column."""
    sheet = ports.files.read_sheet(data)
    try:
        return merge_document(ports, sheet.document, replace)
    except InvalidInput as error:
        located = [sheet.locate(problem) for problem in error.problems]
        raise InvalidInput(located, remedy=error.remedy) from None


def export_sheet(ports: Ports, as_of: dt.date | None = None) -> str:
    """The pipeline as CSV: one row per application, with its next action."""
    day = as_of or ports.clock.today()
    pipeline = ports.reader.load()
    actions = ports.plans.actions(pipeline, ports.playbook.current(), day, ports.holidays)
    return ports.files.write_sheet(pipeline, actions)
