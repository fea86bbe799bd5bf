"""Word documents (.docx) read into `Grid`s, one per table, with python-docx.

Tables come in document order, named "table 1", "table 2"… Positions are the table's layout
grid: `grid.rows[i]` is table row `i + 1` and `row[j]` grid column `j + 1`, so a cell merged
across (gridSpan) or down (vMerge) appears in every position it covers, with its text, and the
covered positions say where the merge starts. A cell's paragraphs become its lines (empty ones
dropped), a list paragraph (numbered, bulleted, or in a "List …" style) starts with "• ".

A table inside a table cell is layout within that cell, not a plan of its own: its rows become
lines of the cell (cells joined by " | "). `Grid.before` holds the headings and paragraphs
since the previous table (at most `MAX_BEFORE`, nearest last): an objective's title is often a
heading above its table.
"""

from __future__ import annotations

from pathlib import Path

from plandesk.core.records import ImportProblem
from plandesk.core.text import clean_line, clean_text
from plandesk.importers.office_files import read_office_file
from plandesk.importers.tables.grid import Cell, Grid

__all__ = ["MAX_BEFORE", "read_grids"]

# Enough for a section heading, an objective's title and its introduction; a long preface
# before the first table is not a title.
MAX_BEFORE = 20
_BULLET = "• "
_NESTED_SEPARATOR = " | "
# python-docx's `Paragraph.text` reads a paragraph's own runs and links only; text in a tracked
# insertion not yet accepted (w:ins) or in a content control (w:sdt) is what Word shows too.
# Tracked deletions (w:del) are not shown and not read.
# Likewise for paragraphs and tables: a template often wraps a table or a paragraph in a
# content control, which python-docx's `iter_inner_content` passes over.
_BLOCKS = "./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl"
_SHOWN_TEXT = " | ".join(
    f"{parent}w:{child}"
    for parent in ("", "w:ins/", "w:sdt/w:sdtContent/")
    for child in ("r", "hyperlink")
)


def read_grids(path: Path | str) -> list[Grid]:
    """Every table of the document as a `Grid`, in document order.

    Raises `ImportProblem` for a file that is not a readable .docx (see
    `office_files.read_office_file`) or whose tables python-docx cannot make sense of.
    """
    office = read_office_file(path, expect="word")
    document = _open(office.path, office.stream())
    from docx.table import Table

    grids: list[Grid] = []
    before: list[str] = []
    for block in _blocks(document.element.body, document):
        if isinstance(block, Table):
            name = f"table {len(grids) + 1}"
            try:
                grid = _grid(office.path, name, block)
            except (ValueError, IndexError, AttributeError) as exc:
                raise ImportProblem(office.path, 0, f"{name} is damaged: {exc}") from None
            grid.before = before[-MAX_BEFORE:]
            grids.append(grid)
            before = []
        else:
            before.extend(_paragraph_lines(block))
    return grids


def _blocks(element, parent):
    """The paragraphs and tables of a body or cell element, in document order (including
    those in a content control), as python-docx objects under `parent`."""
    from docx.oxml.text.paragraph import CT_P
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in element.xpath(_BLOCKS):
        yield Paragraph(block, parent) if isinstance(block, CT_P) else Table(block, parent)


def _open(name: str, stream):
    import docx  # imported here: reading a text plan never pays for it

    try:
        return docx.Document(stream)
    except Exception as exc:  # noqa: BLE001 -- any library failure is a damaged file to the user
        raise ImportProblem(
            name, 0, f"the document cannot be read (damaged?): {clean_line(str(exc)) or exc!r}"
        ) from None


def _grid(source: str, name: str, table) -> Grid:
    grid = Grid(source=source, name=name)
    first_at: dict[object, tuple[int, int]] = {}  # each <w:tc> → where it starts
    texts: dict[object, str] = {}
    for row_number, table_row in enumerate(table.rows, start=1):
        row = [Cell("", row_number, column) for column in range(1, table_row.grid_cols_before + 1)]
        for doc_cell in table_row.cells:
            position = (row_number, len(row) + 1)
            tc = doc_cell._tc  # the same element for every position a merge covers
            start = first_at.setdefault(tc, position)
            if tc not in texts:
                texts[tc] = _cell_text(doc_cell)
            merged_from = None if start == position else start
            row.append(Cell(texts[tc], position[0], position[1], merged_from))
        while row and not row[-1].text:
            row.pop()
        grid.rows.append(row)
    return grid


def _cell_text(doc_cell) -> str:
    from docx.table import Table

    lines: list[str] = []
    for block in _blocks(doc_cell._tc, doc_cell):
        if isinstance(block, Table):
            lines.extend(_nested_lines(block))
        else:
            lines.extend(_paragraph_lines(block))
    return "\n".join(lines)


def _nested_lines(table) -> list[str]:
    lines = []
    for table_row in table.rows:
        seen: set[object] = set()
        parts = []
        for doc_cell in table_row.cells:
            if doc_cell._tc in seen:
                continue
            seen.add(doc_cell._tc)
            if text := " ".join(_cell_text(doc_cell).split("\n")):
                parts.append(text)
        if parts:
            lines.append(_NESTED_SEPARATOR.join(parts))
    return lines


def _paragraph_lines(paragraph) -> list[str]:
    """The paragraph's non-empty lines (a manual line break starts a new one); a list
    paragraph's first line starts with "• "."""
    text = "".join(element.text for element in paragraph._p.xpath(_SHOWN_TEXT))
    lines = [line.strip() for line in clean_text(text).split("\n")]
    lines = [line for line in lines if line]
    if lines and _is_list(paragraph):
        lines[0] = _BULLET + lines[0]
    return lines


def _is_list(paragraph) -> bool:
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    style = paragraph.style
    return style is not None and (style.name or "").lower().startswith("list")
