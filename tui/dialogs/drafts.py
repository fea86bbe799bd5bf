"""The officer's unsaved drafts in every plan: pick one to open it where it belongs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from plandesk.core.text import shorten
from plandesk.tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from plandesk.store.drafts import DraftEntry

__all__ = ["DraftsDialog", "draft_line"]

PREVIEW_WIDTH = 40


def draft_line(entry: DraftEntry) -> Text:
    """`A2.2 · 2020/21 Q2 · Safer West Mercia Plan 2020 · 12 Jun 10:31 · first words…`.

    Plain text throughout: names and words come from documents and officers, not from us.
    """
    words = shorten(entry.draft.text, PREVIEW_WIDTH)
    line = Text()
    line.append(entry.activity_name, style="bold")
    line.append(f" · {entry.period_label} · {entry.plan_title}")
    line.append(f" · {entry.draft.saved_at:%d %b %H:%M}", style="dim")
    line.append(f" · {words or '(empty)'}")
    return line


class DraftsDialog(Dialog["DraftEntry | None"]):
    """Lists drafts, newest first; dismisses with the one chosen, or None on escape."""

    DEFAULT_CSS = """
    DraftsDialog > Vertical {
        width: 100;
        max-width: 95%;
        max-height: 80%;
    }
    DraftsDialog OptionList {
        height: auto;
        max-height: 20;
    }
    """

    def __init__(self, entries: list[DraftEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                f"Your unsaved drafts ({len(self.entries)}) — enter opens one · escape closes"
            )
            yield OptionList(
                *(
                    Option(draft_line(entry), id=str(index))
                    for index, entry in enumerate(self.entries)
                )
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(self.entries[int(event.option.id)])
