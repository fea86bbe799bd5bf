"""The delivery-plan appendix as a Word document, the way an office sends it to the Panel.

Pure: a `PlanSnapshot`, the plan's `BodyView`s and `ExportOptions` in, the .docx bytes out.
Layout: a title, the period and scope; the summary table (counts per status, as the Markdown
summary counts them); per objective a table (per part of the plan, policing element and the
Commissioner's commitments, when the plan has both) with the columns Ref · Plan commitment ·
Supporting activity · Progress update · Status · Oversight (+ Lead and Due when any activity
has one), each commitment's cell merged down over its activities; the oversight glossary last.
Landscape pages, header rows repeated on every page, page numbers in the footer. Statuses are
words in a shaded cell (the colour only repeats the word).

With a template (the office's own .docx: styles, header, logo) its content is kept and the
appendix starts on a new landscape page after it. The same data and `generated_on` give the
same bytes: no clock, no random ids, the zip stamped with the date.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from plandesk.core.counts import is_flagged
from plandesk.core.plan import BodyView, PlanSnapshot, activity_label, reported_under_words
from plandesk.exports.office import (
    KIND_HEADINGS,
    document_title,
    has_due,
    has_lead,
    office_text,
    period_line,
    stable_package,
    status_fill,
    status_word,
    summary_columns,
    summary_rows,
)
from plandesk.exports.scope import Entry, ExportOptions, Scope, select_scope

__all__ = ["render_docx"]

# Usable width of an A4 landscape page with 1.5 cm margins, and the fixed columns' widths.
_WIDTH_CM = 26.7
_FIXED_CM = {
    "Ref": 1.7,
    "Plan commitment": 4.6,
    "Supporting activity": 5.2,
    "Status": 2.6,
    "Oversight": 3.0,
    "Lead": 2.6,
    "Due": 2.2,
}


def render_docx(
    snapshot: PlanSnapshot,
    bodies: Sequence[BodyView],
    options: ExportOptions,
    template: Path | bytes | None = None,
) -> bytes:
    """The appendix as .docx bytes; `template` a .docx (path or bytes) to start from.

    Raises `ExportError` for options that do not fit the plan, and whatever python-docx
    raises for a template that is not a Word document (`ValueError`, `KeyError`, zip errors).
    """
    scope = select_scope(snapshot, bodies, options)
    if template is None:
        document = docx.Document()
        section = document.sections[-1]
    else:
        source = io.BytesIO(template) if isinstance(template, bytes) else str(template)
        document = docx.Document(source)
        section = document.add_section(WD_SECTION.NEW_PAGE)
    _landscape(section, a4=template is None)
    _page_numbers(section)
    title = document_title(scope, "delivery plan progress")
    _heading(document, title, 0)
    _intro(document, scope)
    _summary(document, scope)
    _objectives(document, scope)
    if bodies:
        _glossary(document, bodies)
    _properties(document, title, options)
    out = io.BytesIO()
    document.save(out)
    return stable_package(out.getvalue(), options.generated_on)


# ------------------------------------------------------------------------------ page


def _landscape(section, a4: bool) -> None:
    """Landscape; A4 unless the office's template says otherwise."""
    if a4:
        section.page_width, section.page_height = Mm(297), Mm(210)
    width, height = section.page_width or Mm(210), section.page_height or Mm(297)
    if width < height:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _page_numbers(section) -> None:
    """ "Page N" in the footer (a PAGE field Word fills in), unless the footer has one."""
    footer = section.footer
    if _has_page_field(footer._element):
        return
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _has_page_field(element) -> bool:
    """Whether a footer numbers its pages already (a simple or a complex PAGE field)."""
    simple = (node.get(qn("w:instr")) or "" for node in element.iter(qn("w:fldSimple")))
    complex_ = (node.text or "" for node in element.iter(qn("w:instrText")))
    return any(text.split()[:1] == ["PAGE"] for text in (*simple, *complex_))


