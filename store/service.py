"""The one API over the database: the CLI, the TUI and the exports call only this.

Every public method is one unit of work in its own transaction and returns plain objects from
`plandesk.core.plan`. Edits are versioned (optimistic locking) and every change to an update
leaves a `Revision` row behind, so nothing typed is ever lost.
"""

from __future__ import annotations

import gc
import getpass
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from plandesk.core.merge import MERGE_MARKER_REFUSAL, has_merge_marker
from plandesk.core.plan import (
    AckView,
    ActivityMatch,
    ActivityReview,
    ActivityView,
    BodyView,
    CommitmentView,
    DraftView,
    ImportReport,
    ObjectiveView,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    RevisionView,
    UpdateView,
)
from plandesk.core.records import PlanDocument
from plandesk.core.refs import name_key, ref_key
from plandesk.core.rules.config import ConfigError
from plandesk.core.rules.engine import Evidence, evaluate, infer_status
from plandesk.core.statuses import UnknownStatus, parse_status
from plandesk.core.text import clean_line, clean_text, shorten
from plandesk.store.db import make_engine
from plandesk.store.drafts import DraftEntry, drafts_everywhere
from plandesk.store.models import (
    Acknowledgement,
    Activity,
    ActivityOversight,
    Commitment,
    Draft,
    Objective,
    OversightBody,
    Period,
    Plan,
    ProgressUpdate,
    ReviewCache,
    Revision,
)
from plandesk.store.review_cache import dump_verdict, fingerprint, load_verdict, verdict_key
from plandesk.store.rules_file import load_config

__all__ = [
    "AmbiguousRef",
    "NotFound",
    "PlanStore",
    "RulesUnreadable",
    "StoreError",
    "UpdateConflict",
    "current_user",
]

# A scripted save (no expected version) that loses a race is re-applied on top; this bounds it.
_SCRIPTED_SAVE_ATTEMPTS = 20


class StoreError(Exception):
    """A request the store cannot carry out, with a message for the user."""


class NotFound(StoreError):
    """No plan, period or activity answers to the name given."""


class AmbiguousRef(StoreError):
    """A ref names more than one activity; `candidates` says how to name each."""

    def __init__(self, ref: str, candidates: Sequence[ActivityMatch]) -> None:
        lines = [f"{ref!r} names {len(candidates)} activities; name one of them:"]
        lines += [
            f"  {c.qualified_ref:<14} under {c.commitment_ref} ({c.objective_title}): "
            f"{shorten(c.text, 60)}"
            for c in candidates
        ]
        super().__init__("\n".join(lines))
        self.candidates = tuple(candidates)


class RulesUnreadable(StoreError):
    """The stall-rules file cannot be used; `where` is its `file:line` (or file)."""

    def __init__(self, error: ConfigError) -> None:
        super().__init__(f"the stall rules cannot be read: {error}")
        self.where = f"{error.path}:{error.line}" if error.line else str(error.path)


class UpdateConflict(StoreError):
    """Someone else saved the update after the editor read it."""

    def __init__(self, expected_version: int, current: UpdateView | None) -> None:
        who = f"{current.author} at {current.updated_at:%Y-%m-%d %H:%M}" if current else "?"
        super().__init__(
            f"the update changed since it was opened (version {expected_version} expected, "
            f"now {current.version if current else 0}, saved by {who})"
        )
        self.expected_version = expected_version
        self.current = current


def current_user(explicit: str | None = None) -> str:
    """Who is making a change: `--as`, else `PLANDESK_USER`, else the OS user (on one line,
    without control characters)."""
    for given in (explicit, os.environ.get("PLANDESK_USER")):
        name = clean_line(given or "")
        if name:
            return name
    try:
        return clean_line(getpass.getuser()) or "unknown"
    except (OSError, KeyError):  # no passwd entry, e.g. in a container
        return "unknown"


def _now() -> datetime:
    return datetime.now(UTC)


