"""The one API over the database: the CLI, the TUI and the exports call only this.

Every public method is one unit of work in its own transaction and returns plain objects from
`plandesk.core.plan`. Edits are versioned (optimistic locking) and every change to an update
leaves a `Revision` row behind, so nothing typed is ever lost. `PlanStore` only delegates: the
work is done in `lookup`, `snapshots`, `review`, `edits`, `drafts` and `importing`, with the
clock and the stall rules' settings given to it once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from plandesk.core.chase import LastUpdate
from plandesk.core.plan import (
    AckView,
    ActivityMatch,
    ActivityReview,
    ActivityView,
    BodyView,
    DraftView,
    ImportReport,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    RevisionView,
    UpdateView,
)
from plandesk.core.records import PlanDocument
from plandesk.core.secrets import mask_url
from plandesk.core.text import clean_line
from plandesk.store import drafts as _drafts
from plandesk.store import edits, lookup, period_state, preferences, snapshots
from plandesk.store import periods as period_store
from plandesk.store.db import make_engine
from plandesk.store.drafts import DraftEntry, drafts_everywhere
from plandesk.store.errors import (
    AmbiguousRef,
    NotFound,
    PlandeskError,
    RulesUnreadable,
    StoreError,
    UpdateConflict,
)
from plandesk.store.importing import run_import
from plandesk.store.last_updates import last_updates
from plandesk.store.oversight_editor import OversightEditing
from plandesk.store.plan_editor import PlanEditing
from plandesk.store.review import RulesProvider, rules_from_file
from plandesk.store.users import current_user

# The errors are part of the façade: callers catch them as `plandesk.store.service.X`.
__all__ = [
    "AmbiguousRef",
    "NotFound",
    "PlanStore",
    "PlandeskError",
    "RulesUnreadable",
    "StoreError",
    "UpdateConflict",
    "current_user",
    "utc_now",
]


def utc_now() -> datetime:
    """The store's clock unless another is given: now, in UTC."""
    return datetime.now(UTC)


