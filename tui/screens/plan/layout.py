"""Where the previous period's update goes while editing, by terminal size.

The details stay above with a small share. Wide terminals (≥ 140 columns) put the previous
update beside the editor; others stack it above the editor with a fixed share, so it is never
scrolled out of sight; a small terminal (under 100 columns
or 30 lines) has no room for both, and a key shows one or the other in turn. The layout is
worked out again at every resize. From 180 columns the tree takes half the width.

A part of `PlanScreen` (it uses the screen's editor, detail pane and previous-update pane).
"""

from __future__ import annotations

from enum import Enum

from textual import events
from textual.geometry import Size
from textual.screen import Screen

__all__ = ["EditLayout", "LayoutPart", "edit_layout"]

WIDE_COLUMNS = 140
COMPACT_COLUMNS = 100
COMPACT_LINES = 30
# From this width the tree and the details share the screen equally (below: 2 to 3).
WIDE_TREE_COLUMNS = 180


class EditLayout(Enum):
    """How the editor and the previous update share the screen."""

    SIDE_BY_SIDE = "side by side"
    STACKED = "stacked"
    IN_TURN = "in turn"


# The previous update's share of the editing area when stacked above the editor.
STACKED_SHARE = "45%"
# The editing area's height beside the details' 1fr, while editing.
AREA_SHARE = {EditLayout.SIDE_BY_SIDE: "2fr", EditLayout.STACKED: "3fr"}


def edit_layout(size: Size) -> EditLayout:
    """The layout for a terminal of this size."""
    if size.width >= WIDE_COLUMNS:
        return EditLayout.SIDE_BY_SIDE
    if size.width < COMPACT_COLUMNS or size.height < COMPACT_LINES:
        return EditLayout.IN_TURN
    return EditLayout.STACKED


class LayoutPart(Screen[None]):
    """Placing the previous update and the editor."""

    # In the in-turn layout: True while the previous update is shown instead of the editor.
    showing_previous: bool = False

    @property
    def layout_now(self) -> EditLayout:
        """The layout for the screen's current size."""
        return edit_layout(self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        self.arrange_columns()

    def arrange_columns(self) -> None:
        """Share the width between the tree and the details, and place the editor, for the
        terminal's size (also before the first layout, so the first frame is the final one)."""
        # A wide terminal gives the tree as much room as the details, so its labels are whole.
        wide = self.app.size.width >= WIDE_TREE_COLUMNS
        self.query_one("#left").styles.width = "1fr" if wide else "2fr"
        self.query_one("#right").styles.width = "1fr" if wide else "3fr"
        self.arrange_editing()

    def arrange_editing(self) -> None:
        """Place the previous update and the editor under the details, in the layout the
        terminal's size allows (while browsing: the details and the update, as they were)."""
        previous = self.previous_pane
        area = self.edit_area
        editing = self.editor.editing
        layout = self.layout_now
        if not editing or layout is not EditLayout.IN_TURN:
            self.showing_previous = False
        previous.display = editing and (layout is not EditLayout.IN_TURN or self.showing_previous)
        if editing:
            self.editor.display = not self.showing_previous
        area.styles.layout = (
            "horizontal" if editing and layout is EditLayout.SIDE_BY_SIDE else "vertical"
        )
        # The details keep a share (what the activity is, who oversees it); the editing area
        # takes most of the column.
        area.styles.height = AREA_SHARE.get(layout, "1fr") if editing else "1fr"
        previous.styles.width = "1fr"
        previous.styles.height = STACKED_SHARE if layout is EditLayout.STACKED else "1fr"
        self.refresh_bindings()

    def show_previous_of_editor(self) -> None:
        """Fill the previous-update pane for the activity being edited."""
        session = self.editor.session
        if session is None:
            return
        snapshot = self.view.snapshot
        period = snapshot.previous_period if snapshot is not None else None
        self.previous_pane.show(session.activity, period.label if period else None)

    def action_toggle_previous(self) -> None:
        """In a small terminal: show the previous update instead of the editor, or back."""
        if not self.editor.editing:
            return
        if self.layout_now is not EditLayout.IN_TURN:
            self.notify("The previous update is already shown beside the editor.")
            return
        self.showing_previous = not self.showing_previous
        self.arrange_editing()
        if self.showing_previous:
            self.previous_pane.scroller.focus()
        else:
            self.editor.text_area.focus()
