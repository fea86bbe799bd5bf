"""Reported under: an item that only points elsewhere is judged by what it points at.

"Refer to 3.1" is a link, not a missing update. An activity whose update this period is only
cross-references ("Refer to 3.5, 1.2 & 2.1.2"), or that has no update and whose own text (or
the title of the commitment it stands for) carries one, is shown as reported under its targets
with their status; it is flagged only when a target is, and the reason says which and why. A
commitment's status is its activities' worst. Chains are followed; a loop stops where it
started, so two items pointing at each other cannot recurse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from plandesk.core.counts import has_update
from plandesk.core.crossrefs import only_references
from plandesk.core.plan import ActivityReview, ActivityView, CrossLink, ReportedTarget
from plandesk.core.rules.config import RuleConfig
from plandesk.core.rules.evidence import Flag
from plandesk.core.statuses import AT_RISK, COMPLETE, NO_UPDATE, STALLED, known_status

__all__ = ["REPORTED_UNDER", "pointer_links", "report_under", "worst_status"]

REPORTED_UNDER = "reported under"

# Worst first: a commitment is as far behind as its furthest-behind activity.
_SEVERITY = {STALLED: 6, AT_RISK: 5, NO_UPDATE: 4, "Not started": 3, "In progress": 2}


def worst_status(statuses: list[str]) -> str:
    """The worst of some statuses ("" for none): Stalled, At risk, No update, Not started, In
    progress, On track, Complete."""
    if not statuses:
        return ""

    def severity(status: str) -> int:
        known = known_status(status) or status
        return 0 if known == COMPLETE else _SEVERITY.get(known, 1)

    return max(statuses, key=severity)


def pointer_links(
    activity: ActivityView, period_id: int | None, config: RuleConfig | None = None
) -> tuple[CrossLink, ...]:
    """The links an activity is reported under; () when it reports for itself."""
    if activity.done or period_id is None:
        return ()
    if has_update(activity):
        assert activity.update is not None
        from_update = tuple(
            link
            for link in activity.references
            if link.found_in == "update" and link.period_id == period_id
        )
        if from_update and only_references(activity.update.text, config):
            return from_update
        return ()
    return tuple(
        link
        for link in activity.references
        if link.period_id is None
        and (
            link.found_in == "activity"
            or (link.found_in == "commitment" and activity.stands_for_commitment)
        )
    )


def _reason(flag: Flag) -> str:
    return f"{flag.rule}: {flag.detail}"


class _Judge:
    """Works out each pointer's verdict once, following chains, safe against loops."""

    def __init__(
        self,
        activities: Mapping[int, ActivityView],
        reviews: Mapping[int, ActivityReview],
        period_id: int,
        config: RuleConfig | None,
        labels: Mapping[int, str],
    ) -> None:
        self.activities, self.reviews, self.period_id = activities, reviews, period_id
        self.config, self.labels = config, labels
        self.members: dict[int, list[int]] = defaultdict(list)
        for activity in activities.values():
            self.members[activity.commitment_id].append(activity.id)
        self.done: dict[int, ActivityReview] = {}
        self.visiting: set[int] = set()

    def verdict(self, activity_id: int) -> ActivityReview | None:
        """The activity's review, reported under its targets when it only points; None while
        it is being worked out (a loop) or when it was not reviewed."""
        if activity_id in self.done:
            return self.done[activity_id]
        own = self.reviews.get(activity_id)
        if own is None or activity_id in self.visiting:
            return None
        activity = self.activities[activity_id]
        links = pointer_links(activity, self.period_id, self.config)
        if not links:
            self.done[activity_id] = own
            return own
        self.visiting.add(activity_id)
        try:
            result = self._reported(activity, own, links)
        finally:
            self.visiting.discard(activity_id)
        self.done[activity_id] = result
        return result

    def _state(self, activity_id: int) -> tuple[str, str] | None:
        """An activity's (status, why it is flagged or "")."""
        review = self.verdict(activity_id)
        if review is None:
            return None
        activity = self.activities[activity_id]
        open_flags = () if review.acknowledged is not None or activity.done else review.flags
        return review.status, _reason(open_flags[0]) if open_flags else ""

    def _target(self, activity: ActivityView, link: CrossLink) -> ReportedTarget | None:
        if link.target_activity_id is not None and link.target_activity_id in self.activities:
            if link.target_activity_id == activity.id:
                return None  # "A1.2: Refer to A1.2 and A2.1" names itself
            state = self._state(link.target_activity_id)
            if state is None:
                return None
            return ReportedTarget(link.target_ref, *state, activity_id=link.target_activity_id)
        commitment_id = link.target_commitment_id
        if commitment_id is None:
            return None
        members = [m for m in self.members.get(commitment_id, ()) if m != activity.id]
        states = []
        reason = ""
        for member in members:
            state = self._state(member)
            if state is None:
                continue
            states.append(state[0])
            if state[1] and not reason:
                label = self.labels.get(member, "")
                plural = len(members) > 1 and label and label != link.target_ref
                reason = f"{label} {state[1]}" if plural else state[1]
        if not states:
            return None
        return ReportedTarget(
            link.target_ref,
            worst_status(states),
            reason,
            commitment_id=commitment_id,
            activity_id=members[0] if members else None,
        )

    def _reported(
        self, activity: ActivityView, own: ActivityReview, links: tuple[CrossLink, ...]
    ) -> ActivityReview:
        targets: list[ReportedTarget] = []
        seen: set[tuple[int | None, int | None]] = set()
        for link in links:
            key = (link.target_commitment_id, link.target_activity_id)
            if not link.resolved or key in seen:
                continue
            seen.add(key)
            target = self._target(activity, link)
            if target is not None:
                targets.append(target)
        if not targets:
            missing = [link.target_ref for link in links if not link.resolved]
            if not missing:
                return own  # only itself, or a loop back to it: nothing else to report under
            # A pointer to nothing is no report: its own flags stand, and say where it points.
            flag = Flag(REPORTED_UNDER, f"{', '.join(missing)}, which this plan does not have")
            return ActivityReview(
                (*own.flags, flag), own.status, own.acknowledged, own.update_version
            )
        flags = tuple(
            Flag(REPORTED_UNDER, f"{t.ref}, flagged: {t.reason}") for t in targets if t.reason
        )
        status = worst_status([t.status for t in targets]) or own.status
        if activity.update is not None and activity.update.status.strip():
            status = own.status  # the officer's own status stands
        return ActivityReview(flags, status, own.acknowledged, own.update_version, tuple(targets))


def report_under(
    activities: Mapping[int, ActivityView],
    reviews: Mapping[int, ActivityReview],
    period_id: int,
    config: RuleConfig | None = None,
    labels: Mapping[int, str] | None = None,
) -> dict[int, ActivityReview]:
    """Every review, with each activity that only points elsewhere reported under its
    targets (see the module docstring). `activities` must hold the targets of those that
    point, and every activity of a commitment they name; `labels` names activities in
    reasons ("3.2.3 slipping: …")."""
    judge = _Judge(activities, reviews, period_id, config, labels or {})
    result = dict(reviews)
    for activity_id in reviews:
        if activity_id in activities and activities[activity_id].references:
            verdict = judge.verdict(activity_id)
            if verdict is not None:
                result[activity_id] = verdict
    return result
