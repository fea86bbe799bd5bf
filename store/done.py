"""Which activities are done: completed in a period up to the one viewed, and not since undone.

An activity is done from the earliest period whose officer-set status is final ("Complete",
"Done"…) with no later period, up to the viewed one, setting an open status again. A reopened
activity (`Activity.reopened_after_period_id`) counts only final statuses after that period.
A done activity is not expected to update in later periods (`store.review`).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from plandesk.core.plan import PeriodInfo
from plandesk.core.statuses import is_final
from plandesk.store.models import Activity, Period, ProgressUpdate
from plandesk.store.rows import rows

__all__ = ["done_in"]


def done_in(
    session: Session, plan_id: int, period: PeriodInfo, activity_id: int | None = None
) -> dict[int, str]:
    """Per done activity of the plan (or only `activity_id`), the label of the period it was
    completed in, as of `period`. One select over the statuses set up to that period."""
    reopened = aliased(Period)
    statement = (
        select(ProgressUpdate.activity_id, Period.label, ProgressUpdate.status)
        .join(Period, Period.id == ProgressUpdate.period_id)
        .join(Activity, Activity.id == ProgressUpdate.activity_id)
        .outerjoin(reopened, reopened.id == Activity.reopened_after_period_id)
        .where(
            Period.plan_id == plan_id,
            Period.end <= period.end,
            ProgressUpdate.status != "",
            or_(reopened.id.is_(None), Period.end > reopened.end),
        )
        .order_by(Period.end, Period.id)
    )
    if activity_id is not None:
        statement = statement.where(ProgressUpdate.activity_id == activity_id)
    since: dict[int, str | None] = {}
    for found_id, label, status in rows(session, statement):
        if is_final(status):
            since[found_id] = since.get(found_id) or label
        else:
            since[found_id] = None
    return {found_id: label for found_id, label in since.items() if label is not None}
