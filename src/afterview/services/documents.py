"""Import and export: the pipeline document (docs/contracts.md) and spreadsheets."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from afterview.domain.document import Document, merge, read_document, write_document
from afterview.domain.model import Pipeline
from afterview.errors import InvalidInput
from afterview.services.ports import Ports


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


def parse_json(data: bytes, source: str) -> Any:
    """The JSON in a file's bytes, or one clear problem naming the file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput([f"{source}: cannot read it ({error})"]) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidInput(
            [f"{source}: not JSON this program can read (nested too deeply)"]
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            [f"{source}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None


def import_document(ports: Ports, command: ImportDocument) -> ImportReport:
    """Check the whole document, then merge it into the store in one transaction."""
    return merge_document(ports, parse_json(command.data, command.source), command.replace)


def commit(
    ports: Ports,
    change: Callable[[Pipeline], object],
    replace: bool = False,
    keep_repeats: bool = False,
) -> Document:
    """The one way records are written: the change, stated as an afterview/1 document made
    from the stored pipeline, is checked whole against it and merged in one transaction."""
    with ports.store.unit_of_work() as work:
        before = work.pipeline.load()
        raw = change(before)
        document = read_document(raw, before, replace, formats=ports.contact_formats)
        work.pipeline.save(before, merge(before, document, keep_repeats))
    return document


def merge_document(ports: Ports, raw: object, replace: bool = False) -> ImportReport:
    """Check a document already parsed, then merge it into the store in one transaction."""
    incoming = commit(ports, lambda _: raw, replace).pipeline
    return ImportReport(
        len(incoming.contacts),
        len(incoming.applications),
        sum(len(a.interviews) for a in incoming.applications),
        len(incoming.touches),
    )


def export_document(ports: Ports) -> dict[str, Any]:
    return write_document(ports.reader.load())


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
