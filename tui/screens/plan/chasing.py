"""The plan screen's chase view (`c`): who still owes an update, and going to one of them.

A part of `PlanScreen` (it uses the screen's view, tree and filters).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from plandesk.core.plan import PeriodInfo, PlanInfo

__all__ = ["ChasingPart"]


class ChasingPart(Screen[None]):
    """Open the chase view; put the tree's cursor on the activity chosen there."""

    def action_chase(self) -> None:
        """Per lead, the activities that still owe an update for the period shown."""
        from plandesk.tui.screens.chase_screen import ChaseScreen

        self.open_activity_picker(ChaseScreen)

    def open_activity_picker(
        self, make: Callable[[PlanInfo, PeriodInfo], Screen[int | None]]
    ) -> None:
        """Open a view of the plan and period shown (the chase view, the board view) and go to
        the activity picked there."""
        loaded = self.view.loaded
        if loaded is None or self.not_while_editing():
            return
        self.app.push_screen(make(loaded.plan, loaded.period), self._picked)

    def _picked(self, activity_id: int | None) -> None:
        if activity_id is not None:
            self.go_to_activity(activity_id)

    def go_to_activity(self, activity_id: int) -> bool:
        """Put the tree's cursor on an activity, showing everything again when the search or
        the flagged filter hides it. False (and said) when the plan shown does not hold it."""
        tree = self.plan_tree
        if not tree.select_activity(activity_id):
            view = self.view
            if view.flagged_only or view.search_ids is not None or self.search_box.display:
                view.flagged_only = False
                self.clear_search()  # rebuilds the tree with every activity
            if not tree.select_activity(activity_id):
                self.notify(
                    "That activity is not in the plan shown: it may have been added or retired "
                    "since it was read (p reloads the period).",
                    severity="warning",
                )
                return False
        tree.focus()
        return True
