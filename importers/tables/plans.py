"""The plans in a file's grids: what every table format (CSV, Excel, Word) hands on.

`plans_in(grids, …)` finds the grids with a plan header (all of them for a Word document's
tables of one plan; the chosen or first such sheet of a workbook), reads each into one
`PlanDocument` per period, and says what it detected (`describe`) for `--dry-run`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from plandesk.core.periods import PeriodError, parse_period
from plandesk.core.records import ImportProblem, PlanDocument
from plandesk.importers.tables.columns import parse_mapping
from plandesk.importers.tables.grid import Grid
from plandesk.importers.tables.layout import (
    Layout,
    find_layout,
    no_plan_problem,
    resolve_periods,
    title_period,
)
from plandesk.importers.tables.reader import plan_name_of, read_plan
from plandesk.importers.tables.titles import sentence_case_titles

__all__ = ["TablePlan", "plans_in"]

_SHOWN_ROWS = 5
_SHOWN_CHARS = 60


@dataclass(slots=True)
class TablePlan:
    """What was read from a file's grids: the documents and how they were found."""

    source: str
    documents: list[PlanDocument] = field(default_factory=list)
    layouts: list[Layout] = field(default_factory=list)

    def describe(self) -> str:
        """Sheet/table, header row, each column's role, periods and the first rows as read."""
        lines = []
        for layout in self.layouts:
            lines.append(f"{self.source}: {layout.grid.name}, header on row {layout.header_row}")
            for column in layout.columns:
                role = "not read" if column.role == "ignore" else column.role
                period = layout.periods.get(column.index) if column.role == "update" else None
                if period is not None:
                    role += f" ({period.label})"
                how = " [--map]" if column.mapped else ""
                lines.append(f"  column {column.index} {column.label!r}: {role}{how}")
        labels = ", ".join(dict.fromkeys(d.period.label for d in self.documents))
        lines.append(f"periods: {labels}")
        if self.documents:
            lines.append("first rows as read:")
            lines.extend(_first_rows(self.documents[-1]))
        return "\n".join(lines)


def plans_in(
    grids: list[Grid],
    source: str,
    *,
    period: str | None = None,
    mapping: str | None = None,
    first_only: bool = False,
) -> TablePlan:
    """Read the plan in `grids`; `first_only` stops at the first grid holding one (a workbook's
    sheets are alternatives, a Word document's tables parts of one plan).

    Raises `ImportProblem` when no grid holds a plan (naming the columns seen and a `--map`
    that would read them), or when the periods cannot be told.
    """
    columns_map = parse_mapping(mapping, source)
    override = None
    if period is not None:
        try:
            override = parse_period(period)
        except PeriodError as exc:
            raise ImportProblem(source, 0, f"--period: {exc}") from None
    result = TablePlan(source)
    layouts = [layout for grid in grids if (layout := find_layout(grid, columns_map))]
    # One plan per file: the name its titles give names it for every table…
    name = plan_name_of(layouts) or None
    # …and the first title naming a period dates every table that names none.
    fallback = title_period([t for x in layouts for t in (*x.titles, *reversed(x.grid.before))])
    numbers = itertools.count(1)
    for layout in layouts:
        periods = resolve_periods(layout, override, fallback)
        documents = read_plan(layout, periods, name, numbers)
        if not any(d.objectives for d in documents):
            continue
        result.layouts.append(layout)
        result.documents.extend(documents)
        if first_only:
            break
    if not result.documents:
        raise no_plan_problem(source, grids)
    result.documents = _merged(result.documents)
    for document in result.documents:
        sentence_case_titles(document.objectives, _texts(document))
    return result


def _texts(document: PlanDocument):
    for commitment in document.commitments():
        yield commitment.title
        for activity in commitment.activities:
            yield activity.text
            yield activity.update or ""


def _merged(documents: list[PlanDocument]) -> list[PlanDocument]:
    """Tables of one plan and period (a Word document's table per objective) as one document."""
    by_key: dict[tuple[str, str, str], PlanDocument] = {}
    for document in documents:
        key = (document.plan_name, document.edition, document.period.label)
        first = by_key.get(key)
        if first is None:
            by_key[key] = document
            continue
        first.objectives.extend(document.objectives)
        first.warnings.extend(document.warnings)
    return sorted(by_key.values(), key=lambda d: d.period.start)


def _short(text: str | None) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= _SHOWN_CHARS else flat[: _SHOWN_CHARS - 1] + "…"


def _first_rows(document: PlanDocument) -> list[str]:
    lines = []
    for objective in document.objectives:
        for commitment in objective.commitments:
            for activity in commitment.activities:
                if len(lines) >= _SHOWN_ROWS:
                    return lines
                where = f"row {activity.line}: {objective.title[:30]!r} / {commitment.ref}"
                text = commitment.title if activity.stands_for_commitment else activity.text
                parts = [f"{where} {activity.ref or ''} {_short(text)!r}".replace("  ", " ")]
                for name in ("status", "lead", "due"):
                    value = getattr(activity, name)
                    if value:
                        parts.append(f"{name}: {value}")
                parts.append(f"update: {_short(activity.update)!r}")
                lines.append("  " + "; ".join(parts))
    return lines
