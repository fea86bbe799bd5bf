"""Excel plans read into Grids: title rows, merged objective and priority cells, blank rows
between blocks, real and text dates, numbers, several sheets and a hidden one."""

from __future__ import annotations

import warnings
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from plandesk.core.records import ImportProblem
from plandesk.importers import excel
from plandesk.importers.excel import read_grids, sheet_names
from plandesk.importers.tables.grid import Cell


@pytest.fixture
def workbook_path(tmp_path):
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes["A1"] = "Read me first"
    notes["B3"] = "Contact: PCC office"

    plan = workbook.create_sheet("Plan")
    plan["A1"] = "Police and Crime Plan 2023/24 – Delivery tracker"
    plan["A2"] = "Quarter 3 update (October – December 2023)"
    plan.append([])  # row 3 blank
    plan.append(["Ref", "Priority", "Commitment", "Activity", "Due", "RAG", "Done"])  # row 4
    plan["A5"] = "Objective 1: Keep people safe"
    plan.merge_cells("A5:G5")
    # U+009B is a terminal's one-character escape (CSI); Excel keeps it, we never do.
    plan["B6"] = "Tackle violence\x9b2J against women"
    plan.merge_cells("B6:B8")
    plan["A6"], plan["C6"], plan["D6"] = "1.1", "Fund IDVAs", "Recruit two advisers"
    plan["E6"] = date(2024, 3, 31)
    plan["F6"], plan["G6"] = "Green", 0.5
    plan["G6"].number_format = "0%"
    plan["A7"], plan["D7"] = "1.2", "Line one\r\nline two  "
    plan["E7"] = "31.12.2023"  # a date typed as text stays text
    plan["F7"] = "Amber"
    plan["A8"], plan["D8"], plan["E8"] = "1.3", "Review", datetime(2024, 1, 15, 9, 30)
    plan["F8"] = 3
    plan["G8"] = 2.5
    # rows 9 and 10 blank between the blocks
    plan["A11"] = "Objective 2: Support victims"
    plan.merge_cells("A11:G11")
    plan["A12"], plan["B12"], plan["F12"] = "2.1", "Victims first", "=1+1"

    hidden = workbook.create_sheet("Lookups")
    hidden["A1"] = "Green"
    hidden.sheet_state = "hidden"
    path = tmp_path / "tracker.xlsx"
    workbook.save(path)
    return path


def _texts(grid):
    return [[cell.text for cell in row] for row in grid.rows]


def test_every_visible_sheet_in_workbook_order(workbook_path):
    grids = read_grids(workbook_path)
    assert [grid.name for grid in grids] == ["Notes", "Plan"]
    assert all(grid.source == str(workbook_path) and grid.before == [] for grid in grids)
    assert _texts(grids[0]) == [["Read me first"], [], ["", "Contact: PCC office"]]
    assert sheet_names(workbook_path) == [("Notes", True), ("Plan", True), ("Lookups", False)]


def test_title_rows_blank_rows_and_texts_keep_the_sheets_positions(workbook_path):
    (plan,) = read_grids(workbook_path, sheet="Plan")
    objective_1 = ["Objective 1: Keep people safe"] * 7
    priority = "Tackle violence2J against women"
    assert _texts(plan) == [
        ["Police and Crime Plan 2023/24 – Delivery tracker"],
        ["Quarter 3 update (October – December 2023)"],
        [],
        ["Ref", "Priority", "Commitment", "Activity", "Due", "RAG", "Done"],
        objective_1,
        ["1.1", priority, "Fund IDVAs", "Recruit two advisers", "31/03/2024", "Green", "50%"],
        ["1.2", priority, "", "Line one\nline two", "31.12.2023", "Amber"],
        ["1.3", priority, "", "Review", "15/01/2024 09:30", "3", "2.5"],
        [],
        [],
        ["Objective 2: Support victims"] * 7,
        # a formula gives the value Excel last saved; openpyxl saves none, never the formula
        ["2.1", "Victims first"],
    ]
    for number, row in enumerate(plan.rows, start=1):
        assert [(cell.row, cell.column) for cell in row] == [
            (number, column) for column in range(1, len(row) + 1)
        ]


