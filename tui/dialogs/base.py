"""The one look and escape key every dialog shares."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

__all__ = ["Dialog"]

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A box in the middle of the dimmed screen; escape closes it with no answer (None).

    A dialog composes one `Vertical` (the box); subclasses set its size in their own
    `DEFAULT_CSS`, which wins over this one.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel")]

    def action_dismiss_none(self) -> None:
        """Escape: no answer."""
        self.dismiss(None)
