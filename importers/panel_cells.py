"""The Panel report's text table read into cells, and a cell's text made plain.

How Word saved the tables (see `panel_report`): every cell starts on a line that begins with a
tab, and the lines after it that do not begin with a tab belong to the same cell. Page
furniture is dropped wherever it appears; five or more spaces inside a line are the author's
own line break; titles keep line breaks only between list items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plandesk.core.refs import clean_ref, ref_key
from plandesk.core.text import shorten

__all__ = [
    "COMMISSIONER_HEADING",
    "Cell",
    "body_text",
    "fold",
    "is_ref",
    "is_section_heading",
    "quote",
    "read_cells",
    "split_activity_ref",
    "squash",
    "title_text",
]

_FURNITURE = re.compile(
    r"Delivery Plan Extract(?:\s+Appendix\s+\d+)?|Appendix\s+\d+|Page\s+\d+(?:\s+of\s+\d+)?"
    r"|\[bookmark:[^\]]*\]",
    re.IGNORECASE,
)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)

_PART = r"(?:part\s+[a-z0-9]+\s*[:.\-–—]?\s*)?"
_POLICING_HEADING = re.compile(rf"{_PART}policing element\s*:?", re.IGNORECASE)
COMMISSIONER_HEADING = re.compile(
    rf"{_PART}police (?:and|&) crime commissioner\s*[’'`]?\s*s?\s+commitments\s*:?", re.IGNORECASE
)

# A commitment ref cell: `1.1`, `A.1`, `B4`, `3.10` (after folding look-alike letters).
_REF_CELL = re.compile(r"[A-Z]?\d{1,2}(?:\.\d{1,2})*")
# An activity's leading ref: `(A1.1)`, `((D6.1)`, `(3.2.3)`, `(A2)`; but not a list number `(1)`.
_ACTIVITY_REF = re.compile(r"^\(+\s*([^\W\d_]\.?\d+(?:\.\d+)*|\d+(?:\.\d+)+)\s*\)+\s*")

_WIDE_GAP = re.compile(r"\S\s{5,}(?=\S)")
_BULLET = re.compile(r"^(?:[•·▪◦>\-–]|\(?\d+[.)])")
_CROSS_REFERENCE = re.compile(r"^\(?\s*(?:refer to|cross[- ]?ref)", re.IGNORECASE)


@dataclass
class Cell:
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


def is_section_heading(text: str) -> bool:
    text = " ".join(text.split())
    return len(text) < 80 and (
        _POLICING_HEADING.fullmatch(text) is not None
        or COMMISSIONER_HEADING.fullmatch(text) is not None
    )


def read_cells(lines: list[str], start: int, end: int) -> list[Cell]:
    """The cells of lines[start:end]: a tab starts a cell, other lines continue it."""
    cells: list[Cell] = []
    gap = False
    for index in range(start, end):
        raw, number = lines[index], index + 1
        if raw.strip() and _is_furniture(raw):
            continue
        if raw.startswith("\t") or (raw.strip() and is_section_heading(raw)):
            # A line with several tabs holds several cells.
            parts = raw.split("\t")[1:] if raw.startswith("\t") else [raw]
            for part in parts:
                cells.append(Cell(number, [(number, part)], gap))
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


def squash(line: str) -> str:
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
        out.extend(squash(piece) for piece in line.split("\n"))
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


def is_ref(text: str) -> bool:
    key = ref_key(text) if "\n" not in text and len(text) <= 12 else None
    return key is not None and _REF_CELL.fullmatch(key) is not None


def fold(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def quote(text: str, limit: int = 60) -> str:
    return repr(shorten(text, limit))
