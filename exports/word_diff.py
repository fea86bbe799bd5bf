"""A word-level diff of two updates as Markdown: deleted words ~~struck~~, inserted **bold**.

Words are compared the way `difflib.SequenceMatcher` (no junk, no auto-junk) compares them, so
the result depends only on the two texts; `_matching_blocks` finds the same blocks faster. Line
breaks are kept as tokens so the diff reads line by line like the update; each marked run is
closed at the end of its line, so `~~` and `**` never span a line break. Every run of words is
escaped (`markdown_text.escape_inline`), so only the markers are Markdown.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain, count, repeat

from plandesk.exports.markdown_text import escape_inline, join_hard_breaks, normalise

__all__ = ["diff_lines", "kept_share", "mostly_rewritten", "same_words", "words"]

_NEWLINE = "\n"
_NEWLINE_RUN = re.compile(r"\n+")
# A run of line breaks as a token inside this module: `normalise` drops NUL, so no word is one,
# and unlike "\n" it survives `str.split`.
_BREAK = "\x00"


def _tokens(text: str) -> list[str]:
    """The words of `text` and one `_BREAK` per run of line breaks."""
    text = normalise(text)
    if "\n" in text:
        text = _NEWLINE_RUN.sub(f" {_BREAK} ", text.strip())
    return text.split()


def words(text: str) -> list[str]:
    """The words of `text` and one newline token per run of line breaks."""
    return [_NEWLINE if token == _BREAK else token for token in _tokens(text)]


def same_words(old: str, new: str) -> bool:
    """Whether two texts have the same words (spacing and line breaks aside)."""
    old, new = normalise(old), normalise(new)
    if old == new:
        return True
    # The same words means as many non-space characters; counting them (no word lists) tells
    # most different texts apart.
    if old.isascii() and new.isascii() and _ink(old) != _ink(new):
        return False
    return old.split() == new.split()


def _ink(text: str) -> int:
    """How many characters of normalised ASCII text are not whitespace (space or newline)."""
    return len(text) - text.count(" ") - text.count("\n")


def kept_share(old: str, new: str) -> float:
    """How much of the two texts' words the diff keeps: 2 × kept words / all words (0 to 1).

    `difflib.SequenceMatcher.ratio()` over the words, line breaks not counted.
    """
    before, after, blocks = _compared(old, new)
    total = len(before) + len(after) - before.count(_BREAK) - after.count(_BREAK)
    if not total:
        return 1.0
    kept = sum(size - before[i : i + size].count(_BREAK) for i, _, size in blocks)
    return 2 * kept / total


def mostly_rewritten(old: str, new: str) -> bool:
    """Whether more than half the words changed: the diff would be mostly struck and bold."""
    return kept_share(old, new) < 0.5


def diff_lines(old: str, new: str) -> list[str]:
    """The diff of `old` → `new` as the lines of one Markdown paragraph (hard breaks)."""
    before, after, blocks = _compared(old, new)
    lines: list[list[str]] = [[]]
    i = j = 0
    for block_i, block_j, size in [*blocks, (len(before), len(after), 0)]:
        if i < block_i:
            _emit(lines, before[i:block_i], "~~")
        if j < block_j:
            _emit(lines, after[j:block_j], "**")
        if size:
            _emit(lines, after[block_j : block_j + size], "")
        i, j = block_i + size, block_j + size
    return join_hard_breaks([" ".join(pieces) for pieces in lines if pieces])


# A changed update is first measured (`mostly_rewritten`), then diffed (`diff_lines`): the
# pair is matched once. A few pairs are enough, since both calls come one after the other.
@lru_cache(maxsize=8)
def _compared(old: str, new: str) -> tuple[list[str], list[str], list[tuple[int, int, int]]]:
    """Both texts' tokens and their matching blocks (callers must not change them)."""
    before, after = _tokens(old), _tokens(new)
    return before, after, _matching_blocks(before, after)


def _emit(lines: list[list[str]], tokens: list[str], marker: str) -> None:
    """Add a run of tokens to the diff's lines: each line's part of it marked and escaped."""
    # Escaping is per character (entities and line starts never span a space), so escaping
    # a line's words joined gives what escaping each word would, at a fraction of the cost.
    text = " ".join(tokens)
    for number, part in enumerate(text.split(_BREAK) if _BREAK in text else (text,)):
        if number:
            lines.append([])
        part = part.strip(" ")
        if part:
            # Only a plain word starting a line can read as a list item or a heading.
            escaped = escape_inline(part, at_line_start=not marker and not lines[-1])
            lines[-1].append(f"{marker}{escaped}{marker}")


