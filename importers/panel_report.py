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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from plandesk.core.periods import PeriodError, PeriodSpec, parse_period
from plandesk.core.records import (
    ActivityRecord,
    CommitmentKind,
    CommitmentRecord,
    ImportProblem,
    ObjectiveRecord,
    OversightBodyRecord,
    PlanDocument,
)
from plandesk.core.refs import clean_ref, commitment_kind, ref_key
from plandesk.core.text import shorten

__all__ = ["LAYOUT", "detect", "parse"]

LAYOUT = "panel-report"
DEFAULT_PLAN_NAME = "Police and Crime Plan"

COLUMNS = (
    "Ref",
    "Plan commitment",
    "Supporting activity",
    "Progress update",
    "Oversight mechanism",
)
GLOSSARY_COLUMNS = ("NAME", "PURPOSE", "MEETS")

# Characters Word leaves that look like ordinary ones but break searching and matching.
_CHAR_FIXES = str.maketrans({"\u00a0": " ", "\u037e": ";", "\u200b": "", "\ufeff": ""})

_QUARTERLY_HEADER = re.compile(r"^\s*No\t+\s*SWP Commitment", re.MULTILINE)
_TABLE_HEADER = re.compile(r"^[\t ]*Ref[\t ]*\n(?:[\t ]*\n)*[\t ]*Plan commitment", re.MULTILINE)
_INLINE_HEADER = re.compile(r"^[\t ]*Ref[\t ]*\t+[\t ]*Plan commitment", re.MULTILINE)
_APPENDIX_HEADING = re.compile(r"^[\t ]*Delivery Plan Extract\b", re.MULTILINE)
_GLOSSARY = re.compile(r"^[\t ]*GLOSSARY\b", re.IGNORECASE)

_FURNITURE = re.compile(
    r"Delivery Plan Extract(?:\s+Appendix\s+\d+)?|Appendix\s+\d+|Page\s+\d+(?:\s+of\s+\d+)?"
    r"|\[bookmark:[^\]]*\]",
    re.IGNORECASE,
)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)

_PART = r"(?:part\s+[a-z0-9]+\s*[:.\-–—]?\s*)?"
_POLICING_HEADING = re.compile(rf"{_PART}policing element\s*:?", re.IGNORECASE)
_COMMISSIONER_HEADING = re.compile(
    rf"{_PART}police (?:and|&) crime commissioner\s*[’'`]?\s*s?\s+commitments\s*:?", re.IGNORECASE
)

# A commitment ref cell: `1.1`, `A.1`, `B4`, `3.10` (after folding look-alike letters).
_REF_CELL = re.compile(r"[A-Z]?\d{1,2}(?:\.\d{1,2})*")
# An activity's leading ref: `(A1.1)`, `((D6.1)`, `(3.2.3)`, `(A2)`; but not a list number `(1)`.
_ACTIVITY_REF = re.compile(r"^\(+\s*([^\W\d_]\.?\d+(?:\.\d+)*|\d+(?:\.\d+)+)\s*\)+\s*")

_WIDE_GAP = re.compile(r"\S\s{5,}(?=\S)")
_BULLET = re.compile(r"^(?:[•·▪◦>\-–]|\(?\d+[.)])")
_CROSS_REFERENCE = re.compile(r"^\(?\s*(?:refer to|cross[- ]?ref)", re.IGNORECASE)
_GLOSSARY_AREA = re.compile(r"\((?:[^()]*?\bPlan\s*[-–—:]\s*)?([^()]*)\)\s*$")
_PLAN_NAME = re.compile(r"\b((?:[A-Z][\w’']*\s+){1,4}Plan)\b")


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

    period = _read_period(lines, source)
    table = _TableReader(source, prose)
    table.read(_cells(lines, start, end))
    if not any(o.commitments for o in table.objectives):
        raise ImportProblem(source, header + 1, "the plan table has no commitment rows")

    bodies: list[OversightBodyRecord] = []
    if glossary is not None:
        bodies = _read_glossary(lines, glossary, source, [o.title for o in table.objectives])
    notes = [part for part in (_holding_to_account(prose), table.unplaced_notes()) if part]
    return PlanDocument(
        source=source,
        layout=LAYOUT,
        plan_name=_plan_name(lines),
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


@dataclass
class _Cell:
    """One table cell: its first line number and its (line number, text) lines."""

    line: int
    lines: list[tuple[int, str]]
    gap_before: bool = False

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines).strip()

    @property
    def raw_lines(self) -> list[str]:
        return [text for _, text in self.lines]


