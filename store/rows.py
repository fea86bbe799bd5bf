"""Rows to views, and the few transaction helpers every part of the store shares."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import select
from sqlmodel import Session

from plandesk.core.plan import ActivityView, PlanInfo, UpdateView
from plandesk.core.text import clean_line
from plandesk.store.models import Activity, Draft, Plan, ProgressUpdate

__all__ = [
    "ACTIVITY_COLUMNS",
    "activity_of",
    "UPDATE_COLUMNS",
    "begin_write",
    "draft_of",
    "escape_like",
    "no_cycle_collection",
    "plan_info",
    "rows",
    "update_row",
    "update_view",
    "updates_in",
]

# An `ActivityView`'s fields, in order.
ACTIVITY_COLUMNS = (
    Activity.id,
    Activity.commitment_id,
    Activity.position,
    Activity.ref,
    Activity.text,
    Activity.oversight,
    Activity.stands_for_commitment,
    Activity.lead,
    Activity.due,
    Activity.retired_at,
    Activity.retired_reason,
)


def activity_of(row) -> ActivityView:
    """An `ActivityView` (without updates) from a row of `ACTIVITY_COLUMNS`."""
    (id_, commitment_id, position, ref, text, oversight, stands, lead, due, retired, why) = row
    return ActivityView(
        id_,
        commitment_id,
        position,
        ref,
        text,
        oversight,
        stands,
        lead=lead,
        due=due,
        retired_at=retired,
        retired_reason=why,
    )


# An `UpdateView`'s fields, in order.
UPDATE_COLUMNS = (
    ProgressUpdate.id,
    ProgressUpdate.activity_id,
    ProgressUpdate.period_id,
    ProgressUpdate.text,
    ProgressUpdate.status,
    ProgressUpdate.author,
    ProgressUpdate.updated_at,
    ProgressUpdate.version,
)


def rows(session: Session, statement) -> Sequence:
    """All rows of a column select, run as Core: the ORM's per-row loading is skipped, which
    halves the cost of reading every update of a big plan."""
    return session.connection().execute(statement).all()


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Build tens of thousands of plain views without the cycle collector running meanwhile.

    It is triggered by the count of new objects and walks them all each time (a fifth of a
    big plan's read); these views hold no reference cycles, so it has nothing to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def begin_write(session: Session) -> None:
    """On SQLite, start the session's transaction with `BEGIN IMMEDIATE` (the write lock).

    The driver would otherwise begin only at the first write, after the version was read:
    two savers could both read version V, and the loser would fail where it should wait.
    Taking the lock first makes the read and the write one step; a second writer waits for
    it (busy timeout) instead of failing.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def plan_info(plan: Plan, activity_count: int = 0, labels: tuple[str, ...] = ()) -> PlanInfo:
    """A plan row as listed."""
    assert plan.id is not None
    return PlanInfo(
        plan.id,
        plan.name,
        plan.edition,
        plan.imported_at,
        plan.notes,
        activity_count,
        labels,
    )


def update_row(session: Session, activity_id: int, period_id: int) -> ProgressUpdate | None:
    """The activity's update row in the period, if there is one."""
    return session.exec(
        select(ProgressUpdate).where(
            ProgressUpdate.activity_id == activity_id, ProgressUpdate.period_id == period_id
        )
    ).scalar_one_or_none()


def update_view(row: ProgressUpdate) -> UpdateView:
    """An update row as the callers see it."""
    assert row.id is not None
    return UpdateView(
        row.id,
        row.activity_id,
        row.period_id,
        row.text,
        row.status,
        row.author,
        row.updated_at,
        row.version,
    )


def updates_in(session: Session, plan_id: int, period_id: int) -> list[UpdateView]:
    """Every update of the plan in one period."""
    found = rows(
        session,
        select(*UPDATE_COLUMNS)
        .join(Activity, Activity.id == ProgressUpdate.activity_id)
        .where(Activity.plan_id == plan_id, ProgressUpdate.period_id == period_id),
    )
    return [UpdateView(*r) for r in found]


def draft_of(activity_id: int, period_id: int, author: str) -> tuple:
    """The WHERE clauses naming one author's draft of an update."""
    author = clean_line(author)  # as save_draft stored it
    return (Draft.activity_id == activity_id, Draft.period_id == period_id, Draft.author == author)


def escape_like(text: str) -> str:
    """`text` matched literally by a LIKE with `escape="\\"`."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
