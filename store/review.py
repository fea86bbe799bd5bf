"""Running the stall rules over activities, with the verdicts kept in the review cache.

The rules themselves (`core.rules`) and their settings (`store.rules_file`) are reached only
through the imports below and `rules_from_file`: the one seam between the store and the rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import Engine, bindparam, delete, insert, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from plandesk.core.plan import AckView, ActivityReview, ActivityView, PeriodInfo
from plandesk.core.reported_under import report_under
from plandesk.core.rules.config import ConfigError, RuleConfig
from plandesk.core.rules.engine import Evidence, Flag, evaluate, infer_status
from plandesk.core.statuses import AT_RISK, COMPLETE, STALLED, known_status, shown_status
from plandesk.store.errors import RulesUnreadable
from plandesk.store.models import Acknowledgement, Activity, Period, ProgressUpdate, ReviewCache
from plandesk.store.review_cache import dump_verdict, fingerprint, load_verdict, verdict_key
from plandesk.store.rows import begin_write, rows
from plandesk.store.rules_file import load_config

__all__ = ["RulesProvider", "keep_verdicts", "reviews", "rules_from_file"]

# The rules' settings for a plan, by its title; raises `ConfigError` when they cannot be used.
RulesProvider = Callable[[str], RuleConfig]


def rules_from_file(plan_title: str) -> RuleConfig:
    """The plan's settings from the rules file (`rules_file.config_path()`); the file is read
    and parsed again only when it changed (`rules_file.load_config` keeps what it read)."""
    return load_config(plan_title)


def reviews(
    session: Session,
    plan_id: int,
    plan_title: str,
    period: PeriodInfo,
    activities: dict[int, ActivityView],
    rules: RulesProvider,
    fresh: list[dict] | None = None,
) -> dict[int, ActivityReview]:
    """Each activity's flags by the stall rules, its status, and who acknowledged what.

    With `fresh` (a list), verdicts kept in the review cache are reused, and the rows for
    verdicts worked out anew are added to `fresh` for `keep_verdicts`. Raises
    `RulesUnreadable` when the rules' settings cannot be used.
    """
    earlier: dict[int, list[str]] = defaultdict(list)
    # Earlier statuses only matter to an update that has a status of its own ("unchanged
    # status"); most have none, so most plans read no earlier row at all.
    with_status = (
        select(ProgressUpdate.activity_id)
        .join(Activity, Activity.id == ProgressUpdate.activity_id)
        .where(
            Activity.plan_id == plan_id,
            ProgressUpdate.period_id == period.id,
            ProgressUpdate.status != "",
        )
    )
    statuses = (
        select(ProgressUpdate.activity_id, ProgressUpdate.status)
        .join(Period, Period.id == ProgressUpdate.period_id)
        .where(
            Period.plan_id == plan_id,
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
        .where(Activity.plan_id == plan_id, Acknowledgement.period_id == period.id)
        .order_by(Acknowledgement.at, Acknowledgement.id)
    )
    if len(activities) == 1:
        # Re-reading one activity after a save: keep it to that activity's rows.
        [only] = activities
        statuses = statuses.where(ProgressUpdate.activity_id == only)
        acknowledgements = acknowledgements.where(Acknowledgement.activity_id == only)
    for activity_id, status in rows(session, statuses):
        earlier[activity_id].append(status)
    acks: dict[int, AckView | None] = {}
    for activity_id, note, author, at, cleared in rows(session, acknowledgements):
        acks[activity_id] = None if cleared else AckView(note, author, at)
    try:
        config = rules(plan_title)
    except ConfigError as exc:
        raise RulesUnreadable(exc) from None
    kept: dict[int, tuple[str, str]] = {}
    digest = b""
    if fresh is not None:
        digest = fingerprint(config)
        kept = {
            activity_id: (key, verdict)
            for activity_id, key, verdict in rows(
                session,
                select(ReviewCache.activity_id, ReviewCache.key, ReviewCache.verdict).where(
                    ReviewCache.period_id == period.id
                ),
            )
        }
    found = {}
    for activity in activities.values():
        update = activity.update
        officer = update.status if update else ""
        if activity.done_in is not None and activity.done_in != period.label:
            # Completed in an earlier period: not expected to update, so nothing to flag.
            found[activity.id] = ActivityReview(
                (),
                shown_status(officer) if officer.strip() else COMPLETE,
                acks.get(activity.id),
                update.version if update else 0,
            )
            continue
        evidence = Evidence(
            text=update.text if update else None,
            status=update.status if update else "",
            previous_text=activity.previous.text if activity.previous else None,
            earlier_statuses=tuple(earlier.get(activity.id, ())),
            period_start=period.start,
            period_end=period.end,
        )
        key = verdict_key(evidence, digest) if fresh is not None else ""
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
        found[activity.id] = ActivityReview(
            _officer_flags(officer) + flags,
            status,
            acks.get(activity.id),
            update.version if update else 0,
        )
    if any(activity.references for activity in activities.values()):
        labels = {a.id: " ".join(a.ref.split()) for a in activities.values() if a.ref}
        found = report_under(activities, found, period.id, config, labels)
    return found


def _officer_flags(status: str) -> tuple[Flag, ...]:
    """An officer who sets At risk or Stalled raises a flag as surely as the rules do: it
    counts in the flagged lists, the export's "Stalled and at risk" and the app's flags.
    Read from the status itself, outside the cached verdict."""
    known = known_status(status)
    if known in (AT_RISK, STALLED):
        return (Flag("status", f"status set to {known} by the officer"),)
    return ()


def keep_verdicts(engine: Engine, fresh: list[dict]) -> None:
    """Store verdicts worked out anew, for the next read of the plan.

    Only a cache: when it cannot be written (a read-only file, a database busy past the
    timeout, another reader storing the same rows at the same moment) nothing is lost
    but time, so the failure is not reported.
    """
    if not fresh:
        return
    table = ReviewCache.__table__
    try:
        with Session(engine) as session:
            begin_write(session)
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
