"""Officers' and documents' text as the app shows it: never markup, never a terminal escape.

A string handed to a Label, a Static, an Option or `notify` is parsed as Textual markup: an
author `Bob [/]` crashed the screen and `[@click=app.quit]…` became a live link. Every string
that came from a person or a document is shown through these instead (Rich `Text` and Textual
`Content` are never parsed), with its control characters made visible (`\\x1b`).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content

from plandesk.core.text import printable

__all__ = ["plain", "plain_content", "plain_highlighted"]


def plain(text: str, style: str = "") -> Text:
    """`text` exactly as typed, as Rich Text in `style`."""
    return Text(printable(text), style=style)


def plain_content(text: str) -> Content:
    """`text` exactly as typed, as Textual Content (for Labels, Options, dialogs)."""
    return Content(printable(text))


def plain_highlighted(text: str, spans: Iterable[tuple[int, int]], style: str) -> Text:
    """`plain(text)` with the character ranges `spans` (offsets into `text`) in `style`."""
    shown = printable(text)
    if shown == text:
        result = Text(text)
        for start, end in spans:
            result.stylize(style, start, end)
        return result
    # A control character shown as `\x1b` is longer than it was: move the offsets with it.
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + len(printable(char)))
    result = Text(shown)
    for start, end in spans:
        result.stylize(style, offsets[min(start, len(text))], offsets[min(end, len(text))])
    return result
