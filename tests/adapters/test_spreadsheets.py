"""Spreadsheets in (JobSync's export, a generic layout) and the pipeline out, as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from afterview.adapters.formats import FORMATS
from afterview.adapters.spreadsheets import read_sheet, write_pipeline_csv
from afterview.bootstrap import Afterview
from afterview.domain.document import read_document
from afterview.domain.planner import plan
from afterview.domain.settings import PlaybookSettings
from afterview.errors import InvalidInput
from tests.console import afterview_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "csv"
DEFAULT = {"status": "applied"}


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


# Hostile files through the command a user types: one line naming the row and column,
# exit code 2, nothing written, never a traceback.


def refused(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> str:
    """The refusal of `import-csv` for a file holding `text`; asserts nothing was stored."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(text.encode(encoding, "surrogatepass"))
    ran = afterview_cli("import-csv", str(sheet))
    assert ran.code == 2, ran
    assert "Traceback" not in ran.err
    assert json.loads(afterview_cli("export").out)["applications"] == []
    return ran.err


def test_a_cell_longer_than_the_csv_modules_limit_is_refused_by_row(tmp_path: Path) -> None:
    text = "company,role\nAcme,Engineer\nGlobex," + "x" * 131_073 + "\n"
    assert refused(tmp_path, text) == "error: row 3: a cell longer than 131,072 characters\n"


def test_an_interest_in_superscript_digits_is_not_a_number(tmp_path: Path) -> None:
    text = "company,role,interest\nAcme,Engineer,\u00b2\n"
    assert refused(tmp_path, text) == (
        "error: row 2, interest: must be a whole number from 1 to 5\n"
    )
    assert "row 2, interest" in refused(tmp_path, "company,role,interest\nA,B," + "9" * 5000)


def test_a_column_named_twice_is_refused_not_overwritten(tmp_path: Path) -> None:
    text = "company,role,company\nAcme,Engineer,Globex\n"
    assert refused(tmp_path, text) == (
        "error: CSV header: column 'company' appears twice (columns 1 and 3)\n"
    )


def test_a_row_with_more_cells_than_columns_is_refused(tmp_path: Path) -> None:
    text = "company,role\nAcme,Engineer,100000\n"
    assert refused(tmp_path, text) == ("error: row 2: 1 cell(s) more than the header's 2 columns\n")


def test_a_jobsync_date_with_garbage_after_the_day_is_refused(tmp_path: Path) -> None:
    text = (
        (DATA / "jobsync.csv").read_text().replace("2026-10-02T00:00:00.000Z", "2026-11-02Tgarbage")
    )
    assert refused(tmp_path, text) == "error: row 2, appliedDate: not a date (YYYY-MM-DD)\n"
    impossible = (DATA / "jobsync.csv").read_text().replace("T00:00:00.000Z", "T25:61:00.000Z")
    assert "row 2, appliedDate: not a date" in refused(tmp_path, impossible)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("Acme\x00Corp", "contains a NUL character"),
        ("Acme\x1b[31mCorp", "contains the control character U+001B"),
        ('"Acme\nCorp"', "contains a line break (a one-line field)"),
        ("Acme\ud800", "contains U+D800, half of a UTF-16 pair"),
    ],
)
def test_control_characters_in_a_cell_are_refused_naming_it(
    tmp_path: Path, cell: str, reason: str
) -> None:
    error = refused(tmp_path, f"company,role\nGlobex,Analyst\n{cell},Engineer\n")
    # A lone surrogate cannot be written as UTF-8: the file itself is refused.
    assert f"row 3, company: {reason}" in error or "CSV: not UTF-8 text" in error


def test_export_csv_then_import_csv_into_an_empty_home_keeps_every_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, afterview_home: Path
) -> None:
    monkeypatch.setenv("AFTERVIEW_TODAY", "2026-11-25")
    assert afterview_cli("import", str(DATA.parent / "pipeline.json")).code == 0
    hostile = [
        ('=HYPERLINK("http://evil.example","Acme")', "+1 Engineer"),
        ("-2+3", "@SUM(A1:A9)"),
        ("'=already quoted", "'plain quote"),
    ]
    for number, (company, role) in enumerate(hostile):
        ran = afterview_cli(
            "apply", "--id", f"app-{number}", "--applied-on", "2026-11-03", "--", company, role
        )
        assert ran.code == 0, ran.err
    assert afterview_cli("status", "app-0", "rejected", "--on", "2026-11-20").code == 0
    sheet = tmp_path / "pipeline.csv"
    assert afterview_cli("export-csv", "-o", str(sheet)).code == 0
    cells = [cell for row in csv.reader(io.StringIO(sheet.read_text())) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    columns = ("id", "company", "role", "status", "applied_on", "closed_on")
    exported = {
        app["id"]: {key: app.get(key, DEFAULT.get(key)) for key in columns}
        for app in json.loads(afterview_cli("export").out)["applications"]
    }
    monkeypatch.setenv("AFTERVIEW_HOME", str(afterview_home.parent / "elsewhere"))
    ran = afterview_cli("import-csv", str(sheet))
    assert ran.code == 0, ran.err
    assert ran.out == f"Imported 4 applications from {sheet}.\n"
    imported = {
        app["id"]: {key: app.get(key, DEFAULT.get(key)) for key in columns}
        for app in json.loads(afterview_cli("export").out)["applications"]
    }
    assert imported == exported
    assert imported["app-0"]["company"] == '=HYPERLINK("http://evil.example","Acme")'
    assert imported["app-0"]["closed_on"] == "2026-11-20"
    assert imported["app-2"]["company"] == "'=already quoted"


def test_unknown_columns_are_still_refused_beside_export_csvs_own() -> None:
    with pytest.raises(InvalidInput, match="unknown column 'salary'"):
        read_sheet(b"id,company,role,next_action,salary\nx,Acme,Engineer,,100\n")
