"""What the first screen shows at an officer's kept place, read with the standard library's
`sqlite3` alone (see `store.first_screen`).

A returning officer's app opens where they left it: the kept plan and period, the tree opened
down to the kept activity, its details and its update. Only that activity's commitment is read
in full (its activities as the tree labels them; the kept one with everything the details pane
shows); the rest of the plan waits for the store, as on any fast start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from plandesk.core.plan import ActivityView, BodyView, PeriodInfo, UpdateView
from plandesk.core.statuses import is_final
from plandesk.core.text import clean_line
from plandesk.store.plain_links import attach_links

__all__ = ["KeptCommitment", "KeptPlace", "kept_place", "read_kept_commitment"]


@dataclass(frozen=True)
class KeptPlace:
    """A plan, period and activity by id, as `tui.screens.plan.remembering.Place` keeps them
    (None: not kept, or unreadable there)."""

    plan: int | None = None
    period: int | None = None
    activity: int | None = None


@dataclass
class KeptCommitment:
    """The kept activity's commitment read in full, and what its details name."""

    activities: list[ActivityView]
    bodies: dict[str, BodyView] = field(default_factory=dict)
    drafted: frozenset[int] = frozenset()


def kept_place(connection: sqlite3.Connection, author: str, name: str) -> KeptPlace:
    """The officer's kept place; an empty one when none is kept or it cannot be read (as
    `Place.from_json` answers None)."""
    row = connection.execute(
        "SELECT value FROM preference WHERE author = ? AND name = ?", (clean_line(author), name)
    ).fetchone()
    if row is None or not row[0]:
        return KeptPlace()
    try:
        import json  # only a returning officer has a place to read

        data = json.loads(row[0])
        activity = data.get("activity")
        return KeptPlace(
            int(data["plan"]), int(data["period"]), int(activity) if activity else None
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return KeptPlace()


def read_kept_commitment(
    connection: sqlite3.Connection,
    plan_id: int,
    commitment_id: int,
    periods: list[PeriodInfo],
    author: str,
    utc: Callable[[str], datetime],
) -> KeptCommitment:
    """The live activities of one commitment as the snapshot of the last of `periods` shows
    them (before the stall rules run): their updates this period and the one before, their
    oversight bodies and done period; the author's drafts this period; the plan's bodies."""
    period = periods[-1]
    previous = periods[-2] if len(periods) > 1 else None
    activities = [
        ActivityView(
            id_,
            commitment,
            position,
            ref,
            text,
            oversight,
            bool(stands),
            lead=lead,
            due=date.fromisoformat(due) if due else None,
        )
        for id_, commitment, position, ref, text, oversight, stands, lead, due in (
            connection.execute(
                "SELECT id, commitment_id, position, ref, text, oversight, "
                "stands_for_commitment, lead, due FROM activity "
                "WHERE plan_id = ? AND commitment_id = ? AND retired_at IS NULL "
                "ORDER BY position",
                (plan_id, commitment_id),
            )
        )
    ]
    by_id = {a.id: a for a in activities}
    marks = ",".join("?" * len(by_id))
    ids = tuple(by_id)
    names: dict[int, list[str]] = {}
    for activity_id, name in connection.execute(
        "SELECT o.activity_id, b.name FROM activityoversight o "
        "JOIN oversightbody b ON b.id = o.body_id "
        f"WHERE b.plan_id = ? AND o.how != 'unlinked' AND o.activity_id IN ({marks}) "
        "ORDER BY b.name",
        (plan_id, *ids),
    ):
        names.setdefault(activity_id, []).append(name)
    for activity_id, found in names.items():
        by_id[activity_id].bodies = tuple(found)
    for wanted, attribute in ((period, "update"), (previous, "previous")):
        if wanted is None:
            continue
        for row in connection.execute(
            "SELECT id, activity_id, period_id, text, status, author, updated_at, version "
            f"FROM progress_update WHERE period_id = ? AND activity_id IN ({marks})",
            (wanted.id, *ids),
        ):
            update = UpdateView(*row[:6], utc(row[6]), row[7])
            setattr(by_id[update.activity_id], attribute, update)
    for activity_id, label in _done_in(connection, plan_id, period, ids).items():
        by_id[activity_id].done_in = label
    attach_links(connection, plan_id, period.id, by_id, whole_plan=False)
    drafted = frozenset(
        a
        for (a,) in connection.execute(
            f"SELECT activity_id FROM draft WHERE author = ? AND period_id = ? "
            f"AND activity_id IN ({marks})",
            (clean_line(author), period.id, *ids),
        )
    )
    named = sorted({name for found in names.values() for name in found})
    return KeptCommitment(activities, _bodies(connection, plan_id, named), drafted)


def _done_in(
    connection: sqlite3.Connection, plan_id: int, period: PeriodInfo, ids: tuple[int, ...]
) -> dict[int, str]:
    """As `store.done.done_in`, for these activities."""
    since: dict[int, str | None] = {}
    marks = ",".join("?" * len(ids))
    for activity_id, label, status in connection.execute(
        "SELECT u.activity_id, p.label, u.status FROM progress_update u "
        "JOIN period p ON p.id = u.period_id JOIN activity a ON a.id = u.activity_id "
        "LEFT JOIN period r ON r.id = a.reopened_after_period_id "
        "WHERE p.plan_id = ? AND p.\"end\" <= ? AND u.status != '' "
        f'AND (r.id IS NULL OR p."end" > r."end") AND u.activity_id IN ({marks}) '
        'ORDER BY p."end", p.id',
        (plan_id, period.end.isoformat(), *ids),
    ):
        since[activity_id] = (since.get(activity_id) or label) if is_final(status) else None
    return {a: label for a, label in since.items() if label is not None}


def _bodies(connection: sqlite3.Connection, plan_id: int, named: list[str]) -> dict[str, BodyView]:
    """The bodies `named` (those the details name), as `PlanStore.oversight` lists them."""
    marks = ",".join("?" * len(named))
    bodies = connection.execute(
        "SELECT id, name, purpose, frequency, notes_published, public_meeting, area "
        f"FROM oversightbody WHERE plan_id = ? AND name IN ({marks}) ORDER BY id",
        (plan_id, *named),
    ).fetchall()
    ids = [row[0] for row in bodies]
    counts = dict(
        connection.execute(
            # CROSS JOIN: SQLite then reads the links first and looks up only the activities
            # of these bodies (not each of the plan's activities for each body).
            "SELECT o.body_id, count(*) FROM activityoversight o "
            "CROSS JOIN activity a ON a.id = o.activity_id "
            "JOIN commitment c ON c.id = a.commitment_id "
            f"WHERE o.body_id IN ({','.join('?' * len(ids))}) AND a.plan_id = ? "
            "AND o.how != 'unlinked' AND a.retired_at IS NULL AND c.retired_at IS NULL "
            "GROUP BY o.body_id",
            (*ids, plan_id),
        )
    )
    return {
        name: BodyView(
            id_, name, purpose, frequency, bool(notes), bool(public), area, counts.get(id_, 0)
        )
        for id_, name, purpose, frequency, notes, public, area in bodies
    }
