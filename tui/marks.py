"""How an activity's state shows in the tree, the header and the details.

The stall rules (`plandesk.core.rules.engine`) decide what is flagged; the store attaches the
flags to each activity. An acknowledged flag no longer counts as open. An activity done in an
earlier period (`ActivityView.done_in`) is complete from then on: never missing nor flagged.
What each count means is `plandesk.core.counts` (re-exported here for the app).
"""

from __future__ import annotations

from enum import Enum

from plandesk.core.counts import has_update, is_flagged
from plandesk.core.plan import ActivityView
from plandesk.core.statuses import is_final

__all__ = ["Mark", "done_note", "has_update", "is_flagged", "mark_of", "status_note"]


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
    if activity.done:
        return Mark.COMPLETE
    update = activity.update
    if not has_update(activity):
        return Mark.NO_UPDATE
    if activity.open_flags:
        return Mark.FLAGGED
    # Any spelling of a final status ("Done", "Completed") is complete; before the rules have
    # run the activity's status is not known yet, so the officer's own is read.
    if is_final(activity.status or (update.status if update else "")):
        return Mark.COMPLETE
    return Mark.UPDATED


def done_note(activity: ActivityView) -> str | None:
    """`✔ Complete since 2020/21 Q2` for a done activity, else None."""
    if activity.done_in is None:
        return None
    return f"{Mark.COMPLETE.symbol} Complete since {activity.done_in}"


def status_note(activity: ActivityView) -> str:
    """The activity's status as the app shows it: `Stalled (suggested)` when the rules
    inferred it rather than an officer setting it; "" when there is none."""
    status = activity.status.strip()
    if not status:
        return ""
    return f"{status} (suggested)" if activity.status_suggested else status
