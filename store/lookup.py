"""Finding things: plans, periods, an activity by its ref, an update, a search."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, func, or_, select
from sqlmodel import Session

from plandesk.core.periods import PeriodError, parse_period
from plandesk.core.plan import ActivityMatch, PeriodInfo, PlanInfo, UpdateView
from plandesk.core.refs import name_key, ref_key
from plandesk.store.errors import AmbiguousRef, NotFound
from plandesk.store.models import Activity, Commitment, Objective, Period, Plan, ProgressUpdate
from plandesk.store.rows import escape_like, plan_info, update_row, update_view

__all__ = [
    "current",
    "find_activities",
    "locate",
    "locate_named",
    "period_and_previous",
    "periods",
    "plans",
    "resolve_activity",
    "resolve_period",
    "resolve_plan",
    "search",
    "update_for",
]


def plans(engine: Engine) -> list[PlanInfo]:
    """Every plan, most recently imported first."""
    with Session(engine) as session:
        found = session.exec(select(Plan).order_by(Plan.imported_at.desc(), Plan.id.desc()))
        listed = list(found.scalars())
        counts = dict(
            session.exec(
                current(
                    select(Activity.plan_id, func.count()).join(
                        Commitment, Commitment.id == Activity.commitment_id
                    )
                ).group_by(Activity.plan_id)
            ).all()
        )
        labels: dict[int, list[str]] = defaultdict(list)
        for plan_id, label in session.exec(
            select(Period.plan_id, Period.label).order_by(Period.start, Period.end)
        ).all():
            labels[plan_id].append(label)
        return [plan_info(p, counts.get(p.id, 0), tuple(labels[p.id])) for p in listed]


def resolve_plan(engine: Engine, name: str | None = None) -> PlanInfo:
    """The plan a user means by `name`, or the most recently imported one (see `PlanStore`)."""
    return _pick_plan(plans(engine), name)


def _pick_plan(every: list[PlanInfo], name: str | None) -> PlanInfo:
    """The plan `name` means among `every` plan (listed newest first)."""
    if not every:
        raise NotFound("the database holds no plan yet: import one with 'plandesk import FILE'")
    if name is None:
        return every[0]
    wanted = name_key(name)
    exact = [p for p in every if wanted in (name_key(p.title), name_key(p.edition))]
    if not exact:
        exact = [p for p in every if name_key(p.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    known = ", ".join(repr(p.title) for p in every)
    if not exact:
        raise NotFound(f"no plan called {name!r}; the plans are: {known}")
    raise NotFound(
        f"{name!r} names {len(exact)} plans; add the edition: "
        + ", ".join(repr(p.title) for p in exact)
    )


def periods(engine: Engine, plan_id: int) -> list[PeriodInfo]:
    """The plan's periods in date order, with how many updates each holds."""
    with Session(engine) as session:
        counts = dict(
            session.exec(
                select(ProgressUpdate.period_id, func.count())
                .join(Period, Period.id == ProgressUpdate.period_id)
                .where(Period.plan_id == plan_id)
                .group_by(ProgressUpdate.period_id)
            ).all()
        )
        found = session.exec(
            select(Period).where(Period.plan_id == plan_id).order_by(Period.start, Period.end)
        ).scalars()
        return [
            PeriodInfo(
                p.id,
                p.plan_id,
                p.label,
                p.start,
                p.end,
                counts.get(p.id, 0),
                p.closed_at,
                p.closed_by,
            )
            for p in found
        ]


def resolve_period(engine: Engine, plan_id: int, label: str | None = None) -> PeriodInfo:
    """The period named `label` (any accepted spelling) or the plan's latest."""
    return _pick_period(periods(engine, plan_id), label)


def _pick_period(every: list[PeriodInfo], label: str | None) -> PeriodInfo:
    """The period `label` means among `every` period of a plan (in date order)."""
    if not every:
        raise NotFound("the plan has no reporting period yet")
    if label is None:
        return every[-1]
    wanted = {label.strip().casefold()}
    try:
        wanted.add(parse_period(label).label.casefold())
    except PeriodError:
        pass
    for period in every:
        if period.label.casefold() in wanted:
            return period
    raise NotFound(
        f"no period {label!r} in this plan; it has: " + ", ".join(repr(p.label) for p in every)
    )


def locate(
    engine: Engine, plan_id: int, period_id: int | None
) -> tuple[PlanInfo, PeriodInfo | None, PeriodInfo | None]:
    """The plan, the period and the period before it, each read once (as listed, with counts)."""
    plan = next((p for p in plans(engine) if p.id == plan_id), None)
    if plan is None:
        raise NotFound(f"no plan with id {plan_id}")
    if period_id is None:
        return plan, None, None
    every = periods(engine, plan_id)
    for index, period in enumerate(every):
        if period.id == period_id:
            return plan, period, every[index - 1] if index else None
    raise NotFound(f"no period with id {period_id} in {plan.title!r}")


