"""The words a flag quotes: short, on one line, in curly quotes."""

from __future__ import annotations

from plandesk.core.rules.evidence import Span

__all__ = ["join_quotes", "quote", "stripped_span"]


def quote(text: str, limit: int = 80) -> str:
    """`text` on one line in curly quotes, cut to `limit` characters with "…"."""
    # Flattening the start of a text gives the start of the flattened text (a word cut short
    # at the end is the start of the whole word), which is all a long update shows.
    head = text[: 2 * limit]
    flat = " ".join(head.split())
    if len(flat) <= limit and len(head) < len(text):
        flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"\u201c{flat}\u201d"


def join_quotes(quotes: list[str], limit: int = 4) -> str:
    """The first `limit` different quotes, joined by commas, then how many more there are."""
    unique = list(dict.fromkeys(quotes))
    shown = ", ".join(unique[:limit])
    if len(unique) > limit:
        shown += f" and {len(unique) - limit} more"
    return shown


def stripped_span(text: str) -> Span:
    """Where the text is, white space at either end left out."""
    start = len(text) - len(text.lstrip())
    return (start, len(text.rstrip()))
