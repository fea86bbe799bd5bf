"""The part of `PlanStore` that reads and corrects the oversight links (a mixin, so
`service.py` stays a short façade): each method delegates to `oversight_edits` with the
store's engine and clock. Bad input raises `StoreError`/`NotFound` and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from plandesk.core.boards import BodyLinks
from plandesk.core.plan import BodyView, PlanChangeView
from plandesk.store import oversight_edits
from plandesk.store.snapshots import oversight

__all__ = ["OversightEditing"]


class OversightEditing:
    """Which bodies oversee what, and an officer's corrections (see the module)."""

    engine: Engine
    clock: Callable[[], datetime]

    def resolve_body(self, plan_id: int, query: str) -> BodyView:
        """The body `query` names (name, alias, initials or variant), or `NotFound` /
        `StoreError` (ambiguous) naming the candidates."""
        with Session(self.engine) as session:
            body_id = oversight_edits.find_body(session, plan_id, query).id
        return next(b for b in oversight(self.engine, plan_id) if b.id == body_id)

    def oversight_links(self, plan_id: int) -> list[BodyLinks]:
        """Each body with its aliases and the current activities it oversees (and how)."""
        return oversight_edits.links(self.engine, plan_id)

    def link_oversight(
        self, plan_id: int, activity_id: int, body: str, *, author: str
    ) -> PlanChangeView | None:
        """Link an activity to a body by hand (None: it already was)."""
        return oversight_edits.link(
            self.engine, self.clock, plan_id, activity_id, body, author=author
        )

    def unlink_oversight(
        self, plan_id: int, activity_id: int, body: str, *, author: str
    ) -> PlanChangeView:
        """Remove a link; reading the oversight text again does not bring it back."""
        return oversight_edits.unlink(
            self.engine, self.clock, plan_id, activity_id, body, author=author
        )

    def add_oversight_alias(
        self, plan_id: int, body: str, alias: str, *, author: str
    ) -> PlanChangeView:
        """Another name for a body ("IOM Board"); the plan's links are read again."""
        return oversight_edits.add_alias(
            self.engine, self.clock, plan_id, body, alias, author=author
        )

    def remove_oversight_alias(self, plan_id: int, alias: str, *, author: str) -> PlanChangeView:
        """Forget an alias; the links it made go (officers' own links stay)."""
        return oversight_edits.remove_alias(self.engine, self.clock, plan_id, alias, author=author)
