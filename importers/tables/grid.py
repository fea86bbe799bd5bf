"""A table as any office file holds it: rows of cells, whatever the format.

Each format's reader (CSV, Excel, Word) turns bytes into `Grid`s and nothing else; finding the
header, the columns' roles and the plan is shared by all of them. A merged cell appears in
every position it covers, with the merge's text, and says where the merge starts: a commitment
merged down over its activities, or an objective row merged across the table, reads the same
as in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["Cell", "Grid"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its text (paragraphs as lines; list paragraphs start with "• ").

    `row` and `column` are 1-based positions in the source table or sheet. `merged_from` is the
    (row, column) of the top-left cell of the merge covering this one, None when it is not
    covered by a merge or is that top-left cell itself. `value` keeps a typed value where the
    format has one (an Excel date or number); `text` is always filled.
    """

    text: str
    row: int
    column: int
    merged_from: tuple[int, int] | None = None
    value: date | datetime | float | int | None = None

    @property
    def is_merge_copy(self) -> bool:
        """True for a position a merge covers, other than the merge's own first cell."""
        return self.merged_from is not None


@dataclass(slots=True)
class Grid:
    """One table (a Word table, an Excel sheet, a CSV file) of one source file.

    `name` says which table it is ("Sheet1", "table 2") for messages; `before` holds the text
    that comes before the table in the document (Word headings and paragraphs, nearest last),
    which may title an objective when the table has no objective column. Rows keep their
    source order; a row may be shorter than others.
    """

    source: str
    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    before: list[str] = field(default_factory=list)

    def where(self, row: int) -> str:
        """`name row 5`, for a message (`file:line: …` keeps the row as its line)."""
        return f"{self.name} row {row}"
