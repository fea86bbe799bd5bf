"""An officer's corrections of the oversight links: link, unlink, and other names for a body.

Each correction is one write transaction with its `plan_history` row. A link an officer makes
is "manual"; a removal is kept as "unlinked" so reading the oversight text again (an import,
an alias, an edit of the text) does not bring it back. Aliases re-link the whole plan.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, delete, func, select
from sqlmodel import Session

from plandesk.core.boards import BodyLink, BodyLinks
from plandesk.core.oversight_names import match_bodies, name_key
from plandesk.core.plan import BodyView, PlanChangeView
from plandesk.core.text import clean_line
from plandesk.store.errors import NotFound, StoreError
from plandesk.store.models import (
    Activity,
    ActivityOversight,
    Commitment,
    OversightAlias,
    OversightBody,
)
from plandesk.store.oversight_links import link_activities
from plandesk.store.plan_editing import writing
from plandesk.store.plan_items import plan_of, record
from plandesk.store.snapshots import oversight

__all__ = ["add_alias", "find_body", "link", "links", "remove_alias", "unlink"]

Clock = Callable[[], datetime]


def find_body(session: Session, plan_id: int, query: str) -> OversightBody:
    """The plan's one body `query` names: its name, an alias, or initials and variants
    ("IOM", "TIE Committee"); `NotFound` or `StoreError` (ambiguous) list the candidates."""
    bodies = list(
        session.exec(
            select(OversightBody).where(OversightBody.plan_id == plan_id).order_by(OversightBody.id)
        ).scalars()
    )
    if not bodies:
        raise NotFound(f"no oversight body {query!r}: this plan lists no oversight bodies")
    key = name_key(query)
    by_id = {b.id: b for b in bodies}
    aliases = dict(
        session.exec(
            select(OversightAlias.alias_key, OversightAlias.body_id).where(
                OversightAlias.plan_id == plan_id
            )
        ).all()
    )
    found = [b for b in bodies if name_key(b.name) == key]
    if not found and key in aliases:
        found = [by_id[aliases[key]]]
    # Typed at a prompt, initials may come in lower case ("iom board").
    for written in (query, query.upper()):
        if not found:
            named = match_bodies(written, [(b.id, b.name) for b in bodies])
            found = [by_id[body_id] for body_id, _how in named]  # type: ignore[index]
    if not found and key:
        found = [b for b in bodies if key in name_key(b.name)]
    if len(found) == 1:
        return found[0]
    names = ", ".join(sorted((b.name for b in found or bodies), key=str.casefold))
    if found:
        raise StoreError(f"oversight body {query!r} is ambiguous: it matches {names}")
    raise NotFound(f"no oversight body {query!r}; the plan's bodies: {names}")


def _activity(session: Session, plan_id: int, activity_id: int) -> tuple[Activity, str]:
    activity = session.get(Activity, activity_id, with_for_update=True)
    if activity is None or activity.plan_id != plan_id:
        raise NotFound(f"no activity with id {activity_id} in this plan")
    commitment = session.get(Commitment, activity.commitment_id)
    assert commitment is not None
    siblings = session.exec(
        select(func.count()).where(
            Activity.commitment_id == commitment.id,
            Activity.retired_at.is_(None),  # type: ignore[union-attr]
        )
    ).scalar_one()
    return activity, _label(activity.ref, activity.position, commitment.ref, siblings, activity.id)


def _label(ref: str | None, position: int, c_ref: str, siblings: int, a_id: object) -> str:
    """As the plan names an activity (`core.plan.activity_label`): a refless one by its
    commitment."""
    if ref:
        return ref
    if siblings > 1:
        return f"{c_ref} activity {position}"
    return c_ref or f"#{a_id}"


def _row(session: Session, activity_id: int, body_id: int) -> ActivityOversight | None:
    return session.get(ActivityOversight, (activity_id, body_id))


def link(
    engine: Engine,
    clock: Clock,
    plan_id: int,
    activity_id: int,
    body: str,
    *,
    author: str,
) -> PlanChangeView | None:
    """Link an activity to a body by hand (None: it already was, nothing written)."""
    return _set_link(engine, clock, plan_id, activity_id, body, "manual", author=author)


def unlink(
    engine: Engine,
    clock: Clock,
    plan_id: int,
    activity_id: int,
    body: str,
    *,
    author: str,
) -> PlanChangeView:
    """Remove an activity's link to a body; the oversight text no longer links them."""
    change = _set_link(engine, clock, plan_id, activity_id, body, "unlinked", author=author)
    assert change is not None  # an unlink that changes nothing is refused
    return change


def _set_link(
    engine: Engine,
    clock: Clock,
    plan_id: int,
    activity_id: int,
    body: str,
    how: str,
    *,
    author: str,
) -> PlanChangeView | None:
    """Mark an activity's link to a body as an officer's ("manual") or an officer's removal
    ("unlinked"), with its history row; None when it already was manual."""
    with writing(engine) as session:
        plan_of(session, plan_id)
        found = find_body(session, plan_id, body)
        activity, label = _activity(session, plan_id, activity_id)
        assert found.id is not None and activity.id is not None
        row = _row(session, activity.id, found.id)
        before = row.how if row is not None else None
        if how == "unlinked" and before in (None, "unlinked"):
            raise StoreError(f"{label} is not linked to {found.name}; nothing was changed")
        if before == how:
            return None
        if row is None:
            session.add(ActivityOversight(activity_id=activity.id, body_id=found.id, how=how))
        else:
            row.how = how
        return record(
            session,
            plan_id,
            "oversight link" if how == "manual" else "oversight unlink",
            f"{label} → {found.name}",
            author=author,
            at=clock(),
            before={"how": before},
            after={"how": how},
            activity_id=activity.id,
        )


