"""The plan screen's first paint from the first-screen reader, before the store is open.

At start-up the CLI may read the objectives and the counts with `store.first_screen` (no SQL
stack imported) and hand them to the screen: it draws them at once, in the same place and the
same words as the full load will, and the full load then replaces them. Until it arrives nothing
is loaded (`view.loaded` is None), so the keys that need the plan do nothing, as before a load.

A part of `PlanScreen` (it uses the screen's tree, details and header).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from plandesk.core.plan import ActivityView, ObjectiveView, PlanSnapshot
from plandesk.store.first_screen import FirstCounts, FirstScreen
from plandesk.tui.memory import collect_again
from plandesk.tui.screens.plan.messages import FirstCounted
from plandesk.tui.screens.plan.state import CHECKING, counts_line, title_parts_of
from plandesk.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["FirstPaintPart"]

# What the details say of a commitment opened before its activities are read (a moment).
READING = "Reading the plan…"
# What the header says while a big plan's counts are being read (a moment).
COUNTING = "counting…"


class FirstPaintPart(Screen[None]):
    """Shows a `FirstScreen` until the plan is loaded."""

    first: FirstScreen | None = None
    # The item whose details the first screen drew last: the tree's highlight of it arrives
    # after the screen has drawn it, and would draw it again.
    _first_drawn: object = None

    def show_first(self) -> None:
        """Draw the first screen: the objectives, and the first objective's details or, for a
        returning officer, the tree opened at the kept activity with its details and update
        (the header is drawn in `compose`)."""
        first = self.first
        assert first is not None
        preview = PlanSnapshot(
            first.plan, first.period, first.previous_period, first.objectives, reviewed=False
        )
        self.detail.snapshot = preview
        self.detail.bodies = first.bodies
        self.plan_tree.set_drafted(set(first.drafted))
        self.plan_tree.show_snapshot(preview, select_activity=first.select)
        self.show_selection()

    def show_first_header(self, title_bar: TitleBar) -> None:
        """The title and the counts, as the full load will show them before the rules run."""
        first = self.first
        assert first is not None
        plan, period = title_parts_of(first.plan, first.period)
        counts = COUNTING if first.counts is None else counts_line(first.counts, CHECKING)
        self.app.title, self.app.sub_title = f"{plan}{period}", counts
        title_bar.show(plan, counts, keep=period)

    def load_when_drawn(self) -> None:
        """Start the loader once the first screen is on the terminal: the store's imports would
        fight its paint for the interpreter lock."""
        counting = self.app.first_counts
        if counting is not None:
            # Called on the reader's thread once they are read (at once if they are): nothing
            # waits for them, not even quitting.
            counting.add_done_callback(self._counted)
        self.call_after_refresh(self.after_first_frame)

    def _counted(self, counting: Future[FirstCounts | None]) -> None:
        counted = counting.result()
        if counted is not None:
            self.post_message(FirstCounted(counted))  # safe from any thread

    @on(FirstCounted)
    def show_first_counts(self, message: FirstCounted) -> None:
        """The counts came before the plan: in the header and the objective's details."""
        if self.first is None or self.view.loaded is not None:
            return  # the load counted them already
        self.first = self.first.with_counts(message.counted)
        self.show_first_header(self.query_one(TitleBar))
        self._first_drawn = None
        self.show_selection()

    def after_first_frame(self) -> None:
        """Build what the first screen did not show (the editor, on an objective) and load."""
        collect_again()
        self.editor.build()
        self.load(self.view.plan_id, self.view.period_id)

    def show_first_selection(self, data: object) -> bool:
        """Show the details from the first screen while the plan is not loaded; False once it
        is (the screen shows them the normal way)."""
        first = self.first
        if first is None or self.view.loaded is not None:
            return False
        if data is not None and data is self._first_drawn:
            return True
        self._first_drawn = data
        if isinstance(data, ObjectiveView):
            counts = first.counts_of(data.id)
            self.detail.show(data, counts=counts, counting=counts is None)
        elif isinstance(data, ActivityView):
            # Only the kept activity's commitment is read: its activities are whole.
            self.detail.show(data)
            self.editor.display = True
            self.edit_area.display = True
            self.editor.show(data, first.period.label)
            return True
        else:
            self.detail.show(None, READING)
        self.editor.display = False
        self.edit_area.display = False
        return True
