"""Every recorded change of an activity: its updates' revisions and the changes to the activity
itself (text, ref, lead, due date, a move, a retirement), newest first."""

from __future__ import annotations

import heapq

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from plandesk.core.plan import PlanChangeView, RevisionView
from plandesk.core.text import printable
from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.plain import plain

__all__ = ["HistoryDialog"]


class HistoryDialog(Dialog[None]):
    """Newest change first, with who, when, through what, and the text it left; the plan's
    changes to the activity (`changes`) sit among its update revisions by time."""

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

    def __init__(
        self,
        title: str,
        revisions: list[RevisionView],
        changes: list[PlanChangeView] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.revisions = revisions
        self.changes = changes or []

    def compose(self) -> ComposeResult:
        with Vertical():
            title = plain(f"History of {self.title_text}", style="bold")
            yield Label(title.append(" — escape to close"))
            with VerticalScroll():
                yield Static(self._revisions_renderable(), id="history-body")

    def _revisions_renderable(self) -> Group:
        if not self.revisions and not self.changes:
            return Group(Text("No update has been recorded for this activity yet."))
        # Both lists come oldest first; merged by time, each keeps its own order (an update's
        # versions stay in version order even where their times disagree).
        merged = heapq.merge(self.revisions, self.changes, key=lambda entry: entry.at)
        parts: list[Text] = []
        for entry in reversed(list(merged)):
            if isinstance(entry, PlanChangeView):
                parts.extend(_change_lines(entry))
            else:
                parts.extend(_revision_lines(entry))
            parts.append(Text(""))
        return Group(*parts)


def _revision_lines(r: RevisionView) -> list[Text]:
    head = Text()
    # Names, statuses and text as typed: never markup, controls shown.
    head.append(printable(f"{r.period_label} v{r.version}"), style="bold")
    head.append(printable(f"  {r.at:%d %b %Y %H:%M} UTC  {r.author}  ({r.source})"))
    lines = [head]
    if r.after_status != (r.before_status or "") and r.after_status:
        lines.append(plain(f"  status: {r.before_status or '—'} → {r.after_status}"))
    lines.append(plain("  " + r.after_text.replace("\n", "\n  ")))
    return lines


def _shown(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def _change_lines(change: PlanChangeView) -> list[Text]:
    """`activity edit  12 Jun 2020 10:31 UTC  jo`, then one `  field: before → after` each."""
    head = Text()
    head.append(printable(change.action), style="bold magenta")
    head.append(printable(f"  {change.at:%d %b %Y %H:%M} UTC  {change.author}"))
    lines = [head]
    for name in [*change.after, *(k for k in change.before if k not in change.after)]:
        after = change.after.get(name)
        if name in change.before:
            shown = f"  {name}: {_shown(change.before[name])} → {_shown(after)}"
        else:
            shown = f"  {name}: {_shown(after)}"
        lines.append(plain(shown.replace("\n", "\n    ")))
    if change.reason:
        lines.append(plain(f"  reason: {change.reason}"))
    return lines
