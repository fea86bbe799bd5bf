"""Editing the plan's activities: add, edit (and move), retire, reopen.

Each edit is one write transaction holding the change and its history row
(`plan_history.record_change`): before and after of the fields that changed, who and when. A
ref stays unique within its commitment (retired activities keep theirs). Fields are named in
history as officers know them: text, ref, lead, due, oversight, commitment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import Session

from plandesk.core.plan_edits import PlanEdit
from plandesk.core.refs import ref_key
from plandesk.core.statuses import is_final
from plandesk.core.text import clean_line, clean_text
from plandesk.store.errors import NotFound, StoreError
from plandesk.store.models import Activity, Commitment, Period, ProgressUpdate
from plandesk.store.oversight_links import relink
from plandesk.store.plan_items import (
    activity_label,
    changed,
    find_commitment,
    last_position,
    new_ref,
    plan_of,
    read_due,
    record,
    required_text,
)
from plandesk.store.rows import begin_write

__all__ = ["add_activity", "edit_activity", "reopen_activity", "retire_activity", "writing"]

Clock = Callable[[], datetime]


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """One write transaction (the write lock first on SQLite), committed when the block ends;
    its rows stay readable afterwards (what the edit returns is built from them)."""
    with Session(engine, expire_on_commit=False) as session:
        begin_write(session)
        yield session
        session.commit()


def _refs_in(session: Session, commitment_id: int) -> list[tuple[int, str | None, str | None]]:
    return list(
        session.exec(
            select(Activity.id, Activity.ref, Activity.ref_key).where(
                Activity.commitment_id == commitment_id
            )
        ).all()
    )


def _activity(session: Session, plan_id: int, activity_id: int) -> tuple[Activity, Commitment]:
    activity = session.get(Activity, activity_id, with_for_update=True)
    if activity is None or activity.plan_id != plan_id:
        raise NotFound(f"no activity with id {activity_id} in this plan")
    commitment = session.get(Commitment, activity.commitment_id)
    assert commitment is not None
    return activity, commitment


def _current(activity: Activity, commitment: Commitment) -> None:
    """Refuse to edit what is no longer part of the plan."""
    label = activity_label(activity, commitment)
    if commitment.retired_at is not None:
        raise StoreError(
            f"{label} belongs to the retired commitment {commitment.ref}; reopen it first"
        )
    if activity.retired_at is not None:
        raise StoreError(f"{label} is retired; reopen it first with 'plandesk activity reopen'")


def add_activity(
    engine: Engine,
    clock: Clock,
    plan_id: int,
    commitment_ref: str,
    text: str,
    *,
    author: str,
    ref: str | None = None,
    lead: str = "",
    due: str = "",
    oversight: str = "",
) -> PlanEdit:
    """Add an activity at the end of a commitment (see `PlanStore.add_activity`)."""
    with writing(engine) as session:
        plan_of(session, plan_id)
        commitment = find_commitment(session, plan_id, commitment_ref)
        assert commitment.id is not None
        cleaned_ref = new_ref(ref, _refs_in(session, commitment.id), None) if ref else None
        activity = Activity(
            plan_id=plan_id,
            commitment_id=commitment.id,
            position=last_position(
                session, Activity.position, Activity.commitment_id == commitment.id
            ),
            ref=cleaned_ref,
            ref_key=ref_key(cleaned_ref),
            text=required_text(text, "an activity's text"),
            oversight=clean_text(oversight).strip(),
            lead=clean_line(lead),
            due=read_due(due),
        )
        session.add(activity)
        session.flush()
        assert activity.id is not None
        if activity.oversight:
            relink(session, plan_id, activity.id, activity.oversight)
        label = activity_label(activity, commitment)
        after = {
            "commitment": commitment.ref,
            "ref": activity.ref,
            "text": activity.text,
            "lead": activity.lead,
            "due": activity.due,
            "oversight": activity.oversight,
        }
        change = record(
            session,
            plan_id,
            "activity add",
            label,
            author=author,
            at=clock(),
            after={k: v for k, v in after.items() if v not in (None, "")},
            commitment_id=commitment.id,
            activity_id=activity.id,
        )
    return PlanEdit("activity", activity.id, label, change)


def edit_activity(
    engine: Engine,
    clock: Clock,
    plan_id: int,
    activity_id: int,
    *,
    author: str,
    text: str | None = None,
    ref: str | None = None,
    lead: str | None = None,
    due: str | None = None,
    oversight: str | None = None,
    commitment: str | None = None,
) -> PlanEdit:
    """Change an activity's fields; `commitment` moves it (see `PlanStore.edit_activity`)."""
    with writing(engine) as session:
        activity, parent = _activity(session, plan_id, activity_id)
        _current(activity, parent)
        old_label = activity_label(activity, parent)
        target = parent
        if commitment is not None:
            target = find_commitment(session, plan_id, commitment)
        assert target.id is not None
        if ref is not None and target is parent:
            session.get(Commitment, parent.id, with_for_update=True)  # as `find_commitment`
        values: dict[str, object] = {}
        if text is not None:
            values["text"] = required_text(text, "an activity's text")
        if lead is not None:
            values["lead"] = clean_line(lead)
        if due is not None:
            values["due"] = read_due(due)
        if oversight is not None:
            values["oversight"] = clean_text(oversight).strip()
        moving = target.id != parent.id
        if ref is not None or (moving and activity.ref):
            wanted = ref if ref is not None else activity.ref
            assert wanted is not None
            values["ref"] = new_ref(wanted, _refs_in(session, target.id), activity.id)
        differences = changed(activity, values)
        if moving:
            differences["commitment"] = (parent.ref, target.ref)
        if not differences:
            return PlanEdit("activity", activity_id, old_label, None)
        for name, (_before, after) in differences.items():
            if name != "commitment":
                setattr(activity, name, after)
        if "ref" in differences:
            activity.ref_key = ref_key(activity.ref)
        if moving:
            activity.commitment_id = target.id
            activity.position = last_position(
                session, Activity.position, Activity.commitment_id == target.id
            )
        session.add(activity)
        if "oversight" in differences:
            relink(session, plan_id, activity_id, activity.oversight)
        label = activity_label(activity, target)
        change = record(
            session,
            plan_id,
            "activity move" if moving else "activity edit",
            old_label if old_label == label else f"{old_label} → {label}",
            author=author,
            at=clock(),
            before={name: pair[0] for name, pair in differences.items()},
            after={name: pair[1] for name, pair in differences.items()},
            # The commitment it was in before: the importer finds a moved activity there.
            commitment_id=parent.id,
            activity_id=activity_id,
        )
    return PlanEdit("activity", activity_id, label, change)


