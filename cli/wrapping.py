"""Text wrapped to the terminal width the way `textwrap.wrap` does it, at a fraction of the cost.

`show` wraps every activity's text and update (tens of thousands of paragraphs in a big plan),
and `textwrap` spent most of the text command's time splitting them with its general regex and
placing one chunk at a time. Lines made of plain words and single spaces (nearly all of them)
are cut here from the same chunks with a running sum of their lengths, one bisection per output
line; anything else (tabs, other whitespace, a word longer than the width) goes to `textwrap`
itself, so the output is the same, byte for byte (tests/cli/test_wrapping.py checks it against
`textwrap` on the samples, a generated plan and random text).
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_right
from itertools import accumulate

__all__ = ["wrap_line", "wrap_text"]

# Any whitespace but the plain space: `textwrap` would expand or translate it first.
_OTHER_SPACE = re.compile(r"[^\S ]")
_SPACES = re.compile(r"( +)")
# Hyphens are where `textwrap` may also break a word: its own splitting then.
_TEXTWRAP_CHUNKS = textwrap.TextWrapper.wordsep_re


def wrap_line(line: str, width: int, indent: str) -> list[str]:
    """`textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent)` for one
    line (no line breaks in it)."""
    room = width - len(indent)
    if room <= 0 or _OTHER_SPACE.search(line):
        return _textwrap(line, width, indent)
    if len(line) <= room:
        # It fits: only a trailing run of spaces would go (and nothing is left of a blank line).
        kept = line.rstrip(" ")
        return [indent + kept] if kept else []
    splitter = _TEXTWRAP_CHUNKS if "-" in line else _SPACES
    chunks = [chunk for chunk in splitter.split(line) if chunk]
    lengths = list(accumulate(map(len, chunks), initial=0))
    if max(b - a for a, b in zip(lengths, lengths[1:], strict=False)) > room:
        return _textwrap(line, width, indent)  # a word is broken across lines: textwrap's way
    lines: list[str] = []
    start, count = 0, len(chunks)
    while start < count:
        if lines and chunks[start][0] == " ":
            start += 1  # the spaces a line would start with go (not those the text starts with)
            if start == count:
                break
        end = bisect_right(lengths, lengths[start] + room, start) - 1
        # Every chunk fits on a line of its own, so `end > start`.
        last = end - 1 if chunks[end - 1][0] == " " else end  # nor those it would end with
        if last > start:
            lines.append(indent + "".join(chunks[start:last]))
        start = end
    return lines


def wrap_text(text: str, width: int, indent: str) -> str:
    """`text` wrapped to `width` under `indent`, line by line, its blank lines kept."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        lines.extend(wrap_line(line, width, indent))
        if not line.strip():
            lines.append("")
    return "\n".join(lines)


def _textwrap(line: str, width: int, indent: str) -> list[str]:
    return textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent)