# ------------------------------------------------------------------------------ matching
#
# `difflib.SequenceMatcher` spends most of its time in a Python loop over every pair of equal
# words. Here each word becomes one character, so "does this run of words occur in the other
# text" is a substring search done by `str.__contains__` in C.

# What a word only one of the texts has becomes: it can never be part of a match.
_ONLY_BEFORE = "\x00"
_ONLY_AFTER = "\x01"
# Codes for shared words: one-byte characters while they last (shorter strings, quicker to
# build and search), then the rest of Unicode.
_CODES = "".join(map(chr, range(2, 256)))
_MORE_CODES = 0x100
_SHARED_RUN = re.compile(f"[^{_ONLY_BEFORE}]+")


def _encode(before: list[str], after: list[str]) -> tuple[str, str] | None:
    """Both token lists as strings, one character per token (equal tokens, equal characters).

    None when the lists have no token in common (nothing can match).
    """
    shared = set(before).intersection(after)
    if not shared:
        return None
    codes = dict(zip(shared, chain(_CODES, map(chr, count(_MORE_CODES))), strict=False))
    return (
        "".join(map(codes.get, before, repeat(_ONLY_BEFORE))),
        "".join(map(codes.get, after, repeat(_ONLY_AFTER))),
    )


def _matching_blocks(before: list[str], after: list[str]) -> list[tuple[int, int, int]]:
    """`SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks()`, unsentinelled.

    The same recursion: the longest match, then the same on each side of it. Without junk a
    longest match can never touch another block (together they would be longer), so difflib's
    merging of adjacent blocks has nothing to do and is left out.

    Each side also inherits a bound on its longest match: no longer than the parent's on the
    right, shorter than it on the left (the parent's was the earliest of its size). A side that
    can only hold empty matches is not searched, and a search stops when it reaches the bound.
    """
    encoded = _encode(before, after)
    if encoded is None:
        return []
    a, b = encoded
    blocks = []
    queue = [(0, len(a), 0, len(b), min(len(a), len(b)))]
    while queue:
        a_lo, a_hi, b_lo, b_hi, bound = queue.pop()
        i, j, size = _longest_match(a[a_lo:a_hi], b[b_lo:b_hi], bound)
        if size:
            i, j = i + a_lo, j + b_lo
            blocks.append((i, j, size))
            if a_lo < i and b_lo < j and size > 1:
                queue.append((a_lo, i, b_lo, j, size - 1))
            if i + size < a_hi and j + size < b_hi:
                queue.append((i + size, a_hi, j + size, b_hi, size))
    blocks.sort()
    return blocks


def _longest_match(a: str, b: str, bound: int) -> tuple[int, int, int]:
    """The longest common substring as (i, j, size): earliest in `a`, then earliest in `b`.

    That is difflib's `find_longest_match` without junk, for strings known to have no common
    substring longer than `bound`. Starts are tried in order and a start only counts if it
    beats the best so far, so the first start reaching the final size wins. A match never
    crosses a word only `a` has, so only the runs between those are searched.
    """
    best = best_i = 0
    for run in _SHARED_RUN.finditer(a):
        start, end = run.span()
        i = start
        while i + best < end:
            if a[i : i + best + 1] in b:
                best, best_i = _grow(a, b, i, best + 1, min(end, i + bound)), i
                if best == bound:
                    return _located(a, b, best_i, best)  # nothing later can beat it
            i += 1
    return _located(a, b, best_i, best)


def _located(a: str, b: str, i: int, size: int) -> tuple[int, int, int]:
    """The match a[i:i + size] as (i, j, size), at its earliest place j in `b`."""
    return i, b.find(a[i : i + size]), size


def _grow(a: str, b: str, i: int, size: int, end: int) -> int:
    """The longest a[i:i + n] (n ≥ size, i + n ≤ end) in `b`, given a[i:i + size] is.

    Galloping then bisecting: a long equal stretch takes a few searches, not one per word.
    """
    step = 1
    while i + size + step <= end and a[i : i + size + step] in b:
        size += step
        step *= 2
    too_long = min(size + step, end - i + 1)
    while too_long - size > 1:
        middle = (size + too_long) // 2
        if a[i : i + middle] in b:
            size = middle
        else:
            too_long = middle
    return size
