"""Opening a plan's next reporting period: the quarterly cycle starts here, not with an import.

A new period holds no updates; every activity shows the previous period's update beside the
empty one. Periods never overlap: a label naming the same months as an open period, under
another spelling, is refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from plandesk.core.periods import PeriodError, next_quarter, parse_period, quarter_of
from plandesk.core.plan import PeriodInfo
from plandesk.core.text import clean_line
from plandesk.store.errors import NotFound, StoreError
from plandesk.store.models import Period, Plan
from plandesk.store.plan_history import record_change
from plandesk.store.rows import begin_write

__all__ = ["open_period"]


def open_period(
    engine: Engine, plan_id: int, label: str | None, *, author: str, now: datetime
) -> PeriodInfo:
    """Add a reporting period to the plan, recorded in its history, and return it.

    Without `label`, the UK financial quarter after the plan's latest period (or, for a plan
    with none, the quarter holding `now`). Raises `StoreError` for a label that cannot be
    read, a period the plan has already, or one overlapping another period's months.
    """
    with Session(engine) as session:
        begin_write(session)
        if session.get(Plan, plan_id) is None:
            raise NotFound(f"no plan with id {plan_id}")
        existing = list(
            session.exec(
                select(Period).where(Period.plan_id == plan_id).order_by(Period.end)
            ).scalars()
        )
        if label is None:
            spec = next_quarter(existing[-1].end) if existing else quarter_of(now.date())
        else:
            try:
                spec = parse_period(label)
            except PeriodError as exc:
                raise StoreError(str(exc)) from None
        for period in existing:
            if period.label.casefold() == spec.label.casefold():
                raise StoreError(f"the plan has the period {period.label!r} already")
            if period.start <= spec.end and spec.start <= period.end:
                raise StoreError(
                    f"{spec.label!r} overlaps the plan's period {period.label!r} "
                    f"({period.start:%d %b %Y} – {period.end:%d %b %Y})"
                )
        row = Period(plan_id=plan_id, label=spec.label, start=spec.start, end=spec.end)
        session.add(row)
        try:
            session.flush()
            record_change(
                session,
                plan_id,
                "period open",
                row.label,
                author=clean_line(author),
                at=now,
                after={"start": row.start, "end": row.end},
                period_id=row.id,
            )
            session.commit()
        except IntegrityError:
            session.rollback()
            raise StoreError(f"the plan has the period {spec.label!r} already") from None
        assert row.id is not None
        return PeriodInfo(row.id, plan_id, row.label, row.start, row.end, 0)
