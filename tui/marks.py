"""How an activity's state shows in the tree, the header and the details.

The stall rules (`plandesk.core.rules.engine`) decide what is flagged; the store attaches the
flags to each activity. An acknowledged flag no longer counts as open.
"""

from __future__ import annotations

from enum import Enum

from plandesk.core.plan import ActivityView
from plandesk.core.statuses import is_final

__all__ = ["Mark", "is_flagged", "mark_of", "status_words"]


class Mark(Enum):
    """An activity's state this period, with its symbol and style."""

    COMPLETE = ("✔", "complete", "green")
    UPDATED = ("●", "updated this period", "cyan")
    NO_UPDATE = ("○", "no update yet", "yellow")
    FLAGGED = ("⚑", "flagged", "red")

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
    # Not `.strip()`: it copies every update's text, and the header counts the whole plan.
    if update is None or not update.text or update.text.isspace():
        return Mark.NO_UPDATE
    if activity.open_flags:
        return Mark.FLAGGED
    # Any spelling of a final status ("Done", "Completed") is complete; before the rules have
    # run the activity's status is not known yet, so the officer's own is read.
    if is_final(activity.status or update.status):
        return Mark.COMPLETE
    return Mark.UPDATED


def is_flagged(activity: ActivityView) -> bool:
    """Whether the activity has open flags (no update this period is one of them)."""
    return bool(activity.open_flags)


def status_words(activity: ActivityView) -> str:
    """`At risk` as an officer set it, `Stalled (suggested)` when the rules inferred it, or ""."""
    if not activity.status:
        return ""
    return f"{activity.status} (suggested)" if activity.status_suggested else activity.status
