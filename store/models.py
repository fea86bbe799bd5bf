"""Table models. Only `plandesk.store` imports this module.

The schema itself is owned by the Alembic migrations in `store/migrations`; these classes must
describe the same tables (a test compares them).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = [
    "Acknowledgement",
    "Activity",
    "ActivityOversight",
    "Commitment",
    "CrossReference",
    "Draft",
    "Objective",
    "OversightAlias",
    "OversightBody",
    "Period",
    "Plan",
    "PlanChange",
    "Preference",
    "ProgressUpdate",
    "ReviewCache",
    "Revision",
]


class Plan(SQLModel, table=True):
    """A delivery plan; one row per edition of it."""

    __table_args__ = (UniqueConstraint("name", "edition"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    edition: str = ""
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime
    imported_at: datetime


class Objective(SQLModel, table=True):
    """One of a plan's objectives."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    position: int
    title: str


class Commitment(SQLModel, table=True):
    """A numbered commitment under an objective; `ref_key` is the folded ref used to match."""

    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(foreign_key="objective.id", index=True, ondelete="CASCADE")
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    position: int
    ref: str
    ref_key: str = Field(index=True)
    kind: str
    title: str = Field(sa_column=Column(Text, nullable=False))
    retired_at: datetime | None = None
    retired_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Activity(SQLModel, table=True):
    """A supporting activity; `ref` may be absent, `ref_key` repeats across commitments.

    `retired_at` set: no longer part of the plan (kept, with its history). A final status
    makes an activity done from that period on; `reopened_after_period_id` is the period
    after which an officer reopened it (a final status up to that period no longer counts).
    """

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True, ondelete="CASCADE")
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    position: int
    ref: str | None = None
    ref_key: str | None = Field(default=None, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    oversight: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    stands_for_commitment: bool = False
    lead: str = ""
    due: date | None = None
    retired_at: datetime | None = None
    retired_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reopened_after_period_id: int | None = Field(
        default=None, foreign_key="period.id", ondelete="SET NULL"
    )


class OversightBody(SQLModel, table=True):
    """A board or meeting that oversees activities."""

    __table_args__ = (UniqueConstraint("plan_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    name: str
    name_key: str
    purpose: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    frequency: str = ""
    notes_published: bool = False
    public_meeting: bool = False
    area: str = ""


class ActivityOversight(SQLModel, table=True):
    """Which bodies oversee an activity, and how the link was made.

    `how`: "exact", "initials", "variant" or "alias" when read from the oversight text,
    "manual" when an officer linked it; "unlinked" is an officer's removal, kept so that
    reading the text again does not bring the link back (it is not a link).
    """

    activity_id: int = Field(foreign_key="activity.id", primary_key=True, ondelete="CASCADE")
    body_id: int = Field(foreign_key="oversightbody.id", primary_key=True, ondelete="CASCADE")
    how: str = Field(default="exact", sa_column_kwargs={"server_default": "exact"})


class OversightAlias(SQLModel, table=True):
    """Another name officers use for a body ("IOM Board"); `alias_key` is its folded form."""

    __tablename__ = "oversight_alias"
    __table_args__ = (UniqueConstraint("plan_id", "alias_key"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE")
    body_id: int = Field(foreign_key="oversightbody.id", index=True, ondelete="CASCADE")
    alias: str
    alias_key: str
    author: str
    at: datetime


class CrossReference(SQLModel, table=True):
    """One ref an activity points at ("Refer to C7"), resolved when the plan has it.

    `found_in`: "activity" (its own text), "commitment" (the title of the commitment it
    stands for) or "update" (that period's update, `period_id`). `written` is the phrase as
    the text has it ("Refer to 3.1 - 3.8"), `target_ref` one ref it names (a range expanded
    to each ref); both targets empty: the plan has no such ref (kept, and reported).
    """

    __tablename__ = "cross_reference"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    activity_id: int = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    period_id: int | None = Field(default=None, foreign_key="period.id", ondelete="CASCADE")
    found_in: str
    written: str = Field(sa_column=Column(Text, nullable=False))
    target_ref: str
    target_commitment_id: int | None = Field(
        default=None, foreign_key="commitment.id", index=True, ondelete="SET NULL"
    )
    target_activity_id: int | None = Field(
        default=None, foreign_key="activity.id", index=True, ondelete="SET NULL"
    )


class Period(SQLModel, table=True):
    """A reporting period of a plan; closed (`closed_at` set) once it has gone to the Panel."""

    __table_args__ = (UniqueConstraint("plan_id", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    label: str
    start: date
    end: date
    closed_at: datetime | None = None
    closed_by: str | None = None


class ProgressUpdate(SQLModel, table=True):
    """An activity's update for one period; `version` grows by one on every save."""

    __tablename__ = "progress_update"
    __table_args__ = (UniqueConstraint("activity_id", "period_id"),)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    period_id: int = Field(foreign_key="period.id", index=True, ondelete="CASCADE")
    text: str = Field(sa_column=Column(Text, nullable=False))
    status: str = ""
    author: str
    updated_at: datetime
    version: int = 1


class Revision(SQLModel, table=True):
    """One change to an update: what it was, what it became, who, when, through what.

    One per (update, version): a second revision of a version would be a change that did not
    happen (migration 0005).
    """

    __table_args__ = (Index("uq_revision_update_version", "update_id", "version", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    update_id: int = Field(foreign_key="progress_update.id", index=True, ondelete="CASCADE")
    version: int
    before_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after_text: str = Field(sa_column=Column(Text, nullable=False))
    before_status: str | None = None
    after_status: str = ""
    author: str
    at: datetime
    source: str = ""


class Draft(SQLModel, table=True):
    """Unsaved editor text, kept on every pause so a crash loses nothing.

    One per author, activity and period; `base_version` is the update version the editing
    started from, so a restored draft still gets the conflict check on save.
    """

    __table_args__ = (UniqueConstraint("activity_id", "period_id", "author"),)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    period_id: int = Field(foreign_key="period.id", ondelete="CASCADE")
    author: str = Field(index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    status: str = ""
    base_version: int = 0
    saved_at: datetime


class Acknowledgement(SQLModel, table=True):
    """An officer's note that a flagged activity has been seen to ("chased at HTA 12 June").

    Rows are only ever added: the newest for an activity and period is the one that counts,
    and one with `cleared` set withdraws the acknowledgement.
    """

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    period_id: int = Field(foreign_key="period.id", index=True, ondelete="CASCADE")
    note: str = Field(sa_column=Column(Text, nullable=False))
    author: str
    at: datetime
    cleared: bool = False


class ReviewCache(SQLModel, table=True):
    """The stall rules' verdict on one activity in one period, reused while `key` holds.

    `key` digests everything the verdict depends on (the update, the previous one, earlier
    statuses, the period, the rules' settings and code), so a stale row is never used: it is
    simply not found. Losing the table loses nothing but time.
    """

    __tablename__ = "review_cache"

    activity_id: int = Field(foreign_key="activity.id", primary_key=True, ondelete="CASCADE")
    period_id: int = Field(
        foreign_key="period.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    key: str
    verdict: str = Field(sa_column=Column(Text, nullable=False))


class PlanChange(SQLModel, table=True):
    """One change to the plan itself: an item added, edited, moved, retired or reopened, a
    period opened, closed or reopened. `before`/`after` hold the changed fields as JSON."""

    __tablename__ = "plan_change"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    at: datetime
    author: str
    action: str
    subject: str
    objective_id: int | None = Field(default=None, foreign_key="objective.id", ondelete="CASCADE")
    commitment_id: int | None = Field(default=None, foreign_key="commitment.id", ondelete="CASCADE")
    activity_id: int | None = Field(
        default=None, foreign_key="activity.id", index=True, ondelete="CASCADE"
    )
    period_id: int | None = Field(default=None, foreign_key="period.id", ondelete="CASCADE")
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Preference(SQLModel, table=True):
    """One officer's setting in this database (the app's last plan, period and place)."""

    author: str = Field(primary_key=True)
    name: str = Field(primary_key=True)
    value: str = Field(sa_column=Column(Text, nullable=False))
