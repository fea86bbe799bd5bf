"""Two versions of one update side by side: keep mine, take theirs, or merge by hand."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from plandesk.core.plan import UpdateView
from plandesk.core.text import clean_text
from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.plain import plain_content

__all__ = ["ConflictDialog"]


class ConflictDialog(Dialog[str | None]):
    """Dismisses with "mine", "theirs", "merge", or None (back to editing)."""

    DEFAULT_CSS = """
    ConflictDialog > Vertical {
        width: 95%;
        height: 90%;
        border: thick $error;
        padding: 0 1;
    }
    ConflictDialog #versions {
        height: 1fr;
    }
    ConflictDialog #versions > Vertical {
        width: 1fr;
    }
    ConflictDialog TextArea {
        height: 1fr;
    }
    ConflictDialog #answers {
        height: auto;
    }
    ConflictDialog Button {
        margin-right: 1;
    }
    """

    BINDINGS = [
        Binding("m", "answer('mine')", "Keep mine"),
        Binding("t", "answer('theirs')", "Take theirs"),
        Binding("g", "answer('merge')", "Merge by hand"),
    ]

    def __init__(self, mine: str, theirs: UpdateView | None) -> None:
        super().__init__()
        self.mine = mine
        self.theirs = theirs

    def compose(self) -> ComposeResult:
        who = (
            f"{self.theirs.author} saved v{self.theirs.version} at "
            f"{self.theirs.updated_at:%d %b %H:%M}"
            if self.theirs
            else "someone else saved it"
        )
        with Vertical():
            # Plain text: an author named `[@click=app.quit]…` must not become a live link.
            yield Label(
                plain_content(
                    f"This update changed while you were editing it: {who}. "
                    "Nothing has been overwritten."
                )
            )
            with Horizontal(id="versions"):
                with Vertical():
                    yield Label("[b]Your text[/b]")
                    yield TextArea(clean_text(self.mine), read_only=True, soft_wrap=True, id="mine")
                with Vertical():
                    yield Label("[b]Their text (saved)[/b]")
                    yield TextArea(
                        clean_text(self.theirs.text) if self.theirs else "",
                        read_only=True,
                        soft_wrap=True,
                        id="theirs",
                    )
            with Horizontal(id="answers"):
                yield Button("Keep mine \\[m]", id="mine-button", variant="primary")
                yield Button("Take theirs \\[t]", id="theirs-button")
                yield Button("Merge by hand \\[g]", id="merge-button")
                yield Button("Back \\[esc]", id="back-button")

    def on_mount(self) -> None:
        self.query_one("#mine-button", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answer = (event.button.id or "").removesuffix("-button")
        self.action_answer("" if answer == "back" else answer)

    def action_answer(self, answer: str) -> None:
        """Close with the answer ("" means back to editing)."""
        self.dismiss(answer or None)
