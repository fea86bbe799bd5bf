"""The updates part of an import: what a document says against what the officers wrote.

The policy (README, "Backups and safety"):

- an activity with no update in the period gets the document's text, as version 1;
- an update whose newest revision came from an import takes the document's text, keeping its
  status (an import never sets one);
- an update edited since (its newest revision came from the app, the CLI, …) is kept as the
  officer left it and listed in the report, unless the import was asked to `overwrite`: then it
  takes the document's text and its status is cleared, because documents carry no status and
  the officer's status spoke of the officer's text (both stay in the history).

Rows are read inside the import's write transaction (locked `FOR UPDATE` on PostgreSQL; SQLite
holds the whole database from `BEGIN IMMEDIATE`), and every versioned `UPDATE` is counted: a
row that changed anyway raises `LostUpdate`, the transaction is rolled back and no revision of
a change that did not happen is ever written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, insert, not_, or_, select, update

from plandesk.core.plan import ImportReport
from plandesk.store.models import ProgressUpdate, Revision

__all__ = ["IMPORT_SOURCE", "Incoming", "LostUpdate", "merge_updates", "versioned_update"]

# Every import revision's source starts with this ("import q2.txt"); anything else is an edit.
IMPORT_SOURCE = "import "


class LostUpdate(Exception):
    """An update changed under the import's lock: the whole import must be run again."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One activity's update as the document gives it."""

    activity_id: int
    label: str
    text: str


def versioned_update(connection: Connection, changes: list[dict]) -> int:
    """Apply `changes` (each with `b_id`, the `b_version` it was read at, and the new values);
    returns how many rows were changed, which is fewer than asked when a version moved on.

    One bulk statement; both drivers report the sum of an executemany's row counts
    (tests/test_import_races.py checks it), and a dialect that does not is counted again.
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


def merge_updates(
    connection: Connection,
    period_id: int,
    incoming: list[Incoming],
    *,
    author: str,
    source: str,
    overwrite: bool,
    clock: Callable[[], datetime],
    report: ImportReport,
) -> None:
    """Create or change the period's updates from `incoming`, each change with its revision."""
    current = {
        row.activity_id: row
        for row in connection.execute(
            select(
                ProgressUpdate.id,
                ProgressUpdate.activity_id,
                ProgressUpdate.text,
                ProgressUpdate.status,
                ProgressUpdate.version,
            )
            .where(ProgressUpdate.period_id == period_id)
            .with_for_update()
        ).all()
    }
    edited = _edited_since_import(connection, period_id)
    # Taken once the rows are ours: a save that waited for them comes after in time as well
    # as in version, and one that committed before is earlier.
    now = clock()
    created: list[dict] = []
    changed: list[dict] = []
    revisions: list[dict] = []

    def revision(update_id, version, before_text, before_status, after_text, after_status):
        return {
            "update_id": update_id,
            "version": version,
            "before_text": before_text,
            "after_text": after_text,
            "before_status": before_status,
            "after_status": after_status,
            "author": author,
            "at": now,
            "source": source,
        }

    for item in incoming:
        row = current.get(item.activity_id)
        if row is None:
            created.append(
                {
                    "activity_id": item.activity_id,
                    "period_id": period_id,
                    "text": item.text,
                    "status": "",
                    "author": author,
                    "updated_at": now,
                    "version": 1,
                }
            )
            report.count("created", "updates")
            continue
        if row.text == item.text:
            report.count("unchanged", "updates")
            continue
        status = row.status
        if row.id in edited:
            if not overwrite:
                report.kept.append(item.label)
                report.count("unchanged", "updates")
                continue
            report.overwritten.append(item.label)
            status = ""
        changed.append(
            {
                "b_id": row.id,
                "b_version": row.version,
                "text": item.text,
                "status": status,
                "author": author,
                "updated_at": now,
                "version": row.version + 1,
            }
        )
        revisions.append(revision(row.id, row.version + 1, row.text, row.status, item.text, status))
        report.count("changed", "updates")
    if versioned_update(connection, changed) != len(changed):
        raise LostUpdate(f"{len(changed)} updates were to change, fewer did")
    if created:
        connection.execute(insert(ProgressUpdate), created)
        new_ids = dict(
            connection.execute(
                select(ProgressUpdate.activity_id, ProgressUpdate.id).where(
                    ProgressUpdate.period_id == period_id
                )
            ).all()
        )
        revisions += [
            revision(new_ids[row["activity_id"]], 1, None, None, row["text"], "") for row in created
        ]
    if revisions:
        connection.execute(insert(Revision), revisions)


def _edited_since_import(connection: Connection, period_id: int) -> set[int]:
    """The period's updates whose newest revision is not an import's (an officer's edit)."""
    return set(
        connection.execute(
            select(Revision.update_id)
            .join(
                ProgressUpdate,
                and_(
                    ProgressUpdate.id == Revision.update_id,
                    ProgressUpdate.version == Revision.version,
                ),
            )
            .where(
                ProgressUpdate.period_id == period_id,
                or_(
                    Revision.source.is_(None),
                    not_(Revision.source.startswith(IMPORT_SOURCE, autoescape=True)),
                ),
            )
        ).scalars()
    )
