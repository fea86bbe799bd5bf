"""Chasing owners: which activities still owe an update for a period, grouped by their lead.

Pure: a snapshot (read with the stall rules applied) and each activity's last update given
before the period come in; groups of plain items come out, for the CLI (and later the app) to
show. An activity owes an update when it is neither done nor retired and has no update for the
period yet, or its update carries an open flag (one nobody has acknowledged).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from plandesk.core.plan import ActivityView, CommitmentView, PlanSnapshot, activity_label
from plandesk.core.text import fold_name

__all__ = [
    "ChaseGroup",
    "ChaseItem",
    "LastUpdate",
    "LeadNotFound",
    "chase",
    "for_lead",
    "leads",
    "match_lead",
    "owes_update",
]


class LeadNotFound(ValueError):
    """A `--lead` that names no lead of the plan, or several (its message says which)."""


@dataclass(frozen=True, slots=True)
class LastUpdate:
    """The most recent update an activity was given before a period: where, and what it said."""

    period: str
    text: str


@dataclass(frozen=True, slots=True)
class ChaseItem:
    """One activity a lead still owes an update for.

    `missing` is True when there is no update for the period yet; `flags` names the rules whose
    open flags stand against the update there is.
    """

    activity_id: int
    ref: str
    commitment_ref: str
    text: str
    due: date | None
    last_update: LastUpdate | None
    missing: bool
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChaseGroup:
    """A lead (None: activities nobody leads) and what they owe, in plan order."""

    lead: str | None
    items: tuple[ChaseItem, ...]


def owes_update(commitment: CommitmentView, activity: ActivityView) -> bool:
    """Whether the activity is still expected to give (or redo) its update for the period; one
    reported under other items ("Refer to B1.1") owes words only when it is flagged."""
    if activity.done or activity.retired_at is not None or commitment.retired_at is not None:
        return False
    return (activity.update is None and not activity.reported_under) or bool(activity.open_flags)


def _lead_key(lead: str) -> str:
    return fold_name(lead)


def _spellings(snapshot: PlanSnapshot) -> dict[str, str]:
    """Each lead's key and the name as first spelled in plan order (spaces collapsed)."""
    seen: dict[str, str] = {}
    for a in snapshot.activities():
        key = _lead_key(a.lead)
        if key:
            seen.setdefault(key, " ".join(a.lead.split()))
    return seen


def leads(snapshot: PlanSnapshot) -> list[str]:
    """Every lead named in the plan, sorted by name: what `match_lead` chooses from."""
    seen = _spellings(snapshot)
    return [seen[key] for key in sorted(seen)]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.replace(".", " ").split()).casefold()


def match_lead(names: Iterable[str], wanted: str) -> str | None:
    """The lead `wanted` means among `names`: the same name in any case, else the only name
    with those initials ("js" for Jane Smith), else the only name it starts ("jan").

    "No lead" (in any case), when no lead is called that, means the activities nobody leads:
    None is returned for it. Raises `LeadNotFound` when nothing or several names match.
    """
    given = _lead_key(wanted)
    every = list(dict.fromkeys(" ".join(n.split()) for n in names))
    for rule in (
        lambda name: _lead_key(name) == given,
        lambda name: _initials(name) == given.replace(".", "").replace(" ", ""),
        lambda name: _lead_key(name).startswith(given),
    ):
        found = [name for name in every if given and rule(name)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise LeadNotFound(f"--lead {wanted!r} could mean " + ", ".join(repr(n) for n in found))
    if given == "no lead":
        return None
    known = ", ".join(repr(n) for n in every) or "none: no activity has a lead yet"
    raise LeadNotFound(f"no lead matches {wanted!r}; the plan's leads: {known}")


def _item(
    commitment: CommitmentView, activity: ActivityView, last: Mapping[int, LastUpdate]
) -> ChaseItem:
    return ChaseItem(
        activity.id,
        activity_label(commitment, activity),
        commitment.ref,
        activity.text or commitment.title,
        activity.due,
        last.get(activity.id),
        activity.update is None,
        tuple(dict.fromkeys(flag.rule for flag in activity.open_flags)),
    )


def chase(snapshot: PlanSnapshot, last_updates: Mapping[int, LastUpdate]) -> list[ChaseGroup]:
    """The activities that still owe an update for the snapshot's period, grouped by lead.

    Leads are grouped whatever their case and spacing, named as first spelled in the plan and
    sorted by name; the activities with no lead come last, in a group whose `lead` is None. A
    lead who owes nothing has no group. `last_updates` holds each activity's last update
    before the period (`PlanStore.last_updates`).
    """
    names = _spellings(snapshot)
    groups: dict[str, list[ChaseItem]] = {}
    for o in snapshot.objectives:
        for c in o.commitments:
            for a in c.activities:
                if owes_update(c, a):
                    groups.setdefault(_lead_key(a.lead), []).append(_item(c, a, last_updates))
    led = [ChaseGroup(names[key], tuple(groups[key])) for key in sorted(groups) if key]
    return led + ([ChaseGroup(None, tuple(groups[""]))] if "" in groups else [])


def for_lead(groups: Iterable[ChaseGroup], lead: str | None) -> list[ChaseGroup]:
    """The group of one lead (a name `match_lead` returned; None: the activities nobody leads)."""
    wanted = _lead_key(lead) if lead else ""
    return [g for g in groups if _lead_key(g.lead or "") == wanted]
