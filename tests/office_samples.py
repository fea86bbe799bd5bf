"""Word versions of the two text samples, built at test time with python-docx.

The text samples are Word tables saved as text; these put the tables back as Word has them, so
a test can check that a plan reads the same from its Word form as from its text form. Each is
built from what the text importer reads in the sample (so the two forms hold the same plan),
laid out as the original document: one table per objective, the objective's row merged across
the table, the commitment's ref and title merged down over its activities, activity refs
written "(A2.2) …" in the activity cell, multi-line texts as paragraphs and "• " lines as
List Bullet paragraphs (Word's own bullets, not the character).

- `quarterly_extract_docx(path)`: the 2020 extract (No / SWP Commitment / Supporting activity /
  Quarter 2 Update July to September 2020).
- `panel_report_docx(path)`: the 2018 Panel report's Appendix 1 (Ref / Plan commitment /
  Supporting activity / Progress update / Oversight mechanism (s)), section rows "Policing
  element:" and "Police and Crime Commissioner’s Commitments:", the report's title above, and
  the glossary of oversight mechanisms as a last table (NAME / PURPOSE / MEETS, "*" and "#").

Both return the `PlanDocument` the text importer reads from the sample, to compare with.
"""

from __future__ import annotations

from pathlib import Path

from plandesk.core.records import ActivityRecord, CommitmentRecord, PlanDocument
from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

EXTRACT_HEADER = [
    "No",
    "SWP Commitment",
    "Supporting activity",
    "Quarter 2 Update July to September 2020",
]
PANEL_HEADER = [
    "Ref",
    "Plan commitment",
    "Supporting activity",
    "Progress update",
    "Oversight mechanism (s)",
]
PANEL_TITLE = "POLICE & CRIME PLAN ACTIVITY AND PERFORMANCE MONITORING REPORT (JAN 2018- MAY 2018)"
SECTIONS = {
    "policing": "Policing element:",
    "commissioner": "Police and Crime Commissioner’s Commitments:",
}

__all__ = [
    "EXTRACT_HEADER",
    "PANEL_HEADER",
    "panel_report_docx",
    "quarterly_extract_docx",
]


def _write(cell, text: str) -> None:
    """Lines of `text` as the cell's paragraphs; "• " lines as Word bullets."""
    lines = [line for line in text.split("\n") if line.strip()] or [""]
    first = True
    for line in lines:
        bullet = line.startswith("• ")
        content = line[2:] if bullet else line
        if first:
            paragraph = cell.paragraphs[0]
            paragraph.text = content
            if bullet:
                paragraph.style = "List Bullet"
            first = False
        else:
            cell.add_paragraph(content, style="List Bullet" if bullet else None)


def _activity_text(activity: ActivityRecord) -> str:
    if activity.stands_for_commitment:
        return ""
    return f"({activity.ref}) {activity.text}" if activity.ref else activity.text


def _merged_row(table, text: str) -> None:
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    _write(merged, text)


def _commitment_rows(table, commitment: CommitmentRecord, columns) -> None:
    """One row per activity; ref and title merged down over them. `columns` gives each
    activity's cells after the first two."""
    first = len(table.rows)
    for activity in commitment.activities:
        row = table.add_row()
        for offset, text in enumerate(columns(activity), start=2):
            _write(row.cells[offset], text)
    last = len(table.rows) - 1
    ref_cell = table.cell(first, 0).merge(table.cell(last, 0))
    title_cell = table.cell(first, 1).merge(table.cell(last, 1))
    _write(ref_cell, commitment.ref)
    _write(title_cell, commitment.title)


def _table(document, columns: int):
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    return table


def _header_row(table, header: list[str]) -> None:
    row = table.add_row()
    for cell, text in zip(row.cells, header, strict=True):
        _write(cell, text)


def quarterly_extract_docx(path: Path) -> PlanDocument:
    """Write the 2020 quarterly extract as a .docx at `path`; return the text form's plan."""
    import docx

    plan = read_document(QUARTERLY_EXTRACT)
    document = docx.Document()
    document.add_paragraph(f"Appendix 1: {plan.plan_name} Delivery Plan Extract")
    for objective in plan.objectives:
        table = _table(document, len(EXTRACT_HEADER))
        _merged_row(table, objective.title.upper())
        _header_row(table, EXTRACT_HEADER)
        for commitment in objective.commitments:
            _commitment_rows(table, commitment, lambda a: [_activity_text(a), a.update or ""])
        document.add_paragraph("")
    document.save(path)
    return plan


def panel_report_docx(path: Path) -> PlanDocument:
    """Write the 2018 Panel report's delivery plan extract as a .docx; return the text form's
    plan."""
    import docx

    plan = read_document(PANEL_REPORT)
    document = docx.Document()
    document.add_heading(PANEL_TITLE, level=1)
    document.add_paragraph(
        "The extract contains the latest update available to the end of May 2018."
    )
    document.add_heading("Delivery Plan Extract", level=2)
    for objective in plan.objectives:
        table = _table(document, len(PANEL_HEADER))
        _merged_row(table, objective.title.upper())
        kind = None
        for commitment in objective.commitments:
            if commitment.kind != kind:
                kind = commitment.kind
                _merged_row(table, SECTIONS[kind])
                _header_row(table, PANEL_HEADER)
            _commitment_rows(
                table,
                commitment,
                lambda a: [_activity_text(a), a.update or "", a.oversight],
            )
        document.add_paragraph("")
    document.add_heading("GLOSSARY: OVERSIGHT MECHANISMS – SUMMARY OF MEETINGS", level=2)
    document.add_paragraph("Key: ‘*’ - Notes of meeting are published, ‘#’ – public meeting")
    glossary = _table(document, 3)
    _header_row(glossary, ["NAME", "PURPOSE", "MEETS"])
    area = None
    for body in plan.oversight_bodies:
        if body.area and body.area != area:
            area = body.area
            _merged_row(glossary, area)
        marks = ("*" if body.notes_published else "") + ("#" if body.public_meeting else "")
        row = glossary.add_row()
        texts = [body.name + marks, body.purpose, body.frequency]
        for cell, text in zip(row.cells, texts, strict=True):
            _write(cell, text)
    document.save(path)
    return plan
