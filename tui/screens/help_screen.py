"""Every key, on one screen."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.keys import help_rows

__all__ = ["HelpScreen", "KEY_HELP"]

# Built from the one key table; the README's key list is written from the same rows.
KEY_HELP: list[tuple[str, str]] = help_rows()

MARKS_HELP = (
    "✔ complete · ● updated this period · ○ no update yet · ⚑ flagged · "
    "✎ your unsaved draft (d lists them) · At risk / Stalled: the status an officer set; "
    "At risk? / Stalled?: the rules' suggestion"
)


class HelpScreen(Dialog[None]):
    """The key list and what the tree's marks mean."""

    DEFAULT_CSS = """
    HelpScreen > Vertical {
        width: 86;
        max-width: 100%;
        max-height: 100%;
        padding: 0 1;
    }
    """

    # Escape closes every dialog; the key that opened this one closes it too, and q.
    BINDINGS = [
        Binding("question_mark", "dismiss_none", "Close", show=False),
        Binding("q", "dismiss_none", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for keys, meaning in KEY_HELP:
            table.add_row(keys, meaning)
        with Vertical():
            yield Label("[b]plandesk keys[/b] — escape to close")
            with VerticalScroll():
                yield Static(table, id="help-keys")
                yield Static(f"\nMarks: {MARKS_HELP}", id="help-marks")
