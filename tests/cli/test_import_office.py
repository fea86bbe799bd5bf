"""Excel plans through `plandesk import` into a real SQLite file (workbooks written here with
openpyxl): title rows, an objective row merged across, a priority merged down, real and text
dates, a tracker with three quarter columns, `--sheet`, `--dry-run`.

Skipped until the Excel reader is on the branch (the other half of issue 15)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from tests.databases import sqlite_fingerprint

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("plandesk.importers.excel")

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
