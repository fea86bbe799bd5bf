"""The delivery-plan tracker as an Excel workbook: one row per activity, ready to filter.

Pure: a `PlanSnapshot`, the plan's `BodyView`s and `ExportOptions` in, the .xlsx bytes out.
The first sheet, "Tracker", has one row per activity in scope (objective, commitment ref and
title, activity ref and text, oversight, lead and due when the plan has any, status and
whether the stall rules suggested it, this period's and the previous period's update, flags)
under a frozen header row with filters on, set column widths and wrapped text; the due date
is a real date cell. The second, "Summary", has the counts per objective and status.

Officers' text is always a text cell, never a formula: an update that starts with "=" stays
words. The same data and `generated_on` give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime, time

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from plandesk.core.plan import BodyView, PlanSnapshot, activity_label, reported_under_words
from plandesk.exports.office import (
    document_title,
    has_due,
    has_lead,
    office_text,
    stable_package,
    status_fill,
    status_word,
    summary_columns,
    summary_rows,
)
from plandesk.exports.scope import Entry, ExportOptions, Scope, select_scope, status_label

__all__ = ["render_xlsx", "tracker_columns"]

# Column widths in characters.
_WIDTHS = {
    "Objective": 28,
    "Commitment ref": 11,
    "Commitment": 40,
    "Activity ref": 11,
    "Activity": 50,
    "Oversight": 24,
    "Lead": 18,
    "Due": 12,
    "Status": 14,
    "Status suggested": 11,
    "Flags": 36,
    "Reported under": 30,
}
_UPDATE_WIDTH = 60
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


def tracker_columns(scope: Scope) -> list[str]:
    """The Tracker sheet's header for a scope (Lead and Due only when any activity has one)."""
    snapshot = scope.snapshot
    columns = ["Objective", "Commitment ref", "Commitment", "Activity ref", "Activity"]
    columns.append("Oversight")
    if has_lead(scope.entries):
        columns.append("Lead")
    if has_due(scope.entries):
        columns.append("Due")
    columns += ["Status", "Status suggested"]
    if any(e.activity.reported_under for e in scope.entries):
        columns.append("Reported under")
    this = snapshot.period.label if snapshot.period else "this period"
    columns.append(office_text(f"Update {this}"))
    if snapshot.previous_period is not None:
        columns.append(office_text(f"Update {snapshot.previous_period.label}"))
    columns.append("Flags")
    return columns


def render_xlsx(
    snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions
) -> bytes:
    """The tracker workbook as .xlsx bytes. Raises `ExportError` for options that do not fit."""
    scope = select_scope(snapshot, bodies, options)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tracker"
    columns = tracker_columns(scope)
    _header(sheet, columns)
    for row, entry in enumerate(scope.shown, start=2):
        values = _row(scope, entry, columns)
        for column, name in enumerate(columns, start=1):
            cell = sheet.cell(row=row, column=column)
            value = values[name]
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # words, never a formula
            cell.alignment = _WRAP
            if name == "Due" and value is not None:
                cell.number_format = "d mmm yyyy"
            if name == "Status":
                fill = status_fill(entry.activity)
                if fill:
                    cell.fill = PatternFill("solid", fgColor=fill)
    for column, name in enumerate(columns, start=1):
        width = _WIDTHS.get(name, _UPDATE_WIDTH)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    _summary(workbook.create_sheet("Summary"), scope)
    moment = datetime.combine(options.generated_on, time())
    props = workbook.properties
    props.title = document_title(scope, "delivery plan tracker")[:250]
    props.creator = "plandesk"
    props.lastModifiedBy = "plandesk"
    props.created = moment
    props.modified = moment
    out = io.BytesIO()
    # Not `Workbook.save`: it stamps the file with the clock.
    ExcelWriter(workbook, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return stable_package(out.getvalue(), options.generated_on)


def _header(sheet, columns: Sequence[str]) -> None:
    for column, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP


def _text(text: str | None) -> str:
    return office_text(text).strip()


def _row(scope: Scope, entry: Entry, columns: Sequence[str]) -> dict[str, object]:
    objective, commitment, activity = entry.objective, entry.commitment, entry.activity
    update = activity.update.text if activity.update else ""
    previous = activity.previous.text if activity.previous else ""
    values: dict[str, object] = {
        "Objective": _text(f"{objective.position}. {objective.title}"),
        "Commitment ref": _text(commitment.ref),
        "Commitment": _text(commitment.title),
        "Activity ref": _text(activity_label(commitment, activity)),
        "Activity": _text(activity.text),
        "Oversight": _text(activity.oversight),
        "Lead": _text(activity.lead) or None,
        "Due": activity.due,
        "Status": _text(status_label(activity)),
        "Status suggested": "yes" if status_word(activity) != status_label(activity) else "no",
        "Reported under": _text(reported_under_words(activity.reported_under)),
        "Flags": _text("; ".join(f"{f.rule}: {f.detail}" for f in activity.open_flags)),
    }
    names = [c for c in columns if c.startswith("Update ")]
    values[names[0]] = _text(update)
    if len(names) > 1:
        values[names[1]] = _text(previous)
    return {name: (values[name] if values[name] != "" else None) for name in columns}


def _summary(sheet, scope: Scope) -> None:
    columns = summary_columns(scope)
    _header(sheet, columns)
    for row, summary in enumerate(summary_rows(scope), start=2):
        label = sheet.cell(row=row, column=1, value=summary.label)
        label.data_type = "s"
        for column, count in enumerate(summary.counts, start=2):
            sheet.cell(row=row, column=column, value=count)
        if summary.label == "Total":
            for column in range(1, len(columns) + 1):
                sheet.cell(row=row, column=column).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    for column in range(2, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.freeze_panes = "B2"