def retire_activity(
    engine: Engine, clock: Clock, plan_id: int, activity_id: int, reason: str, *, author: str
) -> PlanEdit:
    """Take an activity out of the current plan, keeping it and its history."""
    why = required_text(reason, "the reason for retiring")
    with writing(engine) as session:
        activity, parent = _activity(session, plan_id, activity_id)
        _current(activity, parent)
        now = clock()
        activity.retired_at, activity.retired_reason = now, why
        session.add(activity)
        label = activity_label(activity, parent)
        change = record(
            session,
            plan_id,
            "activity retire",
            label,
            author=author,
            at=now,
            reason=why,
            commitment_id=parent.id,
            activity_id=activity_id,
        )
    return PlanEdit("activity", activity_id, label, change)


def reopen_activity(
    engine: Engine, clock: Clock, plan_id: int, activity_id: int, *, author: str
) -> PlanEdit:
    """Bring back a retired activity, or one done (see `PlanStore.reopen_activity`)."""
    with writing(engine) as session:
        activity, parent = _activity(session, plan_id, activity_id)
        label = activity_label(activity, parent)
        if parent.retired_at is not None:
            raise StoreError(
                f"{label} belongs to the retired commitment {parent.ref}: "
                f"reopen that with 'plandesk commitment reopen {parent.ref}'"
            )
        if activity.retired_at is not None:
            before = {"retired": activity.retired_reason}
            after: dict[str, object] = {"retired": None}
            activity.retired_at, activity.retired_reason = None, ""
        else:
            done_in = _done_in(session, activity)
            if done_in is None:
                raise StoreError(f"{label} is neither retired nor done: there is nothing to reopen")
            latest = session.exec(
                select(Period)
                .where(Period.plan_id == plan_id)
                .order_by(Period.start.desc(), Period.end.desc())
                .limit(1)
            ).scalar_one()
            before = {"done_in": done_in.label}
            after = {"reopened_after": latest.label}
            activity.reopened_after_period_id = latest.id
        session.add(activity)
        change = record(
            session,
            plan_id,
            "activity reopen",
            label,
            author=author,
            at=clock(),
            before=before,
            after=after,
            commitment_id=parent.id,
            activity_id=activity_id,
        )
    return PlanEdit("activity", activity_id, label, change)


def _done_in(session: Session, activity: Activity) -> Period | None:
    """The period whose final status makes the activity done: its latest update's, when that
    status is final and later than the period it was last reopened after."""
    found = session.exec(
        select(ProgressUpdate.status, Period)
        .join(Period, Period.id == ProgressUpdate.period_id)
        .where(ProgressUpdate.activity_id == activity.id)
        .order_by(Period.start.desc(), Period.end.desc())
        .limit(1)
    ).first()
    if found is None or not is_final(found[0]):
        return None
    period = found[1]
    if activity.reopened_after_period_id is not None:
        reopened_after = session.get(Period, activity.reopened_after_period_id)
        if reopened_after is not None and period.start <= reopened_after.start:
            return None
    return period
