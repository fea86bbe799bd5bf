"""Editing the plan's commitments and objectives: add, edit (and move), retire, reopen.

Like `plan_editing`, each edit is one write transaction with its history row. A commitment's
ref is unique in the plan (retired ones keep theirs); a retired commitment leaves the current
plan with all its activities, which come back with it.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlmodel import Session

from plandesk.core.plan_edits import PlanEdit
from plandesk.core.refs import commitment_kind, ref_key
from plandesk.store.errors import StoreError
from plandesk.store.models import Commitment, Objective
from plandesk.store.plan_editing import Clock, writing
from plandesk.store.plan_items import (
    changed,
    find_commitment,
    find_objective,
    last_position,
    new_ref,
    objective_label,
    plan_of,
    record,
    required_text,
)

__all__ = [
    "KINDS",
    "add_commitment",
    "add_objective",
    "edit_commitment",
    "edit_objective",
    "reopen_commitment",
    "retire_commitment",
]

KINDS = ("policing", "commissioner")


def _kind(kind: str) -> str:
    given = kind.strip().casefold()
    if given not in KINDS:
        raise StoreError(f"a commitment's kind is policing or commissioner, not {kind!r}")
    return given


def _refs_in_plan(session: Session, plan_id: int) -> list[tuple[int, str | None, str | None]]:
    return list(
        session.exec(
            select(Commitment.id, Commitment.ref, Commitment.ref_key).where(
                Commitment.plan_id == plan_id
            )
        ).all()
    )


def add_commitment(
    engine: Engine,
    clock: Clock,
    plan_id: int,
    objective: str,
    ref: str,
    title: str,
    *,
    author: str,
    kind: str | None = None,
) -> PlanEdit:
    """Add a commitment at the end of an objective (see `PlanStore.add_commitment`)."""
    with writing(engine) as session:
        plan_of(session, plan_id)
        parent = find_objective(session, plan_id, objective)
        cleaned = new_ref(ref, _refs_in_plan(session, plan_id), None)
        row = Commitment(
            plan_id=plan_id,
            objective_id=parent.id,
            # Positions run through the whole plan: the last one is the last of its objective.
            position=last_position(session, Commitment.position, Commitment.plan_id == plan_id),
            ref=cleaned,
            ref_key=ref_key(cleaned) or cleaned,
            kind=_kind(kind) if kind else commitment_kind(cleaned),
            title=required_text(title, "a commitment's title"),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        change = record(
            session,
            plan_id,
            "commitment add",
            row.ref,
            author=author,
            at=clock(),
            after={
                "objective": objective_label(parent),
                "ref": row.ref,
                "title": row.title,
                "kind": row.kind,
            },
            objective_id=parent.id,
            commitment_id=row.id,
        )
    return PlanEdit("commitment", row.id, row.ref, change)


def edit_commitment(
    engine: Engine,
    clock: Clock,
    plan_id: int,
    commitment: str,
    *,
    author: str,
    ref: str | None = None,
    title: str | None = None,
    kind: str | None = None,
    objective: str | None = None,
) -> PlanEdit:
    """Change a commitment's ref, title or kind; `objective` moves it to the end of another."""
    with writing(engine) as session:
        plan_of(session, plan_id)  # refs and positions are the plan's
        row = find_commitment(session, plan_id, commitment)
        assert row.id is not None
        old_ref = row.ref
        values: dict[str, object] = {}
        if ref is not None:
            values["ref"] = new_ref(ref, _refs_in_plan(session, plan_id), row.id)
        if title is not None:
            values["title"] = required_text(title, "a commitment's title")
        if kind is not None:
            values["kind"] = _kind(kind)
        differences = changed(row, values)
        parent = session.get(Objective, row.objective_id)
        assert parent is not None
        if objective is not None:
            target = find_objective(session, plan_id, objective)
            if target.id != parent.id:
                differences["objective"] = (objective_label(parent), objective_label(target))
                row.objective_id = target.id
                row.position = last_position(
                    session, Commitment.position, Commitment.plan_id == plan_id
                )
        if not differences:
            return PlanEdit("commitment", row.id, row.ref, None)
        for name, (_before, after) in differences.items():
            if name != "objective":
                setattr(row, name, after)
        if "ref" in differences:
            row.ref_key = ref_key(row.ref) or row.ref
        session.add(row)
        change = record(
            session,
            plan_id,
            "commitment move" if "objective" in differences else "commitment edit",
            old_ref if old_ref == row.ref else f"{old_ref} → {row.ref}",
            author=author,
            at=clock(),
            before={name: pair[0] for name, pair in differences.items()},
            after={name: pair[1] for name, pair in differences.items()},
            objective_id=parent.id,
            commitment_id=row.id,
        )
    return PlanEdit("commitment", row.id, row.ref, change)


