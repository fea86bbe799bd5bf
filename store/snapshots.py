"""Reading the plan: the whole of it for a period, one activity again, its history, oversight."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from plandesk.core.plan import (
    ActivityReview,
    ActivityView,
    BodyView,
    CommitmentView,
    ObjectiveView,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    RevisionView,
)
from plandesk.store.done import done_in
from plandesk.store.errors import NotFound
from plandesk.store.link_reads import attach_links, with_targets
from plandesk.store.lookup import locate, period_and_previous
from plandesk.store.models import (
    Activity,
    ActivityOversight,
    Commitment,
    Objective,
    OversightBody,
    Period,
    ProgressUpdate,
    Revision,
)
from plandesk.store.review import RulesProvider, keep_verdicts, reviews
from plandesk.store.rows import (
    ACTIVITY_COLUMNS,
    activity_of,
    no_cycle_collection,
    rows,
    update_row,
    update_view,
    updates_in,
)

__all__ = ["activity_view", "history", "oversight", "review", "snapshot", "snapshot_at"]


def snapshot(
    engine: Engine,
    rules: RulesProvider,
    plan_id: int,
    period_id: int | None = None,
    *,
    review: bool = True,
    include_retired: bool = False,
) -> PlanSnapshot:
    """The whole plan with each activity's update for `period_id` and the one before (see
    `PlanStore.snapshot`); retired activities and commitments only with `include_retired`."""
    return snapshot_at(
        engine,
        rules,
        locate(engine, plan_id, period_id),
        review=review,
        include_retired=include_retired,
    )


def snapshot_at(
    engine: Engine,
    rules: RulesProvider,
    located: tuple[PlanInfo, PeriodInfo | None, PeriodInfo | None],
    *,
    review: bool = True,
    include_retired: bool = False,
) -> PlanSnapshot:
    """`snapshot` of a plan and period already read (plan, period, the period before it)."""
    live_commitments = () if include_retired else (Commitment.retired_at.is_(None),)
    live_activities = () if include_retired else (Activity.retired_at.is_(None),)
    plan, period, previous = located
    plan_id = plan.id
    fresh: list[dict] = []
    with no_cycle_collection(), Session(engine) as session:
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
        for r in rows(
            session,
            select(
                Commitment.id,
                Commitment.objective_id,
                Commitment.position,
                Commitment.ref,
                Commitment.kind,
                Commitment.title,
                Commitment.retired_at,
                Commitment.retired_reason,
            )
            .where(Commitment.plan_id == plan_id, *live_commitments)
            .order_by(Commitment.position),
        ):
            view = CommitmentView(*r[:6], retired_at=r[6], retired_reason=r[7])
            commitments[view.id] = view
            by_objective[view.objective_id].commitments.append(view)
        activities: dict[int, ActivityView] = {}
        for r in rows(
            session,
            select(*ACTIVITY_COLUMNS)
            .where(Activity.plan_id == plan_id, *live_activities)
            .order_by(Activity.position),
        ):
            view = activity_of(r)
            if view.commitment_id not in commitments:
                continue  # under a retired commitment
            activities[view.id] = view
            commitments[view.commitment_id].activities.append(view)
        bodies: dict[int, list[str]] = defaultdict(list)
        for activity_id, body_name in rows(
            session,
            select(ActivityOversight.activity_id, OversightBody.name)
            .join(OversightBody, OversightBody.id == ActivityOversight.body_id)
            .where(OversightBody.plan_id == plan_id, ActivityOversight.how != "unlinked")
            .order_by(OversightBody.name),
        ):
            bodies[activity_id].append(body_name)
        for activity_id, names in bodies.items():
            if activity_id in activities:
                activities[activity_id].bodies = tuple(names)
        for wanted, attribute in ((period, "update"), (previous, "previous")):
            if wanted is None:
                continue
            for u in updates_in(session, plan_id, wanted.id):
                if u.activity_id in activities:
                    setattr(activities[u.activity_id], attribute, u)
        if period is not None:
            for activity_id, label in done_in(session, plan_id, period).items():
                if activity_id in activities:
                    activities[activity_id].done_in = label
        attach_links(session, plan_id, period.id if period else None, activities, whole_plan=True)
        result = PlanSnapshot(plan, period, previous, objectives, reviewed=period is None)
        if period is not None and review:
            result.apply_reviews(
                reviews(session, plan.id, plan.title, period, activities, rules, fresh)
            )
    keep_verdicts(engine, fresh)
    return result


def review(
    engine: Engine, rules: RulesProvider, snapshot: PlanSnapshot
) -> dict[int, ActivityReview]:
    """The stall rules' verdict on each activity of a snapshot read with `review=False`."""
    if snapshot.period is None:
        return {}
    activities = {a.id: a for a in snapshot.activities()}
    fresh: list[dict] = []
    plan = snapshot.plan
    with Session(engine) as session:
        found = reviews(session, plan.id, plan.title, snapshot.period, activities, rules, fresh)
    keep_verdicts(engine, fresh)
    return found


