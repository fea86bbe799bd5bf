"""Ask for one line of text: a file path, a note."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.plain import plain_content

__all__ = ["PromptDialog"]


class PromptDialog(Dialog[str | None]):
    """A prompt with a suggested value; enter accepts, escape cancels. Prompt and hint are
    plain text (they may name refs), never markup."""

    DEFAULT_CSS = """
    PromptDialog > Vertical {
        width: 80;
        max-width: 95%;
    }
    """

    def __init__(
        self, prompt: str, suggestion: str = "", hint: str = "enter accept · escape cancel"
    ) -> None:
        super().__init__()
        self.prompt = prompt
        self.suggestion = suggestion
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain_content(self.prompt))
            yield Input(value=self.suggestion, id="path")
            yield Label(plain_content(self.hint), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)
