"""The plan's own history: one `PlanChange` row for every change to the plan itself.

Updates have their revisions; everything else an officer changes (an item added, edited,
moved, retired or reopened; a period opened, closed or reopened) is written here, in the same
transaction as the change, so a change without its history row cannot exist.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import or_, select
from sqlmodel import Session

from plandesk.core.plan import PlanChangeView
from plandesk.core.text import clean_line, clean_text
from plandesk.store.models import Activity, PlanChange

__all__ = ["edited_fields", "plan_changes", "record_change"]


def _encoded(fields: dict[str, object] | None) -> str | None:
    if fields is None:
        return None
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)


def _decoded(stored: str | None) -> dict[str, object]:
    if not stored:
        return {}
    try:
        found = json.loads(stored)
    except ValueError:
        # Written by hand or damaged: shown as it is rather than hidden.
        return {"?": stored}
    return found if isinstance(found, dict) else {"?": found}


def record_change(
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
    objective_id: int | None = None,
    commitment_id: int | None = None,
    activity_id: int | None = None,
    period_id: int | None = None,
) -> None:
    """Add one history row to the session's transaction (the caller commits).

    `action` is "<thing> <verb>" ("activity add", "period close"); `subject` is how an
    officer names the thing (its ref, a period's label); `before`/`after` the changed fields.
    """
    session.add(
        PlanChange(
            plan_id=plan_id,
            at=at,
            author=clean_line(author),
            action=action,
            subject=clean_line(subject),
            objective_id=objective_id,
            commitment_id=commitment_id,
            activity_id=activity_id,
            period_id=period_id,
            before=_encoded(before),
            after=_encoded(after),
            reason=clean_text(reason),
        )
    )


def plan_changes(
    session: Session,
    plan_id: int,
    *,
    activity_id: int | None = None,
    commitment_id: int | None = None,
) -> list[PlanChangeView]:
    """The plan's changes, oldest first; only one activity's (or one commitment's and its
    activities') when asked."""
    query = select(PlanChange).where(PlanChange.plan_id == plan_id)
    if activity_id is not None:
        query = query.where(PlanChange.activity_id == activity_id)
    elif commitment_id is not None:
        under = select(Activity.id).where(Activity.commitment_id == commitment_id)
        query = query.where(
            or_(PlanChange.commitment_id == commitment_id, PlanChange.activity_id.in_(under))
        )
    found = session.exec(query.order_by(PlanChange.at, PlanChange.id)).scalars()
    return [
        PlanChangeView(
            c.at,
            c.author,
            c.action,
            c.subject,
            _decoded(c.before),
            _decoded(c.after),
            c.reason,
        )
        for c in found
    ]


def edited_fields(session: Session, plan_id: int) -> dict[int, set[str]]:
    """Per activity, the fields an officer has changed in plandesk (`activity edit` and the
    like): an import leaves those as the officer left them."""
    found: dict[int, set[str]] = {}
    for activity_id, after in session.exec(
        select(PlanChange.activity_id, PlanChange.after).where(
            PlanChange.plan_id == plan_id,
            PlanChange.activity_id.is_not(None),
            PlanChange.action.startswith("activity "),
        )
    ).all():
        found.setdefault(activity_id, set()).update(_decoded(after))
    return found
