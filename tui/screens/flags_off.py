"""Working on without the stall rules when their file cannot be read.

A typo in `stall_rules.toml` must not stop an officer reading and editing the plan: the plan
is shown without flags, the header says where the file is wrong, and the keys that need the
flags say why they do nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from plandesk.core.plan import ActivityReview, ActivityView, PlanSnapshot
from plandesk.core.statuses import shown_status
from plandesk.store.service import PlanStore, RulesUnreadable

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = [
    "RulesProblem",
    "announce",
    "header_note",
    "read_saved",
    "reviews_without_rules",
    "reviews_without_rules_of",
]


@dataclass(frozen=True)
class RulesProblem:
    """Why the flags are off: the full message and its `file:line` (None: not a file error)."""

    message: str
    where: str | None


def reviews_without_rules(snapshot: PlanSnapshot) -> dict[int, ActivityReview]:
    """No flags; each activity's status is the officer's own (nothing can be inferred)."""
    return {activity.id: reviews_without_rules_of(activity) for activity in snapshot.activities()}


def reviews_without_rules_of(activity: ActivityView) -> ActivityReview:
    """One activity's review without the rules: no flags, the officer's own status."""
    update = activity.update
    status = shown_status(update.status) if update is not None else ""
    return ActivityReview((), status, None, update.version if update else 0)


def header_note(problem: RulesProblem) -> str:
    """What the header shows instead of the flag count: `flags off (stall_rules.toml:3)`."""
    if problem.where is None:
        return "flags off (see the error)"
    path, _colon, line = problem.where.rpartition(":")
    if not line.isdigit():
        path, line = problem.where, ""
    name = Path(path).name
    return f"flags off ({name}:{line})" if line else f"flags off ({name})"


def announce(screen: Screen, problem: RulesProblem) -> None:
    """Tell the officer once why there are no flags (plain text: it quotes the file)."""
    screen.notify(
        f"{problem.message}\nNo flags are shown until it is fixed.",
        severity="error",
        timeout=15,
        markup=False,
    )


def read_saved(store: PlanStore, plan_id: int, period_id: int, activity_id: int) -> ActivityView:
    """An activity re-read after a save: without flags when the rules file cannot be read
    (the save itself succeeded and must not be reported as failed)."""
    try:
        return store.activity_view(plan_id, period_id, activity_id)
    except RulesUnreadable:
        view = store.activity_view(plan_id, period_id, activity_id, review=False)
        view.apply(reviews_without_rules_of(view))
        return view
