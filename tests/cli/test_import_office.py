"""Excel plans through `plandesk import` into a real SQLite file (workbooks written here with
openpyxl): title rows, an objective row merged across, a priority merged down, real and text
dates, a tracker with three quarter columns, `--sheet`, `--dry-run`; a Word plan with a
heading and a table per objective and an R/A/G column; bad Office files refused, nothing
written."""

from __future__ import annotations

import json
from datetime import date, datetime

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT
from tests.databases import sqlite_fingerprint

runner = CliRunner()


def ok(db, *args):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


def rows_of(db, *args) -> list[tuple]:
    data = json.loads(ok(db, "show", "--format", "json", *args).output)
    return [
        (o["title"], c["ref"], c["title"], a["lead"], a["due"],
         (a["update"] or {}).get("status"), (a["update"] or {}).get("text"))
        for o in data["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
    ]  # fmt: skip


def _workbook(path):
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Read me"
    notes.append(["This workbook holds the tracker on the next sheet."])
    sheet = workbook.create_sheet("Tracker")
    sheet.append(["Community Safety Delivery Plan"])
    sheet.merge_cells("A1:I1")
    sheet.append([])
    sheet.append(["Priority", "Ref", "Action", "Lead officer", "Due date", "RAG",
                  "Q1 2023/24 update", "Q2 update", "Update Oct–Dec 2023"])  # fmt: skip
    sheet.append(["Protecting people", "1.1", "Recruit", "Jo", date(2024, 3, 31), "Green",
                  "Advertised.", "Interviewed.", "Started."])  # fmt: skip
    sheet.append([None, "1.2", "Train", "Al", "31/12/2023", "Amber", "", "Planned.", "Late."])
    sheet.merge_cells("A4:A5")
    sheet.append([])
    sheet.append(["Safer roads"])
    sheet.merge_cells("A7:I7")
    sheet.append([None, "2.1", "Cameras", "Sam", datetime(2024, 6, 30), "C", "Bought.", "", ""])
    workbook.save(path)
    return path


def test_an_excel_tracker_imports_each_quarter_into_its_period(tmp_path):
    source = _workbook(tmp_path / "tracker.xlsx")
    db = tmp_path / "plan.db"
    dry = ok(db, "import", str(source), "--dry-run")
    assert "Tracker, header on row 3" in dry.output
    assert "column 9 'Update Oct–Dec 2023': update (2023/24 Q3)" in dry.output
    assert not db.exists() or "created" not in ok(db, "plans").output
    result = ok(db, "import", str(source))
    for label in ("2023/24 Q1", "2023/24 Q2", "2023/24 Q3"):
        assert f"'Community Safety Delivery Plan 2023', period '{label}'" in result.output
    assert rows_of(db, "--period", "2023/24 Q1") == [
        ("Protecting people", "1.1", "Recruit", "Jo", "2024-03-31", "", "Advertised."),
        ("Protecting people", "1.2", "Train", "Al", "2023-12-31", None, None),
        ("Safer roads", "2.1", "Cameras", "Sam", "2024-06-30", "", "Bought."),
    ]
    assert [r[5:] for r in rows_of(db, "--period", "2023/24 Q3")] == [
        ("On track", "Started."),
        ("At risk", "Late."),
        ("Complete", ""),
    ]
    before = sqlite_fingerprint(db)
    ok(db, "import", str(source))
    assert sqlite_fingerprint(db) == before


def test_sheet_picks_the_sheet_and_a_sheet_with_no_plan_is_refused(tmp_path):
    source = _workbook(tmp_path / "tracker.xlsx")
    db = tmp_path / "plan.db"
    refused = runner.invoke(app, ["--db", str(db), "import", str(source), "--sheet", "read me"])
    assert refused.exit_code == 2
    assert f"error: {source}" in refused.output
    ok(db, "import", str(source), "--sheet", "TRACKER")
    assert len(rows_of(db, "--period", "2023/24 Q2")) == 3


def _word_plan(path):
    """Two objectives, each a heading over its own table, with a commitment merged down over
    its two activities and an R/A/G column; the period in a paragraph under the title."""
    document = docx.Document()
    document.add_heading("Police and Crime Plan – Delivery Plan", 0)
    document.add_paragraph("Quarter 2 (July – September 2021)")
    tables = {
        "Putting victims first": [
            [
                "A1",
                "Improve victim services",
                "(A1.1) Open a victims' hub",
                "Opened in August.",
                "G",
            ],
            ["A1", "Improve victim services", "(A1.2) Recruit two ISVAs", "One recruited.", "A"],
            ["A2", "Listen to victims", "(A2.1) Run a survey", "400 replies.", "Complete"],
        ],
        "Safer roads": [
            ["B1", "Cut speeding", "(B1.1) Speed cameras", "Sites chosen.", "Red"],
        ],
    }
    for heading, rows in tables.items():
        document.add_heading(heading, 1)
        table = document.add_table(rows=len(rows) + 1, cols=5)
        header = ["No", "Plan commitment", "Supporting activity", "Progress update", "R/A/G"]
        for column, text in enumerate(header):
            table.cell(0, column).text = text
        for r, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                table.cell(r, column).text = text
        if len(rows) > 1 and rows[0][0] == rows[1][0]:
            for column in (0, 1):
                merged = table.cell(1, column).merge(table.cell(2, column))
                merged.text = rows[0][column]
    document.save(path)
    return path


def test_a_word_plan_with_a_table_per_objective_and_rag_statuses(tmp_path):
    plan = _word_plan(tmp_path / "plan.docx")
    db = tmp_path / "word.db"
    said = ok(db, "import", str(plan)).output
    assert "imported into 'Police and Crime Plan 2021', period '2021/22 Q2'" in said
    assert rows_of(db) == [
        ("Putting victims first", "A1", "Improve victim services", None, None, "On track",
         "Opened in August."),
        ("Putting victims first", "A1", "Improve victim services", None, None, "At risk",
         "One recruited."),
        ("Putting victims first", "A2", "Listen to victims", None, None, "Complete",
         "400 replies."),
        ("Safer roads", "B1", "Cut speeding", None, None, "Stalled", "Sites chosen."),
    ]  # fmt: skip
    before = sqlite_fingerprint(db)
    again = ok(db, "import", str(plan)).output
    assert "already up to date" in again and sqlite_fingerprint(db) == before


def _zip_of(path, members: dict[str, bytes]):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("renamed.docx", lambda p: p.write_text("just text"), "not a Word/Excel file"),
        ("empty.xlsx", lambda p: p.write_bytes(b""), "empty"),
        ("old.doc.docx", lambda p: p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600),
         ".docx"),
        ("cut.xlsx", lambda p: p.write_bytes(_zip_bytes()[:200]), "damaged"),
        ("bomb.docx", lambda p: _zip_of(p, {"word/document.xml": b"\0" * (5 * 1024 * 1024)}),
         "zip bomb"),
    ],
)  # fmt: skip
def test_a_bad_office_file_is_exit_2_and_writes_nothing(tmp_path, name, make, message):
    db = tmp_path / "plans.db"
    ok(db, "import", str(QUARTERLY_EXTRACT))
    before = sqlite_fingerprint(db)
    bad = tmp_path / name
    make(bad)
    result = runner.invoke(app, ["--db", str(db), "import", str(bad)])
    assert result.exit_code == 2, result.output
    assert f"error: {bad}" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert sqlite_fingerprint(db) == before


def _zip_bytes() -> bytes:
    import io

    buffer = io.BytesIO()
    _word = docx.Document()
    _word.add_paragraph("x")
    _word.save(buffer)
    return buffer.getvalue()
