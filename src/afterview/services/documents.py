"""Import and export of the pipeline document (DESIGN §2)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afterview.adapters.spreadsheets import Sheet
from afterview.domain.document import merge, read_document, write_document
from afterview.domain.model import Pipeline
from afterview.errors import InvalidInput
from afterview.services.ports import PipelineReader, PipelineStore


@dataclass(frozen=True)
class ImportReport:
    """How much a document added to the store."""

    contacts: int
    applications: int
    interviews: int
    touches: int


def read_json_file(path: Path) -> Any:
    """The JSON in a file, or one clear problem naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: cannot read it ({error})"]) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidInput(
            [f"{path}: not JSON this program can read (nested too deeply)"]
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            [f"{path}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None


def import_document(store: PipelineStore, raw: object, replace: bool = False) -> ImportReport:
    """Check the whole document, then merge it into the store in one transaction."""
    with store.unit_of_work() as work:
        before = work.load()
        document = read_document(raw, before, replace)
        work.save(before, merge(before, document))
    incoming = document.pipeline
    return ImportReport(
        len(incoming.contacts),
        len(incoming.applications),
        sum(len(a.interviews) for a in incoming.applications),
        len(incoming.touches),
    )


def export_document(reader: PipelineReader) -> dict[str, Any]:
    return write_document(reader.load())


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def empty(pipeline: Pipeline) -> bool:
    return not (pipeline.profile or pipeline.contacts or pipeline.applications or pipeline.touches)


def import_sheet(store: PipelineStore, sheet: Sheet, replace: bool = False) -> ImportReport:
    """Import a spreadsheet's applications; problems are named by row and column."""
    try:
        return import_document(store, sheet.document, replace)
    except InvalidInput as error:
        raise InvalidInput([sheet.locate(problem) for problem in error.problems]) from None
