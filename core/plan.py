"""Plain, fully loaded objects the service returns: nothing here touches the database.

The CLI, the exports and the TUI read these; none of them ever sees a session or a lazy row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from plandesk.core.statuses import NO_UPDATE

if TYPE_CHECKING:
    from plandesk.core.rules.evidence import Flag

__all__ = [
    "AckView",
    "ActivityMatch",
    "ActivityReview",
    "ActivityView",
    "BodyView",
    "DraftView",
    "CommitmentView",
    "CrossLink",
    "ImportReport",
    "ObjectiveView",
    "PeriodInfo",
    "PlanChangeView",
    "PlanInfo",
    "PlanSnapshot",
    "ReportedTarget",
    "RevisionView",
    "UpdateView",
    "activity_label",
    "reported_under_words",
]


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """A plan as listed: identity, when it was last imported and how big it is."""

    id: int
    name: str
    edition: str
    imported_at: datetime
    notes: str = ""
    activity_count: int = 0
    period_labels: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Name and edition, the way a user names the plan on the command line."""
        return f"{self.name} {self.edition}".strip()


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    """A reporting period of one plan."""

    id: int
    plan_id: int
    label: str
    start: date
    end: date
    update_count: int = 0
    closed_at: datetime | None = None
    closed_by: str | None = None

    @property
    def is_closed(self) -> bool:
        """Closed once it has gone to the Panel: its updates can no longer change."""
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class UpdateView:
    """One period's progress update of one activity."""

    id: int
    activity_id: int
    period_id: int
    text: str
    status: str
    author: str
    updated_at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class AckView:
    """An acknowledgement of an activity's flags in one period."""

    note: str
    author: str
    at: datetime


@dataclass(frozen=True, slots=True)
class CrossLink:
    """One ref an activity points at ("Refer to 3.1 - 3.8" gives eight), read from its own
    text ("activity"), its commitment's title ("commitment") or an update ("update", of
    `period_id`). Both targets empty: the plan has no item with that ref."""

    source_id: int
    source_ref: str
    found_in: str
    period_id: int | None
    written: str
    target_ref: str
    target_commitment_id: int | None
    target_activity_id: int | None

    @property
    def resolved(self) -> bool:
        """Whether the plan has the item the ref names."""
        return self.target_commitment_id is not None or self.target_activity_id is not None


@dataclass(frozen=True, slots=True)
class ReportedTarget:
    """An item another one is reported under, with its status and, when it is flagged, why."""

    ref: str
    status: str
    reason: str = ""
    commitment_id: int | None = None
    activity_id: int | None = None

    @property
    def words(self) -> str:
        """ "3.1 (On track)", as lists and exports say it."""
        return f"{self.ref} ({self.status})" if self.status else self.ref


def reported_under_words(targets: tuple[ReportedTarget, ...]) -> str:
    """ "reported under 3.1 (On track), 3.2 (At risk)"; "" when it reports for itself."""
    if not targets:
        return ""
    return "reported under " + ", ".join(t.words for t in targets)


@dataclass(frozen=True, slots=True)
class ActivityReview:
    """What the stall rules and the acknowledgements say of one activity in one period.

    `update_version` is the version of the update that was reviewed (0: none), so a review
    computed before a save is not laid over the saved text's own review.
    """

    flags: tuple[Flag, ...]
    status: str
    acknowledged: AckView | None
    update_version: int
    # The items it only points at and is reported under (`core.reported_under`).
    reported_under: tuple[ReportedTarget, ...] = ()


@dataclass(slots=True)
class ActivityView:
    """A supporting activity with this period's update and the previous period's."""

    id: int
    commitment_id: int
    position: int
    ref: str | None
    text: str
    oversight: str
    stands_for_commitment: bool
    update: UpdateView | None = None
    previous: UpdateView | None = None
    bodies: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    status: str = ""
    acknowledged: AckView | None = None
    lead: str = ""
    due: date | None = None
    # The label of the period whose final status made this activity done (None: not done).
    done_in: str | None = None
    retired_at: datetime | None = None
    retired_reason: str = ""
    # Cross-references: what it points at (its own text and this period's update), what
    # points at it, and the items it is reported under when it says nothing of its own.
    references: tuple[CrossLink, ...] = ()
    referred_by: tuple[CrossLink, ...] = ()
    reported_under: tuple[ReportedTarget, ...] = ()

    @property
    def status_suggested(self) -> bool:
        """True when `status` is what the stall rules infer, not what an officer set (a done
        activity's "Complete" was set by an officer, in the period it was completed in)."""
        if self.update is not None and self.update.status.strip():
            return False
        # "No update" is a fact, not a judgement the officer might not share; no status at all
        # (the rules not run) suggests nothing.
        return bool(self.status) and self.done_in is None and self.status != NO_UPDATE

    @property
    def done(self) -> bool:
        """Completed in this period or an earlier one (and not reopened since)."""
        return self.done_in is not None

    def refresh_from(self, fresh: ActivityView) -> None:
        """Take a re-read copy's update, flags and acknowledgement (after a save)."""
        self.update = fresh.update
        self.previous = fresh.previous
        self.flags = fresh.flags
        self.status = fresh.status
        self.acknowledged = fresh.acknowledged
        self.done_in = fresh.done_in
        self.references = fresh.references
        self.referred_by = fresh.referred_by
        self.reported_under = fresh.reported_under

    def apply(self, review: ActivityReview) -> bool:
        """Take a review of this activity's current update; False when it reviewed another."""
        if review.update_version != (self.update.version if self.update else 0):
            return False
        self.flags, self.status, self.acknowledged = (
            review.flags,
            review.status,
            review.acknowledged,
        )
        self.reported_under = review.reported_under
        return True

    @property
    def open_flags(self) -> tuple[Flag, ...]:
        """Flags still needing attention: none once an officer has acknowledged them."""
        return () if self.acknowledged is not None else self.flags


