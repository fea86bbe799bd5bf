"""A plan table's rows read into `PlanDocument`s: one per period its update columns name.

The rows are read once into objectives, commitments and activities; each period then gets
its own document holding that period's updates (a tracker with "Q1 update", "Q2 update" and
"Q3 update" columns is three documents of one plan).

- An objective starts at a row holding one text across the table (a merged row, or one cell
  in the first column), or where the objective column changes.
- A commitment starts where its ref or text changes; a cell merged down (or left blank) over
  the rows below keeps them in the same commitment.
- With an activity column each row is an activity of its commitment; without one (a
  two-level plan) each row is a commitment whose single activity holds the row's update.
  A table naming objectives and activities but no commitments groups activities by objective.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

from plandesk.core.due_dates import DueDateError, parse_due
from plandesk.core.periods import PeriodSpec, quarter_of
from plandesk.core.records import (
    ActivityRecord,
    CommitmentRecord,
    ObjectiveRecord,
    PlanDocument,
    TextWarning,
)
from plandesk.core.refs import clean_ref, commitment_kind
from plandesk.core.statuses import known_status
from plandesk.core.text import clean_line, clean_text
from plandesk.importers.tables.columns import fold_header
from plandesk.importers.tables.grid import Cell
from plandesk.importers.tables.layout import Layout, title_period

__all__ = ["DEFAULT_PLAN_NAME", "LAYOUT", "plan_name_of", "read_plan"]

LAYOUT = "table"
DEFAULT_PLAN_NAME = "Delivery plan"
_TEXT_REF = re.compile(r"^\s*(?:•\s*)?\(\s*([^\W_]{0,2}\d+(?:\.\d+)+[a-z]?)\s*\)\s*")
_PARENT_REF = re.compile(r"^(.+)\.\d+$")
# "Safer West Mercia Plan", "Police and Crime Plan": up to four capitalised words before
# "Plan", with the small words names keep between them.
_PLAN_NAME = re.compile(r"\b((?:[A-Z][\w’'&-]*\s+(?:(?:and|of|for|&)\s+)?){1,4}Plan)\b")
# A title's trailing year ("… Delivery Plan 2023/24") is the plan's edition, not its name.
_TRAILING_YEAR = re.compile(r"\s+((?:19|20)\d{2}(?:\s*[/–-]\s*\d{2}(?:\d{2})?)?)\s*$")


class _Reader:
    def __init__(self, layout: Layout, plan_name: str, numbers: Iterator[int]) -> None:
        self.layout = layout
        self.plan_name = plan_name
        self.source = layout.grid.source
        self.warnings: list[TextWarning] = []
        columns = layout.columns
        levels = {c.role: c for c in columns if c.role in ("objective", "commitment", "activity")}
        if "commitment" not in levels and "activity" not in levels:
            levels["commitment"] = levels.pop("objective")  # a list of objectives is a list
        self.objective_col = levels.get("objective")
        self.commitment_col = levels.get("commitment")
        self.activity_col = levels.get("activity")
        if self.commitment_col is None:  # objectives and their activities
            self.commitment_col, self.objective_col = self.objective_col, None
        self.refs: dict[str, int] = {}
        for ref in layout.all("ref"):
            named = (("commitment", self.commitment_col), ("activity", self.activity_col))
            right = [(c.index, n) for n, c in named if c is not None and c.index > ref.index]
            lowest = "activity" if self.activity_col else "commitment"
            self.refs.setdefault(min(right)[1] if right else lowest, ref.index)
        self.header_keys = {c.index: fold_header(c.header) for c in columns}
        self.objectives: list[ObjectiveRecord] = []
        self.commitment: CommitmentRecord | None = None
        self.objective: ObjectiveRecord | None = None
        # activity id -> {column index: update text}, and the row's status
        self.updates: dict[int, dict[int, str]] = {}
        self.numbers = numbers

    # ------------------------------------------------------------------ rows
    def read(self) -> list[ObjectiveRecord]:
        # An objective row merged across above a table's header (Word: a table per objective),
        # past section labels ("Policing element:"), not the plan's name or period.
        titles = [t for t in self.layout.titles if not _is_section(t)]
        nearest = titles[-1] if titles else ""
        if nearest and self.plan_name not in nearest and title_period([nearest]) is None:
            self._start_objective(nearest, self.layout.header_row - 1)
        for row in self.layout.grid.rows[self.layout.header_index + 1 :]:
            cells = {cell.column: cell for cell in row}
            texts = {i: clean_text(c.text).strip() for i, c in cells.items()}
            if not any(texts.values()) or self._is_header(texts):
                continue
            title = self._objective_row(row, texts)
            if title is not None:
                if not _is_section(title):
                    self._start_objective(title, row[0].row)
                continue
            self._row(cells, texts, row[0].row)
        return [o for o in self.objectives if o.commitments]

    def _is_header(self, texts: dict[int, str]) -> bool:
        return all(fold_header(texts.get(i, "")) == key for i, key in self.header_keys.items())

    def _objective_row(self, row: list[Cell], texts: dict[int, str]) -> str | None:
        distinct = {t for t in texts.values() if t}
        if len(distinct) != 1:
            return None
        text = distinct.pop()
        filled = [c for c in row if texts.get(c.column)]
        if len(filled) > 1 or any(c.merged_from for c in filled):
            return clean_line(text)  # merged (or copied) across the row
        first = min(c.index for c in self.layout.columns)
        column = next((c for c in self.layout.columns if c.index == filled[0].column), None)
        if filled[0].column <= first and (column is None or column.role in ("ref", "ignore")):
            return clean_line(text)
        return None

    def _start_objective(self, title: str, line: int) -> None:
        self.objective = ObjectiveRecord(title=title, line=line)
        self.objectives.append(self.objective)
        self.commitment = None

    def _text(self, cells: dict[int, Cell], column) -> str:
        if column is None or column.index not in cells:
            return ""
        return clean_text(cells[column.index].text).strip()

    def _fresh(self, cells: dict[int, Cell], column) -> str:
        """The column's text where it starts here (not the copy of a merge from above)."""
        if column is None or column.index not in cells:
            return ""
        cell = cells[column.index]
        return "" if cell.is_merge_copy else clean_text(cell.text).strip()

    def _row(self, cells: dict[int, Cell], texts: dict[int, str], line: int) -> None:
        objective_text = clean_line(self._fresh(cells, self.objective_col))
        if objective_text and (self.objective is None or objective_text != self.objective.title):
            self._start_objective(objective_text, line)
        if self.objective is None:
            self._start_objective(self._default_objective(), line)
        ref_col = self.refs.get("commitment")
        c_ref = clean_ref(clean_line(texts.get(ref_col, ""))) if ref_col else ""
        c_title = self._fresh(cells, self.commitment_col)
        rest = any(texts.get(c.index) for c in self.layout.columns if c.role in _DETAILS)
        a_text = self._text(cells, self.activity_col)
        a_ref_col = self.refs.get("activity")
        a_ref = clean_ref(clean_line(texts.get(a_ref_col, ""))) if a_ref_col else ""
        if not (c_ref or c_title or a_text or a_ref or rest):
            return  # an objective's own row, or a commitment cell's merge copy alone
        if self.activity_col is None:
            self._commitment(c_ref, c_title, line, force=True)
            self._activity(cells, texts, None, "", line, stands=True)
            return
        match = _TEXT_REF.match(a_text)
        if match and not a_ref:
            a_ref, a_text = match.group(1), a_text[match.end() :].strip()
        if c_ref or c_title or self.commitment is None:
            self._commitment(c_ref, c_title, line, parent_of=a_ref)
        if a_text or a_ref or rest:
            self._activity(cells, texts, a_ref or None, a_text, line, stands=not (a_text or a_ref))

    def _default_objective(self) -> str:
        plan_name = self.plan_name
        for text in reversed(self.layout.grid.before):  # a Word heading above the table
            line = clean_line(text)
            if line and plan_name not in line and title_period([text]) is None:
                return line
        # Not the sheet's or file's name: the objective must be the same whatever the file is
        # called next quarter.
        return plan_name or DEFAULT_PLAN_NAME

    def _commitment(
        self, ref: str, title: str, line: int, *, force: bool = False, parent_of: str = ""
    ) -> None:
        current = self.commitment
        if current is not None and not force:
            same_ref = not ref or ref == current.ref
            same_title = not title or clean_line(title) == clean_line(current.title)
            if same_ref and same_title:
                return
        if not ref:
            parent = _PARENT_REF.match(parent_of or "")
            if parent:
                ref = parent.group(1)
            else:
                ref = str(next(self.numbers))
        assert self.objective is not None
        self.commitment = CommitmentRecord(ref, commitment_kind(ref), title, line=line)
        self.objective.commitments.append(self.commitment)

    def _activity(self, cells, texts, ref, text, line, *, stands: bool) -> None:
        assert self.commitment is not None
        activity = ActivityRecord(ref, text, line=line, stands_for_commitment=stands)
        activity.oversight = self._text(cells, self.layout.first("oversight"))
        activity.lead = clean_line(self._text(cells, self.layout.first("lead")))
        activity.due = self._due(cells, activity)
        activity.status = self._status(cells, activity)
        self.updates[id(activity)] = {
            c.index: self._text(cells, c) for c in self.layout.all("update")
        }
        self.commitment.activities.append(activity)

    def _name(self, activity: ActivityRecord) -> str:
        assert self.commitment is not None
        return activity.ref or self.commitment.ref

    def _due(self, cells: dict[int, Cell], activity: ActivityRecord) -> date | None:
        column = self.layout.first("due")
        if column is None or column.index not in cells:
            return None
        cell = cells[column.index]
        if isinstance(cell.value, datetime):
            return cell.value.date()
        if isinstance(cell.value, date):
            return cell.value
        try:
            return parse_due(cell.text)
        except DueDateError as exc:
            self.warnings.append(
                TextWarning(self.source, activity.line, f"{self._name(activity)}'s due date: {exc}")
            )
            return None

    def _status(self, cells: dict[int, Cell], activity: ActivityRecord) -> str:
        text = clean_line(self._text(cells, self.layout.first("status")))
        known = known_status(text)
        if known is not None:
            return known
        self.warnings.append(
            TextWarning(
                self.source,
                activity.line,
                f"{self._name(activity)}'s status {text!r} is not a status plandesk knows; "
                "kept as written",
            )
        )
        return text


