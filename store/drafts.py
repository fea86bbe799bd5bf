"""An officer's drafts across every plan, with what is needed to name and open each one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from plandesk.core.plan import DraftView
from plandesk.store.models import Activity, Commitment, Draft, Period, Plan

__all__ = ["DraftEntry", "drafts_everywhere"]


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