@dataclass(slots=True)
class CommitmentView:
    """A commitment and its activities, in document order."""

    id: int
    objective_id: int
    position: int
    ref: str
    kind: str
    title: str
    activities: list[ActivityView] = field(default_factory=list)
    retired_at: datetime | None = None
    retired_reason: str = ""


@dataclass(slots=True)
class ObjectiveView:
    """An objective and its commitments, in document order."""

    id: int
    position: int
    title: str
    commitments: list[CommitmentView] = field(default_factory=list)


@dataclass(slots=True)
class PlanSnapshot:
    """A whole plan as of one period, with the previous period alongside."""

    plan: PlanInfo
    period: PeriodInfo | None
    previous_period: PeriodInfo | None
    objectives: list[ObjectiveView]
    # False until the stall rules have run (`PlanStore.review`): no flag means "not checked".
    reviewed: bool = True

    def activities(self) -> list[ActivityView]:
        """All activities in plan order."""
        return [a for o in self.objectives for c in o.commitments for a in c.activities]

    def apply_reviews(self, reviews: dict[int, ActivityReview]) -> None:
        """Lay the stall rules' verdicts over the activities and mark the snapshot reviewed."""
        for activity in self.activities():
            review = reviews.get(activity.id)
            if review is not None:
                activity.apply(review)
        self.reviewed = True

    def restricted_to(self, keep: Callable[[ActivityView], bool]) -> PlanSnapshot:
        """The same plan with only the activities `keep` accepts (and their parents)."""
        objectives = []
        for o in self.objectives:
            commitments = [
                replace(c, activities=[a for a in c.activities if keep(a)]) for c in o.commitments
            ]
            commitments = [c for c in commitments if c.activities]
            if commitments:
                objectives.append(replace(o, commitments=commitments))
        return replace(self, objectives=objectives)


@dataclass(frozen=True, slots=True)
class BodyView:
    """An oversight body and how many of the plan's activities it oversees."""

    id: int
    name: str
    purpose: str
    frequency: str
    notes_published: bool
    public_meeting: bool
    area: str
    activity_count: int


@dataclass(frozen=True, slots=True)
class RevisionView:
    """One recorded change of an update."""

    version: int
    period_label: str
    before_text: str | None
    after_text: str
    before_status: str | None
    after_status: str
    author: str
    at: datetime
    source: str


@dataclass(frozen=True, slots=True)
class PlanChangeView:
    """One change to the plan itself (an item added, edited, retired; a period closed…).

    `action` is "<thing> <verb>" ("activity add", "period close"); `before` and `after` hold
    the fields that changed, by name.
    """

    at: datetime
    author: str
    action: str
    subject: str
    before: dict[str, object]
    after: dict[str, object]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ActivityMatch:
    """An activity found by ref, with the unambiguous way to name it."""

    id: int
    ref: str | None
    text: str
    commitment_ref: str
    objective_title: str

    @property
    def qualified_ref(self) -> str:
        """`COMMITMENT/ACTIVITY`, which names an activity even when its ref repeats."""
        return f"{self.commitment_ref}/{self.ref}" if self.ref else f"#{self.id}"


@dataclass(slots=True)
class ImportReport:
    """What an import created and changed, counted per kind of thing.

    `kept` names the activities whose update an officer edited since the last import and the
    document words differently: their update was left alone. `overwritten` names those whose
    edit was replaced by the document's text (only when the import was asked to overwrite).
    """

    source: str
    plan: str
    period: str
    dry_run: bool = False
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    # Cross-references to refs the plan does not have ("A1: Refer to C7"), kept as written.
    unresolved: list[str] = field(default_factory=list)

    def count(self, bucket: str, kind: str, by: int = 1) -> None:
        """Add `by` to one counter of `created`, `changed` or `unchanged`."""
        counters = getattr(self, bucket)
        counters[kind] = counters.get(kind, 0) + by

    @property
    def is_noop(self) -> bool:
        """True when nothing was created or changed."""
        return not any(self.created.values()) and not any(self.changed.values())


@dataclass(frozen=True, slots=True)
class DraftView:
    """Editor text that was never saved, kept for its author."""

    activity_id: int
    period_id: int
    author: str
    text: str
    status: str
    base_version: int
    saved_at: datetime


def activity_label(
    commitment: CommitmentView,
    activity: ActivityView,
    numbered: str = "{ref} activity {position}",
) -> str:
    """How to name an activity in words: its ref; without one, its commitment's ref, with the
    activity's position (`numbered`) when the commitment has other activities; `#id` when
    neither has a ref."""
    ref = " ".join((activity.ref or "").split())
    if ref:
        return ref
    commitment_ref = " ".join(commitment.ref.split())
    if not commitment_ref:
        return f"#{activity.id}"
    if activity.stands_for_commitment or len(commitment.activities) == 1:
        return commitment_ref
    return numbered.format(ref=commitment_ref, position=activity.position)
