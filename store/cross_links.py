"""Cross-references stored as links: written at import, on an edit of the plan and on every
save of an update, read with the plan.

Each ref an activity's text, its commitment's title or one period's update names is one
`cross_reference` row, resolved to the commitment and/or activity the plan has with that ref
(the first in plan order when a ref repeats); a ref the plan lacks is kept with both targets
empty, and `unresolved` reports it. Rows are always derived from the text, so writing them
again gives the same rows (a re-import changes nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlmodel import Session

from plandesk.core.crossrefs import Found, find_references, target_refs
from plandesk.core.link_lists import link_of_row
from plandesk.core.plan import CrossLink
from plandesk.core.refs import ref_key
from plandesk.core.rules.config import RuleConfig
from plandesk.store.models import (
    Activity,
    Commitment,
    CrossReference,
    Objective,
    Period,
    ProgressUpdate,
)
from plandesk.store.rows import rows

__all__ = [
    "PlanRefs",
    "link_plan",
    "link_update",
    "plan_refs",
    "read_links",
    "unresolved",
]

_PHRASES = RuleConfig().reference_phrases


@dataclass(frozen=True, slots=True)
class PlanRefs:
    """The plan's live refs in plan order, and what each key names."""

    ordered: tuple[str, ...]
    commitments: dict[str, int]
    activities: dict[str, int]
    keys: tuple[str, ...] = ()  # `ordered`'s keys

    def targets(self, ref: str) -> tuple[int | None, int | None]:
        """(commitment id, activity id) the ref names, either or both None."""
        key = ref_key(ref) or ""
        return self.commitments.get(key), self.activities.get(key)


def plan_refs(session: Session, plan_id: int) -> PlanRefs:
    """The plan's live commitments' and activities' refs, in plan order."""
    ordered: list[str] = []
    keys: list[str] = []
    commitments: dict[str, int] = {}
    activities: dict[str, int] = {}
    seen_commitments: set[int] = set()
    for c_id, c_ref, c_key, a_id, a_ref, a_key in rows(
        session,
        select(
            Commitment.id,
            Commitment.ref,
            Commitment.ref_key,
            Activity.id,
            Activity.ref,
            Activity.ref_key,
        )
        .join(Objective, Objective.id == Commitment.objective_id)
        .outerjoin(
            Activity, (Activity.commitment_id == Commitment.id) & Activity.retired_at.is_(None)
        )
        .where(Commitment.plan_id == plan_id, Commitment.retired_at.is_(None))
        .order_by(Objective.position, Commitment.position, Activity.position),
    ):
        if c_id not in seen_commitments:
            seen_commitments.add(c_id)
            if c_key:
                ordered.append(c_ref)
                keys.append(c_key)
                commitments.setdefault(c_key, c_id)
        if a_id is not None and a_key:
            ordered.append(a_ref)
            keys.append(a_key)
            activities.setdefault(a_key, a_id)
    return PlanRefs(tuple(ordered), commitments, activities, tuple(keys))


def _rows_for(
    refs: PlanRefs,
    plan_id: int,
    activity_id: int,
    period_id: int | None,
    found_in: str,
    text: str,
    seen: dict[str, tuple[Found, ...]] | None = None,
) -> list[dict]:
    # A commitment's title is read once for all its activities (`seen`).
    parsed = seen.get(text) if seen is not None else None
    if parsed is None:
        parsed = find_references(text, _PHRASES)
        if seen is not None:
            seen[text] = parsed
    found = []
    for one in parsed:
        for ref in target_refs(one, refs.ordered, refs.keys):
            commitment_id, target_activity_id = refs.targets(ref)
            found.append(
                {
                    "plan_id": plan_id,
                    "activity_id": activity_id,
                    "period_id": period_id,
                    "found_in": found_in,
                    "written": one.written,
                    "target_ref": ref,
                    "target_commitment_id": commitment_id,
                    "target_activity_id": target_activity_id,
                }
            )
    return found


def link_plan(
    session: Session,
    plan_id: int,
    periods: Iterable[int] | None = None,
    *,
    plan_text: bool = True,
) -> None:
    """Write the plan's links again: its activities' text and its commitments' titles (unless
    `plan_text` is False: the plan itself did not change) and the updates of `periods` (None:
    every period), read afresh; the other periods' links are only pointed again at what their
    refs name now (an import or an edit may have added, renumbered or retired items). Only
    rows that differ are written, so an import that changes nothing writes nothing."""
    refs = plan_refs(session, plan_id)
    new: list[dict] = []
    scopes = []
    if plan_text:
        titles: dict[str, tuple[Found, ...]] = {}
        for activity_id, text, title in rows(
            session,
            select(Activity.id, Activity.text, Commitment.title)
            .join(Commitment, Commitment.id == Activity.commitment_id)
            .where(Activity.plan_id == plan_id, Activity.retired_at.is_(None)),
        ):
            new += _rows_for(refs, plan_id, activity_id, None, "activity", text)
            new += _rows_for(refs, plan_id, activity_id, None, "commitment", title, titles)
        scopes.append(CrossReference.period_id.is_(None))
    updates = (
        select(ProgressUpdate.activity_id, ProgressUpdate.period_id, ProgressUpdate.text)
        .join(Period, Period.id == ProgressUpdate.period_id)
        .where(Period.plan_id == plan_id)
    )
    if periods is None:
        scopes.append(CrossReference.period_id.is_not(None))
    else:
        wanted = list(periods)
        updates = updates.where(ProgressUpdate.period_id.in_(wanted))
        scopes.append(CrossReference.period_id.in_(wanted))
        if plan_text:
            _retarget(session, refs, plan_id, wanted)
    for activity_id, period_id, text in rows(session, updates):
        new += _rows_for(refs, plan_id, activity_id, period_id, "update", text)
    _replace(session, plan_id, (CrossReference.plan_id == plan_id, or_(*scopes)), new)


