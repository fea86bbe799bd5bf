"""Review mode from the plan screen (`r`), keeping its place.

`e` in review edits the item on the plan screen; once the edit is saved or left, review comes
back at the same item with the same progress. Leaving review puts the tree's cursor on the
item last shown.

A part of `PlanScreen` (it uses the screen's view, tree and editor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from plandesk.tui.screens.review_screen import ReviewItem

__all__ = ["ReviewPart", "ReviewPlace"]


@dataclass
class ReviewPlace:
    """Where review mode was when the officer left it to edit an item."""

    plan_id: int
    period_id: int
    items: list[ReviewItem]
    index: int
    reviewed: set[int] = field(default_factory=set)


class ReviewPart(Screen[None]):
    """Review mode, and coming back to it after an edit."""

    review_place: ReviewPlace | None = None

    def action_review(self) -> None:
        """Step through the open flags one by one (review mode)."""
        loaded = self.view.loaded
        if loaded is None or self.not_while_editing():
            return
        if not self.reviewed_yet(self.action_review):
            return
        from plandesk.tui.screens.review_screen import ReviewItem

        items = [
            ReviewItem(o, c, a)
            for o in loaded.snapshot.objectives
            for c in o.commitments
            for a in c.activities
            if a.open_flags
        ]
        if not items:
            self.notify("No open flags in this period.")
            return
        self.open_review(ReviewPlace(loaded.plan.id, loaded.period.id, items, 0))

    def open_review(self, place: ReviewPlace) -> None:
        """Show review mode at a place; an edit asked for there comes back to it."""
        loaded = self.view.loaded
        if loaded is None:
            return
        from plandesk.tui.screens.review_screen import ReviewScreen

        review = ReviewScreen(
            place.plan_id, loaded.period, place.items, index=place.index, reviewed=place.reviewed
        )

        def done(activity_id: int | None) -> None:
            for item in place.items:
                self.plan_tree.refresh_activity(item.activity)
            self.update_header()
            if activity_id is not None:
                if self.plan_tree.select_activity(activity_id):
                    place.index, place.reviewed = review.index, review.reviewed
                    self.review_place = place
                    self.action_edit()
                return
            self.plan_tree.select_activity(review.current.activity.id)
            self.show_selection()

        self.app.push_screen(review, done)

    def back_to_review(self) -> None:
        """After an edit started in review mode: review again, at the same item."""
        place, self.review_place = self.review_place, None
        loaded = self.view.loaded
        if place is None or loaded is None or self.view.quit_after_save:
            return
        if (place.plan_id, place.period_id) != (loaded.plan.id, loaded.period.id):
            return  # another plan or period was loaded meanwhile
        self.open_review(place)