def locate_named(
    engine: Engine, plan_name: str | None, period_label: str | None
) -> tuple[PlanInfo, PeriodInfo, PeriodInfo | None]:
    """What a reading command names (`--plan`, `--period`, the defaults as `resolve_plan` and
    `resolve_period`): the plan, the period and the one before it, with the plans and the
    plan's periods each read once."""
    plan = _pick_plan(plans(engine), plan_name)
    every = periods(engine, plan.id)
    period = _pick_period(every, period_label)
    index = every.index(period)
    return plan, period, every[index - 1] if index else None


def period_and_previous(
    session: Session, plan_id: int, period_id: int
) -> tuple[str, PeriodInfo, PeriodInfo | None]:
    """The plan's title, the period and the one before it: what re-reading one activity needs,
    without counting anything (the periods' update counts are left at 0)."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"no plan with id {plan_id}")
    title = plan_info(plan).title
    found = session.exec(
        select(
            Period.id,
            Period.plan_id,
            Period.label,
            Period.start,
            Period.end,
            Period.closed_at,
            Period.closed_by,
        )
        .where(Period.plan_id == plan_id)
        .order_by(Period.start, Period.end)
    ).all()
    every = [PeriodInfo(*r[:5], 0, *r[5:]) for r in found]
    for index, period in enumerate(every):
        if period.id == period_id:
            return title, period, every[index - 1] if index else None
    raise NotFound(f"no period with id {period_id} in {title!r}")


def current(query):
    """`query` (over activities joined to their commitments) without retired items: an
    activity leaves the current plan when it or its commitment is retired."""
    return query.where(Activity.retired_at.is_(None), Commitment.retired_at.is_(None))


def find_activities(
    engine: Engine, plan_id: int, ref: str, *, include_retired: bool = False
) -> list[ActivityMatch]:
    """Activities a user may mean by `ref` (see `PlanStore.find_activities`)."""
    text = ref.strip()
    with Session(engine) as session:
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
        if not include_retired:
            query = current(query)
        found_rows = session.exec(query).all()
    if text.startswith("#") and text[1:].isdigit():
        found = [r for r in found_rows if r[0] == int(text[1:])]
    elif "/" in text:
        commitment_part, activity_part = text.split("/", 1)
        c_key, a_key = ref_key(commitment_part), ref_key(activity_part)
        found = [r for r in found_rows if r[6] == c_key and r[5] == a_key]
    else:
        key = ref_key(text)
        found = [r for r in found_rows if r[5] == key and key is not None]
        if not found:
            by_commitment: dict[int, list] = defaultdict(list)
            for r in found_rows:
                if r[6] == key:
                    by_commitment[r[7]].append(r)
            found = [acts[0] for acts in by_commitment.values() if len(acts) == 1]
    return [ActivityMatch(r[0], r[1], r[2], r[3], r[4]) for r in found]


def resolve_activity(
    engine: Engine, plan_id: int, ref: str, *, include_retired: bool = False
) -> ActivityMatch:
    """Exactly one activity for `ref`, or `NotFound` / `AmbiguousRef`."""
    found = find_activities(engine, plan_id, ref, include_retired=include_retired)
    if not found:
        raise NotFound(f"no activity {ref!r} in this plan (try 'plandesk show')")
    if len(found) > 1:
        raise AmbiguousRef(ref, found)
    return found[0]


def update_for(engine: Engine, activity_id: int, period_id: int) -> UpdateView | None:
    """The activity's current update in the period, if there is one."""
    with Session(engine) as session:
        row = update_row(session, activity_id, period_id)
        return update_view(row) if row else None


def search(engine: Engine, plan_id: int, period_id: int | None, query: str) -> set[int]:
    """Ids of activities matching every word of `query` (see `PlanStore.search`)."""
    words = [w for w in query.casefold().split() if w]
    if not words:
        return set()
    # SQLite's LIKE ignores ASCII case and its lower() folds nothing more, so on SQLite the
    # fields are matched as they are (lowering every field of every row halved the speed);
    # PostgreSQL's LIKE heeds case, so there they are lowered.
    sqlite = engine.dialect.name == "sqlite"

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
    query_ = current(
        select(Activity.id)
        .join(Commitment, Commitment.id == Activity.commitment_id)
        .join(Objective, Objective.id == Commitment.objective_id)
        .outerjoin(
            ProgressUpdate,
            (ProgressUpdate.activity_id == Activity.id) & (ProgressUpdate.period_id == period_id),
        )
        .where(Activity.plan_id == plan_id)
    )
    for word in words:
        pattern = "%" + escape_like(word) + "%"
        matches = [f.like(pattern, escape="\\") for f in fields]
        key = ref_key(word)
        if key:
            # Refs match by key too, so "b3" finds a ref written with a Cyrillic В.
            key_pattern = escape_like(key) + "%"
            matches.append(Activity.ref_key.like(key_pattern, escape="\\"))
            matches.append(Commitment.ref_key.like(key_pattern, escape="\\"))
        query_ = query_.where(or_(*matches))
    with Session(engine) as session:
        return set(session.exec(query_).scalars())
