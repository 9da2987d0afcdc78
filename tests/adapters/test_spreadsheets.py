"""Spreadsheets in (JobSync's export, a generic layout) and the pipeline out, as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from afterview.adapters.formats import FORMATS
from afterview.adapters.spreadsheets import read_sheet, write_pipeline_csv
from afterview.bootstrap import Afterview
from afterview.domain.document import read_document
from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings
from afterview.errors import InvalidInput

DATA = Path(__file__).resolve().parents[1] / "data" / "csv"


def test_jobsync_rows_become_applications() -> None:
    sheet = read_sheet((DATA / "jobsync.csv").read_bytes())
    pipeline = read_document(sheet.document, formats=FORMATS).pipeline
    acme, globex, initech, umbrella = pipeline.applications
    assert (acme.id, acme.company, acme.role, acme.status.value) == (
        "jobsync-1",
        "Acme Corp",
        "Senior Data Engineer",
        "interviewing",
    )
    assert acme.applied_on == dt.date(2026, 10, 2)
    assert globex.applied_on == dt.date(2026, 10, 6)
    assert globex.status.value == "offer"
    assert initech.status.value == "rejected"
    assert umbrella.applied_on == dt.date(2026, 11, 1)
    assert acme.job_description == (
        "Location: Oakland, CA; Type: Full-time; Workplace: Hybrid; Source: LinkedIn"
    )


def test_the_generic_layout_keeps_every_column() -> None:
    pipeline = read_document(
        read_sheet((DATA / "generic.csv").read_bytes()).document, formats=FORMATS
    ).pipeline
    acme, zoe = pipeline.applications
    assert acme.interest == 4
    assert acme.medium is not None
    assert acme.medium.value == "email"
    assert zoe.company == "Zoë & Partners"
    assert zoe.job_description is None


def test_bad_rows_are_named_by_row_and_column(afterview: Afterview) -> None:
    text = (
        (DATA / "generic.csv").read_text().replace("2026-11-10", "next week").replace(",4,", ",9,")
    )
    with pytest.raises(InvalidInput) as caught:
        afterview.import_sheet(text.encode())
    assert caught.value.problems == (
        "row 2, interest: must be a whole number from 1 to 5",
        "row 3, applied_on: not a date (YYYY-MM-DD)",
    )
    assert afterview.pipeline().applications == ()


def test_jobsync_problems_name_jobsyncs_columns(afterview: Afterview) -> None:
    text = (DATA / "jobsync.csv").read_text().replace("2026-10-08", "08.10.2026")
    with pytest.raises(InvalidInput) as caught:
        afterview.import_sheet(text.encode())
    assert caught.value.problems == ("row 4, appliedDate: not a date (YYYY-MM-DD)",)
    unknown = (DATA / "jobsync.csv").read_text().replace(",draft", ",ghosted")
    with pytest.raises(InvalidInput, match="row 5, Status: unknown status 'ghosted'"):
        read_sheet(unknown.encode())


def test_unknown_layouts_columns_and_encodings_are_refused() -> None:
    with pytest.raises(InvalidInput, match="CSV header: neither JobSync's"):
        read_sheet(b"name,email\nJane,jane@acme.com\n")
    with pytest.raises(InvalidInput, match="unknown column 'salary'"):
        read_sheet(b"company,role,salary\nAcme,Engineer,100\n")
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_sheet("company,role\nZoë,Engineer\n".encode("latin-1"))


def test_a_sheet_is_imported_whole_and_then_refused_again(afterview: Afterview) -> None:
    report = afterview.import_sheet((DATA / "jobsync.csv").read_bytes())
    assert report.applications == 4
    with pytest.raises(InvalidInput, match="row 2, index: 'jobsync-1' exists already"):
        afterview.import_sheet((DATA / "jobsync.csv").read_bytes())
    assert len(afterview.pipeline().applications) == 4


def test_the_pipeline_exports_as_csv_with_next_actions() -> None:
    pipeline = read_document(
        read_sheet((DATA / "generic.csv").read_bytes()).document, formats=FORMATS
    ).pipeline
    text = write_pipeline_csv(pipeline, plan(pipeline, PlaybookSettings(), dt.date(2026, 11, 25)))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == ["acme", "zoe"]
    assert rows[0]["company"] == "Acme Corp"
    assert rows[0]["interviews"] == "0"
    assert rows[1]["applied_on"] == "2026-11-10"