def _properties(document, title: str, options: ExportOptions) -> None:
    moment = datetime.combine(options.generated_on, time())
    props = document.core_properties
    props.title = title[:250]
    props.author = "plandesk"
    props.last_modified_by = "plandesk"
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1


# ------------------------------------------------------------------------------ blocks


def _heading(document, text: str, level: int) -> None:
    """A heading in the document's own heading style (a template may lack it: bold text)."""
    try:
        document.add_heading(text, level)
    except KeyError:
        run = document.add_paragraph().add_run(text)
        run.bold = True
        run.font.size = Pt(16 if level == 0 else 13)


def _intro(document, scope: Scope) -> None:
    snapshot, options = scope.snapshot, scope.options
    plan = snapshot.plan
    lines = [office_text(f"Plan: {plan.name}, edition {plan.edition or '(none)'}")]
    lines.append(period_line(snapshot))
    if scope.body is not None:
        what = f"activities overseen by {scope.body.name}"
    elif options.objective is not None and scope.objectives:
        objective = scope.objectives[0]
        what = f"objective {objective.position}, {objective.title}"
    else:
        what = options.view or "the whole plan"
    if options.only == "stalled" and options.view is None:
        what += "; flagged activities only"
    elif options.only == "changed" and snapshot.previous_period is not None:
        what += f"; only what changed since {snapshot.previous_period.label}"
    lines.append(office_text(f"Scope: {what}"))
    lines.append(f"Generated on: {options.generated_on.isoformat()}")
    for line in lines:
        document.add_paragraph(line)


def _table(document, header: Sequence[str], widths: Sequence[float] | None = None):
    """A bordered table whose header row repeats on every page."""
    table = document.add_table(rows=1, cols=len(header))
    if "Table Grid" in [s.name for s in document.styles]:
        table.style = "Table Grid"
    _borders(table)
    row = table.rows[0]
    trPr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trPr.append(repeat)
    for cell, text in zip(row.cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "D9D9D9")
    if widths:
        table.autofit = False
        for column, cell, width in zip(table.columns, row.cells, widths, strict=True):
            column.width = Cm(width)  # the grid, which some readers go by
            cell.width = Cm(width)
    return table


def _borders(table) -> None:
    """Single borders on every edge: a template's own table styles may have none."""
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "808080")
        borders.append(line)
    # The schema fixes the order of a table's properties (Word refuses a file out of order).
    later = {qn(f"w:{n}") for n in ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption")}
    follower = next((child for child in tblPr if child.tag in later), None)
    if follower is None:
        tblPr.append(borders)
    else:
        follower.addprevious(borders)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write(cell, text: str, bold_first: str = "", width: float | None = None) -> None:
    """Officer text into a cell, one paragraph per line (blank lines dropped)."""
    lines = [line.strip() for line in office_text(text).split("\n")]
    lines = [line for line in lines if line]
    first = cell.paragraphs[0]
    if bold_first:
        first.add_run(bold_first).bold = True
        if lines:
            first.add_run(" ")
    if lines:
        first.add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line)
    if width is not None:
        cell.width = Cm(width)


def _summary(document, scope: Scope) -> None:
    _heading(document, "Summary", 1)
    header = summary_columns(scope)
    table = _table(document, header)
    rows = summary_rows(scope)
    for index, summary in enumerate(rows):
        cells = table.add_row().cells
        total = index == len(rows) - 1
        cells[0].paragraphs[0].add_run(summary.label).bold = total
        for cell, count in zip(cells[1:], summary.counts, strict=True):
            cell.paragraphs[0].add_run(str(count)).bold = total
    note = (
        "Status counts include statuses the stall rules suggest where no officer set one "
        "(marked “(suggested)” in the tables). Flagged counts open flags, not yet acknowledged."
    )
    if scope.options.only is not None:
        note += " The counts cover the whole scope; the tables below list only part of it."
    document.add_paragraph(note)


