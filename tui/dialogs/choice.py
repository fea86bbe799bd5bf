"""A question with a few answers, each on a button and a key."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.plain import plain_content

__all__ = ["ChoiceDialog"]


class ChoiceDialog(Dialog[str | None]):
    """Asks `question`; dismisses with the chosen answer's value, or None on escape.

    `choices` are `(key, label, value)`: the key answers from the keyboard too. The question
    is plain text (it may name refs and plans), never markup.
    """

    DEFAULT_CSS = """
    ChoiceDialog > Vertical {
        width: auto;
        max-width: 100%;
        border: thick $warning;
    }
    ChoiceDialog #question {
        width: auto;
        max-width: 76;
        margin-bottom: 1;
    }
    ChoiceDialog Horizontal {
        width: auto;
        height: auto;
    }
    ChoiceDialog Button {
        margin: 0 1 0 0;
        /* Four answers fit in 80 columns (Save · Keep as draft · Discard · Keep editing). */
        min-width: 10;
    }
    """

    def __init__(self, question: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain_content(self.question), id="question")
            with Horizontal():
                for index, (key, label, value) in enumerate(self.choices):
                    yield Button(
                        f"{label} \\[{key}]",
                        id=f"choice-{value}",
                        variant="primary" if index == 0 else "default",
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event) -> None:
        for key, _label, value in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))