def _is_furniture(line: str) -> bool:
    return _FURNITURE.fullmatch(line.strip()) is not None


def _is_section_heading(text: str) -> bool:
    text = " ".join(text.split())
    return len(text) < 80 and (
        _POLICING_HEADING.fullmatch(text) is not None
        or _COMMISSIONER_HEADING.fullmatch(text) is not None
    )


def _cells(lines: list[str], start: int, end: int) -> list[_Cell]:
    """The cells of lines[start:end]: a tab starts a cell, other lines continue it."""
    cells: list[_Cell] = []
    gap = False
    for index in range(start, end):
        raw, number = lines[index], index + 1
        if raw.strip() and _is_furniture(raw):
            continue
        if raw.startswith("\t") or (raw.strip() and _is_section_heading(raw)):
            # A line with several tabs holds several cells.
            parts = raw.split("\t")[1:] if raw.startswith("\t") else [raw]
            for part in parts:
                cells.append(_Cell(number, [(number, part)], gap))
                gap = False
        elif not raw.strip():
            gap = True
            if cells:
                cells[-1].lines.append((number, ""))
        elif cells:
            cells[-1].lines.append((number, raw))
            gap = False
    return cells


# --- cell text ------------------------------------------------------------------------------


def _squash(line: str) -> str:
    return " ".join(line.split())


def _visual_lines(raw_lines: list[str]) -> list[str]:
    """Lines as the reader saw them: wide space runs split, whitespace collapsed."""
    out: list[str] = []
    for raw in raw_lines:
        line = _BOOKMARK.sub("", raw)
        if not line.strip():
            out.append("")
            continue
        line = _WIDE_GAP.sub(lambda m: m.group(0)[0] + "\n", line.strip())
        out.extend(_squash(piece) for piece in line.split("\n"))
    return out


def body_text(raw_lines: list[str]) -> str:
    """A body cell's text with its own line breaks; single blank lines between paragraphs."""
    text = "\n".join(_visual_lines(raw_lines))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def title_text(raw_lines: list[str]) -> str:
    """A commitment title: one line per list item, wrapped lines joined with spaces."""
    lines = _visual_lines(raw_lines)
    breaks = [
        line[0].islower()
        for before, line in zip(lines, lines[1:], strict=False)
        if before and line and not _BULLET.match(line)
    ]
    hard_wrapped = bool(breaks) and sum(breaks) * 2 > len(breaks)
    items: list[str] = []
    after_blank = False
    for line in lines:
        if not line:
            after_blank = True
            continue
        if items and _continues_title(line, after_blank, hard_wrapped):
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
        after_blank = False
    return "\n".join(items)


def _continues_title(line: str, after_blank: bool, hard_wrapped: bool) -> bool:
    if _BULLET.match(line):
        return False
    if line[0].islower() or _CROSS_REFERENCE.match(line):
        return True
    return hard_wrapped and not after_blank


def split_activity_ref(text: str) -> tuple[str | None, str]:
    """`"(A1.2)(1). Conduct"` -> `("A1.2", "(1). Conduct")`; no leading ref -> `(None, text)`."""
    match = _ACTIVITY_REF.match(text)
    if match is None:
        return None, text
    return clean_ref(match.group(1)), text[match.end() :].strip()


