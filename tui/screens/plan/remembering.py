"""Remembering the officer's place: the plan, period and activity last shown, per database
and author, so the next start opens where they left off.

The place is written a moment after the selection stops moving (never on a keypress's own
time), in a worker; a database that cannot be written (read-only) costs one notice, never the
app. On start, without a plan or period on the command line, the place is read back; a plan,
period or activity that has gone since is simply not used.

A part of `PlanScreen` (it uses the screen's view and tree).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.timer import Timer

from plandesk.store.errors import StoreError

if TYPE_CHECKING:
    from plandesk.store.service import PlanStore

__all__ = ["PLACE", "Place", "RememberingPart", "recalled_place"]

# The preference's name in the store.
PLACE = "tui.place"


@dataclass(frozen=True)
class Place:
    """A plan, period and selected activity (None: none selected), by id."""

    plan: int
    period: int
    activity: int | None = None

    def to_json(self) -> str:
        """The JSON text kept in the store."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Place | None:
        """The place in `text`, or None when there is none or it cannot be read."""
        if not text:
            return None
        try:
            data = json.loads(text)
            activity = data.get("activity")
            place = cls(int(data["plan"]), int(data["period"]), int(activity) if activity else None)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return place


def recalled_place(store: PlanStore, author: str) -> Place | None:
    """The author's last place in this database (None: never kept, or unreadable)."""
    try:
        return Place.from_json(store.recall(author, PLACE))
    except StoreError:
        return None


class RememberingPart(Screen[None]):
    """Keeping the place a moment after it changes."""

    _place_timer: Timer | None = None
    _kept_place: Place | None = None
    _place_failed: bool = False

    def current_place(self) -> Place | None:
        """What is shown now, or None before a plan is loaded."""
        loaded = self.view.loaded
        if loaded is None:
            return None
        activity = self.selected_activity()
        return Place(loaded.plan.id, loaded.period.id, activity.id if activity else None)

    def remember_place_soon(self) -> None:
        """Keep the place once the selection has stopped moving for a moment."""
        if not self.app.remember_place or self._place_failed:
            return
        if self._place_timer is not None:
            self._place_timer.stop()
        self._place_timer = self.set_timer(self.app.place_delay, self._remember_place_now)

    def _remember_place_now(self) -> None:
        self._place_timer = None
        place = self.current_place()
        if place is None or place == self._kept_place:
            return
        self._kept_place = place
        self.keep_place(place)

    @work(thread=True, exclusive=True, group="place")
    def keep_place(self, place: Place) -> None:
        """Write the place; a failure is said once and remembering stops."""
        try:
            self.app.store.remember(self.app.author, PLACE, place.to_json())
        except StoreError as exc:
            self.app.call_from_thread(self._place_not_kept, str(exc))

    def _place_not_kept(self, reason: str) -> None:
        if self._place_failed:
            return
        self._place_failed = True
        self.notify(f"Your place in the plan will not be remembered: {reason}", timeout=6)
