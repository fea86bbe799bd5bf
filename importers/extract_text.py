"""The 2020 quarterly extract's cell text: HTML list scraps and bullets made plain, several
activities of one cell told apart, headings cut by the No column joined and put in sentence
case, OCR noise and the copies a page break reprints left out (see `quarterly_extract`)."""

from __future__ import annotations

import re

__all__ = [
    "ACTIVITY_REF",
    "COMMITMENT_REF",
    "FOOTER",
    "CellText",
    "heading_title",
    "is_noise",
    "looks_like_heading",
    "split_activities",
    "tidy",
]

FOOTER = re.compile(
    r"^\s*Appendix\s+\w+\s*[:–-]\s*(?P<name>.*?)\s*Delivery Plan Extract\s*$", re.IGNORECASE
)
# A commitment ref in the No column: one letter of any script (the document mixes in Cyrillic
# look-alikes such as `В3`), an optional dot and digits; or a policing-style `1.1`.
COMMITMENT_REF = re.compile(r"^(?:[^\W\d_]\.?\d+|\d+\.\d+)$")
# An activity ref opening a line of its cell: `(A2.2)`, `((D6.1)`, `(D8.3 )`, or after a bullet.
ACTIVITY_REF = re.compile(r"^(?:•\s*)?\(\s*\(?\s*([^\W\d_]\d+(?:\.\d+)+)\s*\)", re.MULTILINE)
# The No column is about four characters wide, so only a fragment that short is a split word.
_SPLIT_WORD_MAX = 4
# Shorter fragments are too common to be recognised as copies of another paragraph.
_MIN_COPY_WORDS = 8
_MIN_REPEAT_WORDS = 3
# Proper nouns restored after a capitalised heading is put in sentence case.
_PROPER_NOUNS = ("West Mercia",)
# Flagged correction: the third heading reads "REFORMING WEST MERICA"; every other mention,
# the footer and the plan's name spell the place "West Mercia", and objectives are matched by
# title across documents, so the heading is corrected rather than kept misspelt.
_HEADING_TYPOS = {"WEST MERICA": "WEST MERCIA"}


def tidy(raw: str) -> str:
    """One cell's text with HTML list scraps and inline bullets as `• item` lines.

    Runs of two or more spaces are the cell's own line breaks in this export, so they become
    newlines; other whitespace collapses to single spaces.
    """
    text = re.sub(r"<li>", "\n• ", raw, flags=re.IGNORECASE)
    text = re.sub(r"</?ul>|</li>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"[ \t]+•", "\n•", text)
    text = re.sub(r" {2,}", "\n", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line and line != "•")


def _words(text: str) -> list[str]:
    stripped = (word.strip(".,;:!?'\"()[]•–-").lower() for word in text.split())
    return [word for word in stripped if word]


def _is_chopped_copy(fragment: str, full: str) -> bool:
    """Every word of `fragment` is a word of `full`, or a prefix of one cut by the column."""
    words = _words(fragment)
    vocabulary = set(_words(full))
    if len(words) < _MIN_COPY_WORDS or len(vocabulary) <= len(set(words)):
        return False
    return all(w in vocabulary or any(v.startswith(w) for v in vocabulary) for w in words)


def _repeats_tail(piece: str, text: str) -> bool:
    """`piece` reprints the end of `text`, its first word mangled by the page break."""
    words = _words(piece)
    tail = words[1:]
    return len(tail) >= _MIN_REPEAT_WORDS and _words(text)[-len(tail) :] == tail


def is_noise(line: str) -> bool:
    """OCR noise: mostly one-to-three-character scraps and not one ordinary lowercase word."""
    tokens = line.split()
    if len(tokens) < 4 or re.search(r"[a-z]{3}", line):
        return False
    return sum(len(token) <= 3 for token in tokens) * 2 > len(tokens)


def _merge_split_word(fragment: str, rest: str) -> str:
    """Join a word cut by the No column: `BUIL`+`DING`, `PUT`+`PUTTING`, `REFO`+`EFORMING`.

    The two halves may overlap (the export repeats some letters), so the longest overlap
    between the fragment's end and the next cell's start is counted once.
    """
    for size in range(min(len(fragment), len(rest)), -1, -1):
        if fragment[len(fragment) - size :] == rest[:size]:
            return fragment + rest[size:]
    return fragment + rest  # not reached: an overlap of size 0 always matches


def _sentence_case(title: str) -> str:
    for wrong, right in _HEADING_TYPOS.items():
        title = re.sub(rf"\b{wrong}\b", right, title)
    text = title.lower()
    text = text[:1].upper() + text[1:]
    for noun in _PROPER_NOUNS:
        text = re.sub(rf"\b{re.escape(noun)}\b", noun, text, flags=re.IGNORECASE)
    return text


def heading_title(cells: list[str]) -> str:
    parts = [cell for cell in cells if cell]
    if len(parts) >= 2 and len(parts[0]) <= _SPLIT_WORD_MAX and " " not in parts[0]:
        parts[:2] = [_merge_split_word(parts[0], parts[1])]
    return _sentence_case(" ".join(" ".join(parts).split()))


def looks_like_heading(line: str) -> bool:
    cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
    if not cells or COMMITMENT_REF.match(cells[0]) or FOOTER.match(line):
        return False
    text = " ".join(cells)
    return len(re.findall(r"[^\W\d_]{3,}", text)) >= 2 and text == text.upper()


def split_activities(text: str) -> list[tuple[str | None, str]]:
    """An activity cell as `(ref, text)` pairs: one per `(A7.1)`-style ref opening a line.

    Text before the first ref (or a cell with no ref at all) is one activity with ref None.
    A bullet on the line that carried the ref is dropped: it only marked the list item.
    """
    matches = list(ACTIVITY_REF.finditer(text))
    pieces: list[tuple[str | None, str]] = []
    before = text[: matches[0].start()].strip() if matches else text.strip()
    if before:
        pieces.append((None, before))
    ends = [match.start() for match in matches[1:]] + [len(text)] if matches else []
    for match, end in zip(matches, ends, strict=True):
        pieces.append((match.group(1), text[match.end() : end].strip()))
    return pieces


class CellText:
    """A cell's text as it accumulates over continuation rows and wrapped lines."""

    def __init__(self, first: str = "") -> None:
        self.text = first

    def add(self, piece: str, *, new_paragraph: bool = False) -> None:
        if not piece or _repeats_tail(piece, self.text):
            return
        if not self.text:
            self.text = piece
        elif new_paragraph or piece.startswith("•"):
            self.text += "\n" + piece
        else:
            self.text += " " + piece

    def value(self) -> str:
        paragraphs = self.text.split("\n")
        kept = [
            p
            for i, p in enumerate(paragraphs)
            if not any(_is_chopped_copy(p, q) for j, q in enumerate(paragraphs) if j != i)
        ]
        return "\n".join(kept)
