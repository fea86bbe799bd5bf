"""The rows of the Panel report's plan table: where a row of five cells starts and ends,
the header rows repeated under each section, the one repair made to a short row (a cell
that begins with spaces instead of a tab) and what is said of one that cannot be repaired."""

from __future__ import annotations

from plandesk.importers.panel_cells import Cell, is_ref, is_section_heading, squash

__all__ = [
    "COLUMNS",
    "heading_follows",
    "is_header_start",
    "looks_like_heading",
    "repair_short_row",
    "short_row_message",
    "skip_header",
    "starts_block",
    "take_row",
]

COLUMNS = (
    "Ref",
    "Plan commitment",
    "Supporting activity",
    "Progress update",
    "Oversight mechanism",
)


def is_header_start(cells: list[Cell], index: int) -> bool:
    text = cells[index].text.lower().rstrip(".")
    if text != "ref":
        return False
    return index + 1 < len(cells) and cells[index + 1].text.lower().startswith("plan commitment")


def _is_header_label(text: str) -> bool:
    lowered = text.lower()
    return any(lowered.startswith(label.lower().split()[0]) for label in COLUMNS)


def skip_header(cells: list[Cell], index: int) -> int:
    end = index + 1
    while end < len(cells) and end - index < len(COLUMNS) and _is_header_label(cells[end].text):
        end += 1
    return end


def _is_hard_boundary(cells: list[Cell], index: int) -> bool:
    """A cell that can only start something new: a heading, a header row, or a fresh Ref."""
    cell = cells[index]
    return (
        is_section_heading(cell.text)
        or is_header_start(cells, index)
        or (cell.gap_before and bool(cell.text) and is_ref(cell.text))
    )


def starts_block(cells: list[Cell], index: int) -> bool:
    # Rows are followed by a blank line; a heading, a header row or a Ref may follow without
    # one. An empty cell with no blank line before it is not accepted as a new row: that is
    # how a row that lost a cell shows, by taking the next row's empty Ref as its last cell.
    cell = cells[index]
    return cell.gap_before or _is_hard_boundary(cells, index) or is_ref(cell.text)


def take_row(cells: list[Cell], index: int) -> list[Cell]:
    row = [cells[index]]
    position = index + 1
    while len(row) < len(COLUMNS) and position < len(cells):
        if _is_hard_boundary(cells, position):
            break
        row.append(cells[position])
        position += 1
    return row


def repair_short_row(row: list[Cell]) -> list[Cell]:
    """Split cells at lines that begin with spaces, if they account for the missing cells.

    Word sometimes saves a cell's first line with leading spaces instead of a tab. Only used
    for a row already short of cells, so a well-formed row is never changed.
    """
    missing = len(COLUMNS) - len(row)
    starts = [
        (position, offset)
        for position, cell in enumerate(row)
        for offset, (_, text) in enumerate(cell.lines)
        if offset > 0 and text[:1] == " " and text.strip()
    ]
    if len(starts) != missing:
        return row
    repaired: list[Cell] = []
    for position, cell in enumerate(row):
        cuts = [0] + [offset for p, offset in starts if p == position] + [len(cell.lines)]
        for first, last in zip(cuts, cuts[1:], strict=False):
            part = cell.lines[first:last]
            repaired.append(Cell(part[0][0], part, cell.gap_before if first == 0 else False))
    return repaired


def short_row_message(row: list[Cell], at_end: bool) -> str:
    have = len(row)
    missing = " / ".join(COLUMNS[have:])
    plural = "s" if len(COLUMNS) - have > 1 else ""
    why = (
        "the file ends inside this row (is it cut short?)"
        if at_end
        else "a cell is missing, or two cells were merged into one"
    )
    return (
        f"this row has only {have} of the {len(COLUMNS)} cells ({' / '.join(COLUMNS)}): "
        f"no {missing} cell{plural}; {why}"
    )


def looks_like_heading(text: str) -> bool:
    flat = squash(text)
    return "\n" not in text.strip() and 0 < len(flat) <= 80 and not flat.endswith(".")


def heading_follows(cells: list[Cell], index: int) -> bool:
    # An objective heading is followed by a section heading, a header row or a commitment row.
    if index >= len(cells):
        return False
    text = cells[index].text
    return is_section_heading(text) or is_header_start(cells, index) or is_ref(text)