def _is_ref(text: str) -> bool:
    key = ref_key(text) if "\n" not in text and len(text) <= 12 else None
    return key is not None and _REF_CELL.fullmatch(key) is not None


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


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

    def read(self, cells: list[_Cell]) -> None:
        index = 0
        while index < len(cells):
            index = self._step(cells, index)

    def _step(self, cells: list[_Cell], index: int) -> int:
        cell = cells[index]
        text = cell.text
        if _is_header_start(cells, index):
            return _skip_header(cells, index)
        if _is_section_heading(text):
            self.kind = (
                "commissioner" if _COMMISSIONER_HEADING.fullmatch(_squash(text)) else "policing"
            )
            return index + 1
        if text and not _is_ref(text):
            return self._lone_cell(cells, index)
        row = _take_row(cells, index)
        next_index = index + len(row)
        if len(row) < len(COLUMNS):
            row = _repair_short_row(row)
        if len(row) < len(COLUMNS):
            at_end = next_index >= len(cells)
            raise ImportProblem(self.source, cell.line, _short_row_message(row, at_end))
        if next_index < len(cells) and not _starts_block(cells, next_index):
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

    def _lone_cell(self, cells: list[_Cell], index: int) -> int:
        cell = cells[index]
        alone = index + 1 >= len(cells) or _starts_block(cells, index + 1)
        if not alone:
            raise ImportProblem(
                self.source,
                cell.line,
                f"expected a row starting with a Ref cell (like 1.1 or A.1) or an empty Ref "
                f"cell, found {_quote(cell.text)}",
            )
        if _looks_like_heading(cell.text) and _heading_follows(cells, index + 1):
            self._start_objective(cell)
        else:
            # Not a heading and not a row: keep the words, in the notes, rather than lose them.
            self.unplaced.append((cell.line, body_text(cell.raw_lines)))
        return index + 1

    def _start_objective(self, cell: _Cell) -> None:
        title = _objective_title(_squash(cell.text), self.prose)
        self.objectives.append(ObjectiveRecord(title=title, line=cell.line))
        self.kind = None
        self.commitment = None

    def _add_row(self, row: list[_Cell]) -> None:
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

    def _start_commitment(self, ref_cell: _Cell, title_cell: _Cell) -> None:
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

    def _activity(self, row: list[_Cell], commitment: CommitmentRecord) -> ActivityRecord | None:
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


def _quote(text: str, limit: int = 60) -> str:
    return repr(shorten(text, limit))


def _is_header_start(cells: list[_Cell], index: int) -> bool:
    text = cells[index].text.lower().rstrip(".")
    if text != "ref":
        return False
    return index + 1 < len(cells) and cells[index + 1].text.lower().startswith("plan commitment")


def _is_header_label(text: str) -> bool:
    lowered = text.lower()
    return any(lowered.startswith(label.lower().split()[0]) for label in COLUMNS)


def _skip_header(cells: list[_Cell], index: int) -> int:
    end = index + 1
    while end < len(cells) and end - index < len(COLUMNS) and _is_header_label(cells[end].text):
        end += 1
    return end


def _is_hard_boundary(cells: list[_Cell], index: int) -> bool:
    """A cell that can only start something new: a heading, a header row, or a fresh Ref."""
    cell = cells[index]
    return (
        _is_section_heading(cell.text)
        or _is_header_start(cells, index)
        or (cell.gap_before and bool(cell.text) and _is_ref(cell.text))
    )


def _starts_block(cells: list[_Cell], index: int) -> bool:
    # Rows are followed by a blank line; a heading, a header row or a Ref may follow without
    # one. An empty cell with no blank line before it is not accepted as a new row: that is
    # how a row that lost a cell shows, by taking the next row's empty Ref as its last cell.
    cell = cells[index]
    return cell.gap_before or _is_hard_boundary(cells, index) or _is_ref(cell.text)


def _take_row(cells: list[_Cell], index: int) -> list[_Cell]:
    row = [cells[index]]
    position = index + 1
    while len(row) < len(COLUMNS) and position < len(cells):
        if _is_hard_boundary(cells, position):
            break
        row.append(cells[position])
        position += 1
    return row


def _repair_short_row(row: list[_Cell]) -> list[_Cell]:
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
    repaired: list[_Cell] = []
    for position, cell in enumerate(row):
        cuts = [0] + [offset for p, offset in starts if p == position] + [len(cell.lines)]
        for first, last in zip(cuts, cuts[1:], strict=False):
            part = cell.lines[first:last]
            repaired.append(_Cell(part[0][0], part, cell.gap_before if first == 0 else False))
    return repaired


def _short_row_message(row: list[_Cell], at_end: bool) -> str:
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


def _looks_like_heading(text: str) -> bool:
    flat = _squash(text)
    return "\n" not in text.strip() and 0 < len(flat) <= 80 and not flat.endswith(".")


def _heading_follows(cells: list[_Cell], index: int) -> bool:
    # An objective heading is followed by a section heading, a header row or a commitment row.
    if index >= len(cells):
        return False
    text = cells[index].text
    return _is_section_heading(text) or _is_header_start(cells, index) or _is_ref(text)


def _objective_title(heading: str, prose: list[str]) -> str:
    """The heading as written; an ALL-CAPS heading takes the prose's own spelling of it."""
    if heading != heading.upper():
        return heading
    wanted = _fold(heading)
    for line in prose:
        if _fold(line) == wanted:
            return _squash(line)
    return heading[:1] + heading[1:].lower()