def _retarget(session: Session, refs: PlanRefs, plan_id: int, skip: list[int]) -> None:
    """Point the links of other periods' updates at what their refs name now."""
    table = CrossReference.__table__
    changes = []
    for row_id, target, commitment_id, activity_id in rows(
        session,
        select(
            table.c.id, table.c.target_ref, table.c.target_commitment_id, table.c.target_activity_id
        ).where(
            table.c.plan_id == plan_id,
            table.c.period_id.is_not(None),
            table.c.period_id.not_in(skip),
        ),
    ):
        now = refs.targets(target)
        if now != (commitment_id, activity_id):
            changes.append({"b_id": row_id, "c": now[0], "a": now[1]})
    if changes:
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(target_commitment_id=bindparam("c"), target_activity_id=bindparam("a")),
            changes,
        )


def link_update(
    session: Session, plan_id: int, activity_id: int, period_id: int, text: str
) -> None:
    """Write the links of one activity's update for one period again (after a save)."""
    new = _rows_for(plan_refs(session, plan_id), plan_id, activity_id, period_id, "update", text)
    where = (CrossReference.activity_id == activity_id, CrossReference.period_id == period_id)
    _replace(session, plan_id, where, new)


_FIELDS = (
    "activity_id",
    "period_id",
    "found_in",
    "written",
    "target_ref",
    "target_commitment_id",
    "target_activity_id",
)
_CHUNK = 500


def _replace(session: Session, plan_id: int, where: tuple, new: list[dict]) -> None:
    """Make the rows `where` selects exactly `new`: rows already there stay as they are."""
    table = CrossReference.__table__
    wanted = Counter(tuple(row[name] for name in _FIELDS) for row in new)
    stale: list[int] = []
    for row_id, *values in rows(
        session, select(table.c.id, *(table.c[name] for name in _FIELDS)).where(*where)
    ):
        key = tuple(values)
        if wanted[key] > 0:
            wanted[key] -= 1
        else:
            stale.append(row_id)
    connection = session.connection()
    for start in range(0, len(stale), _CHUNK):
        connection.execute(delete(table).where(table.c.id.in_(stale[start : start + _CHUNK])))
    added = [
        {"plan_id": plan_id, **dict(zip(_FIELDS, key, strict=True))}
        for key, count in wanted.items()
        for _ in range(count)
    ]
    if added:
        connection.execute(insert(table), added)


# What `core.link_lists.link_of_row` makes a link of, in its order.
_LINK_COLUMNS = (
    CrossReference.activity_id,
    Activity.ref,
    Commitment.ref,
    CrossReference.found_in,
    CrossReference.period_id,
    CrossReference.written,
    CrossReference.target_ref,
    CrossReference.target_commitment_id,
    CrossReference.target_activity_id,
)


def read_links(
    session: Session,
    plan_id: int,
    period_id: int | None,
    activity_ids: Iterable[int] | None = None,
) -> list[CrossLink]:
    """The plan's links from its own text and from `period_id`'s updates (all of them, or
    those pointing from or at `activity_ids` and their commitments), in plan order."""
    periods = [CrossReference.period_id.is_(None)]
    if period_id is not None:
        periods.append(CrossReference.period_id == period_id)
    query = (
        select(*_LINK_COLUMNS)
        .join(Activity, Activity.id == CrossReference.activity_id)
        .join(Commitment, Commitment.id == Activity.commitment_id)
        .join(Objective, Objective.id == Commitment.objective_id)
        .where(CrossReference.plan_id == plan_id, or_(*periods))
        .order_by(Objective.position, Commitment.position, Activity.position, CrossReference.id)
    )
    if activity_ids is not None:
        ids = list(activity_ids)
        commitments = select(Activity.commitment_id).where(Activity.id.in_(ids))
        query = query.where(
            or_(
                CrossReference.activity_id.in_(ids),
                CrossReference.target_activity_id.in_(ids),
                CrossReference.target_commitment_id.in_(commitments),
            )
        )
    return [link_of_row(*row) for row in rows(session, query)]


def unresolved(session: Session, plan_id: int) -> list[CrossLink]:
    """The plan's links whose ref names no item of the plan (kept as written)."""
    return [
        link
        for link in read_links(session, plan_id, None)
        if not link.resolved and link.period_id is None
    ] + [link for link in _update_links(session, plan_id) if not link.resolved]


def _update_links(session: Session, plan_id: int) -> list[CrossLink]:
    query = (
        select(*_LINK_COLUMNS)
        .join(Activity, Activity.id == CrossReference.activity_id)
        .join(Commitment, Commitment.id == Activity.commitment_id)
        .where(
            CrossReference.plan_id == plan_id,
            CrossReference.period_id.is_not(None),
            CrossReference.target_commitment_id.is_(None),
            CrossReference.target_activity_id.is_(None),
        )
        .order_by(CrossReference.period_id, Commitment.position, Activity.position)
    )
    return [link_of_row(*row) for row in rows(session, query)]
