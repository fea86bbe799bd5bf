"""Officers' text made safe for CommonMark: it can never become structure or raw HTML.

Everything an officer typed (update text, activity text, titles, notes, flag details) goes
through this module before it reaches a document. The strategy:

- Line endings are normalised (CR LF, CR, NEL, U+2028/9, VT, FF all become a newline), other
  control characters are dropped and tabs become spaces, so no invisible character can start
  an indented code block or hide a line break. Bidi embeddings, overrides and isolates are
  dropped too, so a reader sees words in the order they were written.
- Characters that open inline constructs anywhere are backslash-escaped wherever they appear:
  ``\\ ` * _ [ ] < ~ | # {`` (so no emphasis, code span, link, image, autolink, raw HTML,
  strikethrough, table cell break, heading closing sequence or anchor can come from an entry), and
  ``&`` when it would start an entity reference.
- Characters that only matter at the start of a line (``> + - = #``, ``1.``/``1)``) are escaped
  there: every line of a block is stripped of leading space, so every line starts at column 0
  and is checked.
- Multi-line text is rendered as a block: blank lines separate paragraphs, lines inside a
  paragraph end in a backslash hard break, and bullet lines ("• x", "· x", "- x", "-x", "* x",
  "– x") become list items. Inline places (headings, table cells, list item lines) get the text on
  one line, newlines turned into spaces (or " / " where requested).
"""

from __future__ import annotations

import re

from plandesk.core.text import BIDI_CONTROLS

__all__ = [
    "block",
    "escape_inline",
    "join_hard_breaks",
    "normalise",
    "one_line",
    "quote",
    "table",
]

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls except tab and newline; NUL included (CommonMark would make it U+FFFD).
_BIDI = "".join(sorted(BIDI_CONTROLS))
_CONTROLS = re.compile(rf"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f{_BIDI}]")
# Every character `normalise` changes (the two above and tab): most text has none, and one
# search for them is much cheaper than the three passes that would change nothing.
_ABNORMAL = re.compile(rf"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
# `{` too: no entry can end a heading in an explicit anchor (`{#id}`, see exports.anchors).
_ALWAYS = re.compile(r"([\\`*_\[\]<~|#{])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_LINE_START = frozenset(">+-=")
# A bullet: a bullet sign, a dash or star and a space, or a dash straight before a letter
# ("-Data quality", as PDF text often has it).
_BULLET = re.compile(r"^(?:[•·◦▪‣∙●○■□➢➤►▸]\s*|[-*–—]\s+|-(?=[^\W\d_]))(?=\S)")


def normalise(text: str) -> str:
    """Newlines as `\\n` only, no control characters (bidi ones included), no tabs."""
    # Every character changed here is unprintable, and `isprintable` is the quicker check.
    if text.isprintable() or not _ABNORMAL.search(text):
        return text
    text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return text.replace("\t", " ")


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match.group()


def escape_inline(text: str, *, at_line_start: bool = True) -> str:
    """One line of officer text, every Markdown-special character made literal.

    `text` must not contain newlines (use `one_line` or `block`). With `at_line_start` the
    characters that only mean something at the start of a line are escaped too; it is on by
    default because it costs nothing and makes the result safe anywhere.
    """
    # A function, not a r"\\\1" template: `re` expands a template in Python on every call.
    text = _ALWAYS.sub(_backslashed, text)
    if "&" in text:
        text = _ENTITY.sub(_backslashed, text)
    if at_line_start and text:
        number = _LIST_NUMBER.match(text)
        if number:
            text = f"{number.group(1)}\\{number.group(2)}{text[number.end() :]}"
        elif text[0] in _LINE_START:
            text = "\\" + text
    return text


def one_line(text: str, *, newline: str = " ", at_line_start: bool = True) -> str:
    """Officer text for an inline place: whitespace collapsed, newlines as `newline`."""
    text = normalise(text)
    if "\n" in text:
        lines = [_collapse_spaces(line) for line in text.split("\n")]
        flat = newline.join(line for line in lines if line)
    else:
        flat = _collapse_spaces(text)
    return escape_inline(flat, at_line_start=at_line_start)


def _collapse_spaces(line: str) -> str:
    """One line of normalised text with its spaces collapsed: `" ".join(line.split())`."""
    # Normalised ASCII has no whitespace but space and newline, so single spaces need no split.
    if line.isascii() and "  " not in line:
        return line.strip(" ")
    return " ".join(line.split())


def join_hard_breaks(lines: list[str]) -> list[str]:
    """Lines of one paragraph, each but the last ending in a backslash hard break."""
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def block(text: str) -> list[str]:
    """Officer text as Markdown block lines: paragraphs with hard breaks and bullet lists.

    Returns no lines for blank text. The lines never start with spaces, so they can be
    prefixed (with `> ` for a quote) without changing their meaning.
    """
    text = normalise(text)
    if "\n" not in text:
        # One line (most text): what the loop below would make of it, without its set-up.
        line = _collapse_spaces(text)
        return [_bullet_item(line) or escape_inline(line)] if line else []
    out: list[str] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        for chunk in (join_hard_breaks(paragraph), bullets):
            if chunk:
                if out:
                    out.append("")
                out.extend(chunk)
        paragraph.clear()
        bullets.clear()

    for raw in text.split("\n"):
        line = _collapse_spaces(raw)
        if not line:
            flush()
            continue
        item = _bullet_item(line)
        if item:
            if paragraph:
                flush()
            bullets.append(item)
        else:
            if bullets:
                flush()
            paragraph.append(escape_inline(line))
    flush()
    return out


def _bullet_item(line: str) -> str | None:
    """The list item a bullet line becomes (None for any other line)."""
    bullet = _BULLET.match(line)
    return "- " + escape_inline(line[bullet.end() :]) if bullet else None


def quote(lines: list[str]) -> list[str]:
    """Block lines inside a block quote."""
    return [f"> {line}" if line else ">" for line in lines]


def table(header: list[str], rows: list[list[str]], align: list[str]) -> list[str]:
    """A GFM table from cells already escaped (use `one_line` on officer text).

    `align` holds "l" or "r" per column. Cells are padded with spaces so a trailing backslash
    in a cell can never escape the pipe after it.
    """
    rule = {"l": "---", "r": "---:"}

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell or " " for cell in cells) + " |"

    return [row(header), row([rule[a] for a in align]), *(row(r) for r in rows)]