def retire_commitment(
    engine: Engine, clock: Clock, plan_id: int, commitment: str, reason: str, *, author: str
) -> PlanEdit:
    """Take a commitment, and with it its activities, out of the current plan."""
    why = required_text(reason, "the reason for retiring")
    with writing(engine) as session:
        row = find_commitment(session, plan_id, commitment)
        assert row.id is not None
        now = clock()
        row.retired_at, row.retired_reason = now, why
        session.add(row)
        change = record(
            session,
            plan_id,
            "commitment retire",
            row.ref,
            author=author,
            at=now,
            reason=why,
            objective_id=row.objective_id,
            commitment_id=row.id,
        )
    return PlanEdit("commitment", row.id, row.ref, change)


def reopen_commitment(
    engine: Engine, clock: Clock, plan_id: int, commitment: str, *, author: str
) -> PlanEdit:
    """Bring a retired commitment back, with its activities (those retired on their own stay
    retired)."""
    with writing(engine) as session:
        row = find_commitment(session, plan_id, commitment, include_retired=True)
        assert row.id is not None
        if row.retired_at is None:
            raise StoreError(f"commitment {row.ref} is not retired: there is nothing to reopen")
        before = {"retired": row.retired_reason}
        row.retired_at, row.retired_reason = None, ""
        session.add(row)
        change = record(
            session,
            plan_id,
            "commitment reopen",
            row.ref,
            author=author,
            at=clock(),
            before=before,
            after={"retired": None},
            objective_id=row.objective_id,
            commitment_id=row.id,
        )
    return PlanEdit("commitment", row.id, row.ref, change)


def add_objective(
    engine: Engine, clock: Clock, plan_id: int, title: str, *, author: str
) -> PlanEdit:
    """Add an objective after the plan's last."""
    with writing(engine) as session:
        plan_of(session, plan_id)
        row = Objective(
            plan_id=plan_id,
            position=last_position(session, Objective.position, Objective.plan_id == plan_id),
            title=required_text(title, "an objective's title"),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        label = objective_label(row)
        change = record(
            session,
            plan_id,
            "objective add",
            label,
            author=author,
            at=clock(),
            after={"title": row.title},
            objective_id=row.id,
        )
    return PlanEdit("objective", row.id, label, change)


def edit_objective(
    engine: Engine, clock: Clock, plan_id: int, objective: str, title: str, *, author: str
) -> PlanEdit:
    """Retitle an objective."""
    with writing(engine) as session:
        row = find_objective(session, plan_id, objective)
        assert row.id is not None
        old = objective_label(row)
        differences = changed(row, {"title": required_text(title, "an objective's title")})
        if not differences:
            return PlanEdit("objective", row.id, old, None)
        row.title = differences["title"][1]  # type: ignore[assignment]
        session.add(row)
        change = record(
            session,
            plan_id,
            "objective edit",
            old,
            author=author,
            at=clock(),
            before={"title": differences["title"][0]},
            after={"title": row.title},
            objective_id=row.id,
        )
    return PlanEdit("objective", row.id, objective_label(row), change)
