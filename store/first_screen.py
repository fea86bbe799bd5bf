"""The app's first screen, read with the standard library's `sqlite3` alone.

Importing SQLAlchemy and the table models costs more than drawing the whole first screen, which
shows only the latest plan's objectives, the first objective's commitments and a few counts. This
reads exactly that, read-only, so the app can paint it while the store is opened behind it.

It answers None whenever the database is not plainly an up-to-date plandesk file this reader
can read at once (missing, another program's, needing a migration, locked, damaged, holding
no plan, or one where the officer's last place is kept): the app then starts the normal way,
and the store says what is wrong. `PlanStore.snapshot` stays the one reading of the plan; a
test checks that the two agree.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from plandesk.core.counts import PeriodCounts
from plandesk.core.plan import CommitmentView, ObjectiveView, PeriodInfo, PlanInfo
from plandesk.core.statuses import is_final
from plandesk.core.text import clean_line
from plandesk.store.ownership import SCHEMA_HEAD, foreign_schema

__all__ = ["FirstScreen", "read_first_screen"]

# `str.isspace()`'s characters, for SQLite's trim(): an update of only these has no words.
# (A test checks the list against Python's.)
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@dataclass(frozen=True)
class FirstScreen:
    """The latest plan and period, every objective with its commitments (without their
    activities), and the counts of the period before the stall rules have run: the whole
    plan's, and each objective's by its id."""

    plan: PlanInfo
    period: PeriodInfo
    objectives: list[ObjectiveView]
    counts: PeriodCounts
    objective_counts: dict[int, PeriodCounts]

    def counts_of(self, objective_id: int) -> PeriodCounts:
        """An objective's counts (all nought for one without activities)."""
        return self.objective_counts.get(objective_id) or _counts([0, 0, 0, 0, 0])


def read_first_screen(path: Path, author: str, kept_place: str) -> FirstScreen | None:
    """The first screen of the database at `path`, or None when the app must start the normal
    way (see the module); `kept_place` names the author's setting holding their last place."""
    try:
        uri = f"{path.resolve(strict=True).as_uri()}?mode=ro"
        # timeout=0: a database being written answers "locked" at once instead of waiting.
        connection = sqlite3.connect(uri, uri=True, timeout=0)
    except (OSError, sqlite3.Error):
        return None
    try:
        if not _up_to_date(connection, str(path)):
            return None
        kept = connection.execute(
            "SELECT 1 FROM preference WHERE author = ? AND name = ?",
            (clean_line(author), kept_place),
        ).fetchone()
        return None if kept else _read(connection)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        connection.close()


def _up_to_date(connection: sqlite3.Connection, where: str) -> bool:
    tables = {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
    }
    if "alembic_version" not in tables:
        return False
    revisions = [r for (r,) in connection.execute("SELECT version_num FROM alembic_version")]
    return revisions == [SCHEMA_HEAD] and foreign_schema(where, tables, revisions) is None


def _read(connection: sqlite3.Connection) -> FirstScreen | None:
    plan_row = connection.execute(
        "SELECT id, name, edition, imported_at, notes FROM plan "
        "ORDER BY imported_at DESC, id DESC LIMIT 1"
    ).fetchone()
    if plan_row is None:
        return None
    plan_id = plan_row[0]
    periods = connection.execute(
        'SELECT id, label, start, "end", closed_at, closed_by FROM period '
        'WHERE plan_id = ? ORDER BY start, "end"',
        (plan_id,),
    ).fetchall()
    if not periods:
        return None
    period_id, label, start, end, closed_at, closed_by = periods[-1]
    (update_count,) = connection.execute(
        "SELECT count(*) FROM progress_update WHERE period_id = ?", (period_id,)
    ).fetchone()
    objectives = [
        ObjectiveView(id_, position, title)
        for id_, position, title in connection.execute(
            "SELECT id, position, title FROM objective WHERE plan_id = ? ORDER BY position",
            (plan_id,),
        )
    ]
    by_id = {o.id: o for o in objectives}
    for row in connection.execute(
        "SELECT id, objective_id, position, ref, kind, title FROM commitment "
        "WHERE plan_id = ? AND retired_at IS NULL ORDER BY position",
        (plan_id,),
    ):
        by_id[row[1]].commitments.append(CommitmentView(*row))
    # Each live activity's objective, as the snapshot keeps them (not under a retired commitment).
    objective_of = dict(
        connection.execute(
            "SELECT a.id, c.objective_id FROM activity a JOIN commitment c "
            "ON c.id = a.commitment_id WHERE a.plan_id = ? AND a.retired_at IS NULL "
            "AND c.plan_id = ? AND c.retired_at IS NULL",
            (plan_id, plan_id),
        )
    )
    # This period's updates: whether each has words (a word in its first characters spares
    # trimming the whole text), and its status.
    updates = {
        activity_id: (bool(words), status)
        for activity_id, words, status in connection.execute(
            "SELECT activity_id, CASE WHEN trim(substr(text, 1, 16), :spaces) != '' THEN 1 "
            "ELSE trim(text, :spaces) != '' END, status FROM progress_update "
            "WHERE period_id = :period",
            {"spaces": SPACES, "period": period_id},
        )
    }
    # Done: the last status set up to this period (after a reopening) is final (`store.done`).
    last_status: dict[int, str] = {}
    for activity_id, status in connection.execute(
        "SELECT u.activity_id, u.status FROM progress_update u "
        "JOIN period p ON p.id = u.period_id JOIN activity a ON a.id = u.activity_id "
        "LEFT JOIN period r ON r.id = a.reopened_after_period_id "
        "WHERE p.plan_id = ? AND p.\"end\" <= ? AND u.status != '' "
        'AND (r.id IS NULL OR p."end" > r."end") ORDER BY p."end", p.id',
        (plan_id, end),
    ):
        last_status[activity_id] = status
    tallies: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for activity_id, objective_id in objective_of.items():
        words, status = updates.get(activity_id, (False, ""))
        done = activity_id in last_status and is_final(last_status[activity_id])
        tally = tallies[objective_id]
        tally[0] += 1
        tally[1] += words
        tally[2] += done or (words and is_final(status))
        tally[3] += not words and not done
        tally[4] += done
    objective_counts = {o: _counts(t) for o, t in tallies.items()}
    total = _counts([sum(t[i] for t in tallies.values()) for i in range(5)])
    plan = PlanInfo(
        plan_id,
        plan_row[1],
        plan_row[2],
        _utc(plan_row[3]),
        plan_row[4],
        len(objective_of),
        tuple(p[1] for p in periods),
    )
    period = PeriodInfo(
        period_id,
        plan_id,
        label,
        date.fromisoformat(start),
        date.fromisoformat(end),
        update_count,
        _utc(closed_at) if closed_at else None,
        closed_by,
    )
    return FirstScreen(plan, period, objectives, total, objective_counts)


def _utc(text: str) -> datetime:
    """A stored time as the store returns it: SQLite keeps UTC without an offset."""
    when = datetime.fromisoformat(text)
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)


def _counts(tally: list[int]) -> PeriodCounts:
    """`PeriodCounts` of activities, updated, complete, no update, done; nothing is flagged
    before the stall rules have run."""
    activities, updated, complete, no_update, done = tally
    return PeriodCounts(activities, updated, complete, no_update, 0, done)
