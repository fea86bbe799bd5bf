"""`show`'s snapshot of the latest plan at its latest period, read with the standard library's
`sqlite3` alone.

`show` prints the plan as written, and on a big plan importing the table models and the rest of
the store, then turning every row through SQLAlchemy's result processing, cost more than the
reading itself. This reads the same `PlanSnapshot` that `PlanStore.read_plan(review=False)`
returns for the defaults (no `--plan`, no `--period`), read-only, straight into the views.

It answers None whenever the database is not plainly an up-to-date plandesk file it can read at
once (see `first_screen`) or holds no plan or no period: the command then opens the store, which
says what is wrong. `snapshots.snapshot_at` stays the one reading of the plan: a test checks
that the two agree on the samples and generated plans, retired items and done activities.
"""

from __future__ import annotations

import gc
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path

from plandesk.core.plan import (
    ActivityView,
    CommitmentView,
    ObjectiveView,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    UpdateView,
)
from plandesk.core.statuses import is_final
from plandesk.store.first_screen import up_to_date, utc_time
from plandesk.store.plain_links import attach_links

__all__ = ["read_latest_snapshot"]


def read_latest_snapshot(path: Path, *, include_retired: bool = False) -> PlanSnapshot | None:
    """The latest plan at its latest period as `show` prints it (no stall rules), or None
    when the store must read it (see the module)."""
    try:
        uri = f"{path.resolve(strict=True).as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=0)
    except (OSError, sqlite3.Error):
        return None
    collecting = gc.isenabled()
    try:
        if not up_to_date(connection, str(path)):
            return None
        # Plain views without reference cycles: the collector would only walk them (as
        # `rows.no_cycle_collection`, which this module cannot import without SQLAlchemy).
        gc.disable()
        return _read(connection, include_retired)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        if collecting:
            gc.enable()
        connection.close()


def _read(connection: sqlite3.Connection, include_retired: bool) -> PlanSnapshot | None:
    plan = _latest_plan(connection)
    if plan is None:
        return None
    plan_id = plan.id
    every = [
        PeriodInfo(id_, plan_id, label, date.fromisoformat(start), date.fromisoformat(end),
                   count, utc_time(closed_at) if closed_at else None, closed_by)
        for id_, label, start, end, closed_at, closed_by, count in connection.execute(
            'SELECT p.id, p.label, p.start, p."end", p.closed_at, p.closed_by, '
            "(SELECT count(*) FROM progress_update u WHERE u.period_id = p.id) "
            'FROM period p WHERE p.plan_id = ? ORDER BY p.start, p."end"',
            (plan_id,),
        )
    ]  # fmt: skip
    if not every:
        return None
    period = every[-1]
    previous = every[-2] if len(every) > 1 else None
    live = "" if include_retired else " AND retired_at IS NULL"
    objectives = [
        ObjectiveView(*row)
        for row in connection.execute(
            "SELECT id, position, title FROM objective WHERE plan_id = ? ORDER BY position",
            (plan_id,),
        )
    ]
    by_objective = {o.id: o for o in objectives}
    commitments: dict[int, CommitmentView] = {}
    for *head, retired_at, retired_reason in connection.execute(
        "SELECT id, objective_id, position, ref, kind, title, retired_at, retired_reason "
        f"FROM commitment WHERE plan_id = ?{live} ORDER BY position",
        (plan_id,),
    ):
        view = CommitmentView(
            *head,
            retired_at=utc_time(retired_at) if retired_at else None,
            retired_reason=retired_reason,
        )
        commitments[view.id] = view
        by_objective[view.objective_id].commitments.append(view)
    activities: dict[int, ActivityView] = {}
    for (
        id_,
        commitment_id,
        position,
        ref,
        text,
        oversight,
        stands,
        lead,
        due,
        retired,
        why,
    ) in connection.execute(
        "SELECT id, commitment_id, position, ref, text, oversight, stands_for_commitment, "
        f"lead, due, retired_at, retired_reason FROM activity WHERE plan_id = ?{live} "
        "ORDER BY position",
        (plan_id,),
    ):
        if commitment_id not in commitments:
            continue  # under a retired commitment
        view = ActivityView(
            id_,
            commitment_id,
            position,
            ref,
            text,
            oversight,
            bool(stands),
            lead=lead,
            due=date.fromisoformat(due) if due else None,
            retired_at=utc_time(retired) if retired else None,
            retired_reason=why,
        )
        activities[id_] = view
        commitments[commitment_id].activities.append(view)
    bodies: dict[int, list[str]] = defaultdict(list)
    for activity_id, name in connection.execute(
        "SELECT l.activity_id, b.name FROM activityoversight l "
        "JOIN oversightbody b ON b.id = l.body_id "
        "WHERE b.plan_id = ? AND l.how != 'unlinked' ORDER BY b.name",
        (plan_id,),
    ):
        bodies[activity_id].append(name)
    for activity_id, names in bodies.items():
        if activity_id in activities:
            activities[activity_id].bodies = tuple(names)
    for wanted, attribute in ((period, "update"), (previous, "previous")):
        if wanted is not None:
            for u in _updates(connection, plan_id, wanted.id):
                if u.activity_id in activities:
                    setattr(activities[u.activity_id], attribute, u)
    for activity_id, label in _done_in(connection, plan_id, period).items():
        if activity_id in activities:
            activities[activity_id].done_in = label
    attach_links(connection, plan_id, period.id, activities)
    return PlanSnapshot(plan, period, previous, objectives, reviewed=False)


