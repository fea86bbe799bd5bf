"""How an activity's state shows in the tree and the header.

Until the stall rules exist, an activity is *flagged* exactly when it has no update this
period, so the "no update yet" mark is also the flag.
"""

from __future__ import annotations

from enum import Enum

from plandesk.store.views import ActivityView

__all__ = ["Mark", "is_flagged", "mark_of"]

COMPLETE_WORDS = ("complete", "completed", "action completed")


class Mark(Enum):
    """An activity's state this period, with its symbol and style."""

    COMPLETE = ("✔", "complete", "green")
    UPDATED = ("●", "updated this period", "cyan")
    NO_UPDATE = ("○", "no update yet (flagged)", "yellow")

    @property
    def symbol(self) -> str:
        """One character for the tree."""
        return self.value[0]

    @property
    def meaning(self) -> str:
        """What the mark says, in words."""
        return self.value[1]

    @property
    def style(self) -> str:
        """Rich style of the symbol."""
        return self.value[2]


def mark_of(activity: ActivityView) -> Mark:
    """The mark for an activity in the period its view was loaded for."""
    update = activity.update
    if update is None or not update.text.strip():
        return Mark.NO_UPDATE
    text = update.text.strip().rstrip(".").casefold()
    if update.status.casefold() == "complete" or text in COMPLETE_WORDS:
        return Mark.COMPLETE
    return Mark.UPDATED


def is_flagged(activity: ActivityView) -> bool:
    """Whether the activity needs chasing."""
    return mark_of(activity) is Mark.NO_UPDATE
