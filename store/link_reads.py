"""Cross-reference links laid over activity views, and the items a review must see with them.

An activity that only points elsewhere is judged by its targets (`core.reported_under`), so a
review of that one activity (after a save) reads its targets too, and theirs, up to a bound.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlmodel import Session

from plandesk.core.link_lists import distribute
from plandesk.core.plan import ActivityView
from plandesk.store.cross_links import read_links
from plandesk.store.models import Activity
from plandesk.store.rows import rows

__all__ = ["attach_links", "with_targets"]

# How many items a review of one activity reads at most to follow its links.
_MOST = 400


def attach_links(
    session: Session,
    plan_id: int,
    period_id: int | None,
    activities: dict[int, ActivityView],
    *,
    whole_plan: bool,
) -> None:
    """Set each activity's `references` and `referred_by` (this period's and the plan's)."""
    links = read_links(session, plan_id, period_id, None if whole_plan else list(activities))
    references, referred = distribute(links, {a.id: a.commitment_id for a in activities.values()})
    for activity_id, view in activities.items():
        view.references = tuple(references.get(activity_id, ()))
        view.referred_by = tuple(referred.get(activity_id, ()))


def with_targets(
    session: Session,
    plan_id: int,
    period_id: int,
    view: ActivityView,
    read: Callable[[int], ActivityView | None],
) -> dict[int, ActivityView]:
    """`view` and every item its links lead to, following chains (`read` gives one activity's
    view with its update; links are attached here)."""
    found = {view.id: view}
    pending = [view]
    while pending and len(found) < _MOST:
        current = pending.pop()
        wanted: set[int] = set()
        commitments = set()
        for link in current.references:
            if link.target_activity_id is not None:
                wanted.add(link.target_activity_id)
            if link.target_commitment_id is not None:
                commitments.add(link.target_commitment_id)
        if commitments:
            wanted.update(
                activity_id
                for (activity_id,) in rows(
                    session,
                    select(Activity.id).where(
                        Activity.commitment_id.in_(commitments), Activity.retired_at.is_(None)
                    ),
                )
            )
        new: dict[int, ActivityView] = {}
        for activity_id in sorted(wanted - found.keys()):
            target = read(activity_id)
            if target is not None:
                new[activity_id] = target
        if new:
            attach_links(session, plan_id, period_id, new, whole_plan=False)
            found.update(new)
            pending.extend(new.values())
    return found