def activity_view(
    engine: Engine,
    rules: RulesProvider,
    plan_id: int,
    period_id: int,
    activity_id: int,
    *,
    review: bool = True,
) -> ActivityView:
    """One activity as `snapshot` would show it, re-read after it changed.

    Reads only that activity's rows and the plan's period dates: re-reading one activity after
    each save must not cost a listing of every plan.
    """
    with Session(engine) as session:
        title, period, previous = period_and_previous(session, plan_id, period_id)

        def read(wanted_id: int) -> ActivityView | None:
            row = session.exec(
                select(*ACTIVITY_COLUMNS).where(
                    Activity.id == wanted_id, Activity.plan_id == plan_id
                )
            ).one_or_none()
            if row is None:
                return None
            found = activity_of(row)
            for wanted, attribute in ((period, "update"), (previous, "previous")):
                if wanted is not None:
                    update = update_row(session, wanted_id, wanted.id)
                    setattr(found, attribute, update_view(update) if update else None)
            found.done_in = done_in(session, plan_id, period, wanted_id).get(wanted_id)
            return found

        view = read(activity_id)
        if view is None:
            raise NotFound(f"no activity with id {activity_id} in {title!r}")
        view.bodies = tuple(
            session.exec(
                select(OversightBody.name)
                .join(ActivityOversight, ActivityOversight.body_id == OversightBody.id)
                .where(
                    ActivityOversight.activity_id == activity_id,
                    ActivityOversight.how != "unlinked",
                )
                .order_by(OversightBody.name)
            ).scalars()
        )
        attach_links(session, plan_id, period.id, {view.id: view}, whole_plan=False)
        if review:
            # One that only points elsewhere is judged by its targets: review them too.
            seen = with_targets(session, plan_id, period.id, view, read)
            judged = reviews(session, plan_id, title, period, seen, rules)
            view.apply(judged[view.id])
    return view


def history(engine: Engine, activity_id: int) -> list[RevisionView]:
    """Every recorded change of the activity's updates (see `PlanStore.history`)."""
    with Session(engine) as session:
        found = session.exec(
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
            for r, label in found
        ]


def oversight(engine: Engine, plan_id: int) -> list[BodyView]:
    """The plan's oversight bodies with how many activities each oversees."""
    with Session(engine) as session:
        counts = dict(
            session.exec(
                select(ActivityOversight.body_id, func.count())
                .join(Activity, Activity.id == ActivityOversight.activity_id)
                .join(Commitment, Commitment.id == Activity.commitment_id)
                .where(
                    Activity.plan_id == plan_id,
                    ActivityOversight.how != "unlinked",
                    Activity.retired_at.is_(None),  # type: ignore[union-attr]
                    Commitment.retired_at.is_(None),  # type: ignore[union-attr]
                )
                .group_by(ActivityOversight.body_id)
            ).all()
        )
        found = session.exec(
            select(OversightBody).where(OversightBody.plan_id == plan_id).order_by(OversightBody.id)
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
            for b in found
        ]
