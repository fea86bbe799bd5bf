"""What the plan screen holds, as plain data: the plan and period loaded, the filters, the
officer's drafts, the header's counts. No widgets here, so tests assert on it directly.

Also the plan without flags: a typo in `stall_rules.toml` must not stop an officer reading and
editing the plan, so the plan is shown without flags, the header says where the file is wrong,
and the keys that need the flags say why they do nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from plandesk.core.counts import PeriodCounts, count_period
from plandesk.core.plan import (
    ActivityReview,
    ActivityView,
    BodyView,
    DraftView,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    activity_label,
)
from plandesk.core.statuses import shown_status
from plandesk.tui.marks import is_flagged

if TYPE_CHECKING:
    from plandesk.store.drafts import DraftEntry

__all__ = [
    "CHECKING",
    "Loaded",
    "PlanView",
    "RulesProblem",
    "counts_line",
    "header_note",
    "reviews_without_rules",
    "reviews_without_rules_of",
    "title_parts_of",
]

ActivityFilter = Callable[[ActivityView], bool]


@dataclass
class Loaded:
    """Everything the screen shows for one plan and period."""

    plans: list[PlanInfo]
    plan: PlanInfo
    periods: list[PeriodInfo]
    period: PeriodInfo
    snapshot: PlanSnapshot
    bodies: dict[str, BodyView]
    drafts: list[DraftView]  # mine in this plan
    everywhere: list[DraftEntry]  # mine in every plan, newest first


@dataclass(frozen=True)
class RulesProblem:
    """Why the flags are off: the full message and its `file:line` (None: not a file error)."""

    message: str
    where: str | None


@dataclass
class PlanView:
    """The plan screen's state: what is loaded, how it is filtered, what is waiting.

    `plan_id` / `period_id` are what was asked for (None: the latest) until a load arrives,
    then what is shown.
    """

    plan_id: int | None = None
    period_id: int | None = None
    loaded: Loaded | None = None
    flagged_only: bool = False
    search_query: str = ""
    search_ids: set[int] | None = None  # None: no search in force
    # My drafts in the plan shown, by (activity, period).
    drafts: dict[tuple[int, int], DraftView] = field(default_factory=dict)
    rules_problem: RulesProblem | None = None  # why there are no flags, if so
    # Keys pressed before the flags were known, run once they are.
    waiting_for_flags: list[Callable[[], None]] = field(default_factory=list)
    pending_edit: int | None = None  # an activity to open once its plan and period are shown
    offered_drafts: bool = False  # the start-up question about drafts was asked
    quit_after_save: bool = False
    counts: str | None = None  # the header's counts, recounted when the data change
    # Activities a followed cross-reference left from, latest last (`backspace` goes back).
    link_trail: list[int] = field(default_factory=list)

    # --------------------------------------------------------------- what is loaded

    @property
    def plan(self) -> PlanInfo | None:
        """The plan shown."""
        return self.loaded.plan if self.loaded else None

    @property
    def period(self) -> PeriodInfo | None:
        """The period shown."""
        return self.loaded.period if self.loaded else None

    @property
    def snapshot(self) -> PlanSnapshot | None:
        """The plan's activities in the period shown, with their flags once reviewed."""
        return self.loaded.snapshot if self.loaded else None

    def take(self, loaded: Loaded) -> None:
        """A new plan or period is shown: its drafts replace the old ones."""
        self.loaded = loaded
        self.waiting_for_flags.clear()
        self.plan_id, self.period_id = loaded.plan.id, loaded.period.id
        self.drafts = {(d.activity_id, d.period_id): d for d in loaded.drafts}

    def activity(self, activity_id: int) -> ActivityView | None:
        """The activity with this id in the snapshot shown."""
        if self.loaded is None:
            return None
        return next((a for a in self.loaded.snapshot.activities() if a.id == activity_id), None)

    def display_name(self, activity_id: int) -> str:
        """`A1.2`, or for an activity without a ref `A1 (activity 2)` / `A1`."""
        if self.loaded is None:
            return "?"
        for objective in self.loaded.snapshot.objectives:
            for commitment in objective.commitments:
                for activity in commitment.activities:
                    if activity.id != activity_id:
                        continue
                    return activity_label(commitment, activity, "{ref} (activity {position})")
        return "?"

    def count_first_update(self, period_id: int) -> None:
        """A first update for the period was saved: the period picker's count grows by one."""
        if self.loaded is None:
            return
        self.loaded.periods = [
            replace(p, update_count=p.update_count + 1) if p.id == period_id else p
            for p in self.loaded.periods
        ]

    # --------------------------------------------------------------- drafts

    def drafted_here(self) -> set[int]:
        """The activities with a draft of mine in the period shown."""
        return {a for (a, p) in self.drafts if p == self.period_id}

    def drop_draft(self, activity_id: int, period_id: int) -> None:
        """Forget a draft saved or thrown away."""
        self.drafts.pop((activity_id, period_id), None)

    # --------------------------------------------------------------- filters and header

    def visible(self) -> ActivityFilter | None:
        """Which activities the filters let through (None: all of them)."""
        checks: list[ActivityFilter] = []
        if self.flagged_only:
            checks.append(is_flagged)
        if self.search_ids is not None:
            ids = self.search_ids
            checks.append(lambda a: a.id in ids)
        if not checks:
            return None
        if len(checks) == 1:
            return checks[0]  # called for every activity of the plan: no wrapper
        return lambda a: all(check(a) for check in checks)

    def nothing_shown(self) -> str:
        """What the details say when the tree has no node under the cursor: why it is empty."""
        if self.search_query and self.search_ids is not None:
            flagged = " flagged" if self.flagged_only else ""
            return f"No{flagged} match for “{self.search_query}”."
        if self.flagged_only:
            return "Nothing is flagged in this period."
        return "Select an item in the tree."

    def title_parts(self) -> tuple[str, str]:
        """The plan's title, and ` · 2020/21 Q2 (closed)` (kept whole in a narrow header)."""
        assert self.loaded is not None
        return title_parts_of(self.loaded.plan, self.loaded.period)

    def header(self, *, recount: bool = True, shown: int | None = None) -> tuple[str, str]:
        """The title and subtitle; `recount=False` when only the filters changed, not the data;
        `shown`: how many activities the filtered tree holds (said beside a search)."""
        assert self.loaded is not None
        if recount or self.counts is None:
            counts = count_period(self.loaded.snapshot.activities())
            if self.rules_problem is not None:
                flagged = header_note(self.rules_problem)
            elif self.loaded.snapshot.reviewed:
                flagged = f"{counts.flagged} flagged"
            else:
                flagged = CHECKING
            self.counts = counts_line(counts, flagged)
        filters = []
        if self.flagged_only:
            filters.append("flagged only")
        if self.search_query:
            found = ""
            if shown is not None and self.search_ids is not None:
                found = f" ({shown} match{'' if shown == 1 else 'es'})"
            filters.append(f"“{self.search_query}”{found}")
        suffix = f" · showing {', '.join(filters)}" if filters else ""
        plan, period = self.title_parts()
        return f"{plan}{period}", f"{self.counts}{suffix}"