_DETAILS = ("update", "status", "lead", "due", "oversight")


def _is_section(title: str) -> bool:
    """A label over part of an objective ("Policing element:"), not an objective."""
    return title.rstrip().endswith(":")


def read_plan(
    layout: Layout,
    periods: dict[int, PeriodSpec],
    plan_name: str | None = None,
    numbers: Iterator[int] | None = None,
) -> list[PlanDocument]:
    """One `PlanDocument` per period of `periods` (update column index → period; index 0 is
    the period of a table with no update column). The status goes with the last period.

    `numbers` numbers the commitments the table gives no ref (shared by a file's tables)."""
    name = plan_name or plan_name_of([layout]) or DEFAULT_PLAN_NAME
    named_year = _TRAILING_YEAR.search(name)
    if named_year and name[: named_year.start()].strip():
        name = name[: named_year.start()].strip()
    else:
        named_year = _year_after(name, [*layout.titles, *layout.grid.before])
    reader = _Reader(layout, name, numbers or itertools.count(1))
    objectives = reader.read()
    ordered = sorted(periods.items(), key=lambda item: (item[1].start, item[0]))
    first = ordered[0][1]
    # As the text layouts do: a financial quarter's plan is its year's, another span's its start.
    fy_quarter = first == quarter_of(first.start)
    edition = str(first.start.year - (fy_quarter and first.start.month < 4))
    if named_year:
        edition = re.sub(r"\s+", "", named_year.group(1)).replace("–", "/")
    documents = []
    by_label: dict[str, PlanDocument] = {}
    for position, (index, period) in enumerate(ordered):
        last = position == len(ordered) - 1
        document = by_label.get(period.label)
        if document is None:
            document = PlanDocument(
                source=layout.grid.source,
                layout=LAYOUT,
                plan_name=name,
                edition=edition,
                period=period,
                objectives=_copied(objectives),
            )
            by_label[period.label] = document
            documents.append(document)
        for original, activity in zip(_activities(objectives), document.activities(), strict=True):
            text = reader.updates[id(original)].get(index, "")
            if text:
                activity.update = f"{activity.update}\n\n{text}" if activity.update else text
            if not last:
                activity.status = ""
            else:
                activity.status = original.status
    documents[-1].warnings = reader.warnings
    return documents


