"""One line at the top: the plan and period on the left, the counts on the right."""

from __future__ import annotations

from rich.table import Table
from textual.widgets import Static

from plandesk.tui.plain import plain

__all__ = ["TitleBar"]


class TitleBar(Static):
    """Keeps the period and the counts visible at 80 columns by shortening the plan's name
    first."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def show(self, title: str, counts: str, keep: str = "") -> None:
        """Set both halves (plain text: they hold plan names, periods and search terms).

        `keep` ends the title and is never cut (the period): in a narrow terminal the plan's
        name is shortened first, then the counts.
        """
        grid = Table.grid(expand=True, padding=(0, 0))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis", min_width=8)
        grid.add_column(no_wrap=True)
        grid.add_column(width=2)
        grid.add_column(justify="right", no_wrap=True, overflow="ellipsis", ratio=2)
        grid.add_row(plain(title, style="bold"), plain(keep, style="bold"), "", plain(counts))
        self.update(grid)
