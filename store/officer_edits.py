"""What officers changed in the plan itself, as an import must see it: which fields to leave
as they are, and what an item was called before it was edited (to find it again).

Read from the plan's history (`plan_change`): an import never undoes an officer's edit, and a
retired item stays retired (the import reads `retired_at` itself).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from plandesk.store.models import PlanChange
from plandesk.store.plan_history import edited_fields

__all__ = ["KEPT_COLUMNS", "OfficerEdits", "officer_edits"]

# The columns an import leaves alone when an officer changed the field, per kind of item.
KEPT_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "objective": {"title": ("title",)},
    "commitment": {
        "ref": ("ref", "ref_key"),
        "title": ("title",),
        "kind": ("kind",),
        "objective": ("objective_id", "position"),
    },
    "activity": {
        "ref": ("ref", "ref_key"),
        "text": ("text",),
        "lead": ("lead",),
        "due": ("due",),
        "oversight": ("oversight",),
        "commitment": ("commitment_id", "position"),
    },
}


@dataclass
class OfficerEdits:
    """Per item (kind, id): the fields officers changed, and each field's first value before
    any change (what documents still call it); per activity, the commitment it was in when
    first changed (where documents still list a moved activity)."""

    fields: dict[tuple[str, int], set[str]] = field(default_factory=lambda: defaultdict(set))
    originals: dict[tuple[str, int], dict[str, object]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    origin_commitment: dict[int, int] = field(default_factory=dict)

    def edited(self, kind: str, item_id: int | None) -> set[str]:
        """The fields officers changed on one item."""
        return self.fields.get((kind, item_id), set()) if item_id is not None else set()

    def original(self, kind: str, item_id: int | None, name: str, current: object) -> object:
        """What the item's field held before officers first changed it (else `current`)."""
        if item_id is None:
            return current
        return self.originals.get((kind, item_id), {}).get(name, current)

    def kept_values(
        self, kind: str, item_id: int | None, values: dict[str, object]
    ) -> tuple[dict[str, object], set[str]]:
        """`values` without the columns officers changed, and those fields' names."""
        edited = self.edited(kind, item_id) & set(KEPT_COLUMNS[kind])
        dropped = {column for name in edited for column in KEPT_COLUMNS[kind][name]}
        return {k: v for k, v in values.items() if k not in dropped}, edited


def _decoded(stored: str | None) -> dict[str, object]:
    if not stored:
        return {}
    try:
        found = json.loads(stored)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def officer_edits(session: Session, plan_id: int | None) -> OfficerEdits:
    """Everything officers changed in the plan, oldest change first."""
    edits = OfficerEdits()
    if plan_id is None:
        return edits
    for activity_id, names in edited_fields(session, plan_id).items():
        edits.fields[("activity", activity_id)].update(names)
    found = session.exec(
        select(
            PlanChange.action,
            PlanChange.objective_id,
            PlanChange.commitment_id,
            PlanChange.activity_id,
            PlanChange.before,
            PlanChange.after,
        )
        .where(PlanChange.plan_id == plan_id)
        .order_by(PlanChange.at, PlanChange.id)
    ).all()
    for action, objective_id, commitment_id, activity_id, before, after in found:
        kind = action.split(" ", 1)[0]
        item_id = {"objective": objective_id, "commitment": commitment_id}.get(kind, activity_id)
        if kind not in KEPT_COLUMNS or item_id is None:
            continue  # a period's change
        if kind == "activity" and commitment_id is not None:
            edits.origin_commitment.setdefault(item_id, commitment_id)
        if kind != "activity":
            edits.fields[(kind, item_id)].update(_decoded(after))
        originals = edits.originals[(kind, item_id)]
        for name, value in _decoded(before).items():
            originals.setdefault(name, value)
    return edits
