"""Finding a plan in a grid: the header row, each column's role, and the periods of updates.

The header is the first row (of the first `_SCAN` rows) naming the most roles, with at least
one level of the plan (objective, commitment or activity) and one other role; rows above it
are title rows (a plan's name, "Quarter 2 (April – September 2016)", "as at 31.12.2023").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plandesk.core.due_dates import DueDateError, parse_due
from plandesk.core.periods import PeriodError, PeriodSpec, parse_period, quarter, quarter_of
from plandesk.core.records import ImportProblem
from plandesk.core.text import clean_line
from plandesk.importers.tables.columns import Column, column_period, fold_header, role_of
from plandesk.importers.tables.grid import Cell, Grid

__all__ = [
    "Layout",
    "NoPlanFound",
    "find_layout",
    "no_plan_problem",
    "resolve_periods",
    "title_period",
]

_SCAN = 40
_LABEL_WORDS = 9  # "Quarter 2 Update July to September 2020" is 7
LEVELS = ("objective", "commitment", "activity")
_AS_AT = re.compile(r"\bas\s+(?:at|of)\s+(.+)$", re.IGNORECASE)
_BRACKETS = re.compile(r"\(([^()]+)\)")


class NoPlanFound(ImportProblem):
    """No grid of the file has a plan's header."""


@dataclass(slots=True)
class Layout:
    """A plan found in `grid`: its header row (index into `grid.rows`) and columns."""

    grid: Grid
    header_index: int
    columns: list[Column]
    titles: list[str] = field(default_factory=list)
    # Each update column's period once resolved (`resolve_periods`), for the description.
    periods: dict[int, PeriodSpec] = field(default_factory=dict)

    def first(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    def all(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    @property
    def header_row(self) -> int:
        """The header's row number in the source (1-based)."""
        return self.grid.rows[self.header_index][0].row


def _header_columns(row: list[Cell], mapping: dict) -> list[Column]:
    columns = []
    for cell in row:
        if cell.merged_from is not None and cell.merged_from[0] == cell.row:
            continue  # a header merged across columns names only its first
        header = clean_line(cell.text)
        if not header:
            continue
        mapped = mapping.get(fold_header(header))
        if mapped is not None:
            role, period = mapped
            column = Column(cell.column, header, role, period, mapped=True)
            if role == "update" and period is None:
                column.period, column.quarter = column_period(header)
        else:
            role = role_of(header) if _label_like(header) else None
            column = Column(cell.column, header, role or "ignore")
            if column.role == "update":
                column.period, column.quarter = column_period(header)
        columns.append(column)
    # One column per level and per single-valued role: a second is left unread.
    seen: set[str] = set()
    for column in columns:
        if column.role in ("ref", "update", "ignore"):
            continue
        if column.role in seen:
            column.role = "ignore"
        seen.add(column.role)
    return columns


def _label_like(text: str) -> bool:
    """A column's label is short and no sentence: a data cell saying "… objectives." is not."""
    return len(text.split()) <= _LABEL_WORDS and not text.rstrip().endswith(".")


def _score(columns: list[Column]) -> int:
    roles = {c.role for c in columns} - {"ignore"}
    if not roles & {"commitment", "activity"} and not any(c.mapped for c in columns):
        # Objectives alone are a plan only with something about them (a glossary's
        # "Board | … objectives." row is not).
        if "objective" not in roles or not roles & {"update", "status", "lead", "due"}:
            return 0
    if len(roles) < 2:
        return 0
    return len(roles) + sum(c.mapped for c in columns)


def find_layout(grid: Grid, mapping: dict) -> Layout | None:
    """The plan in `grid`, or None when no row of its first rows reads as a plan's header."""
    best: tuple[int, int, list[Column]] | None = None
    for index, row in enumerate(grid.rows[:_SCAN]):
        columns = _header_columns(row, mapping)
        score = _score(columns)
        if score and (best is None or score > best[0]):
            best = (score, index, columns)
    if best is None:
        return None
    _score_value, index, columns = best
    if not any(c.role in LEVELS for c in columns):
        # Mapped, but no level: the widest text column is what the plan lists.
        for column in columns:
            if column.role == "ignore":
                column.role = "commitment"
                break
    titles = [
        text
        for row in grid.rows[:index]
        for text in dict.fromkeys(clean_line(c.text) for c in row)
        if text
    ]
    return Layout(grid, index, columns, titles)


def no_plan_problem(source: str, grids: list[Grid]) -> NoPlanFound:
    """The error for a file with no plan: the columns seen, and a `--map` that would read it."""
    seen: list[str] = []
    where = ""
    for grid in grids:
        for row in grid.rows[:_SCAN]:
            texts = [clean_line(c.text) for c in row if clean_line(c.text)]
            if len(texts) > len(seen):
                seen, where = texts, f"{grid.name} row {row[0].row}"
    if len(seen) < 2:
        return NoPlanFound(source, 0, "no table with a plan's columns found in it")
    shown = ", ".join(f'"{text}"' for text in seen[:12])
    example = f"{seen[0]}=commitment,{seen[-1]}=update"
    return NoPlanFound(
        source,
        0,
        f"no plan header found; the columns seen ({where}) are {shown}. Say what they hold "
        f'with --map, for example --map "{example}"',
    )


def title_period(lines: list[str]) -> PeriodSpec | None:
    """The period a title names: "Quarter 2 (April – September 2016)", "as at 31.12.2023"."""
    for line in lines:
        candidates = [line, *_BRACKETS.findall(line)]
        for text in candidates:
            try:
                return parse_period(text)
            except PeriodError:
                pass
        match = _AS_AT.search(line)
        if match:
            try:
                day = parse_due(match.group(1).strip(" .,"))
            except DueDateError:
                day = None
            if day is not None:
                return quarter_of(day)
    return None


def resolve_periods(
    layout: Layout, override: PeriodSpec | None, fallback: PeriodSpec | None = None
) -> dict[int, PeriodSpec]:
    """Each update column's period (by column index); one period for a single update column.

    A single update column takes `override` (`--period`), else the period its header names,
    else the title's. Several update columns keep their own; a header naming only a quarter
    ("Q2 update") takes its year from the other columns, the title or `--period`.
    """
    source = layout.grid.source
    updates = layout.all("update")
    from_title = title_period([*layout.titles, *reversed(layout.grid.before)]) or fallback
    if len(updates) <= 1:
        column = updates[0] if updates else None
        period = override or (column.period if column else None)
        if period is None and column is not None and column.quarter and from_title:
            period = quarter(_fy(from_title), column.quarter)
        period = period or from_title
        if period is None:
            raise ImportProblem(
                source,
                layout.header_row,
                f"{layout.grid.name}: the table names no period; give it with --period "
                "(e.g. --period '2020/21 Q2')",
            )
        layout.periods = {column.index if column else 0: period}
        return layout.periods
    known = [c.period for c in updates if c.period is not None]
    context = known[0] if known else (from_title or override)
    periods = {}
    for column in updates:
        period = column.period
        if period is None and column.quarter and context is not None:
            period = quarter(_fy(context), column.quarter)
        period = period or from_title or override
        if period is None:
            raise ImportProblem(
                source,
                layout.header_row,
                f"{layout.grid.name}: the update column {column.label!r} names no period; "
                f'name it with --map "{column.label}=update:2023/24 Q1"',
            )
        periods[column.index] = period
    layout.periods = periods
    return periods


def _fy(period: PeriodSpec) -> int:
    start = period.start
    return start.year if start.month >= 4 else start.year - 1
