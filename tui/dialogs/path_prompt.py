"""Ask for a file path."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

__all__ = ["PathDialog"]


class PathDialog(ModalScreen[str | None]):
    """A prompt with a suggested path; enter accepts, escape cancels."""

    DEFAULT_CSS = """
    PathDialog {
        align: center middle;
    }
    PathDialog > Vertical {
        width: 80;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    """

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, prompt: str, suggestion: str) -> None:
        super().__init__()
        self.prompt = prompt
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt)
            yield Input(value=self.suggestion, id="path")
            yield Label("enter write · escape cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)

    def action_dismiss_none(self) -> None:
        """Escape: nothing written."""
        self.dismiss(None)
