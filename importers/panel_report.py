"""Importer for the 2018 Panel report layout (a Word report saved as plain text).

The layout: a few pages of prose for the Police and Crime Panel (title with the reporting
period, a "Holding to account" month/type/subject table), then Appendix 1 "Delivery Plan
Extract": one table per objective, then a glossary of oversight mechanisms.

How Word saved the tables:

- Every cell starts on a line that begins with a tab; the lines after it that do not begin
  with a tab belong to the same cell, blank lines included (updates have paragraphs). So a
  blank line does not end a row: a plan row is read as five cells in column order (Ref, Plan
  commitment, Supporting activity, Progress update, Oversight mechanism), and the blank line
  that normally follows a row is only used to check that the cells lined up.
- Objective headings ("PUTTING VICTIMS AND SURVIVORS FIRST"), section headings ("Policing
  element:", "Police and Crime Commissioner's Commitments:", "PART B: ...") and the header
  row repeated under each section are single cells or runs of header cells.
- A row with an empty Ref continues the commitment above: its Supporting activity is a
  further activity, and text in its Plan commitment column is more of the commitment's title.
- Page furniture ("Delivery Plan Extract ... Appendix 1", "Page 3 of 9", Word's
  "[bookmark: _GoBack]") is dropped wherever it appears.

Decisions on meaning:

- `kind` comes from the section heading above the row; a row with no section heading above
  it in its objective falls back to the plan's numbering (a letter prefix is the
  Commissioner's, plain numbers the policing element's).
- A row with no supporting-activity text but an update (or oversight) gets one activity with
  `ref=None`, `text=""` and `stands_for_commitment=True`: the title is not copied into it, so
  it cannot drift from the commitment's own title.
- Five or more spaces inside a line are the author's own line break (spaces typed to push
  text onto the next line of a narrow cell) and become a newline; other runs of whitespace
  become one space, and trailing spaces go.
- Word's look-alike characters are made plain: no-break spaces become spaces and the Greek
  question mark (U+037E, which the update for 2.1.3 uses) becomes a semicolon.
- In titles, line breaks stay only between list items: bullet lines, paragraphs separated
  by a blank line, or separate items written one per line. A cell hard-wrapped by the
  exporter (most of its lines go on in lower case) is joined back into one line, as is a
  "Refer to ..." / "Cross reference ..." note.
- Refs are kept as written, including the document's own slips (`(3.2.3)` written for
  Hereford under 3.3); `plandesk.core.refs.ref_key` is what matches them.
- A row whose cells do not line up with the five columns (missing or merged cells, or a file
  that ends inside a row) raises `ImportProblem` with the row's line: guessing which column
  is missing would put updates against the wrong activity. The one repair made is for a
  cell that begins with spaces instead of a tab, when that accounts for exactly the missing
  cells.

The cells and their text are read in `panel_cells`, the table's rows told apart in
`panel_rows`, the prose and the glossary in `panel_prose`; this module walks the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plandesk.core.records import (
    ActivityRecord,
    CommitmentKind,
    CommitmentRecord,
    ImportProblem,
    ObjectiveRecord,
    OversightBodyRecord,
    PlanDocument,
)
from plandesk.core.refs import clean_ref, commitment_kind
from plandesk.importers.panel_cells import (
    COMMISSIONER_HEADING,
    Cell,
    body_text,
    fold,
    is_ref,
    is_section_heading,
    quote,
    read_cells,
    split_activity_ref,
    squash,
    title_text,
)
from plandesk.importers.panel_prose import (
    holding_to_account,
    plan_name,
    read_glossary,
    read_period,
)
from plandesk.importers.panel_rows import (
    COLUMNS,
    heading_follows,
    is_header_start,
    looks_like_heading,
    repair_short_row,
    short_row_message,
    skip_header,
    starts_block,
    take_row,
)

__all__ = ["LAYOUT", "detect", "parse"]

LAYOUT = "panel-report"


# Characters Word leaves that look like ordinary ones but break searching and matching.
_CHAR_FIXES = str.maketrans({"\u00a0": " ", "\u037e": ";", "\u200b": "", "\ufeff": ""})

_QUARTERLY_HEADER = re.compile(r"^\s*No\t+\s*SWP Commitment", re.MULTILINE)
_TABLE_HEADER = re.compile(r"^[\t ]*Ref[\t ]*\n(?:[\t ]*\n)*[\t ]*Plan commitment", re.MULTILINE)
_INLINE_HEADER = re.compile(r"^[\t ]*Ref[\t ]*\t+[\t ]*Plan commitment", re.MULTILINE)
_APPENDIX_HEADING = re.compile(r"^[\t ]*Delivery Plan Extract\b", re.MULTILINE)
_GLOSSARY = re.compile(r"^[\t ]*GLOSSARY\b", re.IGNORECASE)


# --- public entry points --------------------------------------------------------------------


def detect(text: str) -> bool:
    """True for a Panel report: its plan table header or its "Delivery Plan Extract" appendix.

    The 2020 quarterly extract also carries "Delivery Plan Extract" in its page footers, so
    its `No <tab> SWP Commitment` header rules it out first.
    """
    if _QUARTERLY_HEADER.search(text):
        return False
    if _TABLE_HEADER.search(text) or _INLINE_HEADER.search(text):
        return True
    if _APPENDIX_HEADING.search(text):
        return True
    return "Police and Crime Panel" in text and "Delivery Plan Extract" in text


def parse(text: str, source: str) -> PlanDocument:
    """Read a Panel report into a `PlanDocument`; raises `ImportProblem` when it cannot."""
    lines = _split_lines(text)
    header = _find_table_header(lines)
    if header is None:
        raise ImportProblem(
            source,
            max(len(lines), 1),
            "no plan table found: the Panel report's Appendix 1 'Delivery Plan Extract' needs a "
            "header row 'Ref / Plan commitment / Supporting activity / Progress update / "
            "Oversight mechanism' followed by commitment rows",
        )
    start = _table_start(lines, header)
    glossary = _find_glossary(lines, header)
    end = glossary if glossary is not None else len(lines)
    prose = lines[:start]

    period = read_period(lines, source)
    table = _TableReader(source, prose)
    table.read(read_cells(lines, start, end))
    if not any(o.commitments for o in table.objectives):
        raise ImportProblem(source, header + 1, "the plan table has no commitment rows")

    bodies: list[OversightBodyRecord] = []
    if glossary is not None:
        bodies = read_glossary(lines, glossary, source, [o.title for o in table.objectives])
    notes = [part for part in (holding_to_account(prose), table.unplaced_notes()) if part]
    return PlanDocument(
        source=source,
        layout=LAYOUT,
        plan_name=plan_name(lines),
        edition=str(period.start.year),
        period=period,
        objectives=table.objectives,
        oversight_bodies=bodies,
        notes="\n\n".join(notes),
    )


# --- lines and cells ------------------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    # Not str.splitlines(): it also splits on form feeds and other separators, which would
    # put every reported line number out of step with the file.
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_FIXES)
    return text.split("\n")


def _find_table_header(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if _INLINE_HEADER.match(line):
            return index
        if line.strip().lower() != "ref":
            continue
        following = next((x for x in lines[index + 1 : index + 4] if x.strip()), "")
        if following.strip().lower().startswith("plan commitment"):
            return index
    return None


def _table_start(lines: list[str], header: int) -> int:
    # The objective and section headings above the first header row are cells too: walk back
    # over cells and blank lines until the prose (a line not starting with a tab).
    start = header
    while start > 0 and (not lines[start - 1].strip() or lines[start - 1].startswith("\t")):
        start -= 1
    return start


def _find_glossary(lines: list[str], header: int) -> int | None:
    for index in range(header, len(lines)):
        if _GLOSSARY.match(lines[index]):
            return index
    return None


# --- the plan table -------------------------------------------------------------------------


@dataclass
class _TableReader:
    """Walks the plan table's cells and builds objectives, commitments and activities."""

    source: str
    prose: list[str]
    objectives: list[ObjectiveRecord] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    kind: CommitmentKind | None = None
    commitment: CommitmentRecord | None = None
    title_lines: list[str] = field(default_factory=list)

    def read(self, cells: list[Cell]) -> None:
        index = 0
        while index < len(cells):
            index = self._step(cells, index)

    def _step(self, cells: list[Cell], index: int) -> int:
        cell = cells[index]
        text = cell.text
        if is_header_start(cells, index):
            return skip_header(cells, index)
        if is_section_heading(text):
            self.kind = (
                "commissioner" if COMMISSIONER_HEADING.fullmatch(squash(text)) else "policing"
            )
            return index + 1
        if text and not is_ref(text):
            return self._lone_cell(cells, index)
        row = take_row(cells, index)
        next_index = index + len(row)
        if len(row) < len(COLUMNS):
            row = repair_short_row(row)
        if len(row) < len(COLUMNS):
            at_end = next_index >= len(cells)
            raise ImportProblem(self.source, cell.line, short_row_message(row, at_end))
        if next_index < len(cells) and not starts_block(cells, next_index):
            raise ImportProblem(
                self.source,
                cell.line,
                f"this row's cells do not line up with the {len(COLUMNS)} columns "
                f"({' / '.join(COLUMNS)}): the cell after its Oversight mechanism (line "
                f"{cells[next_index].line}) does not start a new row; a cell is probably "
                "missing or split in two",
            )
        self._add_row(row)
        return next_index

    def _lone_cell(self, cells: list[Cell], index: int) -> int:
        cell = cells[index]
        alone = index + 1 >= len(cells) or starts_block(cells, index + 1)
        if not alone:
            raise ImportProblem(
                self.source,
                cell.line,
                f"expected a row starting with a Ref cell (like 1.1 or A.1) or an empty Ref "
                f"cell, found {quote(cell.text)}",
            )
        if looks_like_heading(cell.text) and heading_follows(cells, index + 1):
            self._start_objective(cell)
        else:
            # Not a heading and not a row: keep the words, in the notes, rather than lose them.
            self.unplaced.append((cell.line, body_text(cell.raw_lines)))
        return index + 1

    def _start_objective(self, cell: Cell) -> None:
        title = _objective_title(squash(cell.text), self.prose)
        self.objectives.append(ObjectiveRecord(title=title, line=cell.line))
        self.kind = None
        self.commitment = None

    def _add_row(self, row: list[Cell]) -> None:
        ref_cell, title_cell = row[0], row[1]
        if ref_cell.text:
            self._start_commitment(ref_cell, title_cell)
        elif any(cell.text for cell in row):
            if self.commitment is None:
                raise ImportProblem(
                    self.source,
                    ref_cell.line,
                    "this row has an empty Ref cell but there is no commitment above it to "
                    "continue",
                )
            if title_cell.text:
                # The commitment's text ran on into a second table row.
                self.title_lines += ["", *title_cell.raw_lines]
                self.commitment.title = title_text(self.title_lines)
        else:
            return
        if self.commitment is not None:
            activity = self._activity(row, self.commitment)
            if activity is not None:
                self.commitment.activities.append(activity)

    def _start_commitment(self, ref_cell: Cell, title_cell: Cell) -> None:
        ref = clean_ref(ref_cell.text)
        if not self.objectives:
            raise ImportProblem(
                self.source,
                ref_cell.line,
                f"commitment {ref} comes before any objective heading (such as 'PUTTING "
                "VICTIMS AND SURVIVORS FIRST')",
            )
        if not title_cell.text:
            raise ImportProblem(
                self.source,
                ref_cell.line,
                f"commitment {ref} has an empty Plan commitment cell (line {title_cell.line})",
            )
        self.title_lines = title_cell.raw_lines
        self.commitment = CommitmentRecord(
            ref=ref,
            kind=self.kind or commitment_kind(ref),
            title=title_text(self.title_lines),
            line=ref_cell.line,
        )
        self.objectives[-1].commitments.append(self.commitment)

    def _activity(self, row: list[Cell], commitment: CommitmentRecord) -> ActivityRecord | None:
        activity_cell, update_cell, oversight_cell = row[2], row[3], row[4]
        text = body_text(activity_cell.raw_lines)
        update = body_text(update_cell.raw_lines) or None
        oversight = body_text(oversight_cell.raw_lines)
        if text:
            ref, text = split_activity_ref(text)
            return ActivityRecord(ref, text, oversight, update, line=activity_cell.line)
        if update is None and not oversight:
            return None
        if commitment.activities:
            raise ImportProblem(
                self.source,
                row[0].line,
                f"this row under commitment {commitment.ref} has a progress update or "
                "oversight mechanism but no supporting activity for it to belong to",
            )
        return ActivityRecord(
            ref=None,
            text="",
            oversight=oversight,
            update=update,
            line=activity_cell.line,
            stands_for_commitment=True,
        )

    def unplaced_notes(self) -> str:
        """Text found in the plan table outside any row or heading, with its line numbers."""
        return "\n".join(
            f"Line {line} (outside the plan table's rows): {text}" for line, text in self.unplaced
        )


def _objective_title(heading: str, prose: list[str]) -> str:
    """The heading as written; an ALL-CAPS heading takes the prose's own spelling of it."""
    if heading != heading.upper():
        return heading
    wanted = fold(heading)
    for line in prose:
        if fold(line) == wanted:
            return squash(line)
    return heading[:1] + heading[1:].lower()
