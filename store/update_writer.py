"""The one writer of progress updates and their revisions, for a save and for an import alike.

Every created or changed update gets its `Revision` in the same transaction, so nothing typed
is ever lost. A change is a versioned `UPDATE` (`WHERE version = <the version read>`) and its
row count is checked: a row that moved under the writer raises `LostUpdate` before any
revision is written, and the caller rolls back. Rows go in as bulk statements, so an import
of thousands of updates costs a handful of round trips.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, insert, select, update

from plandesk.store.errors import PlandeskError
from plandesk.store.models import ProgressUpdate, Revision

__all__ = ["LostUpdate", "UpdateWrite", "versioned_update", "write_updates"]


class LostUpdate(PlandeskError):
    """An update changed under the writer's lock: nothing of the write may be kept."""


@dataclass(frozen=True, slots=True)
class UpdateWrite:
    """One update to write: created when `update_id` is None, else changed from `version`."""

    activity_id: int
    period_id: int
    text: str
    status: str
    update_id: int | None = None
    version: int = 0
    before_text: str | None = None
    before_status: str | None = None


def versioned_update(connection: Connection, changes: list[dict]) -> int:
    """Apply `changes` (each with `b_id`, the `b_version` it was read at, and the new values);
    returns how many rows were changed, which is fewer than asked when a version moved on.

    One bulk statement; both drivers report the sum of an executemany's row counts
    (tests/safety/test_import_races.py checks it), and a dialect that does not is counted again.
    """
    if not changes:
        return 0
    table = ProgressUpdate.__table__
    result = connection.execute(
        update(table).where(
            table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version")
        ),
        changes,
    )
    if len(changes) == 1 or connection.dialect.supports_sane_multi_rowcount:
        return result.rowcount
    wanted = {(c["b_id"], c["version"]) for c in changes}
    found = connection.execute(
        select(table.c.id, table.c.version).where(table.c.id.in_([c["b_id"] for c in changes]))
    ).all()
    return sum((row.id, row.version) in wanted for row in found)


def write_updates(
    connection: Connection,
    writes: list[UpdateWrite],
    *,
    author: str,
    source: str,
    now: datetime,
) -> dict[tuple[int, int], int]:
    """Write `writes`, each with its revision stamped `author`, `now` and `source`.

    Changes go first and are counted (`LostUpdate` when one missed its version), then the new
    rows. Returns the new rows' ids by (activity id, period id).
    """
    changed = [w for w in writes if w.update_id is not None]
    created = [w for w in writes if w.update_id is None]
    revisions = [
        _revision(w.update_id, w.version + 1, w, author, source, now)
        for w in changed
        if w.update_id is not None
    ]
    rows = [
        {
            "b_id": w.update_id,
            "b_version": w.version,
            "text": w.text,
            "status": w.status,
            "author": author,
            "updated_at": now,
            "version": w.version + 1,
        }
        for w in changed
    ]
    if versioned_update(connection, rows) != len(rows):
        raise LostUpdate(f"{len(rows)} updates were to change, fewer did")
    new_ids: dict[tuple[int, int], int] = {}
    if created:
        connection.execute(
            insert(ProgressUpdate),
            [
                {
                    "activity_id": w.activity_id,
                    "period_id": w.period_id,
                    "text": w.text,
                    "status": w.status,
                    "author": author,
                    "updated_at": now,
                    "version": 1,
                }
                for w in created
            ],
        )
        new_ids = _ids_of(connection, created)
        revisions += [
            _revision(new_ids[w.activity_id, w.period_id], 1, w, author, source, now)
            for w in created
        ]
    if revisions:
        connection.execute(insert(Revision), revisions)
    return new_ids


def _ids_of(connection: Connection, created: list[UpdateWrite]) -> dict[tuple[int, int], int]:
    """The ids of rows just inserted: by period (one query however many), or by activity
    when there is only one (a save must not read the whole period)."""
    by_period: dict[int, list[int]] = defaultdict(list)
    for w in created:
        by_period[w.period_id].append(w.activity_id)
    ids: dict[tuple[int, int], int] = {}
    for period_id, activity_ids in by_period.items():
        query = select(ProgressUpdate.activity_id, ProgressUpdate.id).where(
            ProgressUpdate.period_id == period_id
        )
        if len(activity_ids) == 1:
            query = query.where(ProgressUpdate.activity_id == activity_ids[0])
        for activity_id, update_id in connection.execute(query).all():
            ids[activity_id, period_id] = update_id
    return ids


def _revision(
    update_id: int, version: int, write: UpdateWrite, author: str, source: str, now: datetime
) -> dict:
    return {
        "update_id": update_id,
        "version": version,
        "before_text": write.before_text,
        "after_text": write.text,
        "before_status": write.before_status,
        "after_status": write.status,
        "author": author,
        "at": now,
        "source": source,
    }
