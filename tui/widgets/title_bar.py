"""One line at the top: the plan and period on the left, the counts on the right."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.widgets import Static

from plandesk.tui.plain import plain

__all__ = ["TitleBar"]

# The fewest characters of the plan's name a narrow header keeps before it cuts the counts.
MIN_NAME = 8
GAP = 2


class _Line:
    """The title and the counts fitted to the width they get when drawn: the plan's name is
    cut first, then the counts; `keep` (the period) is never cut."""

    def __init__(self, title: str, keep: str, counts: str) -> None:
        self.title, self.keep, self.counts = title, keep, counts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        keep = plain(self.keep, style="bold")
        counts = plain(self.counts)
        counts_room = max(0, width - keep.cell_len - MIN_NAME - GAP)
        if counts.cell_len > counts_room:
            counts.truncate(counts_room, overflow="ellipsis")
        title = plain(self.title, style="bold")
        name_room = max(0, width - keep.cell_len - counts.cell_len - GAP)
        if title.cell_len > name_room:
            title.truncate(name_room, overflow="ellipsis")
        line = Text.assemble(title, keep, no_wrap=True)
        line.append(" " * max(GAP, width - line.cell_len - counts.cell_len))
        line.append_text(counts)
        line.truncate(width)
        yield line


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

        `keep` ends the title and is never cut (the period).
        """
        self.update(_Line(title, keep, counts))