# What the header says of the flags until the stall rules have run.
CHECKING = "checking flags…"


def counts_line(counts: PeriodCounts, flagged: str) -> str:
    """`98 activities · 60 updated · 2 done · 3 flagged`; `flagged` is the last part."""
    # Done activities owe nothing: said, so fewer updates are not read as a shortfall.
    done_note = f" · {counts.done} done" if counts.done else ""
    return f"{counts.activities} activities · {counts.updated} updated{done_note} · {flagged}"


def title_parts_of(plan: PlanInfo, period: PeriodInfo) -> tuple[str, str]:
    """The plan's title, and ` · 2020/21 Q2 (closed)` (kept whole in a narrow header)."""
    closed = " (closed)" if period.is_closed else ""
    return plan.title, f" · {period.label}{closed}"


def reviews_without_rules(snapshot: PlanSnapshot) -> dict[int, ActivityReview]:
    """No flags; each activity's status is the officer's own (nothing can be inferred)."""
    return {activity.id: reviews_without_rules_of(activity) for activity in snapshot.activities()}


def reviews_without_rules_of(activity: ActivityView) -> ActivityReview:
    """One activity's review without the rules: no flags, the officer's own status."""
    update = activity.update
    status = shown_status(update.status) if update is not None else ""
    return ActivityReview((), status, None, update.version if update else 0)


def header_note(problem: RulesProblem) -> str:
    """What the header shows instead of the flag count: `flags off (stall_rules.toml:3)`."""
    if problem.where is None:
        return "flags off (see the error)"
    path, _colon, line = problem.where.rpartition(":")
    if not line.isdigit():
        path, line = problem.where, ""
    name = Path(path).name
    return f"flags off ({name}:{line})" if line else f"flags off ({name})"
