"""Any grid, however odd, either reads as a plan or is refused with an `ImportProblem`; never a
crash, and every activity read keeps its row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plandesk.core.records import ImportProblem
from plandesk.importers.csv_file import grid_of_text
from plandesk.importers.tables.grid import Cell, Grid
from plandesk.importers.tables.plans import plans_in

WORDS = [
    "", "", "Ref", "No", "Objective", "Action", "Activity", "Milestone", "Q2 update",
    "Q1 2023/24 update", "Update July–Sept 2020", "RAG", "Green", "Purple", "Lead", "Due",
    "31/03/2024", "soon", "as at 31.12.2023", "Quarter 2 (April – September 2016)", "(A1.2) Do",
    "A1", "1.1", "Progress", "Oversight", "•", "\n",
]  # fmt: skip


@st.composite
def grids(draw):
    width = draw(st.integers(1, 6))
    rows = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=width), max_size=12))
    cells = []
    for r, row in enumerate(rows, start=1):
        line = []
        for c, text in enumerate(row, start=1):
            merged = (r - 1, c) if r > 1 and draw(st.booleans()) and text == "" else None
            line.append(Cell(text, r, c, merged_from=merged))
        cells.append(line)
    return Grid("fuzz.xlsx", "Sheet1", cells, before=draw(st.lists(st.sampled_from(WORDS))))


@settings(max_examples=300, deadline=None)
@given(grids(), st.sampled_from([None, "2023/24 Q1"]), st.sampled_from([None, "Ref=commitment"]))
def test_any_grid_reads_or_is_refused(grid, period, mapping):
    try:
        found = plans_in([grid], "fuzz.xlsx", period=period, mapping=mapping)
    except ImportProblem as problem:
        assert str(problem).startswith("fuzz.xlsx")
        return
    assert found.documents
    rows = {cell.row for row in grid.rows for cell in row}
    for document in found.documents:
        assert all(a.line in rows for a in document.activities())
    assert found.describe()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab,;\t"\n\r 1é'), max_size=200))
def test_any_text_is_a_grid_or_a_problem(text):
    try:
        grid = grid_of_text(text, "fuzz.csv", "fuzz")
    except ImportProblem as problem:
        assert str(problem).startswith("fuzz.csv: ")
        return
    assert grid.rows
