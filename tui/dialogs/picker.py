"""Choose one item from a list (a period, a plan)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from plandesk.tui.dialogs.base import Dialog
from plandesk.tui.plain import plain_content

__all__ = ["PickerDialog"]


class PickerDialog(Dialog[int | None]):
    """A titled list; dismisses with the chosen item's id, or None on escape. The title and
    items are plain text (plan and period names), never markup."""

    DEFAULT_CSS = """
    PickerDialog > Vertical {
        width: 70;
        max-width: 95%;
        max-height: 80%;
    }
    PickerDialog OptionList {
        height: auto;
        max-height: 20;
    }
    """

    def __init__(self, title: str, items: list[tuple[int, str]], current: int | None) -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain_content(self.title_text))
            yield OptionList(
                *(Option(plain_content(label), id=str(item_id)) for item_id, label in self.items)
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        for index, (item_id, _label) in enumerate(self.items):
            if item_id == self.current:
                options.highlighted = index

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(int(event.option.id))
