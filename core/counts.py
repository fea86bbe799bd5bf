"""What each count of a period means: one definition used by the app (header, panes, tree)
and the exports, so the numbers an officer sees and the numbers the Panel reads agree.

- **updated this period**: the activity has words in its update for the period.
- **flagged**: it has open flags (not acknowledged; no update this period is one of them) and
  is not done (a done activity owes nothing).
- **complete**: done (a final status this period or earlier), or updated with a final status.
- **no update yet**: no words this period, not done, and not reported under another item
  (an activity that only points elsewhere, "Refer to 3.1", owes no words of its own).

The counts overlap on purpose: an activity updated and flagged counts in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plandesk.core.plan import ActivityView
from plandesk.core.statuses import is_final

__all__ = ["PeriodCounts", "count_period", "has_update", "is_complete", "is_flagged"]


def has_update(activity: ActivityView) -> bool:
    """Whether the activity has words in its update for the period loaded."""
    update = activity.update
    # Not `.strip()`: it copies every update's text, and the header counts the whole plan.
    return update is not None and bool(update.text) and not update.text.isspace()


def is_flagged(activity: ActivityView) -> bool:
    """Whether the activity has open flags (no update this period is one of them); a done
    activity owes nothing, so it never counts as flagged."""
    return bool(activity.open_flags) and not activity.done


def is_complete(activity: ActivityView) -> bool:
    """Done, or updated this period with a final status (the officer's own before the rules
    have run, since the activity's status is not known yet)."""
    if activity.done:
        return True
    if not has_update(activity):
        return False
    update = activity.update
    return is_final(activity.status or (update.status if update else ""))


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """The counts of some activities in one period (see the module docstring)."""

    activities: int
    updated: int
    complete: int
    no_update: int
    flagged: int
    done: int


def count_period(activities: Iterable[ActivityView]) -> PeriodCounts:
    """Count the activities by each definition, in one pass."""
    total = updated = complete = no_update = flagged = done = 0
    for activity in activities:
        total += 1
        words = has_update(activity)
        updated += words
        done += activity.done
        no_update += not words and not activity.done and not activity.reported_under
        flagged += is_flagged(activity)
        complete += is_complete(activity)
    return PeriodCounts(total, updated, complete, no_update, flagged, done)
