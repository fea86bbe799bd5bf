"""Which part of a plan a document covers, and the facts about each activity it counts.

Pure: choosing the objectives and activities of an export (`select_scope`), the options that
choose them, and the per-activity facts the summary and the detail sections share (its status
as counted, how its update changed since the previous period). `plandesk.exports.summary`
renders what is chosen here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from plandesk.core.errors import PlandeskError
from plandesk.core.plan import (
    ActivityView,
    BodyView,
    CommitmentView,
    ObjectiveView,
    PlanSnapshot,
)
from plandesk.core.refs import fold_lookalikes
from plandesk.core.statuses import INFERRED, NO_UPDATE, known_status, shown_status
from plandesk.core.text import fold_name
from plandesk.exports.word_diff import same_words

__all__ = [
    "STATUS_COLUMNS",
    "Change",
    "Document",
    "Entry",
    "ExportError",
    "ExportOptions",
    "Only",
    "Scope",
    "change_of",
    "select_scope",
    "status_label",
]

Only = Literal["stalled", "changed"]
Change = Literal["changed", "new", "dropped"]

# Statuses the stall rules infer, in the order the summary table shows them.
STATUS_COLUMNS = INFERRED


class ExportError(PlandeskError, ValueError):
    """Options that do not fit the plan (unknown objective or body, nothing to compare)."""


@dataclass(frozen=True, kw_only=True)
class ExportOptions:
    """What to put in the document. `generated_on` is the only date it prints."""

    objective: str | None = None
    oversight: str | None = None
    only: Only | None = None
    generated_on: date
    # Set when the snapshot was already narrowed (the review app's search or flagged view):
    # says which activities it holds (the scope line then says nothing more).
    view: str | None = None
    # A public paper names no officer and leaves out acknowledgements' notes.
    public: bool = False
    # Login → the name the office shows (settings.toml's [authors]); others by their login.
    authors: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.only not in (None, "stalled", "changed"):
            raise ExportError(f"--only must be 'stalled' or 'changed', not {self.only!r}")


@dataclass(frozen=True, slots=True)
class Entry:
    """One activity in scope with the objective and commitment it belongs to."""

    objective: ObjectiveView
    commitment: CommitmentView
    activity: ActivityView


@dataclass(frozen=True, slots=True)
class Scope:
    """The part of the plan a document covers.

    `objectives` are the summary table's rows; `entries` every activity in scope (plan order)
    and `shown` those the detail sections list (`entries` narrowed by `options.only`).
    """

    snapshot: PlanSnapshot
    options: ExportOptions
    objectives: tuple[ObjectiveView, ...]
    entries: tuple[Entry, ...]
    body: BodyView | None = None

    @property
    def shown(self) -> tuple[Entry, ...]:
        """The entries the detail sections list."""
        if self.options.only == "stalled":
            return tuple(e for e in self.entries if e.activity.flags)
        if self.options.only == "changed":
            return tuple(e for e in self.entries if change_of(self.snapshot, e.activity))
        return self.entries

    def entries_of(self, objective: ObjectiveView) -> list[Entry]:
        """The entries in scope under one objective."""
        return [e for e in self.entries if e.objective.id == objective.id]


@dataclass(frozen=True, slots=True)
class Document:
    """A rendered document: its title as plain text and its Markdown."""

    title: str
    markdown: str


# ------------------------------------------------------------------------------ choosing


def _fold(text: str) -> str:
    """A name folded for matching: case, accents, look-alike letters, punctuation."""
    text = unicodedata.normalize("NFKD", fold_lookalikes(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "").replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", text))


def _sorted(items: Iterable, key=lambda x: (x.position, x.id)) -> list:
    return sorted(items, key=key)


def _objective_names(objectives: Sequence[ObjectiveView]) -> str:
    return "; ".join(f"{o.position} {' '.join(o.title.split())!r}" for o in objectives)


def _pick_objective(objectives: Sequence[ObjectiveView], query: str) -> ObjectiveView:
    wanted = query.strip()
    if not wanted:
        raise ExportError("--objective needs a number or part of a title")
    if wanted.isdigit():
        found = [o for o in objectives if o.position == int(wanted)]
    else:
        found = []
        if len(wanted) == 1 and wanted.isalpha():
            # "A" names the objective whose commitments are A1, A.2, ... when only one has them.
            letter = fold_lookalikes(wanted).casefold()
            found = [
                o
                for o in objectives
                if any(fold_lookalikes(c.ref).casefold().startswith(letter) for c in o.commitments)
            ]
            if len(found) != 1:
                found = []
        if not found:
            key = _fold(wanted)
            found = [o for o in objectives if key and key in _fold(o.title)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ExportError(
            f"objective {query!r} is ambiguous: it matches {_objective_names(found)}; "
            "give the number"
        )
    raise ExportError(f"no objective {query!r}; the plan has: {_objective_names(objectives)}")


def _pick_body(bodies: Sequence[BodyView], query: str) -> BodyView:
    names = sorted({b.name for b in bodies}, key=str.casefold)
    if not names:
        raise ExportError(f"no oversight body {query!r}: this plan lists no oversight bodies")
    key = _fold(query)
    exact = [b for b in bodies if _fold(b.name) == key]
    found = exact or [b for b in bodies if key and key in _fold(b.name)]
    if len(found) == 1:
        return found[0]
    if found:
        matches = ", ".join(sorted((b.name for b in found), key=str.casefold))
        raise ExportError(f"oversight body {query!r} is ambiguous: it matches {matches}")
    raise ExportError(f"no oversight body {query!r}; known bodies: {', '.join(names)}")


def select_scope(
    snapshot: PlanSnapshot, bodies: Sequence[BodyView], options: ExportOptions
) -> Scope:
    """The objectives and activities a document covers, per `options`.

    `options.objective` is an objective's number ("2"), its commitments' letter ("B") or part
    of its title (case-insensitive); `options.oversight` a body's name (case and punctuation
    ignored; a unique part of a name will do). Unknown or ambiguous names raise `ExportError`
    listing what the plan has. `only="changed"` needs a previous period.
    """
    objectives = _sorted(snapshot.objectives)
    if options.objective is not None:
        objectives = [_pick_objective(objectives, options.objective)]
    body = _pick_body(bodies, options.oversight) if options.oversight is not None else None
    if options.only == "changed" and snapshot.previous_period is None:
        period = snapshot.period.label if snapshot.period else "this plan"
        raise ExportError(f"{period} has no previous period to compare with")
    entries = [
        Entry(objective, commitment, activity)
        for objective in objectives
        for commitment in _sorted(objective.commitments)
        for activity in _sorted(commitment.activities)
        if body is None or body.name in activity.bodies
    ]
    if body is not None:
        with_entries = {e.objective.id for e in entries}
        objectives = [o for o in objectives if o.id in with_entries]
    return Scope(snapshot, options, tuple(objectives), tuple(entries), body)


# ------------------------------------------------------------------------------ facts


def status_label(activity: ActivityView) -> str:
    """The activity's status as the summary counts it ("No update" when there is none).

    Officers' own values are grouped case-insensitively ("in progress" and "In Progress" are
    one column, "In progress").
    """
    return _status_label(activity.status)


# Officers choose from a handful of statuses, and every activity's is asked for several times.
@lru_cache(maxsize=1024)
def _status_label(status: str) -> str:
    known = known_status(status)
    if known == "":
        return NO_UPDATE
    if known is not None:
        return known
    folded = fold_name(status)
    return folded[:1].upper() + folded[1:]


def change_of(snapshot: PlanSnapshot, activity: ActivityView) -> Change | None:
    """How an activity's update differs from the previous period's, if it does."""
    if snapshot.previous_period is None:
        return None
    old = activity.previous.text if activity.previous else ""
    new = activity.update.text if activity.update else ""
    if not new.strip():
        return "dropped" if old.strip() else None
    if not old.strip():
        return "new"
    old_status = activity.previous.status if activity.previous else ""
    new_status = activity.update.status if activity.update else ""
    if same_words(old, new) and shown_status(old_status) == shown_status(new_status):
        return None
    return "changed"