def _relink_plan(session: Session, plan_id: int) -> None:
    activities = session.exec(
        select(Activity.id, Activity.oversight).where(Activity.plan_id == plan_id)
    ).all()
    link_activities(session, plan_id, [(a_id, text) for a_id, text in activities])


def add_alias(
    engine: Engine, clock: Clock, plan_id: int, body: str, alias: str, *, author: str
) -> PlanChangeView:
    """Record another name officers use for a body ("IOM Board"); the plan is re-linked."""
    name = clean_line(alias)
    key = name_key(name)
    if not key:
        raise StoreError("an alias needs a word or two; nothing was changed")
    with writing(engine) as session:
        plan_of(session, plan_id)
        found = find_body(session, plan_id, body)
        taken = session.exec(
            select(OversightAlias, OversightBody.name)
            .join(OversightBody, OversightBody.id == OversightAlias.body_id)
            .where(OversightAlias.plan_id == plan_id, OversightAlias.alias_key == key)
        ).first()
        if taken is not None:
            raise StoreError(f"{name!r} is already an alias of {taken[1]}; nothing was changed")
        same = session.exec(
            select(OversightBody.name).where(OversightBody.plan_id == plan_id)
        ).scalars()
        for other in same:
            if name_key(other) == key:
                raise StoreError(f"{name!r} is the name of {other}; nothing was changed")
        at = clock()
        session.add(
            OversightAlias(
                plan_id=plan_id, body_id=found.id, alias=name, alias_key=key, author=author, at=at
            )
        )
        session.flush()
        _relink_plan(session, plan_id)
        return record(
            session,
            plan_id,
            "oversight alias add",
            found.name,
            author=author,
            at=at,
            after={"alias": name},
        )


def remove_alias(
    engine: Engine, clock: Clock, plan_id: int, alias: str, *, author: str
) -> PlanChangeView:
    """Forget an alias; the links it made go with it (officers' own links stay)."""
    key = name_key(alias)
    with writing(engine) as session:
        plan_of(session, plan_id)
        found = session.exec(
            select(OversightAlias, OversightBody.name)
            .join(OversightBody, OversightBody.id == OversightAlias.body_id)
            .where(OversightAlias.plan_id == plan_id, OversightAlias.alias_key == key)
        ).first()
        if found is None:
            raise NotFound(f"no oversight alias {clean_line(alias)!r} in this plan")
        row, body_name = found
        session.exec(delete(OversightAlias).where(OversightAlias.id == row.id))  # type: ignore[call-overload]
        session.flush()
        _relink_plan(session, plan_id)
        return record(
            session,
            plan_id,
            "oversight alias remove",
            body_name,
            author=author,
            at=clock(),
            before={"alias": row.alias},
        )


def links(engine: Engine, plan_id: int) -> list[BodyLinks]:
    """Each body of the plan with its aliases and the (current) activities it oversees."""
    bodies: list[BodyView] = oversight(engine, plan_id)
    with Session(engine) as session:
        rows = session.exec(
            select(
                ActivityOversight.body_id,
                Activity.id,
                Activity.ref,
                Activity.position,
                Activity.commitment_id,
                Commitment.ref,
                ActivityOversight.how,
            )
            .join(Activity, Activity.id == ActivityOversight.activity_id)
            .join(Commitment, Commitment.id == Activity.commitment_id)
            .where(
                Activity.plan_id == plan_id,
                ActivityOversight.how != "unlinked",
                Activity.retired_at.is_(None),  # type: ignore[union-attr]
                Commitment.retired_at.is_(None),  # type: ignore[union-attr]
            )
            .order_by(Commitment.position, Activity.position)
        ).all()
        aliases = session.exec(
            select(OversightAlias.body_id, OversightAlias.alias)
            .where(OversightAlias.plan_id == plan_id)
            .order_by(OversightAlias.id)
        ).all()
        sizes = dict(
            session.exec(
                select(Activity.commitment_id, func.count())
                .where(Activity.plan_id == plan_id, Activity.retired_at.is_(None))  # type: ignore[union-attr]
                .group_by(Activity.commitment_id)
            ).all()
        )
    by_body: dict[int, list[BodyLink]] = {}
    for body_id, a_id, ref, position, c_id, c_ref, how in rows:
        label = _label(ref, position, c_ref, sizes.get(c_id, 0), a_id)
        by_body.setdefault(body_id, []).append(BodyLink(a_id, ref, label, how))
    names: dict[int, list[str]] = {}
    for body_id, alias in aliases:
        names.setdefault(body_id, []).append(alias)
    return [BodyLinks(b, tuple(names.get(b.id, ())), tuple(by_body.get(b.id, ()))) for b in bodies]
