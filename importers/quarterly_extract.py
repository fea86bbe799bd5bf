"""Importer for the 2020 quarterly delivery-plan extract (a PDF table exported to text).

The layout: one table per objective, each preceded by the objective heading in capitals and a
header row `No | SWP Commitment | Supporting activity | Quarter N Update <months> <year>`.
Cells are separated by tabs, one table row per line, with page footers
("Appendix 1: Safer West Mercia Plan Delivery Plan Extract") between pages.

The PDF export damaged the table in ways this module repairs by rule, never by line number:

- Headings split by the narrow No column (`BUIL<tab>DING ...`, `PUT<tab>PUTTING ...`) are
  joined by overlapping the fragment with the next word, then put in sentence case.
- `<ul><li>` scraps and inline `•` bullets become one bullet line each; two or more spaces
  inside a cell are the cell's own line breaks and become newlines.
- A row with an empty No column continues the commitment above it: text in the commitment
  column is appended to the commitment, an activity starting with `(A1.2)` is a new activity,
  refless activity text continues the previous activity (the cell broke over a page), and
  update-only text continues the previous update.
- Lines with no leading tabs that start with an activity ref (`(A6.3)...`) are activity rows
  whose empty leading cells were dropped; any other untabbed line continues the last cell
  written (an update that ran on as plain wrapped text). Inside such a run, a line much
  shorter than the run's longest ended its paragraph.
- OCR noise (a line of short capital scraps with no ordinary word) is dropped.
- A continuation that repeats the tail of its cell with a mangled first word (the PDF
  reprinting the end of a cell after a page break) is dropped.
- A paragraph whose every word is a word, or a chopped prefix of a word, of a longer
  paragraph in the same cell is a column-chopped copy of it and is dropped.
- Truncated text that has no intact copy (D10.1's update "sults to since last year...") is
  kept as the document's own words: nothing better exists to import.

Decisions on meaning:

- `kind`: the plan numbers the Commissioner's commitments with a letter (`A1`, `B.3`) and the
  policing element with numbers only (`1.1`), as the 2018 Panel report shows. This extract
  uses lettered refs throughout, so a ref that starts with a letter is "commissioner" and a
  numeric one "policing". Deterministic and independent of wording.
- A commitment row with an update but no activity text gets one activity (`ref=None`,
  `text=""`, `stands_for_commitment=True`) holding the update.
- One cell holding several activities (`(A7.1)... (A7.2)...`) becomes several activities.
  Their shared update is split paragraph by paragraph when it has exactly one paragraph per
  activity (A7: the meetings paragraph, then "Action completed June 2020"); otherwise the
  first activity gets all of it and the others get None.
- Activity refs are kept as written, even when they do not match their commitment (`C10.2`
  under C1) or use Cyrillic look-alike letters; `plandesk.core.refs.ref_key` matches them.

A cell's text is made plain in `extract_text`; this module walks the lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plandesk.core.periods import PeriodError, PeriodSpec, parse_period
from plandesk.core.records import (
    ActivityRecord,
    CommitmentRecord,
    ImportProblem,
    ObjectiveRecord,
    PlanDocument,
)
from plandesk.core.refs import commitment_kind
from plandesk.importers.extract_text import (
    ACTIVITY_REF,
    COMMITMENT_REF,
    FOOTER,
    CellText,
    heading_title,
    is_noise,
    looks_like_heading,
    split_activities,
    tidy,
)

__all__ = ["LAYOUT", "detect", "parse"]

LAYOUT = "quarterly-extract"
DEFAULT_PLAN_NAME = "Safer West Mercia Plan"
EXPECTED_HEADER = "No / SWP Commitment / Supporting activity / Quarter N Update <months> <year>"

_HEADER = re.compile(r"^[ \t]*No[ \t]*\t[ \t]*SWP Commitment", re.IGNORECASE | re.MULTILINE)
# A line of a wrapped run shorter than this share of the run's longest line ended a paragraph.
_PARAGRAPH_END_RATIO = 0.8


def detect(text: str) -> bool:
    """True when the text has the extract's table header (`No <tab> SWP Commitment ...`)."""
    return _HEADER.search(text) is not None


