"""Hostile text made harmless: one place that knows which characters may be kept.

Text arrives from documents, the command line, the environment and the editor; it leaves for a
terminal, an export or the app. Control characters (ESC above all) would let a document retitle
or clear an officer's terminal, or hide words; bidi overrides can make a Panel report read in
an order other than the stored one.

- `clean_text()` / `clean_line()`: what the store keeps (on the way in).
- `printable()`: what a terminal may be sent (on the way out; older rows may hold anything).
- `for_document()`: what an export may contain.
- `shorten()`: text on one line, cut to a width; `fold_name()`: a name or word as matched.
"""

from __future__ import annotations

import re

__all__ = [
    "BIDI_CONTROLS",
    "clean_line",
    "clean_text",
    "fold_name",
    "for_document",
    "has_undecodable",
    "printable",
    "shorten",
]

# Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Carriage returns end lines; Word's manual line break (VT), page break (FF) and NEL separate
# words but not lines (importers count lines by "\n" to name the file's line in an error).
_BREAKS = {"\r\n": "\n", "\r": "\n", "\v": " ", "\f": " ", "\x85": " "}
_BREAK_RE = re.compile("\r\n|[\r\v\f\x85]")
# C0 except tab and newline, DEL, C1.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")
# Lone surrogates: bytes that were not UTF-8 (Python's surrogateescape for argv, environ, stdin).
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_UNPRINTABLE_RE = re.compile(f"[{_CONTROLS}\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]")


def has_undecodable(text: str) -> bool:
    """Whether `text` holds bytes that were not valid UTF-8 (decoded as lone surrogates)."""
    return _SURROGATE_RE.search(text) is not None


def clean_text(text: str) -> str:
    """Text as it may be stored: `\\r\\n` and `\\r` become `\\n`, VT, FF and NEL a space,
    other control characters (but tab) are dropped, undecodable bytes become U+FFFD."""
    if text.isprintable():  # the common case: nothing to do, no copy
        return text
    text = _BREAK_RE.sub(lambda m: _BREAKS[m.group()], text)
    text = _CONTROL_RE.sub("", text)
    return _SURROGATE_RE.sub("\ufffd", text)


def clean_line(text: str) -> str:
    """A name as it may be stored (an author, a plan): `clean_text()` on one line, every run of
    whitespace one space, no space at either end."""
    return " ".join(clean_text(text).split())


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text safe to write to a terminal: control characters other than newline and tab, bidi
    controls and undecodable bytes are shown as escapes (`\\x1b`, `\\u202e`), never sent."""
    if text.isprintable():
        return text
    return _UNPRINTABLE_RE.sub(_visible, text)


def for_document(text: str) -> str:
    """Text safe to put in an export (Markdown, HTML): `clean_text()` without bidi controls,
    so what a reader sees is in the order it was written."""
    return _BIDI_RE.sub("", clean_text(text))


def shorten(text: str, width: int) -> str:
    """`text` on one line (every run of white space one space), cut to `width` characters with
    "…" as the last when it is longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def fold_name(text: str) -> str:
    """A name or word as it is matched (a status, a plan's title): every run of white space one
    space, case folded. (Refs and stored names have stronger keys: `plandesk.core.refs`.)"""
    return " ".join(text.split()).casefold()
