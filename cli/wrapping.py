"""Text wrapped to the terminal width the way `textwrap.wrap` does it, at a fraction of the cost.

`show` wraps every activity's text and update (tens of thousands of paragraphs in a big plan),
and `textwrap` spent most of the text command's time splitting them with its general regex and
placing one chunk at a time. Lines of words and single spaces (nearly all of them) are cut here
at the last space that fits, one `rfind` per output line; lines with hyphens or runs of spaces
are cut from `textwrap`'s own chunks with a running sum of their lengths; anything else (tabs,
other whitespace, a word longer than the width) goes to `textwrap` itself. The output is the
same, byte for byte: tests/cli/test_wrapping.py checks it against `textwrap` on the samples, a
generated plan and random text.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_right
from itertools import accumulate

__all__ = ["wrap_line", "wrap_text"]

# Any whitespace but the plain space: `textwrap` would expand or translate it first.
_OTHER_SPACE = re.compile(r"[^\S ]")
_WORDS_AND_SPACES = re.compile(r" +|[^ ]+")
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
    if "-" in line or "  " in line or line[0] == " ":
        wrapped = _from_chunks(line, room, indent)
    else:
        wrapped = _between_words(line.rstrip(" "), room, indent)
    # None: a word longer than the room, which textwrap breaks its own way.
    return _textwrap(line, width, indent) if wrapped is None else wrapped


def _between_words(line: str, room: int, indent: str) -> list[str] | None:
    """Words and single spaces: each line ends at the last space that leaves it `room` long
    (that space goes, as `textwrap` drops a line's trailing or leading whitespace)."""
    lines: list[str] = []
    start, end = 0, len(line)
    while end - start > room:
        cut = line.rfind(" ", start, start + room + 1)
        if cut <= start:
            return None
        lines.append(indent + line[start:cut])
        start = cut + 1
    lines.append(indent + line[start:])
    return lines


def _from_chunks(line: str, room: int, indent: str) -> list[str] | None:
    """`textwrap`'s own placing of its chunks (runs of spaces; words, cut after hyphens) with a
    running sum of their lengths: one bisection per line instead of a step per chunk."""
    chunks = _TEXTWRAP_CHUNKS.split(line) if "-" in line else _WORDS_AND_SPACES.findall(line)
    chunks = [chunk for chunk in chunks if chunk]
    if max(map(len, chunks)) > room:
        return None
    lengths = list(accumulate(map(len, chunks), initial=0))
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