def parse(text: str, source: str) -> PlanDocument:
    """Read a quarterly extract; raises `ImportProblem` for anything that cannot be read."""
    return _Parser(text, source).run()


# --- building blocks ----------------------------------------------------------------------


@dataclass
class _Activity:
    ref: str | None
    line: int
    text: CellText
    update: CellText = field(default_factory=CellText)
    stands_for_commitment: bool = False
    # Activities listed in one cell with this one, which share its update cell.
    group: list[_Activity] = field(default_factory=list)


@dataclass
class _Commitment:
    ref: str
    line: int
    title: CellText
    activities: list[_Activity] = field(default_factory=list)


@dataclass
class _Objective:
    title: str
    line: int
    commitments: list[_Commitment] = field(default_factory=list)


def _updates_of(activity: _Activity) -> list[str | None]:
    """The update of each activity in the cell `activity` opened (see module docstring)."""
    update = activity.update.value() or None
    if not activity.group:
        return [update]
    paragraphs = update.split("\n") if update else []
    if len(paragraphs) == len(activity.group):
        return list(paragraphs)
    return [update] + [None] * (len(activity.group) - 1)


def _activity_records(commitment: _Commitment) -> list[ActivityRecord]:
    updates: dict[int, str | None] = {}
    members = {id(m) for a in commitment.activities for m in a.group[1:]}
    for activity in commitment.activities:
        if id(activity) in members:
            continue  # its update was given out with the first activity of its cell
        for member, update in zip(activity.group or [activity], _updates_of(activity), strict=True):
            updates[id(member)] = update
    return [
        ActivityRecord(
            ref=a.ref,
            text=a.text.value(),
            oversight="",
            update=updates.get(id(a)),
            line=a.line,
            stands_for_commitment=a.stands_for_commitment,
        )
        for a in commitment.activities
    ]


def _fy_start_year(period: PeriodSpec) -> int:
    start = period.start
    return start.year if start.month >= 4 else start.year - 1


# --- the parser ---------------------------------------------------------------------------


