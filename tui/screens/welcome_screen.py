"""Shown when the database holds no plan yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

__all__ = ["WelcomeScreen"]

WELCOME = """\
[b]Welcome to plandesk[/b]

This database holds no delivery plan yet.

Import one from the command line, then open plandesk again:

    [b]plandesk import[/b] PANEL_REPORT.txt QUARTERLY_EXTRACT.txt

Or try the bundled sample plans in a temporary copy:

    [b]plandesk demo[/b]

Database: {location}

Press [b]q[/b] to quit."""


class WelcomeScreen(Screen[None]):
    """How to get a plan into an empty database."""

    DEFAULT_CSS = """
    WelcomeScreen Vertical {
        width: 80;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $primary;
    }
    WelcomeScreen Center {
        height: 1fr;
        align-vertical: middle;
    }
    """

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, location: str) -> None:
        super().__init__()
        self.location = location

    def compose(self) -> ComposeResult:
        yield Header()
        with Center():
            with Vertical():
                yield Static(WELCOME.format(location=self.location), id="welcome")
        yield Footer()
