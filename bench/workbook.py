"""The synthetic plan as an Excel tracker, and the time to read it back into grids.

One row per activity (Ref, Objective, Commitment, Supporting activity, Oversight, Update,
Lead, Due), with the objective merged down over its rows and each commitment merged down over
its activities, as offices lay such trackers out; a title row above the header. Writing the
workbook is not timed; `importers.excel.read_grids` of it is (openpyxl already imported).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from plandesk.core.records import PlanDocument

from .timing import Results

__all__ = ["time_workbook_read", "write_workbook"]

HEADER = ["Ref", "Objective", "Commitment", "Supporting activity", "Oversight", "Update"]
HEADER += ["Lead", "Due"]


def write_workbook(document: PlanDocument, path: Path) -> int:
    """Write `document` as a one-sheet tracker; returns the number of activity rows."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Delivery plan"
    sheet.append([f"{document.plan_name} – {document.period.label} update"])
    sheet.append(HEADER)
    rows = 0
    for objective in document.objectives:
        objective_start = sheet.max_row + 1
        for commitment in objective.commitments:
            commitment_start = sheet.max_row + 1
            for number, activity in enumerate(commitment.activities):
                sheet.append(
                    [
                        activity.ref or commitment.ref,
                        objective.title if sheet.max_row + 1 == objective_start else None,
                        f"{commitment.ref} {commitment.title}" if number == 0 else None,
                        activity.text,
                        activity.oversight,
                        activity.update,
                        "Chief Inspector Lead",
                        date(2024, 3, 31),
                    ]
                )
                rows += 1
            if sheet.max_row > commitment_start:
                sheet.merge_cells(
                    start_row=commitment_start, end_row=sheet.max_row, start_column=3, end_column=3
                )
        if sheet.max_row > objective_start:
            sheet.merge_cells(
                start_row=objective_start, end_row=sheet.max_row, start_column=2, end_column=2
            )
    workbook.save(path)
    return rows


def time_workbook_read(document: PlanDocument, path: Path, results: Results) -> None:
    """Write the latest period's tracker, then time reading it into grids."""
    from plandesk.importers.excel import read_grids

    rows = write_workbook(document, path)
    start = time.perf_counter()
    grids = read_grids(path)
    results.add("workbook_grids", time.perf_counter() - start)
    results.info["workbook_rows"] = rows
    results.info["workbook_cells"] = sum(len(row) for grid in grids for row in grid.rows)
    path.unlink(missing_ok=True)
