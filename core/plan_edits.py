"""What an edit of the plan itself returns: the item it changed and the change recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from plandesk.core.plan import PlanChangeView

__all__ = ["ItemKind", "PlanEdit"]

ItemKind = Literal["objective", "commitment", "activity"]


@dataclass(frozen=True, slots=True)
class PlanEdit:
    """One edit of the plan: the item (`kind`, `id`), how officers name it now (`label`: an
    activity's `COMMITMENT/REF`, a commitment's ref, an objective's number and title) and the
    change written to the plan's history (None: nothing differed, nothing was written)."""

    kind: ItemKind
    id: int
    label: str
    change: PlanChangeView | None
