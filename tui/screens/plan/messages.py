"""What the plan screen's workers report back, each a past-tense message handled on the screen."""

from __future__ import annotations

import threading

from textual.message import Message

from plandesk.core.plan import (
    ActivityReview,
    ActivityView,
    PlanChangeView,
    PlanSnapshot,
    RevisionView,
    UpdateView,
)
from plandesk.core.plan_edits import PlanEdit
from plandesk.store.first_screen import FirstCounts
from plandesk.tui.screens.plan.state import Loaded, RulesProblem

__all__ = [
    "Failed",
    "FirstCounted",
    "HistoryLoaded",
    "PlanChanged",
    "Reloaded",
    "Reread",
    "Reviewed",
    "SaveConflicted",
    "Saved",
    "StatusSet",
    "Searched",
]


class FirstCounted(Message, namespace="plan_screen"):
    """A fast start's first screen was drawn before its counts were read: here they are (from
    the reader's thread)."""

    def __init__(self, counted: FirstCounts) -> None:
        super().__init__()
        self.counted = counted


class Reviewed(Message, namespace="plan_screen"):
    """The stall rules' verdicts on a snapshot that was shown before they were ready."""

    def __init__(
        self,
        snapshot: PlanSnapshot,
        reviews: dict[int, ActivityReview],
        problem: RulesProblem | None = None,
    ) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.reviews = reviews
        self.problem = problem  # set when the rules could not run: no flags at all


class Reloaded(Message, namespace="plan_screen"):
    """A plan and period finished loading; `shown` is set once the screen shows it; `select`
    is an activity to put the cursor on (the officer's last place)."""

    def __init__(
        self, loaded: Loaded, shown: threading.Event | None = None, select: int | None = None
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.shown = shown
        self.select = select


class Saved(Message, namespace="plan_screen"):
    """An update was written; `activity` is the activity re-read with its new flags."""

    def __init__(self, update: UpdateView, activity: ActivityView) -> None:
        super().__init__()
        self.update = update
        self.activity = activity


class StatusSet(Message, namespace="plan_screen"):
    """A status was set from the tree (the text kept); `activity` is the activity re-read."""

    def __init__(self, update: UpdateView, activity: ActivityView) -> None:
        super().__init__()
        self.update = update
        self.activity = activity


class Reread(Message, namespace="plan_screen"):
    """An activity was read again after it changed elsewhere."""

    def __init__(self, activity: ActivityView) -> None:
        super().__init__()
        self.activity = activity


class SaveConflicted(Message, namespace="plan_screen"):
    """Someone else saved the same update first."""

    def __init__(self, mine: str, status: str | None, current: UpdateView | None) -> None:
        super().__init__()
        self.mine = mine
        self.status = status
        self.current = current


class Searched(Message, namespace="plan_screen"):
    """A search finished."""

    def __init__(self, query: str, ids: set[int]) -> None:
        super().__init__()
        self.query = query
        self.ids = ids


class HistoryLoaded(Message, namespace="plan_screen"):
    """An activity's revisions arrived."""

    def __init__(
        self,
        title: str,
        revisions: list[RevisionView],
        changes: list[PlanChangeView] | None = None,
    ) -> None:
        super().__init__()
        self.title = title
        self.revisions = revisions
        self.changes = changes or []  # the activity's own changes (text, ref, move, retire…)


class PlanChanged(Message, namespace="plan_screen"):
    """The plan itself changed (a move, a reopening); `verb` says how, for the notice."""

    def __init__(self, edit: PlanEdit, verb: str) -> None:
        super().__init__()
        self.edit = edit
        self.verb = verb


class Failed(Message, namespace="plan_screen"):
    """A store call failed; the message says why."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