# --- the prose ------------------------------------------------------------------------------


def _read_period(lines: list[str], source: str) -> PeriodSpec:
    """The reporting period from the title, e.g. "... REPORT (JAN 2018- MAY 2018)"."""
    title_index = next((i for i, line in enumerate(lines) if line.strip()), 0)
    title = lines[title_index]
    for candidate in [*re.findall(r"\(([^()]*)\)", title), title]:
        try:
            return parse_period(candidate)
        except PeriodError:
            continue
    raise ImportProblem(
        source,
        title_index + 1,
        f"cannot find the reporting period in the title {_quote(title)}: expected it in "
        "brackets, like '(JAN 2018 - MAY 2018)'",
    )


def _plan_name(lines: list[str]) -> str:
    """The plan's name as the report writes it most often (e.g. "Safer West Mercia Plan")."""
    names = Counter(
        _squash(match)
        for line in lines
        for match in _PLAN_NAME.findall(line)
        if "Delivery" not in match and not match.startswith(("The ", "A "))
    )
    return names.most_common(1)[0][0] if names else DEFAULT_PLAN_NAME


def _holding_to_account(prose: list[str]) -> str:
    """The "Holding to account" table as lines like "January — Thematic — Domestic abuse".

    The month and type cells are merged down in Word, so an empty one repeats the row above.
    """
    start = next(
        (
            i
            for i, line in enumerate(prose)
            if line.startswith("\t") and _squash(line).lower() == "month"
        ),
        None,
    )
    if start is None:
        return ""
    end = start
    while end < len(prose) and (not prose[end].strip() or prose[end].startswith("\t")):
        end += 1
    texts = [_squash(cell.text) for cell in _cells(prose, start, end)]
    if [t.lower() for t in texts[:3]] != ["month", "type", "subject area"]:
        return ""
    out = ["Holding to account"]
    previous = ["", ""]
    for first in range(3, len(texts), 3):
        month, kind, subject = (texts[first : first + 3] + ["", "", ""])[:3]
        month, kind = month or previous[0], kind or previous[1]
        previous = [month, kind]
        out.append(" — ".join(part for part in (month, kind, subject) if part))
    return "\n".join(out) if len(out) > 1 else ""


# --- the glossary ---------------------------------------------------------------------------


def _read_glossary(
    lines: list[str], start: int, source: str, objectives: list[str]
) -> list[OversightBodyRecord]:
    """Oversight bodies from the glossary's NAME / PURPOSE / MEETS tables."""
    cells = _cells(lines, start + 1, len(lines))
    bodies: list[OversightBodyRecord] = []
    area = ""
    index = 0
    while index < len(cells):
        if cells[index].text.upper() == "NAME":
            area = _glossary_area(cells, index, objectives)
            index += len(GLOSSARY_COLUMNS)
            continue
        row = [cells[index]]
        while len(row) < len(GLOSSARY_COLUMNS) and index + len(row) < len(cells):
            following = cells[index + len(row)]
            if following.text.upper() == "NAME" or (following.gap_before and following.text):
                break
            row.append(following)
        if len(row) < len(GLOSSARY_COLUMNS):
            missing = " / ".join(GLOSSARY_COLUMNS[len(row) :])
            raise ImportProblem(
                source, row[0].line, f"glossary row has no {missing} cell ({_quote(row[0].text)})"
            )
        if row[0].text:
            bodies.append(_oversight_body(row, area))
        index += len(row)
    return bodies


def _glossary_area(cells: list[_Cell], index: int, objectives: list[str]) -> str:
    heading = _squash(cells[index + 1].text) if index + 1 < len(cells) else ""
    match = _GLOSSARY_AREA.search(heading)
    area = match.group(1).strip() if match else ""
    # "Reforming west Mercia" in the glossary is the objective "Reforming West Mercia".
    same = [title for title in objectives if _fold(title) == _fold(area)]
    return same[0] if same else area


def _oversight_body(row: list[_Cell], area: str) -> OversightBodyRecord:
    raw_name = _squash(row[0].text)
    name = raw_name.rstrip("*# ")
    markers = raw_name[len(name) :]
    return OversightBodyRecord(
        name=name,
        purpose=_squash(row[1].text),
        frequency=_squash(row[2].text),
        notes_published="*" in markers,
        public_meeting="#" in markers,
        area=area,
        line=row[0].line,
    )