class PlanStore(PlanEditing, OversightEditing):
    """The service over one database (SQLite file or PostgreSQL).

    Editing the plan itself (activities, commitments, objectives) and reading its history
    come from `PlanEditing` (`store/plan_editor.py`); the oversight links and an officer's
    corrections of them from `OversightEditing` (`store/oversight_editor.py`).

    `clock` stamps updates, revisions, acknowledgements, drafts and imports; `rules` gives the
    stall rules' settings for a plan title (by default from the rules file).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = utc_now,
        rules: RulesProvider = rules_from_file,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.rules = rules

    @classmethod
    def open(
        cls,
        target: str | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        rules: RulesProvider = rules_from_file,
        create: bool = True,
    ) -> PlanStore:
        """Open (creating and migrating as needed) the database at a path or URL; with
        `create` False a missing SQLite file is an error (`MissingDatabase`)."""
        return cls(make_engine(target, create=create), clock=clock, rules=rules)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    @property
    def location(self) -> str:
        """The database URL with every password masked."""
        return mask_url(self.engine.url.render_as_string(hide_password=False))

    # ---------------------------------------------------------------- plans and periods

    def plans(self) -> list[PlanInfo]:
        """Every plan, most recently imported first."""
        return lookup.plans(self.engine)

    def resolve_plan(self, name: str | None = None) -> PlanInfo:
        """The plan a user means by `name`, or the most recently imported one.

        `name` may be the plan's name, its edition, or both ("Safer West Mercia Plan 2020"),
        in any case. Raises `NotFound` when nothing or more than one plan matches.
        """
        return lookup.resolve_plan(self.engine, name)

    def periods(self, plan_id: int) -> list[PeriodInfo]:
        """The plan's periods in date order, with how many updates each holds."""
        return lookup.periods(self.engine, plan_id)

    def open_period(self, plan_id: int, label: str | None = None, *, author: str) -> PeriodInfo:
        """Open a new reporting period: by default the quarter after the plan's latest."""
        return period_store.open_period(
            self.engine, plan_id, label, author=author, now=self.clock()
        )

    def close_period(self, plan_id: int, label: str | None = None, *, author: str) -> PeriodInfo:
        """Close a period (default: the latest open one): its updates, statuses and
        acknowledgements can no longer change. Recorded in the plan's history."""
        return period_state.close_period(
            self.engine, plan_id, label, author=author, now=self.clock()
        )

    def reopen_period(self, plan_id: int, label: str, *, reason: str, author: str) -> PeriodInfo:
        """Open a closed period to writes again; `reason` (required) goes into the history."""
        return period_state.reopen_period(
            self.engine, plan_id, label, reason=reason, author=author, now=self.clock()
        )

    def writable_period(self, plan_id: int, label: str | None = None) -> PeriodInfo:
        """Where a write goes: `label` if it is open, else the plan's latest open period;
        `StoreError` for a closed one or when none is open."""
        return period_state.writable_period(self.engine, plan_id, label)

    def resolve_period(self, plan_id: int, label: str | None = None) -> PeriodInfo:
        """The period named `label` (any accepted spelling) or the plan's latest."""
        return lookup.resolve_period(self.engine, plan_id, label)

    # ---------------------------------------------------------------- reading the plan

    def snapshot(
        self,
        plan_id: int,
        period_id: int | None = None,
        *,
        review: bool = True,
        include_retired: bool = False,
    ) -> PlanSnapshot:
        """The whole plan with each activity's update for `period_id` and the one before.

        Reads with a handful of column selects (no ORM object per row) so big plans stay fast.
        With `review=False` the stall rules are not run (they cost far more than the reads on
        a big plan): the snapshot says `reviewed=False` until `review` is applied to it.
        Retired activities and commitments are left out unless `include_retired`.
        """
        return snapshots.snapshot(
            self.engine,
            self.rules,
            plan_id,
            period_id,
            review=review,
            include_retired=include_retired,
        )

    def read_plan(
        self,
        plan: str | None = None,
        period: str | None = None,
        *,
        review: bool = True,
        include_retired: bool = False,
    ) -> PlanSnapshot:
        """`snapshot` of the plan and period a user names (as `resolve_plan` and
        `resolve_period` read them), with the plans and periods read once."""
        located = lookup.locate_named(self.engine, plan, period)
        return snapshots.snapshot_at(
            self.engine, self.rules, located, review=review, include_retired=include_retired
        )

    def review(self, snapshot: PlanSnapshot) -> dict[int, ActivityReview]:
        """The stall rules' verdict on each activity of a snapshot read with `review=False`.

        Apply it with `snapshot.apply_reviews`; an activity saved in between keeps the review
        of its saved text (the verdicts name the update version they judged).
        """
        return snapshots.review(self.engine, self.rules, snapshot)

    def activity_view(
        self, plan_id: int, period_id: int, activity_id: int, *, review: bool = True
    ) -> ActivityView:
        """One activity as `snapshot` would show it, re-read after it changed (`review=False`:
        without the stall rules' flags, e.g. while the rules file cannot be read)."""
        return snapshots.activity_view(
            self.engine, self.rules, plan_id, period_id, activity_id, review=review
        )

    def last_updates(self, plan_id: int, before_period_id: int) -> dict[int, LastUpdate]:
        """Per activity id, the last update with words given in an earlier period than
        `before_period_id` (not only the previous one): its period's label and text."""
        return last_updates(self.engine, plan_id, before_period_id)

    def oversight(self, plan_id: int) -> list[BodyView]:
        """The plan's oversight bodies with how many activities each oversees."""
        return snapshots.oversight(self.engine, plan_id)

    def find_activities(
        self, plan_id: int, ref: str, *, include_retired: bool = False
    ) -> list[ActivityMatch]:
        """Activities a user may mean by `ref`.

        Accepts an activity ref (`A1.2`, `(a1.2)`, `А1.2` with a Cyrillic A), a qualified
        `COMMITMENT/ACTIVITY` ref for refs that repeat, `#ID`, or a commitment ref whose
        commitment has a single activity. Retired ones only with `include_retired`.
        """
        return lookup.find_activities(self.engine, plan_id, ref, include_retired=include_retired)

    def resolve_activity(
        self, plan_id: int, ref: str, *, include_retired: bool = False
    ) -> ActivityMatch:
        """Exactly one activity for `ref`, or `NotFound` / `AmbiguousRef`."""
        return lookup.resolve_activity(self.engine, plan_id, ref, include_retired=include_retired)

    def update_for(self, activity_id: int, period_id: int) -> UpdateView | None:
        """The activity's current update in the period, if there is one."""
        return lookup.update_for(self.engine, activity_id, period_id)

    def history(self, activity_id: int) -> list[RevisionView]:
        """Every recorded change of the activity's updates: period by period, each update's
        revisions in version order (times may disagree, e.g. a save during a long import)."""
        return snapshots.history(self.engine, activity_id)

    # ---------------------------------------------------------------- editing

    def save_update(
        self,
        activity_id: int,
        period_id: int,
        text: str,
        *,
        author: str,
        status: str | None = None,
        expected_version: int | None = None,
        source: str = "edit",
    ) -> UpdateView:
        """Save an activity's update for a period and record the change.

        `expected_version` is the version the writer started from (0: there was no update);
        if someone saved in between, `UpdateConflict` is raised and nothing is written.
        `None` skips the check (a scripted edit of whatever is there): when another writer
        saves at the same moment, it is applied again on top of theirs. A save that changes
        nothing writes nothing. `status` None keeps the stored one; any other value must be in
        the status vocabulary (stored in its canonical spelling), and text holding the
        conflict-merge marker is refused: neither can reach the official record by any path.
        Control characters are removed from the text and author.
        """
        return edits.save_update(
            self.engine,
            self.clock,
            activity_id,
            period_id,
            text,
            author=author,
            status=status,
            expected_version=expected_version,
            source=source,
        )

    # ---------------------------------------------------------------- acknowledgements

    def acknowledge(
        self, activity_id: int, period_id: int, note: str, *, author: str, clear: bool = False
    ) -> AckView | None:
        """Record that an activity's flags have been seen to (or, with `clear`, withdraw it).

        Every acknowledgement is a new row, so the history of who said what is kept. Only an
        activity flagged in the period can be acknowledged, and only a standing acknowledgement
        withdrawn: `StoreError` otherwise, and nothing is written.
        """
        return edits.acknowledge(
            self.engine,
            self.clock(),
            activity_id,
            period_id,
            note,
            author=author,
            clear=clear,
            rules=self.rules,
        )

    def acknowledgements(self, activity_id: int) -> list[tuple[str, AckView, bool]]:
        """Every acknowledgement of an activity as (period label, note, cleared), oldest first."""
        return edits.acknowledgements(self.engine, activity_id)

    # ---------------------------------------------------------------- drafts

    def save_draft(
        self,
        activity_id: int,
        period_id: int,
        text: str,
        *,
        author: str,
        status: str = "",
        base_version: int = 0,
        typed_at: datetime | None = None,
    ) -> None:
        """Keep unsaved editor text (one draft per author, activity and period).

        `typed_at` is when the text was typed. A draft typed before its author's latest save
        of the same update is not unsaved work (a draft write overtaken by the save) and is
        not written.
        """
        _drafts.save_draft(
            self.engine,
            activity_id,
            period_id,
            text,
            author=author,
            status=status,
            base_version=base_version,
            typed_at=typed_at or self.clock(),
        )

    def drafts(self, plan_id: int, author: str) -> list[DraftView]:
        """The author's drafts in one plan, newest first."""
        return _drafts.drafts(self.engine, plan_id, author)

    def all_drafts(self, author: str) -> list[DraftEntry]:
        """The author's drafts in every plan, newest first, each with its plan and period."""
        with Session(self.engine) as session:
            return drafts_everywhere(session, author)

    def discard_draft(self, activity_id: int, period_id: int, *, author: str) -> None:
        """Forget a draft (the editor was left without saving, on purpose)."""
        _drafts.discard_draft(self.engine, activity_id, period_id, author=author)

    # ---------------------------------------------------------------- settings

    def remember(self, author: str, name: str, value: str) -> None:
        """Keep an officer's setting (JSON text), e.g. the app's last place; `StoreError` when
        the database cannot be written."""
        preferences.remember(self.engine, author, name, value)

    def recall(self, author: str, name: str) -> str | None:
        """An officer's setting as kept by `remember` (JSON text), or None."""
        return preferences.recall(self.engine, author, name)

    # ---------------------------------------------------------------- searching

    def search(self, plan_id: int, period_id: int | None, query: str) -> set[int]:
        """Ids of activities matching every word of `query`, case-insensitively.

        A word matches the activity's ref or text, its oversight, this period's update, or
        its commitment's ref or title, or its objective's title.
        """
        return lookup.search(self.engine, plan_id, period_id, query)

    # ---------------------------------------------------------------- importing

    def import_documents(
        self,
        documents: Iterable[PlanDocument],
        *,
        author: str,
        plan_name: str | None = None,
        edition: str | None = None,
        dry_run: bool = False,
        overwrite: bool = False,
    ) -> list[ImportReport]:
        """Load documents into the store, all of them or none.

        Idempotent: loading the same document again creates and changes nothing (and writes
        nothing). A document for a later period adds that period's updates and leaves earlier
        periods as they are. An update edited since the last import is kept and listed in the
        report, unless `overwrite`. With `dry_run`, the reports are computed and the
        transaction rolled back. Concurrent imports and saves take turns
        (`plandesk.store.importing`).
        """
        return run_import(
            self.engine,
            documents,
            author=clean_line(author),
            plan_name=clean_line(plan_name) if plan_name is not None else None,
            edition=clean_line(edition) if edition is not None else None,
            dry_run=dry_run,
            overwrite=overwrite,
            clock=self.clock,
        )
