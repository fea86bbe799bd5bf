"""Drafts: unsaved editor text kept per author, activity and period, and listed across plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from plandesk.core.plan import DraftView
from plandesk.core.text import clean_line, clean_text
from plandesk.store.models import Activity, Commitment, Draft, Period, Plan
from plandesk.store.rows import draft_of, update_row

__all__ = ["DraftEntry", "discard_draft", "drafts", "drafts_everywhere", "save_draft"]


@dataclass(frozen=True, slots=True)
class DraftEntry:
    """One draft and where it belongs: plan, period and the activity's name."""

    draft: DraftView
    plan_id: int
    plan_title: str
    period_label: str
    activity_name: str  # the activity's ref, else its commitment's ref


def drafts_everywhere(session: Session, author: str) -> list[DraftEntry]:
    """The author's drafts in every plan, newest first."""
    rows = session.execute(
        select(
            Draft,
            Plan.id,
            Plan.name,
            Plan.edition,
            Period.label,
            Activity.ref,
            Commitment.ref,
        )
        .join(Activity, Activity.id == Draft.activity_id)
        .join(Commitment, Commitment.id == Activity.commitment_id)
        .join(Plan, Plan.id == Activity.plan_id)
        .join(Period, Period.id == Draft.period_id)
        .where(Draft.author == author)
        .order_by(Draft.saved_at.desc(), Draft.id.desc())
    ).all()
    entries = []
    for d, plan_id, name, edition, period_label, ref, commitment_ref in rows:
        view = DraftView(
            d.activity_id, d.period_id, d.author, d.text, d.status, d.base_version, d.saved_at
        )
        title = f"{name} {edition}".strip() if edition else name
        entries.append(DraftEntry(view, plan_id, title, period_label, ref or commitment_ref or "?"))
    return entries


def save_draft(
    engine: Engine,
    activity_id: int,
    period_id: int,
    text: str,
    *,
    author: str,
    status: str,
    base_version: int,
    typed_at: datetime,
) -> None:
    """Keep unsaved editor text, unless the author saved the update after typing it (see
    `PlanStore.save_draft`)."""
    text, author = clean_text(text), clean_line(author)
    with Session(engine) as session:
        saved = update_row(session, activity_id, period_id)
        if saved is not None and saved.author == author and saved.updated_at >= typed_at:
            return
        row = session.exec(
            select(Draft).where(*draft_of(activity_id, period_id, author))
        ).scalar_one_or_none()
        if row is None:
            row = Draft(
                activity_id=activity_id,
                period_id=period_id,
                author=author,
                text=text,
                status=status,
                base_version=base_version,
                saved_at=typed_at,
            )
            session.add(row)
        else:
            row.text, row.status, row.base_version = text, status, base_version
            row.saved_at = typed_at
        try:
            session.commit()
        except IntegrityError:
            # The same author saved the draft from another window a moment ago: keep going,
            # the next pause writes it again.
            session.rollback()


def drafts(engine: Engine, plan_id: int, author: str) -> list[DraftView]:
    """The author's drafts in one plan, newest first."""
    with Session(engine) as session:
        found = session.exec(
            select(Draft)
            .join(Activity, Activity.id == Draft.activity_id)
            .where(Activity.plan_id == plan_id, Draft.author == clean_line(author))
            .order_by(Draft.saved_at.desc())
        ).scalars()
        return [
            DraftView(
                d.activity_id,
                d.period_id,
                d.author,
                d.text,
                d.status,
                d.base_version,
                d.saved_at,
            )
            for d in found
        ]


def discard_draft(engine: Engine, activity_id: int, period_id: int, *, author: str) -> None:
    """Forget a draft (the editor was left without saving, on purpose)."""
    with Session(engine) as session:
        session.exec(delete(Draft).where(*draft_of(activity_id, period_id, author)))
        session.commit()
