"""Each activity's last update before a period: what chasing an owner quotes back to them.

The previous period's update is not enough: an activity skipped last quarter still has words
from the quarter before, and those are what its lead last said.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from plandesk.core.chase import LastUpdate
from plandesk.store.models import Period, ProgressUpdate
from plandesk.store.rows import rows

__all__ = ["last_updates"]


def last_updates(engine: Engine, plan_id: int, before_period_id: int) -> dict[int, LastUpdate]:
    """Per activity id, its latest update with words in a period of the plan that starts before
    `before_period_id` does. Updates holding only a status are passed over. One query."""
    before_start = select(Period.start).where(Period.id == before_period_id).scalar_subquery()
    ranked = (
        select(
            ProgressUpdate.activity_id,
            Period.label,
            ProgressUpdate.text,
            func.row_number()
            .over(
                partition_by=ProgressUpdate.activity_id,
                order_by=(Period.start.desc(), Period.end.desc(), Period.id.desc()),
            )
            .label("recency"),
        )
        .join(Period, Period.id == ProgressUpdate.period_id)
        .where(
            Period.plan_id == plan_id,
            Period.start < before_start,
            func.trim(ProgressUpdate.text) != "",
        )
        .subquery()
    )
    with Session(engine) as session:
        found = rows(
            session,
            select(ranked.c.activity_id, ranked.c.label, ranked.c.text).where(
                ranked.c.recency == 1
            ),
        )
    return {activity_id: LastUpdate(label, text) for activity_id, label, text in found}
