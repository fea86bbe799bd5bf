"""Edits: saving an update (versioned, with its revision) and acknowledging flags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from plandesk.core.merge import MERGE_MARKER_REFUSAL, has_merge_marker
from plandesk.core.plan import AckView, UpdateView
from plandesk.core.statuses import UnknownStatus, parse_status
from plandesk.core.text import clean_line, clean_text
from plandesk.store.cross_links import link_update
from plandesk.store.errors import NotFound, StoreError, UpdateConflict
from plandesk.store.lookup import find_activities, update_for
from plandesk.store.models import Acknowledgement, Activity, Draft, Period, ProgressUpdate
from plandesk.store.period_state import refuse_closed
from plandesk.store.review import RulesProvider
from plandesk.store.rows import UPDATE_COLUMNS, begin_write, draft_of, update_row, update_view
from plandesk.store.snapshots import activity_view
from plandesk.store.update_writer import LostUpdate, UpdateWrite, write_updates

__all__ = ["acknowledge", "acknowledgements", "save_update"]

# A scripted save (no expected version) that loses a race is re-applied on top; this bounds it.
_SCRIPTED_SAVE_ATTEMPTS = 20


def save_update(
    engine: Engine,
    clock: Callable[[], datetime],
    activity_id: int,
    period_id: int,
    text: str,
    *,
    author: str,
    status: str | None,
    expected_version: int | None,
    source: str,
) -> UpdateView:
    """Save an activity's update for a period and record the change (see
    `PlanStore.save_update` for the rules)."""
    status = _checked_status(status)
    text, author = clean_text(text), clean_line(author)
    if has_merge_marker(text):
        raise StoreError(MERGE_MARKER_REFUSAL)
    for attempt in range(_SCRIPTED_SAVE_ATTEMPTS):
        last = attempt == _SCRIPTED_SAVE_ATTEMPTS - 1
        with Session(engine) as session:
            try:
                begin_write(session)
                result = _save(
                    session,
                    clock,
                    activity_id,
                    period_id,
                    text,
                    author,
                    status,
                    expected_version,
                    source,
                )
                # Saved text supersedes the author's draft, in the same transaction.
                session.exec(delete(Draft).where(*draft_of(activity_id, period_id, author)))
                session.commit()
            except IntegrityError:
                # Another writer created the update between our read and our insert.
                session.rollback()
                if expected_version is None and not last:
                    continue
                raise UpdateConflict(
                    expected_version or 0, update_for(engine, activity_id, period_id)
                ) from None
            except UpdateConflict:
                # Another writer saved between our read and our write.
                if expected_version is None and not last:
                    continue
                raise
            return result
    raise AssertionError("unreachable")  # pragma: no cover


def _save(
    session: Session,
    clock: Callable[[], datetime],
    activity_id: int,
    period_id: int,
    text: str,
    author: str,
    status: str | None,
    expected_version: int | None,
    source: str,
) -> UpdateView:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(f"no activity with id {activity_id}")
    # A closed period refuses the save; its row stays locked against a close until commit.
    refuse_closed(session, period_id)
    # Locked until commit on PostgreSQL (FOR UPDATE; SQLite took its write lock already),
    # so a second writer waits here and then sees the new version.
    found = session.exec(
        select(*UPDATE_COLUMNS)
        .where(ProgressUpdate.activity_id == activity_id, ProgressUpdate.period_id == period_id)
        .with_for_update()
    ).one_or_none()
    current = UpdateView(*found) if found is not None else None
    current_version = current.version if current else 0
    if expected_version is not None and expected_version != current_version:
        raise UpdateConflict(expected_version, current)
    now = clock()
    connection = session.connection()
    if current is None:
        write = UpdateWrite(activity_id, period_id, text, status or "")
        ids = write_updates(connection, [write], author=author, source=source, now=now)
        link_update(session, activity.plan_id, activity_id, period_id, text)
        return UpdateView(
            ids[activity_id, period_id], activity_id, period_id, text, status or "", author, now, 1
        )
    new_status = current.status if status is None else status
    if current.text == text and current.status == new_status:
        return current
    write = UpdateWrite(
        activity_id,
        period_id,
        text,
        new_status,
        update_id=current.id,
        version=current.version,
        before_text=current.text,
        before_status=current.status,
    )
    try:
        write_updates(connection, [write], author=author, source=source, now=now)
    except LostUpdate:
        session.rollback()
        found_now = update_row(session, activity_id, period_id)
        raise UpdateConflict(
            current_version, update_view(found_now) if found_now else None
        ) from None
    if current.text != text:
        link_update(session, activity.plan_id, activity_id, period_id, text)
    # As stored (SQLite gives its times back without their zone).
    row = update_row(session, activity_id, period_id)
    assert row is not None
    return update_view(row)


def acknowledge(
    engine: Engine,
    now: datetime,
    activity_id: int,
    period_id: int,
    note: str,
    *,
    author: str,
    clear: bool = False,
    rules: RulesProvider,
) -> AckView | None:
    """Record that an activity's flags have been seen to (or, with `clear`, withdraw it).

    Only an activity the stall rules (or its officer's status) flag in the period can be
    acknowledged, and only a standing acknowledgement withdrawn: `StoreError` otherwise, with
    nothing written.
    """
    note, author = clean_text(note), clean_line(author)
    with Session(engine) as session:
        activity = session.get(Activity, activity_id)
        if activity is None:
            raise NotFound(f"no activity with id {activity_id}")
        plan_id = activity.plan_id
    if not clear and not note.strip():
        raise StoreError("an acknowledgement needs a note (what was done about it)")
    [match] = find_activities(engine, plan_id, f"#{activity_id}", include_retired=True)
    name = match.qualified_ref
    # The rules run before the write lock is taken; a withdrawal does not need them.
    flagged = clear or bool(
        activity_view(engine, rules, plan_id, period_id, activity_id, review=True).flags
    )
    with Session(engine) as session:
        begin_write(session)
        period = refuse_closed(session, period_id)
        standing = session.scalar(
            select(Acknowledgement.cleared)
            .where(
                Acknowledgement.activity_id == activity_id,
                Acknowledgement.period_id == period_id,
            )
            .order_by(Acknowledgement.at.desc(), Acknowledgement.id.desc())
            .limit(1)
        )
        if clear and standing in (None, True):
            raise StoreError(f"{name} has no acknowledgement in {period.label} to withdraw")
        if not clear and not flagged:
            raise StoreError(
                f"{name} has no flag in {period.label}: there is nothing to acknowledge"
            )
        row = Acknowledgement(
            activity_id=activity_id,
            period_id=period_id,
            note=note.strip(),
            author=author,
            at=now,
            cleared=clear,
        )
        session.add(row)
        session.commit()
        return None if clear else AckView(row.note, row.author, row.at)


def acknowledgements(engine: Engine, activity_id: int) -> list[tuple[str, AckView, bool]]:
    """Every acknowledgement of an activity as (period label, note, cleared), oldest first."""
    with Session(engine) as session:
        found = session.exec(
            select(Acknowledgement, Period.label)
            .join(Period, Period.id == Acknowledgement.period_id)
            .where(Acknowledgement.activity_id == activity_id)
            .order_by(Acknowledgement.at, Acknowledgement.id)
        ).all()
        return [(label, AckView(a.note, a.author, a.at), a.cleared) for a, label in found]


def _checked_status(status: str | None) -> str | None:
    if status is None:
        return None
    try:
        return parse_status(status)
    except UnknownStatus as exc:
        raise StoreError(str(exc)) from None
