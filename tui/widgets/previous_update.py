"""Beside the editor: the previous period's update, with this period's status and flags.

An officer writes this quarter's update from last quarter's, so while editing it stays in view
(the plan screen places it beside, above, or in turn with the editor). The status and the
flags' reasons are in a fixed head; the previous text scrolls on its own.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from plandesk.core.plan import ActivityView
from plandesk.core.statuses import shown_status
from plandesk.core.text import printable
from plandesk.tui.marks import status_note
from plandesk.tui.plain import plain, plain_content

__all__ = ["PreviousUpdate"]


class PreviousUpdate(Vertical):
    """The previous update (scrollable), under a head with the status and the flags."""

    DEFAULT_CSS = """
    PreviousUpdate {
        border-top: solid $secondary;
        padding: 0 1;
    }
    PreviousUpdate #previous-title {
        width: 1fr;
        height: 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PreviousUpdate #previous-head {
        width: 1fr;
        height: auto;
        max-height: 6;
        overflow-y: auto;
    }
    PreviousUpdate #previous-scroll {
        height: 1fr;
        min-height: 3;
    }
    PreviousUpdate #previous-text {
        width: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("Previous update", id="previous-title")
        yield Static(id="previous-head")
        with VerticalScroll(id="previous-scroll"):
            yield Static(id="previous-text")

    @property
    def scroller(self) -> VerticalScroll:
        """The scrolling part (the previous text)."""
        return self.query_one("#previous-scroll", VerticalScroll)

    def show(self, activity: ActivityView, previous_label: str | None) -> None:
        """Show the activity's previous update; `previous_label` None: no earlier period."""
        previous = activity.previous
        if previous_label is None:
            title = "Previous update: no earlier period in this plan"
        elif previous is None:
            title = f"Previous update ({previous_label}): none"
        else:
            # The previous period's own status belongs with its text, not with this period's.
            said = shown_status(previous.status) if previous.status.strip() else ""
            title = (
                f"Previous update ({previous_label}{', ' + said if said else ''}) — "
                f"{previous.author}, {previous.updated_at:%d %b %Y}"
            )
        self.query_one("#previous-title", Label).update(plain_content(title))
        self.query_one("#previous-head", Static).update(self._head(activity))
        body = plain(previous.text.strip() or "—") if previous else Text("—", style="dim")
        self.query_one("#previous-text", Static).update(body)
        self.scroller.scroll_home(animate=False)

    @staticmethod
    def _head(activity: ActivityView) -> Group:
        words = status_note(activity)
        # The head is about this period (the one being written), not the text below it.
        line = Text("this period's status: ", style="bold")
        line.append(printable(words) if words else "not set", style="" if words else "dim")
        parts: list[RenderableType] = [line]
        for flag in activity.flags:
            flag_line = Text("⚑ ", style="dim" if activity.acknowledged else "red")
            flag_line.append(flag.rule, style="bold")
            flag_line.append(printable(f": {flag.detail}"))
            parts.append(flag_line)
        if activity.acknowledged is not None:
            ack = activity.acknowledged
            parts.append(plain(f"acknowledged by {ack.author}: {ack.note}", style="green"))
        return Group(*parts)
