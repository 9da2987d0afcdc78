"""Applications from spreadsheets and other trackers, and the pipeline back out as CSV.

Two layouts are read. JobSync's export (`index, createdAt, applied, appliedDate,
Company, JobTitle, jobType, workplaceType, Location, JobSource, Status`), and a
generic one documented in the README (`id, company, role, status, applied_on,
closed_on, medium, interest, job_description`; company and role required). Each
becomes an afterview/1 document, so a spreadsheet gets exactly the checks of
`import`, and each problem is reported by row and column.

What `export-csv` writes reads back as the generic layout: its derived columns
(interviews, next action, ...) are skipped, and a cell a spreadsheet would run as a
formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return, OWASP's
"CSV injection") is written after a single quote, which reading takes off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from afterview.domain.actions import Action
from afterview.domain.document import FORMAT
from afterview.domain.model import Pipeline
from afterview.errors import InvalidInput

JOBSYNC_COLUMNS = (
    "index",
    "createdAt",
    "applied",
    "appliedDate",
    "Company",
    "JobTitle",
    "jobType",
    "workplaceType",
    "Location",
    "JobSource",
    "Status",
)
GENERIC_COLUMNS = (
    "id",
    "company",
    "role",
    "status",
    "applied_on",
    "closed_on",
    "medium",
    "interest",
    "job_description",
)
JOBSYNC_STATUS = {
    "draft": "applied",
    "saved": "applied",
    "applied": "applied",
    "interview": "interviewing",
    "interviewing": "interviewing",
    "offer": "offer",
    "accepted": "accepted",
    "rejected": "rejected",
    "expired": "withdrawn",
    "archived": "withdrawn",
    "withdrawn": "withdrawn",
    "declined": "declined",
}
JOBSYNC_FIELDS = {
    "company": "Company",
    "role": "JobTitle",
    "applied_on": "appliedDate",
    "status": "Status",
    "id": "index",
    "job_description": "Location",
}
EXPORT_COLUMNS = (
    "id",
    "company",
    "role",
    "status",
    "applied_on",
    "closed_on",
    "interviews",
    "last_interview",
    "next_action",
    "next_due_by",
    "rule",
)
DERIVED_COLUMNS = tuple(name for name in EXPORT_COLUMNS if name not in GENERIC_COLUMNS)
"""What `export-csv` adds to the generic columns: computed, so skipped when read back."""
DOCUMENT_PATH = re.compile(r"^applications\[(\d+)\]\.([a-z_]+)(.*)$")
FORMULA = re.compile(r"'*[=+\-@\t\r]")
"""A cell a spreadsheet would run as a formula, once the quotes in front are taken off."""
INTEREST = re.compile(r"[0-9]{1,2}", re.ASCII)
DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DAY_AND_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII
)
US_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}", re.ASCII)


@dataclass
class Sheet:
    """A spreadsheet turned into a document, remembering which row each record came from."""

    document: dict[str, Any]
    rows: list[int] = field(default_factory=list)
    columns: Mapping[str, str] = field(default_factory=dict)

    def locate(self, problem: str) -> str:
        """`applications[2].applied_on: not a date` as `row 4, appliedDate: not a date`."""
        path, _, reason = problem.partition(": ")
        match = DOCUMENT_PATH.match(path)
        if match is None:
            return problem
        row = self.rows[int(match.group(1))]
        column = self.columns.get(match.group(2), match.group(2))
        return f"row {row}, {column}{match.group(3)}: {reason}"


def read_sheet(data: bytes) -> Sheet:
    """A CSV file of applications, in JobSync's layout or the generic one."""
    rows = _rows(data)
    header = _header(rows)
    if set(JOBSYNC_COLUMNS) <= set(header):
        return _jobsync(rows)
    if {"company", "role"} <= set(header):
        return _generic(rows, header)
    found = ", ".join(_shown(name) for name in header[:20]) or "none"
    raise InvalidInput(
        [
            f"CSV header: neither JobSync's ({', '.join(JOBSYNC_COLUMNS)}) nor the "
            f"generic layout (company, role, ...); found {found}"
        ]
    )