def test_merged_cells_fill_every_position_and_say_where_they_start(workbook_path):
    (plan,) = read_grids(workbook_path, sheet="plan")
    objective_row = plan.rows[4]
    assert objective_row[0] == Cell("Objective 1: Keep people safe", 5, 1)
    assert [cell.merged_from for cell in objective_row[1:]] == [(5, 1)] * 6
    assert all(cell.is_merge_copy for cell in objective_row[1:])
    priority = [row[1] for row in plan.rows[5:8]]
    assert [cell.merged_from for cell in priority] == [None, (6, 2), (6, 2)]
    assert {cell.text for cell in priority} == {"Tackle violence2J against women"}
    assert [cell.merged_from for cell in plan.rows[10]] == [None] + [(11, 1)] * 6


def test_dates_and_numbers_keep_their_values(workbook_path):
    (plan,) = read_grids(workbook_path, sheet="PLAN")
    assert plan.rows[5][4] == Cell("31/03/2024", 6, 5, None, date(2024, 3, 31))
    assert plan.rows[6][4] == Cell("31.12.2023", 7, 5)
    assert plan.rows[7][4].value == datetime(2024, 1, 15, 9, 30)
    assert plan.rows[5][6].value == 0.5
    assert (plan.rows[7][5].value, plan.rows[7][6].value) == (3, 2.5)
    assert plan.rows[3][0].value is None


def test_a_hidden_sheet_is_read_only_when_named(workbook_path):
    assert "Lookups" not in [grid.name for grid in read_grids(workbook_path)]
    (lookups,) = read_grids(workbook_path, sheet=" lookups ")
    assert _texts(lookups) == [["Green"]]


def test_an_unknown_sheet_names_the_sheets_there_are(workbook_path):
    with pytest.raises(ImportProblem) as caught:
        read_grids(workbook_path, sheet="Q4")
    assert caught.value.message == (
        "no sheet named 'Q4'; the workbook has 'Notes', 'Plan', 'Lookups' (hidden)"
    )


def test_what_openpyxl_drops_is_not_reported_to_the_officer(tmp_path):
    # Excel saves data validation lists (a RAG drop-down) as a sheet extension openpyxl drops
    # with a warning; the plan's cells are all there and the officer need not hear of it.
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "RAG"
    workbook.save(tmp_path / "plain.xlsx")
    extension = '<extLst><ext uri="{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}"/></extLst>'
    with (
        zipfile.ZipFile(tmp_path / "plain.xlsx") as plain,
        zipfile.ZipFile(tmp_path / "validated.xlsx", "w") as validated,
    ):
        for part in plain.infolist():
            data = plain.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", extension.encode() + b"</worksheet>")
            validated.writestr(part, data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (grid,) = read_grids(tmp_path / "validated.xlsx")
        openpyxl.load_workbook(tmp_path / "validated.xlsx")  # the warning this is about
    assert _texts(grid) == [["RAG"]]
    assert [str(w.message) for w in caught] == [
        "Data Validation extension is not supported and will be removed"
    ]


def test_an_empty_sheet_is_an_empty_grid(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "empty.xlsx")
    (grid,) = read_grids(tmp_path / "empty.xlsx")
    assert grid.name == "Sheet" and grid.rows == []


def test_a_sheet_far_larger_than_a_plan_is_refused(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Ref"
    workbook.active["Z400"] = "stray"
    workbook.save(tmp_path / "stray.xlsx")
    monkeypatch.setattr(excel, "MAX_SHEET_CELLS", 10_000)
    with pytest.raises(ImportProblem) as caught:
        read_grids(tmp_path / "stray.xlsx")
    assert caught.value.message.startswith(
        "sheet 'Sheet' spans A1:Z400 (400 rows × 26 columns): too large to be a plan"
    )
