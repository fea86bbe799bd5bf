"""A word-level diff of two updates as Markdown: deleted words ~~struck~~, inserted **bold**.

Words are compared with `difflib.SequenceMatcher` (no auto-junk, so the result depends only on
the two texts). Line breaks are kept as tokens so the diff reads line by line like the update;
each marked run is closed at the end of its line, so `~~` and `**` never span a line break.
Every word is escaped (`markdown_text.escape_inline`), so only the markers are Markdown.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from plandesk.exports.markdown_text import escape_inline, join_hard_breaks, normalise

__all__ = ["diff_lines", "same_words", "words"]

_NEWLINE = "\n"
_TOKEN = re.compile(r"\n+|[^\s]+")


def words(text: str) -> list[str]:
    """The words of `text` and one newline token per run of line breaks."""
    tokens = _TOKEN.findall(normalise(text).strip())
    return [_NEWLINE if token.startswith("\n") else token for token in tokens]


def same_words(old: str, new: str) -> bool:
    """Whether two texts have the same words (spacing and line breaks aside)."""
    return normalise(old).split() == normalise(new).split()


def diff_lines(old: str, new: str) -> list[str]:
    """The diff of `old` → `new` as the lines of one Markdown paragraph (hard breaks)."""
    before, after = words(old), words(new)
    lines: list[list[str]] = [[]]

    def emit(tokens: list[str], marker: str) -> None:
        run: list[str] = []

        def close() -> None:
            if run:
                # Only a plain word starting a line can read as a list item or a heading.
                first = escape_inline(run[0], at_line_start=not marker and not lines[-1])
                rest = (escape_inline(word, at_line_start=False) for word in run[1:])
                text = " ".join([first, *rest])
                lines[-1].append(f"{marker}{text}{marker}")
                run.clear()

        for token in tokens:
            if token == _NEWLINE:
                close()
                lines.append([])
            else:
                run.append(token)
        close()

    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit(after[j1:j2], "")
        if tag in ("delete", "replace"):
            emit(before[i1:i2], "~~")
        if tag in ("insert", "replace"):
            emit(after[j1:j2], "**")
    return join_hard_breaks([" ".join(pieces) for pieces in lines if pieces])
