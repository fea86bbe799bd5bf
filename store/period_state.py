"""Closing a reporting period once it has gone to the Panel, and reopening it with a reason.

A closed period's updates, statuses and acknowledgements can no longer change: every writer
asks `refuse_closed` inside its own transaction, after locking the period's row against a
close running at the same moment (SQLite: the write lock; PostgreSQL: `FOR SHARE`, which a
close's `FOR UPDATE` waits for). Drafts are not refused: nothing typed is ever lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import Session

from plandesk.core.plan import PeriodInfo
from plandesk.core.text import clean_line, clean_text
from plandesk.store.errors import NotFound, StoreError
from plandesk.store.lookup import periods, resolve_period
from plandesk.store.models import Period
from plandesk.store.plan_history import record_change
from plandesk.store.rows import begin_write

__all__ = [
    "PeriodClosed",
    "close_period",
    "closed_refusal",
    "refuse_closed",
    "reopen_period",
    "writable_period",
]


class PeriodClosed(StoreError):
    """A write to a period that has been closed; nothing was written."""


def closed_refusal(label: str) -> PeriodClosed:
    """The error for a write to the closed period `label`, saying how to reopen it."""
    return PeriodClosed(
        f"the period {label} is closed (it has gone to the Panel): nothing was changed; "
        f'reopen it first with plandesk period reopen "{label}" --reason "…"'
    )


def refuse_closed(session: Session, period_id: int) -> Period:
    """The period's row, locked against a concurrent close until the caller's transaction
    ends; `NotFound` without one, `PeriodClosed` when it is closed."""
    period = session.exec(
        select(Period).where(Period.id == period_id).with_for_update(read=True)
    ).scalar_one_or_none()
    if period is None:
        raise NotFound(f"no period with id {period_id}")
    if period.closed_at is not None:
        raise closed_refusal(period.label)
    return period


def writable_period(engine: Engine, plan_id: int, label: str | None = None) -> PeriodInfo:
    """The period a write goes to: `label` (which must be open), or the latest open period."""
    if label is not None:
        named = resolve_period(engine, plan_id, label)
        if named.is_closed:
            raise closed_refusal(named.label)
        return named
    every = periods(engine, plan_id)
    if not every:
        raise NotFound("the plan has no reporting period yet: open one with plandesk period open")
    still_open = [p for p in every if not p.is_closed]
    if not still_open:
        raise StoreError(
            "every period of the plan is closed: open the next one with plandesk period open, "
            'or reopen one with plandesk period reopen LABEL --reason "…"'
        )
    return still_open[-1]


def _locked(session: Session, plan_id: int, period_id: int) -> Period:
    period = session.exec(
        select(Period).where(Period.id == period_id, Period.plan_id == plan_id).with_for_update()
    ).scalar_one_or_none()
    if period is None:
        raise NotFound(f"no period with id {period_id} in this plan")
    return period


def _info(period: Period, update_count: int) -> PeriodInfo:
    assert period.id is not None
    return PeriodInfo(
        period.id,
        period.plan_id,
        period.label,
        period.start,
        period.end,
        update_count,
        period.closed_at,
        period.closed_by,
    )


def close_period(
    engine: Engine, plan_id: int, label: str | None, *, author: str, now: datetime
) -> PeriodInfo:
    """Close `label` (default: the plan's latest open period), recorded in the plan's history.

    Raises `StoreError` when it is closed already, or when no period is open.
    """
    author = clean_line(author)
    if label is None:
        target = writable_period(engine, plan_id)
    else:
        target = resolve_period(engine, plan_id, label)
    with Session(engine) as session:
        begin_write(session)
        period = _locked(session, plan_id, target.id)
        if period.closed_at is not None:
            raise StoreError(
                f"the period {period.label} is closed already "
                f"(by {period.closed_by or 'someone'} on {period.closed_at:%Y-%m-%d})"
            )
        period.closed_at, period.closed_by = now, author
        record_change(
            session,
            plan_id,
            "period close",
            period.label,
            author=author,
            at=now,
            before={"closed": False},
            after={"closed": True},
            period_id=period.id,
        )
        session.commit()
        session.refresh(period)
        return _info(period, target.update_count)


def reopen_period(
    engine: Engine, plan_id: int, label: str, *, reason: str, author: str, now: datetime
) -> PeriodInfo:
    """Open a closed period to writes again; `reason` is required and kept in the history."""
    reason, author = clean_text(reason).strip(), clean_line(author)
    if not reason:
        raise StoreError("say why the period is reopened: --reason TEXT")
    target = resolve_period(engine, plan_id, label)
    with Session(engine) as session:
        begin_write(session)
        period = _locked(session, plan_id, target.id)
        if period.closed_at is None:
            raise StoreError(f"the period {period.label} is open already")
        before = {"closed": True, "closed_at": period.closed_at, "closed_by": period.closed_by}
        period.closed_at, period.closed_by = None, None
        record_change(
            session,
            plan_id,
            "period reopen",
            period.label,
            author=author,
            at=now,
            before=before,
            after={"closed": False},
            reason=reason,
            period_id=period.id,
        )
        session.commit()
        session.refresh(period)
        return _info(period, target.update_count)