class _Parser:
    """Walks the lines once, keeping the objective, commitment and cell being written."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = text.split("\n")
        self.plan_name = ""
        self.period: PeriodSpec | None = None
        self.last_header = 0
        self.objectives: list[_Objective] = []
        self.commitment: _Commitment | None = None
        self.update_owner: _Activity | None = None
        self.target: CellText | None = None
        self.blank_before = False
        self.headings: set[int] = set()

    def problem(self, line: int, message: str) -> ImportProblem:
        return ImportProblem(self.source, line, message)

    def run(self) -> PlanDocument:
        headers = [i for i, line in enumerate(self.lines) if _HEADER.match(line)]
        if not headers:
            raise self.problem(1, f"no table header row ({EXPECTED_HEADER}) found")
        self.headings = {h for h in map(self.heading_before, headers) if h is not None}
        index = 0
        while index < len(self.lines):
            index = self.read_line(index)
        return self.document()

    def heading_before(self, header: int) -> int | None:
        """The index of the objective heading above the header row at `header`, if any."""
        for index in range(header - 1, -1, -1):
            line = self.lines[index]
            if not line.strip() or FOOTER.match(line):
                continue
            return index if looks_like_heading(line) else None
        return None

    def read_line(self, index: int) -> int:
        """Handle the line at `index`; returns the index of the next unread line."""
        line = self.lines[index]
        number = index + 1
        footer = FOOTER.match(line)
        if not line.strip() or footer:
            if footer and footer.group("name") and not self.plan_name:
                self.plan_name = footer.group("name")
            self.blank_before = True
            return index + 1
        if index in self.headings:
            self.start_objective(number, line)
        elif _HEADER.match(line):
            self.read_header(number, line)
        elif self.period is not None:
            return self.read_row(index)
        # Anything before the first table header is a preamble this layout does not use.
        return index + 1

    def start_objective(self, number: int, line: str) -> None:
        title = heading_title([cell.strip() for cell in line.split("\t")])
        self.objectives.append(_Objective(title, number))
        self.commitment = None
        self.update_owner = None
        self.target = None

    def read_header(self, number: int, line: str) -> None:
        cells = [cell.strip() for cell in line.split("\t")]
        named = [cell for cell in cells if cell]
        expected = ("no", "swp commitment", "supporting activity", "quarter")
        if len(named) < len(expected) or any(
            not cell.lower().startswith(want) for cell, want in zip(named, expected, strict=False)
        ):
            raise self.problem(
                number, f"the table header has {' / '.join(named)}; expected {EXPECTED_HEADER}"
            )
        try:
            period = parse_period(named[3])
        except PeriodError as exc:
            raise self.problem(
                number, f"cannot read the period in the table header: {exc}"
            ) from None
        if self.period is not None and period != self.period:
            raise self.problem(
                number, f"this table is for {period.label} but the first was {self.period.label}"
            )
        if not self.objectives:
            raise self.problem(
                number,
                "the table has no objective heading (such as 'PUTTING VICTIMS ...') above it",
            )
        self.period = period
        self.last_header = number
        self.blank_before = False

    def read_row(self, index: int) -> int:
        line = self.lines[index]
        number = index + 1
        cells = [cell.strip() for cell in line.split("\t")]
        first = cells[0]
        if ACTIVITY_REF.match(tidy(first)):
            # The PDF dropped the empty No and commitment cells of this activity row.
            self.read_activity_cells(number, first, " ".join(cells[1:]), opens_commitment=False)
        elif COMMITMENT_REF.match(first):
            self.read_commitment_row(number, cells)
        elif not any(cells[1:]):
            return self.read_wrapped_run(index)
        elif not first:
            self.read_continuation_row(number, cells)
        else:
            raise self.problem(
                number,
                f"cannot read this row: the No column holds {first[:40]!r}, "
                "not a commitment ref such as A1",
            )
        self.blank_before = False
        return index + 1

    def check_columns(self, number: int, cells: list[str], what: str) -> None:
        if any(cells[4:]):
            raise self.problem(
                number, f"{what} has more cells than the 4 columns {EXPECTED_HEADER}"
            )

    def read_commitment_row(self, number: int, cells: list[str]) -> None:
        ref = cells[0]
        if len(cells) < 3 or not cells[1]:
            raise self.problem(
                number,
                f"commitment row {ref} is missing columns: expected {EXPECTED_HEADER}, "
                "with the commitment's text in the second",
            )
        self.check_columns(number, cells, f"commitment row {ref}")
        self.commitment = _Commitment(ref, number, CellText(tidy(cells[1])))
        self.objectives[-1].commitments.append(self.commitment)
        self.update_owner = None
        self.target = self.commitment.title
        update = cells[3] if len(cells) > 3 else ""
        self.read_activity_cells(number, cells[2], update, opens_commitment=True)

    def read_continuation_row(self, number: int, cells: list[str]) -> None:
        if self.commitment is None:
            raise self.problem(number, "a row with an empty No column before any commitment row")
        self.check_columns(number, cells, "this row")
        cells = cells + [""] * (4 - len(cells))
        if cells[1]:
            self.commitment.title.add(tidy(cells[1]))
            self.target = self.commitment.title
        self.read_activity_cells(number, cells[2], cells[3], opens_commitment=False)

    def read_activity_cells(
        self, number: int, activity_raw: str, update_raw: str, *, opens_commitment: bool
    ) -> None:
        """The activity and update cells of one row."""
        commitment = self.commitment
        if commitment is None:
            raise self.problem(number, "an activity row before any commitment row")
        pieces = split_activities(tidy(activity_raw))
        update = tidy(update_raw)
        if pieces and pieces[0][0] is None and not opens_commitment and commitment.activities:
            # Refless text on a follow-on row: the previous activity's cell broke over a page.
            previous = commitment.activities[-1]
            previous.text.add(pieces.pop(0)[1])
            previous.stands_for_commitment = False
            self.target = previous.text
        if pieces:
            self.add_activities(number, pieces, update)
        elif update:
            self.add_update(number, update, opens_commitment=opens_commitment)

    def add_activities(
        self, number: int, pieces: list[tuple[str | None, str]], update: str
    ) -> None:
        assert self.commitment is not None
        new = [_Activity(ref, number, CellText(text)) for ref, text in pieces]
        self.commitment.activities.extend(new)
        owner = new[0]
        if len(new) > 1:
            owner.group = new
        self.update_owner = owner
        self.target = new[-1].text
        if update:
            owner.update.add(update)
            self.target = owner.update

    def add_update(self, number: int, update: str, *, opens_commitment: bool) -> None:
        """An update with no activity text beside it."""
        assert self.commitment is not None
        owner = None if opens_commitment else self.update_owner
        if owner is None:
            owner = _Activity(None, number, CellText(), stands_for_commitment=True)
            self.commitment.activities.append(owner)
            self.update_owner = owner
        owner.update.add(update)
        self.target = owner.update

    def read_wrapped_run(self, index: int) -> int:
        """Untabbed lines continuing the last cell written; returns the next unread index."""
        end = index + 1
        while end < len(self.lines) and self.is_wrapped_line(end):
            end += 1
        run = [(n + 1, self.lines[n].strip()) for n in range(index, end)]
        text_lines = [(n, text) for n, text in run if not is_noise(text)]
        if text_lines and self.target is None:
            raise self.problem(text_lines[0][0], "text outside any table row")
        width = max((len(text) for _, text in text_lines), default=0)
        new_paragraph = self.blank_before
        for _, text in run:
            if is_noise(text):
                # Whatever the noise stood for is lost, so what follows cannot run on.
                new_paragraph = True
                continue
            assert self.target is not None
            self.target.add(tidy(text), new_paragraph=new_paragraph)
            # A run of one or two lines has no line width to judge paragraph ends by.
            new_paragraph = len(text_lines) >= 3 and len(text) < _PARAGRAPH_END_RATIO * width
        self.blank_before = False
        return end

    def is_wrapped_line(self, index: int) -> bool:
        """The line at `index` is untabbed text that continues a wrapped run."""
        line = self.lines[index]
        cells = [cell.strip() for cell in line.split("\t")]
        return (
            bool(cells[0])
            and not any(cells[1:])
            and index not in self.headings
            and not FOOTER.match(line)
            and not _HEADER.match(line)
            and not ACTIVITY_REF.match(tidy(cells[0]))
            and not COMMITMENT_REF.match(cells[0])
        )

    def document(self) -> PlanDocument:
        assert self.period is not None
        if not any(o.commitments for o in self.objectives):
            raise self.problem(self.last_header, "the table has a header but no commitment rows")
        objectives = [
            ObjectiveRecord(
                title=o.title,
                line=o.line,
                commitments=[
                    CommitmentRecord(
                        ref=c.ref,
                        kind=commitment_kind(c.ref),
                        title=c.title.value(),
                        activities=_activity_records(c),
                        line=c.line,
                    )
                    for c in o.commitments
                ],
            )
            for o in self.objectives
        ]
        return PlanDocument(
            source=self.source,
            layout=LAYOUT,
            plan_name=self.plan_name or DEFAULT_PLAN_NAME,
            edition=str(_fy_start_year(self.period)),
            period=self.period,
            objectives=objectives,
            oversight_bodies=[],
        )
