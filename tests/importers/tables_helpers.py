"""Grids written in a test as rows of text, with merges marked where Word or Excel has them."""

from __future__ import annotations

from plandesk.importers.tables.grid import Cell, Grid

LEFT = object()  # covered by the merge of the cell to its left (an objective row merged across)
UP = object()  # covered by the merge of the cell above (a commitment merged down)


def grid(*rows, before=(), name="Sheet1", source="plan.xlsx") -> Grid:
    """`rows` of str (or Cell for a typed value), LEFT or UP for a merge's covered positions."""
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    texts: dict[tuple[int, int], str] = {}
    out = []
    for r, row in enumerate(rows, start=1):
        line = []
        for c, value in enumerate(row, start=1):
            if value is LEFT or value is UP:
                start = origin[(r, c - 1)] if value is LEFT else origin[(r - 1, c)]
                origin[(r, c)] = start
                line.append(Cell(texts[start], r, c, merged_from=start))
                continue
            origin[(r, c)] = (r, c)
            if isinstance(value, Cell):
                texts[(r, c)] = value.text
                line.append(Cell(value.text, r, c, value=value.value))
            else:
                texts[(r, c)] = value
                line.append(Cell(value, r, c))
        out.append(line)
    return Grid(source=source, name=name, rows=out, before=list(before))


def outline(document) -> list[tuple]:
    """(objective, commitment ref, commitment title, activity ref, activity text, update)."""
    return [
        (o.title, c.ref, c.title, a.ref, a.text, a.update)
        for o in document.objectives
        for c in o.commitments
        for a in c.activities
    ]
