"""Finding the plan's items an officer names when editing the plan, and checking new values.

Commitments are named by ref, objectives by number or the start of their title, activities by
id (the CLI resolves refs with `lookup`). Refs match as everywhere else: any case, Cyrillic
look-alikes folded (`core.refs.ref_key`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from plandesk.core.due_dates import DueDateError, parse_due
from plandesk.core.plan import PlanChangeView
from plandesk.core.refs import clean_ref, ref_key
from plandesk.core.text import clean_line, clean_text
from plandesk.store.cross_links import link_plan
from plandesk.store.errors import NotFound, StoreError
from plandesk.store.models import Activity, Commitment, Objective, Plan
from plandesk.store.plan_history import record_change

__all__ = [
    "activity_label",
    "changed",
    "find_commitment",
    "find_objective",
    "last_position",
    "new_ref",
    "objective_label",
    "plan_of",
    "read_due",
    "record",
    "required_text",
]


def plan_of(session: Session, plan_id: int) -> Plan:
    """The plan row, or `NotFound`; locked until the transaction ends (on PostgreSQL: two
    officers adding to the plan at once take turns, so refs and positions stay unique)."""
    plan = session.get(Plan, plan_id, with_for_update=True)
    if plan is None:
        raise NotFound(f"no plan with id {plan_id}")
    return plan


def find_commitment(
    session: Session, plan_id: int, ref: str, *, include_retired: bool = False
) -> Commitment:
    """The plan's one commitment named `ref`; a retired one only with `include_retired`.

    Locked until the transaction ends, like `plan_of`: what is added to it or moved into it
    gets a ref and a position no concurrent edit can take.
    """
    key = ref_key(ref)
    found = list(
        session.exec(
            select(Commitment)
            .where(Commitment.plan_id == plan_id, Commitment.ref_key == key)
            .order_by(Commitment.position)
            .with_for_update()
        ).scalars()
    )
    if not found:
        raise NotFound(f"no commitment {ref!r} in this plan (try 'plandesk show')")
    if len(found) > 1:
        raise StoreError(
            f"{ref!r} names {len(found)} commitments; rename one with "
            "'plandesk commitment edit' before editing it"
        )
    commitment = found[0]
    if commitment.retired_at is not None and not include_retired:
        raise StoreError(
            f"commitment {commitment.ref} is retired ({commitment.retired_reason}); "
            f"reopen it first with 'plandesk commitment reopen {commitment.ref}'"
        )
    return commitment


def find_objective(session: Session, plan_id: int, given: str) -> Objective:
    """The objective numbered `given` (as `show` lists them) or whose title starts with it."""
    every = list(
        session.exec(
            select(Objective).where(Objective.plan_id == plan_id).order_by(Objective.position)
        ).scalars()
    )
    wanted = clean_line(given)
    if wanted.isdigit():
        found = [o for o in every if o.position == int(wanted)]
    else:
        start = wanted.casefold()
        found = [o for o in every if start and o.title.casefold().startswith(start)]
    if len(found) == 1:
        return found[0]
    if not found:
        known = "; ".join(objective_label(o) for o in every) or "none"
        raise NotFound(f"no objective {given!r} in this plan; its objectives: {known}")
    raise StoreError(
        f"{given!r} names {len(found)} objectives; give its number: "
        + "; ".join(objective_label(o) for o in found)
    )


def objective_label(objective: Objective) -> str:
    """An objective as `show` lists it: "2. Building a more secure West Mercia"."""
    return f"{objective.position}. {objective.title}"


def activity_label(activity: Activity, commitment: Commitment) -> str:
    """`COMMITMENT/REF`, which names an activity even where its ref repeats (else `#ID`)."""
    return f"{commitment.ref}/{activity.ref}" if activity.ref else f"#{activity.id}"


def required_text(text: str, what: str) -> str:
    """Cleaned text that must not be empty."""
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise StoreError(f"{what} cannot be empty; nothing was changed")
    return cleaned


def new_ref(ref: str, taken: list[tuple[int, str | None, str | None]], own_id: int | None) -> str:
    """A ref as it will be stored, refused when it is empty or when another item among
    `taken` ((id, ref, ref_key) rows, retired ones included) has the same key."""
    cleaned = clean_ref(clean_line(ref))
    key = ref_key(cleaned)
    if key is None:
        raise StoreError("a ref cannot be empty; nothing was changed")
    for item_id, other, other_key in taken:
        if other_key == key and item_id != own_id:
            raise StoreError(f"the ref {cleaned!r} is taken already (by {other}); pick another")
    return cleaned


def read_due(text: str) -> date | None:
    """A due date as typed (empty: none), or `StoreError` saying how to write one."""
    try:
        return parse_due(text)
    except DueDateError as exc:
        raise StoreError(str(exc)) from None


def last_position(session: Session, column, *where) -> int:
    """One past the largest `column` among the rows `where` selects: the end of a parent."""
    return (session.exec(select(func.max(column)).where(*where)).scalar_one_or_none() or 0) + 1


def changed(row: object, values: dict[str, object]) -> dict[str, tuple[object, object]]:
    """The attributes of `values` that differ from `row`'s: name → (before, after)."""
    return {
        name: (getattr(row, name), value)
        for name, value in values.items()
        if getattr(row, name) != value
    }


def _shown(value: object) -> object:
    """A value as history keeps it (JSON): dates as ISO text."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def record(
    session: Session,
    plan_id: int,
    action: str,
    subject: str,
    *,
    author: str,
    at: datetime,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
    reason: str = "",
    **ids: int | None,
) -> PlanChangeView:
    """Write one history row (see `plan_history.record_change`) and return it as shown."""
    before = {k: _shown(v) for k, v in before.items()} if before is not None else None
    after = {k: _shown(v) for k, v in after.items()} if after is not None else None
    record_change(
        session,
        plan_id,
        action,
        subject,
        author=author,
        at=at,
        before=before,
        after=after,
        reason=reason,
        **ids,
    )
    # Texts and refs may have changed: the plan's cross-references are read again.
    session.flush()
    link_plan(session, plan_id)
    return PlanChangeView(
        at, clean_line(author), action, clean_line(subject), before or {}, after or {}, reason
    )
