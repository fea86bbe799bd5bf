"""Which oversight bodies an activity's oversight text names, and its links to them.

The importer links each activity it reads; an officer's edit of the oversight text, and an
officer's alias, re-link the same way (`plandesk.core.oversight_names`), so all agree on what
"oversees" means. Links read from the text are replaced each time; an officer's own ("manual",
and "unlinked", a removal) are never touched by reading the text again.

A plan without a glossary gets its bodies from its oversight cells: each body name the cells
write becomes a body (marked by `DERIVED_AREA`), so every plan has boards to review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from plandesk.core.oversight_names import match_bodies, name_key, names_in
from plandesk.core.refs import name_key as column_key
from plandesk.store.models import ActivityOversight, OversightAlias, OversightBody

__all__ = [
    "DERIVED_AREA",
    "OFFICER_HOWS",
    "TEXT_HOWS",
    "derive_bodies",
    "link_activities",
    "relink",
]

TEXT_HOWS = ("exact", "initials", "variant", "alias")
# An officer's link, and an officer's removal: reading the text again keeps both.
OFFICER_HOWS = ("manual", "unlinked")
# The area of a body read from the plan's oversight cells rather than from a glossary.
DERIVED_AREA = "Named in oversight cells"


def _bodies(session: Session, plan_id: int) -> list[tuple[int, str, str]]:
    return list(
        session.exec(
            select(OversightBody.id, OversightBody.name, OversightBody.area)
            .where(OversightBody.plan_id == plan_id)
            .order_by(OversightBody.id)
        ).all()
    )


def derive_bodies(session: Session, plan_id: int, texts: Iterable[str]) -> int:
    """Add the bodies oversight texts name to a plan without a glossary; how many were new.

    A plan whose bodies came from a glossary is left alone: its glossary is the list.
    """
    known = _bodies(session, plan_id)
    if any(area != DERIVED_AREA for _id, _name, area in known):
        return 0
    aliases = _aliases(session, plan_id)
    pairs = [(body_id, name) for body_id, name, _area in known]
    taken = {name_key(name) for _id, name in pairs} | {column_key(name) for _id, name in pairs}
    added = 0
    for name in names_in(texts):
        key = name_key(name)
        if key in taken or column_key(name) in taken or match_bodies(name, pairs, aliases):
            continue  # the same body, written another way
        body = OversightBody(
            plan_id=plan_id, name=name, name_key=column_key(name), area=DERIVED_AREA
        )
        session.add(body)
        session.flush()
        assert body.id is not None
        pairs.append((body.id, name))
        taken |= {key, column_key(name)}
        added += 1
    return added


def _aliases(session: Session, plan_id: int) -> dict[str, int]:
    return dict(
        session.exec(
            select(OversightAlias.alias_key, OversightAlias.body_id).where(
                OversightAlias.plan_id == plan_id
            )
        ).all()
    )


def link_activities(session: Session, plan_id: int, activities: Sequence[tuple[int, str]]) -> int:
    """Link each (activity id, oversight text) to exactly the bodies its text names, keeping
    officers' links and removals; how many links were added."""
    if not activities:
        return 0
    session.flush()
    bodies = [(body_id, name) for body_id, name, _area in _bodies(session, plan_id)]
    aliases = _aliases(session, plan_id)
    ids = [activity_id for activity_id, _text in activities]
    existing: dict[tuple[int, int], str] = {}
    for chunk in range(0, len(ids), 500):
        for activity_id, body_id, how in session.exec(
            select(
                ActivityOversight.activity_id, ActivityOversight.body_id, ActivityOversight.how
            ).where(ActivityOversight.activity_id.in_(ids[chunk : chunk + 500]))  # type: ignore[attr-defined]
        ).all():
            existing[(activity_id, body_id)] = how
    wanted: dict[tuple[int, int], str] = {}
    for activity_id, text in activities:
        if text:
            for body_id, how in match_bodies(text, bodies, aliases):
                wanted[(activity_id, int(body_id))] = how  # type: ignore[call-overload]
    connection = session.connection()
    stale = [pair for pair, how in existing.items() if how in TEXT_HOWS and pair not in wanted]
    for activity_id, body_id in stale:
        connection.execute(
            delete(ActivityOversight).where(
                ActivityOversight.activity_id == activity_id, ActivityOversight.body_id == body_id
            )
        )
    new = []
    for (activity_id, body_id), how in wanted.items():
        old = existing.get((activity_id, body_id))
        if old is None:
            new.append({"activity_id": activity_id, "body_id": body_id, "how": how})
        elif old in TEXT_HOWS and old != how:
            connection.execute(
                update(ActivityOversight)
                .where(
                    ActivityOversight.activity_id == activity_id,
                    ActivityOversight.body_id == body_id,
                )
                .values(how=how)
            )
    if new:
        connection.execute(insert(ActivityOversight), new)
    return len(new)


def relink(session: Session, plan_id: int, activity_id: int, oversight: str) -> None:
    """Link one activity to the bodies its (new) oversight text names (officers' links kept);
    on a plan without a glossary a body the text newly names becomes one of its bodies."""
    derive_bodies(session, plan_id, [oversight])
    link_activities(session, plan_id, [(activity_id, oversight)])