def _columns(entries: Sequence[Entry]) -> list[str]:
    columns = ["Ref", "Plan commitment", "Supporting activity", "Progress update", "Status"]
    columns.append("Oversight")
    if has_lead(entries):
        columns.append("Lead")
    if has_due(entries):
        columns.append("Due")
    return columns


def _widths(columns: Sequence[str]) -> list[float]:
    fixed = sum(_FIXED_CM.get(c, 0.0) for c in columns)
    return [_FIXED_CM.get(c, round(_WIDTH_CM - fixed, 2)) for c in columns]


def _objectives(document, scope: Scope) -> None:
    shown = scope.shown
    if not shown:
        document.add_paragraph(
            "No activity matches." if scope.entries else "The plan has no activities."
        )
        return
    columns = _columns(scope.entries)
    kinds = {e.commitment.kind for e in scope.entries}
    for objective in scope.objectives:
        entries = [e for e in shown if e.objective.id == objective.id]
        if not entries:
            continue
        _heading(document, office_text(f"{objective.position}. {objective.title}"), 1)
        groups: list[tuple[str, list[Entry]]] = []
        for entry in entries:
            if not groups or groups[-1][0] != entry.commitment.kind:
                groups.append((entry.commitment.kind, []))
            groups[-1][1].append(entry)
        for kind, group in groups:
            if len(kinds) > 1 and kind in KIND_HEADINGS:
                _heading(document, KIND_HEADINGS[kind], 2)
            _activities_table(document, scope, group, columns)


def _activities_table(document, scope: Scope, entries: list[Entry], columns: list[str]) -> None:
    widths = _widths(columns)
    table = _table(document, columns, widths)
    period = scope.snapshot.period
    runs: list[list] = []  # the first and last commitment cell of each commitment
    commitment_id = None
    for entry in entries:
        cells = dict(zip(columns, table.add_row().cells, strict=True))
        activity, commitment = entry.activity, entry.commitment
        if commitment.id != commitment_id:
            commitment_id = commitment.id
            runs.append([cells["Plan commitment"], cells["Plan commitment"]])
            _write(cells["Plan commitment"], commitment.title, office_text(commitment.ref))
        else:
            runs[-1][1] = cells["Plan commitment"]
        _write(cells["Ref"], activity_label(commitment, activity))
        text = activity.text or ("The commitment itself." if activity.stands_for_commitment else "")
        _write(cells["Supporting activity"], text)
        update = activity.update.text if activity.update else ""
        if not update.strip() and period is not None:
            update = f"No update for {period.label}."
        _write(cells["Progress update"], update)
        status = cells["Status"]
        _write(status, status_word(activity))
        if activity.reported_under:
            status.add_paragraph(office_text(reported_under_words(activity.reported_under)))
        if is_flagged(activity):
            rules = ", ".join(flag.rule for flag in activity.open_flags)
            status.add_paragraph(office_text(f"Flagged: {rules}"))
        fill = status_fill(activity)
        if fill:
            _shade(status, fill)
        _write(cells["Oversight"], activity.oversight)
        if "Lead" in cells:
            _write(cells["Lead"], activity.lead)
        if "Due" in cells and activity.due is not None:
            _write(cells["Due"], f"{activity.due:%-d %b %Y}")
        for column, width in zip(columns, widths, strict=True):
            cells[column].width = Cm(width)
    for first, last in runs:
        if last is not first:
            first.merge(last)


def _glossary(document, bodies: Sequence[BodyView]) -> None:
    _heading(document, "Oversight bodies", 1)
    header = ["Body", "Purpose", "Meets", "Area", "Activities overseen"]
    table = _table(document, header, [5.0, 11.2, 3.5, 4.0, 3.0])
    for body in sorted(bodies, key=lambda b: (b.name.casefold(), b.id)):
        cells = table.add_row().cells
        _write(cells[0], body.name)
        _write(cells[1], body.purpose)
        _write(cells[2], body.frequency)
        _write(cells[3], body.area)
        _write(cells[4], str(body.activity_count))