class PlanStore:
    """The service over one database (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, target: str | None = None) -> PlanStore:
        """Open (creating and migrating as needed) the database at a path or URL."""
        return cls(make_engine(target))

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    @property
    def location(self) -> str:
        """The database URL with every password masked."""
        from plandesk.core.secrets import mask_url

        return mask_url(self.engine.url.render_as_string(hide_password=False))

    # ---------------------------------------------------------------- plans and periods

    def plans(self) -> list[PlanInfo]:
        """Every plan, most recently imported first."""
        with Session(self.engine) as session:
            rows = session.exec(select(Plan).order_by(Plan.imported_at.desc(), Plan.id.desc()))
            plans = list(rows.scalars())
            counts = dict(
                session.exec(
                    select(Activity.plan_id, func.count()).group_by(Activity.plan_id)
                ).all()
            )
            labels: dict[int, list[str]] = defaultdict(list)
            for plan_id, label in session.exec(
                select(Period.plan_id, Period.label).order_by(Period.start, Period.end)
            ).all():
                labels[plan_id].append(label)
            return [self._plan_info(p, counts.get(p.id, 0), tuple(labels[p.id])) for p in plans]

    @staticmethod
    def _plan_info(plan: Plan, activity_count: int = 0, labels: tuple[str, ...] = ()) -> PlanInfo:
        assert plan.id is not None
        return PlanInfo(
            plan.id,
            plan.name,
            plan.edition,
            plan.imported_at,
            plan.notes,
            activity_count,
            labels,
        )

    def resolve_plan(self, name: str | None = None) -> PlanInfo:
        """The plan a user means by `name`, or the most recently imported one.

        `name` may be the plan's name, its edition, or both ("Safer West Mercia Plan 2020"),
        in any case. Raises `NotFound` when nothing or more than one plan matches.
        """
        plans = self.plans()
        if not plans:
            raise NotFound("the database holds no plan yet: import one with 'plandesk import FILE'")
        if name is None:
            return plans[0]
        wanted = name_key(name)
        exact = [p for p in plans if wanted in (name_key(p.title), name_key(p.edition))]
        if not exact:
            exact = [p for p in plans if name_key(p.name) == wanted]
        if len(exact) == 1:
            return exact[0]
        known = ", ".join(repr(p.title) for p in plans)
        if not exact:
            raise NotFound(f"no plan called {name!r}; the plans are: {known}")
        raise NotFound(
            f"{name!r} names {len(exact)} plans; add the edition: "
            + ", ".join(repr(p.title) for p in exact)
        )

    def periods(self, plan_id: int) -> list[PeriodInfo]:
        """The plan's periods in date order, with how many updates each holds."""
        with Session(self.engine) as session:
            counts = dict(
                session.exec(
                    select(ProgressUpdate.period_id, func.count())
                    .join(Period, Period.id == ProgressUpdate.period_id)
                    .where(Period.plan_id == plan_id)
                    .group_by(ProgressUpdate.period_id)
                ).all()
            )
            rows = session.exec(
                select(Period).where(Period.plan_id == plan_id).order_by(Period.start, Period.end)
            ).scalars()
            return [
                PeriodInfo(p.id, p.plan_id, p.label, p.start, p.end, counts.get(p.id, 0))
                for p in rows
            ]

    def resolve_period(self, plan_id: int, label: str | None = None) -> PeriodInfo:
        """The period named `label` (any accepted spelling) or the plan's latest."""
        periods = self.periods(plan_id)
        if not periods:
            raise NotFound("the plan has no reporting period yet")
        if label is None:
            return periods[-1]
        from plandesk.core.periods import PeriodError, parse_period

        wanted = {label.strip().casefold()}
        try:
            wanted.add(parse_period(label).label.casefold())
        except PeriodError:
            pass
        for period in periods:
            if period.label.casefold() in wanted:
                return period
        raise NotFound(
            f"no period {label!r} in this plan; it has: "
            + ", ".join(repr(p.label) for p in periods)
        )

    def _locate(
        self, plan_id: int, period_id: int | None
    ) -> tuple[PlanInfo, PeriodInfo | None, PeriodInfo | None]:
        """The plan, the period and the period before it, each read once."""
        plan = next((p for p in self.plans() if p.id == plan_id), None)
        if plan is None:
            raise NotFound(f"no plan with id {plan_id}")
        if period_id is None:
            return plan, None, None
        periods = self.periods(plan_id)
        for index, period in enumerate(periods):
            if period.id == period_id:
                return plan, period, periods[index - 1] if index else None
        raise NotFound(f"no period with id {period_id} in {plan.title!r}")

    # ---------------------------------------------------------------- reading the plan

    def snapshot(
        self, plan_id: int, period_id: int | None = None, *, review: bool = True
    ) -> PlanSnapshot:
        """The whole plan with each activity's update for `period_id` and the one before.

        Reads with a handful of column selects (no ORM object per row) so big plans stay fast.
        With `review=False` the stall rules are not run (they cost far more than the reads on
        a big plan): the snapshot says `reviewed=False` until `review` is applied to it.
        """
        plan, period, previous = self._locate(plan_id, period_id)
        with _no_cycle_collection(), Session(self.engine) as session:
            objectives = [
                ObjectiveView(r.id, r.position, r.title)
                for r in session.exec(
                    select(Objective.id, Objective.position, Objective.title)
                    .where(Objective.plan_id == plan_id)
                    .order_by(Objective.position)
                ).all()
            ]
            by_objective = {o.id: o for o in objectives}
            commitments: dict[int, CommitmentView] = {}
            for r in _rows(
                session,
                select(
                    Commitment.id,
                    Commitment.objective_id,
                    Commitment.position,
                    Commitment.ref,
                    Commitment.kind,
                    Commitment.title,
                )
                .where(Commitment.plan_id == plan_id)
                .order_by(Commitment.position),
            ):
                view = CommitmentView(*r)
                commitments[view.id] = view
                by_objective[view.objective_id].commitments.append(view)
            activities: dict[int, ActivityView] = {}
            for r in _rows(
                session,
                select(*_ACTIVITY_COLUMNS)
                .where(Activity.plan_id == plan_id)
                .order_by(Activity.position),
            ):
                view = ActivityView(*r)
                activities[view.id] = view
                commitments[view.commitment_id].activities.append(view)
            bodies: dict[int, list[str]] = defaultdict(list)
            for activity_id, body_name in _rows(
                session,
                select(ActivityOversight.activity_id, OversightBody.name)
                .join(OversightBody, OversightBody.id == ActivityOversight.body_id)
                .where(OversightBody.plan_id == plan_id)
                .order_by(OversightBody.name),
            ):
                bodies[activity_id].append(body_name)
            for activity_id, names in bodies.items():
                if activity_id in activities:
                    activities[activity_id].bodies = tuple(names)
            for wanted, attribute in ((period, "update"), (previous, "previous")):
                if wanted is None:
                    continue
                for u in self._updates_in(session, plan_id, wanted.id):
                    if u.activity_id in activities:
                        setattr(activities[u.activity_id], attribute, u)
            snapshot = PlanSnapshot(plan, period, previous, objectives, reviewed=period is None)
            fresh: list[dict] = []
            if period is not None and review:
                snapshot.apply_reviews(self._reviews(session, plan, period, activities, fresh))
        self._keep_verdicts(fresh)
        return snapshot

    def review(self, snapshot: PlanSnapshot) -> dict[int, ActivityReview]:
        """The stall rules' verdict on each activity of a snapshot read with `review=False`.

        Apply it with `snapshot.apply_reviews`; an activity saved in between keeps the review
        of its saved text (the verdicts name the update version they judged).
        """
        if snapshot.period is None:
            return {}
        activities = {a.id: a for a in snapshot.activities()}
        fresh: list[dict] = []
        with Session(self.engine) as session:
            reviews = self._reviews(session, snapshot.plan, snapshot.period, activities, fresh)
        self._keep_verdicts(fresh)
        return reviews

    def activity_view(
        self, plan_id: int, period_id: int, activity_id: int, *, review: bool = True
    ) -> ActivityView:
        """One activity as `snapshot` would show it, re-read after it changed (`review=False`:
        without the stall rules' flags, e.g. while the rules file cannot be read)."""
        plan, period, previous = self._locate(plan_id, period_id)
        assert period is not None
        with Session(self.engine) as session:
            row = session.exec(
                select(*_ACTIVITY_COLUMNS).where(
                    Activity.id == activity_id, Activity.plan_id == plan_id
                )
            ).one_or_none()
            if row is None:
                raise NotFound(f"no activity with id {activity_id} in {plan.title!r}")
            view = ActivityView(*row)
            view.bodies = tuple(
                session.exec(
                    select(OversightBody.name)
                    .join(ActivityOversight, ActivityOversight.body_id == OversightBody.id)
                    .where(ActivityOversight.activity_id == activity_id)
                    .order_by(OversightBody.name)
                ).scalars()
            )
            for wanted, attribute in ((period, "update"), (previous, "previous")):
                if wanted is not None:
                    found = _update_row(session, activity_id, wanted.id)
                    setattr(view, attribute, _update_view(found) if found else None)
            if review:
                view.apply(self._reviews(session, plan, period, {view.id: view})[view.id])
        return view

    def _reviews(
        self,
        session: Session,
        plan: PlanInfo,
        period: PeriodInfo,
        activities: dict[int, ActivityView],
        fresh: list[dict] | None = None,
    ) -> dict[int, ActivityReview]:
        """Each activity's flags by the stall rules, its status, and who acknowledged what.

        With `fresh` (a list), verdicts kept in the review cache are reused, and the rows
        for verdicts worked out anew are added to `fresh` for `_keep_verdicts`.
        """
        earlier: dict[int, list[str]] = defaultdict(list)
        # Earlier statuses only matter to an update that has a status of its own ("unchanged
        # status"); most have none, so most plans read no earlier row at all.
        with_status = (
            select(ProgressUpdate.activity_id)
            .join(Activity, Activity.id == ProgressUpdate.activity_id)
            .where(
                Activity.plan_id == plan.id,
                ProgressUpdate.period_id == period.id,
                ProgressUpdate.status != "",
            )
        )
        statuses = (
            select(ProgressUpdate.activity_id, ProgressUpdate.status)
            .join(Period, Period.id == ProgressUpdate.period_id)
            .where(
                Period.plan_id == plan.id,
                Period.end < period.start,
                ProgressUpdate.activity_id.in_(with_status),
            )
            .order_by(Period.end.desc())
        )
        acknowledgements = (
            select(
                Acknowledgement.activity_id,
                Acknowledgement.note,
                Acknowledgement.author,
                Acknowledgement.at,
                Acknowledgement.cleared,
            )
            .join(Activity, Activity.id == Acknowledgement.activity_id)
            .where(Activity.plan_id == plan.id, Acknowledgement.period_id == period.id)
            .order_by(Acknowledgement.at, Acknowledgement.id)
        )
        if len(activities) == 1:
            # Re-reading one activity after a save: keep it to that activity's rows.
            [only] = activities
            statuses = statuses.where(ProgressUpdate.activity_id == only)
            acknowledgements = acknowledgements.where(Acknowledgement.activity_id == only)
        for activity_id, status in _rows(session, statuses):
            earlier[activity_id].append(status)
        acks: dict[int, AckView | None] = {}
        for activity_id, note, author, at, cleared in _rows(session, acknowledgements):
            acks[activity_id] = None if cleared else AckView(note, author, at)
        try:
            config = load_config(plan.title)
        except ConfigError as exc:
            raise RulesUnreadable(exc) from None
        kept: dict[int, tuple[str, str]] = {}
        rules = b""
        if fresh is not None:
            rules = fingerprint(config)
            kept = {
                activity_id: (key, verdict)
                for activity_id, key, verdict in _rows(
                    session,
                    select(ReviewCache.activity_id, ReviewCache.key, ReviewCache.verdict).where(
                        ReviewCache.period_id == period.id
                    ),
                )
            }
        reviews = {}
        for activity in activities.values():
            update = activity.update
            evidence = Evidence(
                text=update.text if update else None,
                status=update.status if update else "",
                previous_text=activity.previous.text if activity.previous else None,
                earlier_statuses=tuple(earlier.get(activity.id, ())),
                period_start=period.start,
                period_end=period.end,
            )
            key = verdict_key(evidence, rules) if fresh is not None else ""
            hit = kept.get(activity.id)
            if hit is not None and hit[0] == key:
                flags, status = load_verdict(hit[1])
            else:
                flags = tuple(evaluate(evidence, config))
                status = infer_status(evidence, flags)
                if fresh is not None:
                    fresh.append(
                        {
                            "activity_id": activity.id,
                            "period_id": period.id,
                            "key": key,
                            "verdict": dump_verdict(flags, status),
                        }
                    )
            reviews[activity.id] = ActivityReview(
                flags, status, acks.get(activity.id), update.version if update else 0
            )
        return reviews

    def _keep_verdicts(self, fresh: list[dict]) -> None:
        """Store verdicts worked out anew, for the next read of the plan.

        Only a cache: when it cannot be written (a read-only file, a database busy past the
        timeout, another reader storing the same rows at the same moment) nothing is lost
        but time, so the failure is not reported.
        """
        if not fresh:
            return
        table = ReviewCache.__table__
        try:
            with Session(self.engine) as session:
                _begin_write(session)
                connection = session.connection()
                connection.execute(
                    delete(table).where(
                        table.c.activity_id == bindparam("activity_id"),
                        table.c.period_id == bindparam("period_id"),
                    ),
                    [{"activity_id": r["activity_id"], "period_id": r["period_id"]} for r in fresh],
                )
                connection.execute(insert(table), fresh)
                session.commit()
        except DBAPIError:
            pass

    @staticmethod
    def _updates_in(session: Session, plan_id: int, period_id: int) -> list[UpdateView]:
        rows = _rows(
            session,
            select(
                ProgressUpdate.id,
                ProgressUpdate.activity_id,
                ProgressUpdate.period_id,
                ProgressUpdate.text,
                ProgressUpdate.status,
                ProgressUpdate.author,
                ProgressUpdate.updated_at,
                ProgressUpdate.version,
            )
            .join(Activity, Activity.id == ProgressUpdate.activity_id)
            .where(Activity.plan_id == plan_id, ProgressUpdate.period_id == period_id),
        )
        return [UpdateView(*r) for r in rows]

    def oversight(self, plan_id: int) -> list[BodyView]:
        """The plan's oversight bodies with how many activities each oversees."""
        with Session(self.engine) as session:
            counts = dict(
                session.exec(
                    select(ActivityOversight.body_id, func.count()).group_by(
                        ActivityOversight.body_id
                    )
                ).all()
            )
            rows = session.exec(
                select(OversightBody)
                .where(OversightBody.plan_id == plan_id)
                .order_by(OversightBody.id)
            ).scalars()
            return [
                BodyView(
                    b.id,
                    b.name,
                    b.purpose,
                    b.frequency,
                    b.notes_published,
                    b.public_meeting,
                    b.area,
                    counts.get(b.id, 0),
                )
                for b in rows
            ]

    def find_activities(self, plan_id: int, ref: str) -> list[ActivityMatch]:
        """Activities a user may mean by `ref`.

        Accepts an activity ref (`A1.2`, `(a1.2)`, `А1.2` with a Cyrillic A), a qualified
        `COMMITMENT/ACTIVITY` ref for refs that repeat, `#ID`, or a commitment ref whose
        commitment has a single activity.
        """
        text = ref.strip()
        with Session(self.engine) as session:
            query = (
                select(
                    Activity.id,
                    Activity.ref,
                    Activity.text,
                    Commitment.ref,
                    Objective.title,
                    Activity.ref_key,
                    Commitment.ref_key,
                    Commitment.id,
                )
                .join(Commitment, Commitment.id == Activity.commitment_id)
                .join(Objective, Objective.id == Commitment.objective_id)
                .where(Activity.plan_id == plan_id)
                .order_by(Objective.position, Commitment.position, Activity.position)
            )
            rows = session.exec(query).all()
        if text.startswith("#") and text[1:].isdigit():
            found = [r for r in rows if r[0] == int(text[1:])]
        elif "/" in text:
            commitment_part, activity_part = text.split("/", 1)
            c_key, a_key = ref_key(commitment_part), ref_key(activity_part)
            found = [r for r in rows if r[6] == c_key and r[5] == a_key]
        else:
            key = ref_key(text)
            found = [r for r in rows if r[5] == key and key is not None]
            if not found:
                by_commitment: dict[int, list] = defaultdict(list)
                for r in rows:
                    if r[6] == key:
                        by_commitment[r[7]].append(r)
                found = [acts[0] for acts in by_commitment.values() if len(acts) == 1]
        return [ActivityMatch(r[0], r[1], r[2], r[3], r[4]) for r in found]

    def resolve_activity(self, plan_id: int, ref: str) -> ActivityMatch:
        """Exactly one activity for `ref`, or `NotFound` / `AmbiguousRef`."""
        found = self.find_activities(plan_id, ref)
        if not found:
            raise NotFound(f"no activity {ref!r} in this plan (try 'plandesk show')")
        if len(found) > 1:
            raise AmbiguousRef(ref, found)
        return found[0]

    def update_for(self, activity_id: int, period_id: int) -> UpdateView | None:
        """The activity's current update in the period, if there is one."""
        with Session(self.engine) as session:
            row = _update_row(session, activity_id, period_id)
            return _update_view(row) if row else None

    def history(self, activity_id: int) -> list[RevisionView]:
        """Every recorded change of the activity's updates: period by period, each update's
        revisions in version order (times may disagree, e.g. a save during a long import)."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Revision, Period.label)
                .join(ProgressUpdate, ProgressUpdate.id == Revision.update_id)
                .join(Period, Period.id == ProgressUpdate.period_id)
                .where(ProgressUpdate.activity_id == activity_id)
                .order_by(Period.start, Period.id, Revision.version, Revision.id)
            ).all()
            return [
                RevisionView(
                    r.version,
                    label,
                    r.before_text,
                    r.after_text,
                    r.before_status,
                    r.after_status,
                    r.author,
                    r.at,
                    r.source,
                )
                for r, label in rows
            ]

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
        status = _checked_status(status)
        text, author = clean_text(text), clean_line(author)
        _check_no_merge_marker(text)
        for attempt in range(_SCRIPTED_SAVE_ATTEMPTS):
            last = attempt == _SCRIPTED_SAVE_ATTEMPTS - 1
            with Session(self.engine) as session:
                try:
                    _begin_write(session)
                    result = self._save(
                        session,
                        activity_id,
                        period_id,
                        text,
                        author,
                        status,
                        expected_version,
                        source,
                    )
                    # Saved text supersedes the author's draft, in the same transaction.
                    session.exec(delete(Draft).where(*_draft_of(activity_id, period_id, author)))
                    session.commit()
                except IntegrityError:
                    # Another writer created the update between our read and our insert.
                    session.rollback()
                    if expected_version is None and not last:
                        continue
                    raise UpdateConflict(
                        expected_version or 0, self.update_for(activity_id, period_id)
                    ) from None
                except UpdateConflict:
                    # Another writer saved between our read and our write.
                    if expected_version is None and not last:
                        continue
                    raise
                return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _save(
        self,
        session: Session,
        activity_id: int,
        period_id: int,
        text: str,
        author: str,
        status: str | None,
        expected_version: int | None,
        source: str,
    ) -> UpdateView:
        if session.get(Activity, activity_id) is None:
            raise NotFound(f"no activity with id {activity_id}")
        if session.get(Period, period_id) is None:
            raise NotFound(f"no period with id {period_id}")
        # Locked until commit on PostgreSQL (FOR UPDATE; SQLite took its write lock already),
        # so a second writer waits here and then sees the new version.
        row = session.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.activity_id == activity_id, ProgressUpdate.period_id == period_id)
            .with_for_update()
        ).scalar_one_or_none()
        current_version = row.version if row else 0
        if expected_version is not None and expected_version != current_version:
            raise UpdateConflict(expected_version, _update_view(row) if row else None)
        now = _now()
        if row is None:
            row = ProgressUpdate(
                activity_id=activity_id,
                period_id=period_id,
                text=text,
                status=status or "",
                author=author,
                updated_at=now,
                version=1,
            )
            session.add(row)
            session.flush()
            session.add(_revision(row, None, None, source))
            return _update_view(row)
        new_status = row.status if status is None else status
        if row.text == text and row.status == new_status:
            return _update_view(row)
        before_text, before_status = row.text, row.status
        # The WHERE on version makes the check and the write one atomic step on any database.
        result = session.exec(
            update(ProgressUpdate)
            .where(ProgressUpdate.id == row.id, ProgressUpdate.version == row.version)
            .values(
                text=text,
                status=new_status,
                author=author,
                updated_at=now,
                version=row.version + 1,
            )
        )
        if result.rowcount != 1:
            session.rollback()
            raise UpdateConflict(current_version, self.update_for(activity_id, period_id))
        session.expire(row)
        session.add(_revision(row, before_text, before_status, source))
        return _update_view(row)

    # ---------------------------------------------------------------- acknowledgements

    def acknowledge(
        self, activity_id: int, period_id: int, note: str, *, author: str, clear: bool = False
    ) -> AckView | None:
        """Record that an activity's flags have been seen to (or, with `clear`, withdraw it).

        Every acknowledgement is a new row, so the history of who said what is kept.
        """
        note, author = clean_text(note), clean_line(author)
        with Session(self.engine) as session:
            if session.get(Activity, activity_id) is None:
                raise NotFound(f"no activity with id {activity_id}")
            if session.get(Period, period_id) is None:
                raise NotFound(f"no period with id {period_id}")
            if not clear and not note.strip():
                raise StoreError("an acknowledgement needs a note (what was done about it)")
            row = Acknowledgement(
                activity_id=activity_id,
                period_id=period_id,
                note=note.strip(),
                author=author,
                at=_now(),
                cleared=clear,
            )
            session.add(row)
            session.commit()
            return None if clear else AckView(row.note, row.author, row.at)

    def acknowledgements(self, activity_id: int) -> list[tuple[str, AckView, bool]]:
        """Every acknowledgement of an activity as (period label, note, cleared), oldest first."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Acknowledgement, Period.label)
                .join(Period, Period.id == Acknowledgement.period_id)
                .where(Acknowledgement.activity_id == activity_id)
                .order_by(Acknowledgement.at, Acknowledgement.id)
            ).all()
            return [(label, AckView(a.note, a.author, a.at), a.cleared) for a, label in rows]

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
        text, author, typed_at = clean_text(text), clean_line(author), typed_at or _now()
        with Session(self.engine) as session:
            saved = _update_row(session, activity_id, period_id)
            if saved is not None and saved.author == author and saved.updated_at >= typed_at:
                return
            row = session.exec(
                select(Draft).where(*_draft_of(activity_id, period_id, author))
            ).scalar_one_or_none()
            if row is None:
                row = Draft(
                    activity_id=activity_id,
                    period_id=period_id,
                    author=author,
                    text=text,
                    status=status,
                    base_version=base_version,
                    saved_at=typed_at,
                )
                session.add(row)
            else:
                row.text, row.status, row.base_version = text, status, base_version
                row.saved_at = typed_at
            try:
                session.commit()
            except IntegrityError:
                # The same author saved the draft from another window a moment ago: keep going,
                # the next pause writes it again.
                session.rollback()

    def drafts(self, plan_id: int, author: str) -> list[DraftView]:
        """The author's drafts in one plan, newest first."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Draft)
                .join(Activity, Activity.id == Draft.activity_id)
                .where(Activity.plan_id == plan_id, Draft.author == clean_line(author))
                .order_by(Draft.saved_at.desc())
            ).scalars()
            return [
                DraftView(
                    d.activity_id,
                    d.period_id,
                    d.author,
                    d.text,
                    d.status,
                    d.base_version,
                    d.saved_at,
                )
                for d in rows
            ]

    def all_drafts(self, author: str) -> list[DraftEntry]:
        """The author's drafts in every plan, newest first, each with its plan and period."""
        with Session(self.engine) as session:
            return drafts_everywhere(session, author)

    def discard_draft(self, activity_id: int, period_id: int, *, author: str) -> None:
        """Forget a draft (the editor was left without saving, on purpose)."""
        with Session(self.engine) as session:
            session.exec(delete(Draft).where(*_draft_of(activity_id, period_id, author)))
            session.commit()

    # ---------------------------------------------------------------- searching

    def search(self, plan_id: int, period_id: int | None, query: str) -> set[int]:
        """Ids of activities matching every word of `query`, case-insensitively.

        A word matches the activity's ref or text, its oversight, this period's update, or
        its commitment's ref or title, or its objective's title.
        """
        words = [w for w in query.casefold().split() if w]
        if not words:
            return set()
        # SQLite's LIKE ignores ASCII case and its lower() folds nothing more, so on SQLite the
        # fields are matched as they are (lowering every field of every row halved the speed);
        # PostgreSQL's LIKE heeds case, so there they are lowered.
        sqlite = self.engine.dialect.name == "sqlite"

        def folded(column):
            return column if sqlite else func.lower(column)

        fields = [
            folded(func.coalesce(Activity.ref, "")),
            folded(Activity.text),
            folded(Activity.oversight),
            folded(func.coalesce(ProgressUpdate.text, "")),
            folded(Commitment.ref),
            folded(Commitment.title),
            folded(Objective.title),
        ]
        query_ = (
            select(Activity.id)
            .join(Commitment, Commitment.id == Activity.commitment_id)
            .join(Objective, Objective.id == Commitment.objective_id)
            .outerjoin(
                ProgressUpdate,
                (ProgressUpdate.activity_id == Activity.id)
                & (ProgressUpdate.period_id == period_id),
            )
            .where(Activity.plan_id == plan_id)
        )
        for word in words:
            pattern = "%" + _escape_like(word) + "%"
            matches = [f.like(pattern, escape="\\") for f in fields]
            key = ref_key(word)
            if key:
                # Refs match by key too, so "b3" finds a ref written with a Cyrillic В.
                key_pattern = _escape_like(key) + "%"
                matches.append(Activity.ref_key.like(key_pattern, escape="\\"))
                matches.append(Commitment.ref_key.like(key_pattern, escape="\\"))
            query_ = query_.where(or_(*matches))
        with Session(self.engine) as session:
            return set(session.exec(query_).scalars())

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
        from plandesk.store.importing import run_import

        return run_import(
            self.engine,
            documents,
            author=clean_line(author),
            plan_name=clean_line(plan_name) if plan_name is not None else None,
            edition=clean_line(edition) if edition is not None else None,
            dry_run=dry_run,
            overwrite=overwrite,
            clock=_now,
        )