def _rows(data: bytes) -> csv.DictReader[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput([f"CSV: not UTF-8 text (byte {error.start})"]) from None
    return csv.DictReader(io.StringIO(text, newline=""))


def _header(rows: csv.DictReader[str]) -> tuple[str, ...]:
    """The column names; one named twice is refused (which of the two would count?)."""
    try:
        header = tuple(rows.fieldnames or ())
    except csv.Error as error:
        raise InvalidInput([f"CSV header: {_csv_problem(error)}"]) from None
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name in seen:
            raise InvalidInput(
                [
                    f"CSV header: column {_shown(name)} appears twice "
                    f"(columns {seen[name]} and {number})"
                ]
            )
        seen[name] = number
    return header


def _numbered(rows: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row with its number as a spreadsheet shows it (the header is row 1); a row
    the csv module cannot read, or with more cells than the header has names, is refused."""
    number = 1
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidInput([f"row {number}: {_csv_problem(error)}"]) from None
        extra = row.pop(None, None)
        if extra:
            columns = len(rows.fieldnames or ())
            raise InvalidInput(
                [f"row {number}: {len(extra)} cell(s) more than the header's {columns} columns"]
            )
        yield number, {key: value or "" for key, value in row.items()}


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a cell longer than {csv.field_size_limit():,} characters"
    return f"not CSV ({error})"


def _shown(text: str, limit: int = 40) -> str:
    """A cell's text inside a message: quoted, escaped, and cut short."""
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


def _jobsync(rows: csv.DictReader[str]) -> Sheet:
    sheet = Sheet({"format": FORMAT, "applications": []}, columns=JOBSYNC_FIELDS)
    problems = []
    for number, row in _numbered(rows):
        status = (row.get("Status") or "").strip().lower()
        if status and status not in JOBSYNC_STATUS:
            problems.append(
                f"row {number}, Status: unknown status {_shown(row['Status'])} "
                f"(known: {', '.join(sorted(JOBSYNC_STATUS))})"
            )
            continue
        application = {
            "id": f"jobsync-{(row.get('index') or str(number)).strip()}",
            "company": (row.get("Company") or "").strip(),
            "role": (row.get("JobTitle") or "").strip(),
            "status": JOBSYNC_STATUS.get(status, "applied"),
            "applied_on": _day(row.get("appliedDate") or row.get("createdAt")),
            "job_description": _details(row),
        }
        sheet.document["applications"].append(_without_blanks(application))
        sheet.rows.append(number)
    if problems:
        raise InvalidInput(problems)
    return sheet


def _details(row: Mapping[str, str | None]) -> str | None:
    """Where, what kind and where found: kept with the job, for the notes to draw on."""
    parts = [
        f"{label}: {value.strip()}"
        for label, key in (
            ("Location", "Location"),
            ("Type", "jobType"),
            ("Workplace", "workplaceType"),
            ("Source", "JobSource"),
        )
        if (value := row.get(key)) and value.strip()
    ]
    return "; ".join(parts) or None


def _day(value: str | None) -> str | None:
    """A date from the formats trackers export: 2024-05-01, 2024-05-01T00:00:00.000Z,
    05/01/2024; anything else (a date-time that is no such moment, too) is passed on
    whole, for the document's check to name."""
    text = (value or "").strip()
    if not text:
        return None
    if DAY_AND_TIME.fullmatch(text) and not DAY.fullmatch(text):
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        return text[:10]
    if US_DAY.fullmatch(text):
        try:
            return dt.datetime.strptime(text, "%m/%d/%Y").date().isoformat()
        except ValueError:
            return text
    return text


def _generic(rows: csv.DictReader[str], header: tuple[str, ...]) -> Sheet:
    unknown = [name for name in header if name not in GENERIC_COLUMNS + DERIVED_COLUMNS]
    if unknown:
        raise InvalidInput(
            [
                f"CSV header: unknown column {_shown(name)} (known: {', '.join(GENERIC_COLUMNS)})"
                for name in unknown[:20]
            ]
        )
    sheet = Sheet({"format": FORMAT, "applications": []})
    for number, row in _numbered(rows):
        application: dict[str, Any] = {
            key: _unquoted(value.strip())
            for key, value in row.items()
            if key not in DERIVED_COLUMNS
        }
        application.setdefault("id", "")
        application["id"] = application["id"] or f"row-{number}"
        if INTEREST.fullmatch(application.get("interest", "")):
            application["interest"] = int(application["interest"])
        sheet.document["applications"].append(_without_blanks(application))
        sheet.rows.append(number)
    return sheet


def _unquoted(cell: str) -> str:
    """A cell as written before `_quoted` protected it from being run as a formula."""
    return cell[1:] if cell.startswith("'") and FORMULA.match(cell) else cell


def _quoted(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run: a formula gets a quote in front."""
    return "'" + cell if FORMULA.match(cell) else cell


def _without_blanks(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value not in (None, "")}


def write_pipeline_csv(pipeline: Pipeline, actions: Iterable[Action]) -> str:
    """One row per application: where it stands and what is owed next."""
    first: dict[str, Action] = {}
    for action in actions:
        if action.application is not None:
            first.setdefault(action.application, action)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for app in pipeline.applications:
        latest = app.latest_interview
        nxt = first.get(app.id)
        writer.writerow(
            _quoted(cell)
            for cell in [
                app.id,
                app.company,
                app.role,
                app.status.value,
                app.applied_on.isoformat() if app.applied_on else "",
                app.closed_on.isoformat() if app.closed_on else "",
                str(len(app.interviews)),
                latest.day.isoformat() if latest else "",
                nxt.title if nxt else "",
                nxt.due_by.isoformat() if nxt else "",
                nxt.rule if nxt else "",
            ]
        )
    return out.getvalue()
