"""Cross-reference links laid over views read with the standard library's `sqlite3` alone (the
fast start's first screen and `show`'s plain read), as the store lays them over its own."""

from __future__ import annotations

import sqlite3

from plandesk.core.link_lists import distribute, link_of_row
from plandesk.core.plan import ActivityView

__all__ = ["attach_links"]


def attach_links(
    connection: sqlite3.Connection,
    plan_id: int,
    period_id: int,
    activities: dict[int, ActivityView],
    *,
    whole_plan: bool = True,
) -> None:
    """Each of `activities`' `references` and `referred_by` (the plan's own links and
    `period_id`'s), as `link_reads.attach_links` sets them; `activities` holds whole
    commitments, so a link to a commitment reaches each of its activities. `whole_plan=False`
    reads only the links from or at them (as `cross_links.read_links` does for a few)."""
    query = (
        "SELECT x.activity_id, a.ref, c.ref, x.found_in, x.period_id, x.written, "
        "x.target_ref, x.target_commitment_id, x.target_activity_id "
        "FROM cross_reference x JOIN activity a ON a.id = x.activity_id "
        "JOIN commitment c ON c.id = a.commitment_id "
        "JOIN objective o ON o.id = c.objective_id "
        "WHERE x.plan_id = ? AND (x.period_id IS NULL OR x.period_id = ?) "
    )
    arguments: list[int] = [plan_id, period_id]
    if not whole_plan:
        ids = list(activities)
        commitments = sorted({a.commitment_id for a in activities.values()})
        query += (
            f"AND (x.activity_id IN ({_marks(ids)}) OR x.target_activity_id IN ({_marks(ids)}) "
            f"OR x.target_commitment_id IN ({_marks(commitments)})) "
        )
        arguments += [*ids, *ids, *commitments]
    query += "ORDER BY o.position, c.position, a.position, x.id"
    links = [link_of_row(*row) for row in connection.execute(query, arguments)]
    references, referred = distribute(links, {a.id: a.commitment_id for a in activities.values()})
    for activity_id, view in activities.items():
        view.references = tuple(references.get(activity_id, ()))
        view.referred_by = tuple(referred.get(activity_id, ()))


def _marks(values: list[int]) -> str:
    return ", ".join("?" * len(values)) or "NULL"
