"""Applications from spreadsheets and other trackers, and the pipeline back out as CSV.

Two layouts are read. JobSync's export (`index, createdAt, applied, appliedDate,
Company, JobTitle, jobType, workplaceType, Location, JobSource, Status`), and a
generic one documented in the README (`id, company, role, status, applied_on,
closed_on, medium, interest, job_description`; company and role required). Each
becomes an afterview/1 document, so a spreadsheet gets exactly the checks of
`import`, and each problem is reported by row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
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
DOCUMENT_PATH = re.compile(r"^applications\[(\d+)\]\.([a-z_]+)(.*)$")


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
    header = tuple(rows.fieldnames or ())
    if set(JOBSYNC_COLUMNS) <= set(header):
        return _jobsync(rows)
    if {"company", "role"} <= set(header):
        return _generic(rows, header)
    raise InvalidInput(
        [
            f"CSV header: neither JobSync's ({', '.join(JOBSYNC_COLUMNS)}) nor the "
            f"generic layout (company, role, ...); found {', '.join(header) or 'none'}"
        ]
    )


def _rows(data: bytes) -> csv.DictReader[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput([f"CSV: not UTF-8 text (byte {error.start})"]) from None
    return csv.DictReader(io.StringIO(text, newline=""))


def _jobsync(rows: csv.DictReader[str]) -> Sheet:
    sheet = Sheet({"format": FORMAT, "applications": []}, columns=JOBSYNC_FIELDS)
    problems = []
    for number, row in enumerate(rows, start=2):
        status = (row.get("Status") or "").strip().lower()
        if status and status not in JOBSYNC_STATUS:
            problems.append(
                f"row {number}, Status: unknown status {row['Status']!r} "
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
    05/01/2024; anything else is passed on, for the document's check to name."""
    text = (value or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        return text[:10]
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        try:
            return dt.datetime.strptime(text, "%m/%d/%Y").date().isoformat()
        except ValueError:
            return text
    return text


def _generic(rows: csv.DictReader[str], header: tuple[str, ...]) -> Sheet:
    unknown = [name for name in header if name not in GENERIC_COLUMNS]
    if unknown:
        raise InvalidInput(
            [
                f"CSV header: unknown column {name!r} (known: {', '.join(GENERIC_COLUMNS)})"
                for name in unknown
            ]
        )
    sheet = Sheet({"format": FORMAT, "applications": []})
    for number, row in enumerate(rows, start=2):
        application: dict[str, Any] = {
            key: (value or "").strip() for key, value in row.items() if key is not None
        }
        application.setdefault("id", "")
        application["id"] = application["id"] or f"row-{number}"
        if application.get("interest", "").isdigit():
            application["interest"] = int(application["interest"])
        sheet.document["applications"].append(_without_blanks(application))
        sheet.rows.append(number)
    return sheet


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
            [
                app.id,
                app.company,
                app.role,
                app.status.value,
                app.applied_on.isoformat() if app.applied_on else "",
                app.closed_on.isoformat() if app.closed_on else "",
                len(app.interviews),
                latest.day.isoformat() if latest else "",
                nxt.title if nxt else "",
                nxt.due_by.isoformat() if nxt else "",
                nxt.rule if nxt else "",
            ]
        )
    return out.getvalue()