def _latest_plan(connection: sqlite3.Connection) -> PlanInfo | None:
    """The most recently imported plan as `lookup.plans` lists it."""
    row = connection.execute(
        "SELECT id, name, edition, imported_at, notes FROM plan "
        "ORDER BY imported_at DESC, id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    plan_id, name, edition, imported_at, notes = row
    (count,) = connection.execute(
        "SELECT count(*) FROM activity a JOIN commitment c ON c.id = a.commitment_id "
        "WHERE a.plan_id = ? AND a.retired_at IS NULL AND c.retired_at IS NULL",
        (plan_id,),
    ).fetchone()
    labels = tuple(
        label
        for (label,) in connection.execute(
            'SELECT label FROM period WHERE plan_id = ? ORDER BY start, "end"', (plan_id,)
        )
    )
    return PlanInfo(plan_id, name, edition, utc_time(imported_at), notes, count, labels)


def _updates(connection: sqlite3.Connection, plan_id: int, period_id: int) -> list[UpdateView]:
    """Every update of the plan in one period (`rows.updates_in`)."""
    return [
        UpdateView(id_, activity_id, period, text, status, author, utc_time(at), version)
        for id_, activity_id, period, text, status, author, at, version in connection.execute(
            "SELECT u.id, u.activity_id, u.period_id, u.text, u.status, u.author, "
            "u.updated_at, u.version FROM progress_update u "
            "JOIN activity a ON a.id = u.activity_id WHERE a.plan_id = ? AND u.period_id = ?",
            (plan_id, period_id),
        )
    ]


def _done_in(connection: sqlite3.Connection, plan_id: int, period: PeriodInfo) -> dict[int, str]:
    """`store.done.done_in`: per done activity, the label of the period it was completed in."""
    since: dict[int, str | None] = {}
    for activity_id, label, status in connection.execute(
        "SELECT u.activity_id, p.label, u.status FROM progress_update u "
        "JOIN period p ON p.id = u.period_id JOIN activity a ON a.id = u.activity_id "
        "LEFT JOIN period r ON r.id = a.reopened_after_period_id "
        "WHERE p.plan_id = ? AND p.\"end\" <= ? AND u.status != '' "
        'AND (r.id IS NULL OR p."end" > r."end") ORDER BY p."end", p.id',
        (plan_id, period.end.isoformat()),
    ):
        if is_final(status):
            since[activity_id] = since.get(activity_id) or label
        else:
            since[activity_id] = None
    return {activity_id: label for activity_id, label in since.items() if label is not None}
