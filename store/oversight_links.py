"""Which oversight bodies an activity's oversight text names, and its links to them.

The importer links each activity it reads; an officer's edit of the oversight text re-links
that activity the same way, so both agree on what "oversees" means.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from plandesk.core.refs import name_key
from plandesk.store.models import ActivityOversight, OversightBody

__all__ = ["bodies_named", "relink"]


@lru_cache(maxsize=4096)
def bodies_named(oversight: str, body_keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of the bodies an oversight text names (the same texts recur across activities)."""
    text_key = f" {name_key(oversight)} "
    if not text_key.strip():
        return ()
    return tuple(key for key in body_keys if _names_body(text_key, key))


def _names_body(oversight_key: str, body_key: str) -> bool:
    """Whether folded oversight text names a body, by full name or by its initials.

    Officers write "LCJB" for the Local Criminal Justice Board and "Victims' Board" for the
    Victims Board; folding removed the apostrophe, the initials catch the abbreviation.
    """
    if f" {body_key} " in oversight_key:
        return True
    words = body_key.split()
    initials = "".join(word[0] for word in words)
    return len(initials) >= 3 and f" {initials} " in oversight_key


def relink(session: Session, plan_id: int, activity_id: int, oversight: str) -> None:
    """Link one activity to exactly the plan's bodies its (new) oversight text names."""
    body_ids = dict(
        session.exec(
            select(OversightBody.name_key, OversightBody.id).where(OversightBody.plan_id == plan_id)
        ).all()
    )
    session.flush()
    connection = session.connection()
    connection.execute(
        delete(ActivityOversight).where(ActivityOversight.activity_id == activity_id)
    )
    named = bodies_named(oversight, tuple(body_ids))
    if named:
        connection.execute(
            insert(ActivityOversight),
            [{"activity_id": activity_id, "body_id": body_ids[key]} for key in named],
        )
