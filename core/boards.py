"""A board's view of the plan: each body with the activities it oversees and how each link was
made, and what an officer prepares before the board meets (`board_items`: flagged first)."""

from __future__ import annotations

from dataclasses import dataclass

from plandesk.core.counts import is_flagged
from plandesk.core.plan import (
    ActivityView,
    BodyView,
    CommitmentView,
    ObjectiveView,
    PlanSnapshot,
)

__all__ = ["BoardItem", "BodyLink", "BodyLinks", "board_items"]


@dataclass(frozen=True, slots=True)
class BodyLink:
    """One activity a body oversees: `label` is `COMMITMENT/REF` (or `#ID`), `how` how the
    link was made ("exact", "initials", "variant", "alias", "manual")."""

    activity_id: int
    ref: str | None
    label: str
    how: str


@dataclass(frozen=True, slots=True)
class BodyLinks:
    """A body with the names officers recorded for it and the activities it oversees, in the
    plan's order."""

    body: BodyView
    aliases: tuple[str, ...]
    links: tuple[BodyLink, ...]


@dataclass(frozen=True, slots=True)
class BoardItem:
    """One activity on a board's agenda, with where it sits in the plan."""

    objective: ObjectiveView
    commitment: CommitmentView
    activity: ActivityView

    @property
    def flagged(self) -> bool:
        """Flags still open, as the plan counts them (an acknowledged flag, or a done
        activity, is no longer for the meeting)."""
        return is_flagged(self.activity)


def board_items(snapshot: PlanSnapshot, body: BodyView) -> list[BoardItem]:
    """Everything `body` oversees across the objectives: flagged first, then in plan order."""
    items = [
        BoardItem(objective, commitment, activity)
        for objective in snapshot.objectives
        for commitment in objective.commitments
        for activity in commitment.activities
        if body.name in activity.bodies
    ]
    return sorted(items, key=lambda item: not item.flagged)  # stable: plan order kept