_ACTIVITY_COLUMNS = (
    Activity.id,
    Activity.commitment_id,
    Activity.position,
    Activity.ref,
    Activity.text,
    Activity.oversight,
    Activity.stands_for_commitment,
)


def _checked_status(status: str | None) -> str | None:
    if status is None:
        return None
    try:
        return parse_status(status)
    except UnknownStatus as exc:
        raise StoreError(str(exc)) from None


def _check_no_merge_marker(text: str) -> None:
    if has_merge_marker(text):
        raise StoreError(MERGE_MARKER_REFUSAL)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Build tens of thousands of plain views without the cycle collector running meanwhile.

    It is triggered by the count of new objects and walks them all each time (a fifth of a
    big plan's read); these views hold no reference cycles, so it has nothing to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _rows(session: Session, statement) -> Sequence:
    """All rows of a column select, run as Core: the ORM's per-row loading is skipped, which
    halves the cost of reading every update of a big plan."""
    return session.connection().execute(statement).all()


def _begin_write(session: Session) -> None:
    """On SQLite, start the session's transaction with `BEGIN IMMEDIATE` (the write lock).

    The driver would otherwise begin only at the first write, after the version was read:
    two savers could both read version V, and the loser would fail where it should wait.
    Taking the lock first makes the read and the write one step; a second writer waits for
    it (busy timeout) instead of failing.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _update_row(session: Session, activity_id: int, period_id: int) -> ProgressUpdate | None:
    return session.exec(
        select(ProgressUpdate).where(
            ProgressUpdate.activity_id == activity_id, ProgressUpdate.period_id == period_id
        )
    ).scalar_one_or_none()


def _draft_of(activity_id: int, period_id: int, author: str) -> tuple:
    author = clean_line(author)  # as save_draft stored it
    return (Draft.activity_id == activity_id, Draft.period_id == period_id, Draft.author == author)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _update_view(row: ProgressUpdate) -> UpdateView:
    assert row.id is not None
    return UpdateView(
        row.id,
        row.activity_id,
        row.period_id,
        row.text,
        row.status,
        row.author,
        row.updated_at,
        row.version,
    )


def _revision(
    row: ProgressUpdate, before_text: str | None, before_status: str | None, source: str
) -> Revision:
    assert row.id is not None
    return Revision(
        update_id=row.id,
        version=row.version,
        before_text=before_text,
        after_text=row.text,
        before_status=before_status,
        after_status=row.status,
        author=row.author,
        at=row.updated_at,
        source=source,
    )