def _copied(objectives: list[ObjectiveRecord]) -> list[ObjectiveRecord]:
    """Each period's own records (a deep copy without `deepcopy`'s cost on 10k rows)."""
    return [
        ObjectiveRecord(
            o.title,
            [
                CommitmentRecord(
                    c.ref, c.kind, c.title, [copy.copy(a) for a in c.activities], c.line
                )
                for c in o.commitments
            ],
            o.line,
        )
        for o in objectives
    ]


def _activities(objectives: list[ObjectiveRecord]) -> list[ActivityRecord]:
    return [a for o in objectives for c in o.commitments for a in c.activities]


def _year_after(name: str, titles: list[str]) -> re.Match[str] | None:
    """The year a title writes right after the plan's name ("… Plan 2023 - 24"), if any."""
    follows = re.compile(re.escape(name) + _TRAILING_YEAR.pattern)
    return next((m for title in titles if (m := follows.search(clean_line(title)))), None)


def plan_name_of(layouts: list[Layout]) -> str:
    """The plan a file's titles name most often ("Safer West Mercia Plan"), else the first
    title speaking of a plan, else ""."""
    lines = [t for layout in layouts for t in (*layout.titles, *reversed(layout.grid.before))]
    names = Counter(
        " ".join(match.split())
        for line in lines
        for match in _PLAN_NAME.findall(line)
        if match.split()[0] not in ("The", "A", "Delivery")
    )
    if not names:  # the body names the plan ("… the Safer West Mercia Plan …")
        names = Counter(
            " ".join(match.split())
            for layout in layouts
            for row in layout.grid.rows
            for cell in row
            if "Plan" in cell.text and not cell.is_merge_copy
            for match in _PLAN_NAME.findall(cell.text)
            # The body's "Victims' Board Delivery Plan" is some body's plan, not this one.
            if "Delivery" not in match and match.split()[0] not in ("The", "A")
        )
    if names:
        return names.most_common(1)[0][0]
    for text in lines:
        if re.search(r"\bplan\b", text, re.IGNORECASE) and title_period([text]) is None:
            return clean_line(text)
    return ""
