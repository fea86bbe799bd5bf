"""The app's first screen, read with the standard library's `sqlite3` alone.

Importing SQLAlchemy and the table models costs more than drawing the whole first screen, which
shows only the latest plan's objectives, the first objective's commitments and a few counts. This
reads exactly that, read-only, so the app can paint it while the store is opened behind it.

With the officer's last place kept, it reads that plan and period instead, and the kept
activity's commitment in full (`store.first_screen_place`), so the app opens where they left it.

It answers None whenever the database is not plainly an up-to-date plandesk file this reader
can read at once (missing, another program's, needing a migration, locked, damaged, holding
no plan): the app then starts the normal way,
and the store says what is wrong. `PlanStore.snapshot` stays the one reading of the plan; a
test checks that the two agree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from plandesk.core.counts import PeriodCounts
from plandesk.core.plan import BodyView, CommitmentView, ObjectiveView, PeriodInfo, PlanInfo
from plandesk.core.statuses import is_final
from plandesk.store.first_screen_place import KeptPlace, kept_place, read_kept_commitment
from plandesk.store.ownership import SCHEMA_HEAD, foreign_schema

__all__ = [
    "FirstCounts",
    "FirstScreen",
    "read_first_counts",
    "read_first_screen",
    "up_to_date",
    "utc_time",
]

# `str.isspace()`'s characters, for SQLite's trim(): an update of only these has no words.
# (A test checks the list against Python's.)
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@dataclass(frozen=True)
class FirstScreen:
    """The latest plan and period (or the officer's kept ones), every objective with its
    commitments (without their activities, but for the kept activity's commitment), and the
    counts of the period before the stall rules have run: the whole plan's, and each
    objective's by its id (None while they are being counted: `read_first_counts`).
    `select`: the kept activity to put the cursor on; `bodies` and `drafted`: what its details
    and its commitment's labels name."""

    plan: PlanInfo
    period: PeriodInfo
    objectives: list[ObjectiveView]
    counts: PeriodCounts | None
    objective_counts: dict[int, PeriodCounts] | None
    previous_period: PeriodInfo | None = None
    select: int | None = None
    bodies: dict[str, BodyView] = field(default_factory=dict)
    drafted: frozenset[int] = frozenset()

    def counts_of(self, objective_id: int) -> PeriodCounts | None:
        """An objective's counts (all nought for one without activities; None: not counted
        yet)."""
        if self.objective_counts is None:
            return None
        return self.objective_counts.get(objective_id) or _counts([0, 0, 0, 0, 0])

    def with_counts(self, counted: FirstCounts) -> FirstScreen:
        """This screen with its counts."""
        return replace(
            self,
            plan=replace(self.plan, activity_count=counted.total.activities),
            counts=counted.total,
            objective_counts=counted.by_objective,
        )


@dataclass(frozen=True)
class FirstCounts:
    """A first screen's counts: the whole plan's and each objective's (by its id)."""

    total: PeriodCounts
    by_objective: dict[int, PeriodCounts]


def read_first_screen(
    path: Path, author: str, place_setting: str, *, count: bool = True
) -> FirstScreen | None:
    """The first screen of the database at `path`, or None when the app must start the normal
    way (see the module); `place_setting` names the author's setting holding their last place.
    `count=False` leaves the counts out (None), for `read_first_counts` to read apart: on a
    big plan they take most of the time."""
    connection = _connect(path)
    if connection is None:
        return None
    try:
        if not up_to_date(connection, str(path)):
            return None
        first = _read(connection, author, kept_place(connection, author, place_setting))
        if first is not None and count:
            first = first.with_counts(_tally(connection, first))
        return first
    except (sqlite3.Error, ValueError):
        return None
    finally:
        connection.close()


def read_first_counts(path: Path, first: FirstScreen) -> FirstCounts | None:
    """The counts of a first screen read with `count=False` (None: they could not be read;
    the full load will count)."""
    connection = _connect(path)
    if connection is None:
        return None
    try:
        return _tally(connection, first)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        connection.close()


def _connect(path: Path) -> sqlite3.Connection | None:
    try:
        uri = f"{path.resolve(strict=True).as_uri()}?mode=ro"
        # timeout=0: a database being written answers "locked" at once instead of waiting.
        return sqlite3.connect(uri, uri=True, timeout=0)
    except (OSError, sqlite3.Error):
        return None


def up_to_date(connection: sqlite3.Connection, where: str) -> bool:
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


def _read(connection: sqlite3.Connection, author: str, place: KeptPlace) -> FirstScreen | None:
    # As the app's loader: the kept plan if it is still there, else the latest.
    plan_row = None
    if place.plan is not None:
        plan_row = connection.execute(
            "SELECT id, name, edition, imported_at, notes FROM plan WHERE id = ?", (place.plan,)
        ).fetchone()
    if plan_row is None:
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
    # The kept period if it is one of this plan's (and then the kept activity), else the last.
    at = next((i for i, p in enumerate(periods) if p[0] == place.period), None)
    select = place.activity if at is not None else None
    at = len(periods) - 1 if at is None else at
    period_id, _label, _start, _end, _closed_at, _closed_by = periods[at]
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
    select = select if select is not None and _live(connection, plan_id, select) else None
    shown = [_period(plan_id, p) for p in periods[: at + 1]]
    shown[-1] = replace(shown[-1], update_count=update_count)
    bodies: dict[str, BodyView] = {}
    drafted: frozenset[int] = frozenset()
    if select is not None:
        (commitment_id,) = connection.execute(
            "SELECT commitment_id FROM activity WHERE id = ?", (select,)
        ).fetchone()
        kept = read_kept_commitment(connection, plan_id, commitment_id, shown, author, utc_time)
        commitment = next(c for o in objectives for c in o.commitments if c.id == commitment_id)
        commitment.activities = kept.activities
        bodies, drafted = kept.bodies, kept.drafted
    plan = PlanInfo(
        plan_id,
        plan_row[1],
        plan_row[2],
        utc_time(plan_row[3]),
        plan_row[4],
        0,  # counted with the rest (`with_counts`)
        tuple(p[1] for p in periods),
    )
    previous = shown[-2] if len(shown) > 1 else None
    return FirstScreen(plan, shown[-1], objectives, None, None, previous, select, bodies, drafted)


def _tally(connection: sqlite3.Connection, first: FirstScreen) -> FirstCounts:
    """Each objective's counts, tallied by SQLite (no row per activity comes back): the live
    activities as the snapshot keeps them (not under a retired commitment), whether this
    period's update has words, and whether the activity is done (`_TALLIES`)."""
    connection.create_function("final", 1, is_final, deterministic=True)
    period = first.period
    arguments = {
        "plan": first.plan.id,
        "period": period.id,
        "end": period.end.isoformat(),  # as stored
        "spaces": SPACES,
    }
    rows = connection.execute(_TALLIES, arguments)
    tallies = {objective_id: list(tally) for objective_id, *tally in rows}
    total = _counts([sum(t[i] for t in tallies.values()) for i in range(5)])
    return FirstCounts(total, {o: _counts(t) for o, t in tallies.items()})


# Per objective: activities, updated (this period's update has words; a word in its first
# characters spares trimming the whole text), complete (done, or updated with a final status),
# no update (no words and not done), done (the last status set up to this period, after a
# reopening, is final: `store.done`).
_TALLIES = """
WITH last AS (
    SELECT u.activity_id AS id, u.status AS status,
           max(p."end" || printf(':%020d', p.id)) AS at
    FROM progress_update u JOIN period p ON p.id = u.period_id
    JOIN activity a ON a.id = u.activity_id
    LEFT JOIN period r ON r.id = a.reopened_after_period_id
    WHERE p.plan_id = :plan AND p."end" <= :end AND u.status != ''
      AND (r.id IS NULL OR p."end" > r."end")
    GROUP BY u.activity_id
), live AS (
    SELECT c.objective_id AS objective,
           CASE WHEN u.id IS NULL THEN 0
                WHEN trim(substr(u.text, 1, 16), :spaces) != '' THEN 1
                ELSE trim(u.text, :spaces) != '' END AS words,
           CASE WHEN last.status IS NULL THEN 0 ELSE final(last.status) END AS done,
           CASE WHEN u.status IS NULL OR u.status = '' THEN 0 ELSE final(u.status) END AS final
    FROM activity a JOIN commitment c ON c.id = a.commitment_id
    LEFT JOIN progress_update u ON u.activity_id = a.id AND u.period_id = :period
    LEFT JOIN last ON last.id = a.id
    WHERE a.plan_id = :plan AND a.retired_at IS NULL
      AND c.plan_id = :plan AND c.retired_at IS NULL
)
SELECT objective, count(*), sum(words), sum(done OR (words AND final)),
       sum(NOT words AND NOT done), sum(done)
FROM live GROUP BY objective
"""


def _live(connection: sqlite3.Connection, plan_id: int, activity_id: int) -> bool:
    """Whether the tree shows the activity: live, under a live commitment of the plan."""
    return (
        connection.execute(
            "SELECT 1 FROM activity a JOIN commitment c ON c.id = a.commitment_id "
            "WHERE a.id = ? AND a.plan_id = ? AND a.retired_at IS NULL "
            "AND c.plan_id = ? AND c.retired_at IS NULL",
            (activity_id, plan_id, plan_id),
        ).fetchone()
        is not None
    )


def _period(plan_id: int, row: tuple) -> PeriodInfo:
    """A period row (id, label, start, end, closed at, by) as the store gives it."""
    period_id, label, start, end, closed_at, closed_by = row
    return PeriodInfo(
        period_id,
        plan_id,
        label,
        date.fromisoformat(start),
        date.fromisoformat(end),
        0,
        utc_time(closed_at) if closed_at else None,
        closed_by,
    )


def utc_time(text: str) -> datetime:
    """A stored time as the store returns it: SQLite keeps UTC without an offset."""
    when = datetime.fromisoformat(text)
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)


def _counts(tally: list[int]) -> PeriodCounts:
    """`PeriodCounts` of activities, updated, complete, no update, done; nothing is flagged
    before the stall rules have run."""
    activities, updated, complete, no_update, done = tally
    return PeriodCounts(activities, updated, complete, no_update, 0, done)
