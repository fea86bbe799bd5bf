"""Every recorded change of an activity's updates."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from plandesk.core.plan import RevisionView
from plandesk.core.text import printable
from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.plain import plain

__all__ = ["HistoryDialog"]


class HistoryDialog(Dialog[None]):
    """Newest change first, with who, when, through what, and the text it left."""

    DEFAULT_CSS = """
    HistoryDialog > Vertical {
        width: 90%;
        height: 85%;
        padding: 0 1;
    }
    """

    # Escape closes every dialog; the key that opened this one closes it too, and q.
    BINDINGS = [
        Binding("h", "dismiss_none", "Close", show=False),
        Binding("q", "dismiss_none", "Close", show=False),
    ]

    def __init__(self, title: str, revisions: list[RevisionView]) -> None:
        super().__init__()
        self.title_text = title
        self.revisions = revisions

    def compose(self) -> ComposeResult:
        with Vertical():
            title = plain(f"History of {self.title_text}", style="bold")
            yield Label(title.append(" — escape to close"))
            with VerticalScroll():
                yield Static(self._revisions_renderable(), id="history-body")

    def _revisions_renderable(self) -> Group:
        if not self.revisions:
            return Group(Text("No update has been recorded for this activity yet."))
        parts = []
        for r in reversed(self.revisions):
            head = Text()
            # Names, statuses and text as typed: never markup, controls shown.
            head.append(printable(f"{r.period_label} v{r.version}"), style="bold")
            head.append(printable(f"  {r.at:%d %b %Y %H:%M} UTC  {r.author}  ({r.source})"))
            parts.append(head)
            if r.after_status != (r.before_status or "") and r.after_status:
                parts.append(plain(f"  status: {r.before_status or '—'} → {r.after_status}"))
            parts.append(plain("  " + r.after_text.replace("\n", "\n  ")))
            parts.append(Text(""))
        return Group(*parts)
