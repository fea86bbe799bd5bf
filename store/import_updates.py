"""The updates part of an import: what a document says against what the officers wrote.

The policy (README, "Backups and safety"):

- an activity with no update in the period gets the document's text, as version 1;
- an update whose newest revision came from an import takes the document's text, keeping its
  status unless the document gives one (a table's status or RAG column);
- an update edited since (its newest revision came from the app, the CLI, …) is kept as the
  officer left it and listed in the report, unless the import was asked to `overwrite`: then it
  takes the document's text and its status is cleared, because documents carry no status and
  the officer's status spoke of the officer's text (both stay in the history).

Rows are read inside the import's write transaction (locked `FOR UPDATE` on PostgreSQL; SQLite
holds the whole database from `BEGIN IMMEDIATE`) and written by `update_writer`, which counts
every versioned `UPDATE`: a row that changed anyway raises `LostUpdate`, the transaction is
rolled back and no revision of a change that did not happen is ever written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, not_, or_, select

from plandesk.core.plan import ImportReport
from plandesk.store.models import ProgressUpdate, Revision
from plandesk.store.update_writer import UpdateWrite, write_updates

__all__ = ["IMPORT_SOURCE", "Incoming", "merge_updates"]

# Every import revision's source starts with this ("import q2.txt"); anything else is an edit.
IMPORT_SOURCE = "import "


@dataclass(frozen=True, slots=True)
class Incoming:
    """One activity's update as the document gives it."""

    activity_id: int
    label: str
    text: str
    # The document's status for it ("" when the document gives none: the text layouts).
    status: str = ""


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
    """Create or change the period's updates from `incoming`, each change with its revision
    (`update_writer.write_updates`, which raises `LostUpdate` when a row moved anyway)."""
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
    writes: list[UpdateWrite] = []
    for item in incoming:
        row = current.get(item.activity_id)
        if row is None:
            writes.append(UpdateWrite(item.activity_id, period_id, item.text, item.status))
            report.count("created", "updates")
            continue
        status = item.status or row.status
        if row.text == item.text and status == row.status:
            report.count("unchanged", "updates")
            continue
        if row.id in edited:
            if not overwrite:
                report.kept.append(item.label)
                report.count("unchanged", "updates")
                continue
            report.overwritten.append(item.label)
            status = item.status
        writes.append(
            UpdateWrite(
                item.activity_id,
                period_id,
                item.text,
                status,
                update_id=row.id,
                version=row.version,
                before_text=row.text,
                before_status=row.status,
            )
        )
        report.count("changed", "updates")
    write_updates(connection, writes, author=author, source=source, now=now)


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
