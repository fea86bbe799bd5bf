"""The part of `PlanStore` that edits the plan itself, and reads the plan's history.

A mixin so `service.py` stays a short façade: each method delegates to `plan_editing`
(activities) or `plan_structure` (commitments, objectives) with the store's engine and clock.
Every edit is one transaction with its history row and returns a `PlanEdit` (its `change` is
None when nothing differed and nothing was written). Bad input raises `StoreError` and writes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from plandesk.core.plan import PlanChangeView
from plandesk.core.plan_edits import PlanEdit
from plandesk.store import plan_editing, plan_structure
from plandesk.store.plan_history import plan_changes

__all__ = ["PlanEditing"]


class PlanEditing:
    """Adding, editing, moving, retiring and reopening the plan's items (see the module)."""

    engine: Engine
    clock: Callable[[], datetime]

    # ---------------------------------------------------------------- activities

    def add_activity(
        self,
        plan_id: int,
        commitment_ref: str,
        text: str,
        *,
        author: str,
        ref: str | None = None,
        lead: str = "",
        due: str = "",
        oversight: str = "",
    ) -> PlanEdit:
        """Add an activity at the end of a (current) commitment.

        `ref` must be new in the commitment (any case, look-alikes folded); `due` is read by
        `core.due_dates.parse_due` ("" for none); an oversight text links the bodies it names.
        """
        return plan_editing.add_activity(
            self.engine,
            self.clock,
            plan_id,
            commitment_ref,
            text,
            author=author,
            ref=ref,
            lead=lead,
            due=due,
            oversight=oversight,
        )

    def edit_activity(
        self,
        plan_id: int,
        activity_id: int,
        *,
        author: str,
        text: str | None = None,
        ref: str | None = None,
        lead: str | None = None,
        due: str | None = None,
        oversight: str | None = None,
        commitment: str | None = None,
    ) -> PlanEdit:
        """Change the fields given (None: as it is; "" clears lead, due and oversight);
        `commitment` (a ref) moves the activity to the end of that commitment."""
        return plan_editing.edit_activity(
            self.engine,
            self.clock,
            plan_id,
            activity_id,
            author=author,
            text=text,
            ref=ref,
            lead=lead,
            due=due,
            oversight=oversight,
            commitment=commitment,
        )

    def retire_activity(
        self, plan_id: int, activity_id: int, reason: str, *, author: str
    ) -> PlanEdit:
        """Take an activity out of the current plan (tree, counts, flags, search, exports);
        it keeps its updates and history. `reason` is required."""
        return plan_editing.retire_activity(
            self.engine, self.clock, plan_id, activity_id, reason, author=author
        )

    def reopen_activity(self, plan_id: int, activity_id: int, *, author: str) -> PlanEdit:
        """Un-retire a retired activity; or reopen a done one (its latest update's status is
        final): a final status up to the plan's latest period then no longer makes it done."""
        return plan_editing.reopen_activity(
            self.engine, self.clock, plan_id, activity_id, author=author
        )

    # ---------------------------------------------------------------- commitments

    def add_commitment(
        self,
        plan_id: int,
        objective: str,
        ref: str,
        title: str,
        *,
        author: str,
        kind: str | None = None,
    ) -> PlanEdit:
        """Add a commitment at the end of an objective (its number or the start of its title).
        `ref` must be new in the plan; `kind` defaults to what the ref says (a letter first:
        commissioner)."""
        return plan_structure.add_commitment(
            self.engine, self.clock, plan_id, objective, ref, title, author=author, kind=kind
        )

    def edit_commitment(
        self,
        plan_id: int,
        commitment: str,
        *,
        author: str,
        ref: str | None = None,
        title: str | None = None,
        kind: str | None = None,
        objective: str | None = None,
    ) -> PlanEdit:
        """Change a commitment's ref, title or kind; `objective` moves it to that objective."""
        return plan_structure.edit_commitment(
            self.engine,
            self.clock,
            plan_id,
            commitment,
            author=author,
            ref=ref,
            title=title,
            kind=kind,
            objective=objective,
        )

    def retire_commitment(
        self, plan_id: int, commitment: str, reason: str, *, author: str
    ) -> PlanEdit:
        """Take a commitment and its activities out of the current plan (history kept)."""
        return plan_structure.retire_commitment(
            self.engine, self.clock, plan_id, commitment, reason, author=author
        )

    def reopen_commitment(self, plan_id: int, commitment: str, *, author: str) -> PlanEdit:
        """Bring a retired commitment back with its activities."""
        return plan_structure.reopen_commitment(
            self.engine, self.clock, plan_id, commitment, author=author
        )

    # ---------------------------------------------------------------- objectives

    def add_objective(self, plan_id: int, title: str, *, author: str) -> PlanEdit:
        """Add an objective after the plan's last."""
        return plan_structure.add_objective(self.engine, self.clock, plan_id, title, author=author)

    def edit_objective(self, plan_id: int, objective: str, title: str, *, author: str) -> PlanEdit:
        """Retitle an objective (named by its number or the start of its title)."""
        return plan_structure.edit_objective(
            self.engine, self.clock, plan_id, objective, title, author=author
        )

    # ---------------------------------------------------------------- history

    def plan_changes(self, plan_id: int, activity_id: int | None = None) -> list[PlanChangeView]:
        """The plan's own changes, oldest first (one activity's, when given)."""
        with Session(self.engine) as session:
            return plan_changes(session, plan_id, activity_id=activity_id)
