"""What the plan-editing commands and `history` print about the plan's own changes: pure
functions, views in, text or JSON-ready data out (like `render`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Union

from plandesk.cli import render
from plandesk.cli.words import counted

if TYPE_CHECKING:
    from plandesk.core.plan import AckView, PlanChangeView, PlanInfo, PlanSnapshot, RevisionView
    from plandesk.core.plan_edits import PlanEdit

__all__ = [
    "AckEntry",
    "ack_entries",
    "activity_history_json",
    "activity_history_text",
    "change_json",
    "edit_json",
    "edit_text",
    "mark_retired",
    "plan_history_text",
]


def _value(value: object) -> str:
    if value is None or value == "":
        return "—"
    return repr(value) if isinstance(value, str) else str(value)


def _change_lines(change: PlanChangeView) -> list[str]:
    lines = [
        f"\n  {change.at:%Y-%m-%d %H:%M} UTC  {change.author}  {change.action}  {change.subject}"
    ]
    for name in sorted(set(change.before) | set(change.after)):
        before, after = change.before.get(name), change.after.get(name)
        if name in change.before:
            lines.append(render.wrap(f"{name}: {_value(before)} → {_value(after)}", "    "))
        else:
            lines.append(render.wrap(f"{name}: {_value(after)}", "    "))
    if change.reason:
        lines.append(render.wrap(f"reason: {change.reason}", "    "))
    return lines


def change_json(change: PlanChangeView) -> dict[str, Any]:
    """One plan change as `history --format json` lists it (`action` tells it from an update's
    revision)."""
    return {
        "action": change.action,
        "subject": change.subject,
        "author": change.author,
        "at": change.at.isoformat(),
        "before": change.before,
        "after": change.after,
        "reason": change.reason,
    }


@dataclass(frozen=True, slots=True)
class AckEntry:
    """One acknowledgement (or its withdrawal) as an activity's history lists it."""

    period_label: str
    ack: AckView
    cleared: bool

    @property
    def at(self) -> datetime:
        return self.ack.at

    @property
    def action(self) -> str:
        return "acknowledgement withdrawn" if self.cleared else "acknowledged"


def ack_entries(acks: Sequence[tuple[str, AckView, bool]]) -> list[AckEntry]:
    """`PlanStore.acknowledgements` as history entries."""
    return [AckEntry(label, ack, cleared) for label, ack, cleared in acks]


Entry = Union["RevisionView", "PlanChangeView", AckEntry]


def _merged(
    revisions: Sequence[RevisionView],
    changes: Sequence[PlanChangeView],
    acks: Sequence[AckEntry] = (),
) -> Iterator[Entry]:
    """Revisions in their own order (period, version), each plan change or acknowledgement
    before the first revision made after it."""
    waiting: list[PlanChangeView | AckEntry] = sorted([*changes, *acks], key=lambda e: e.at)
    for revision in revisions:
        while waiting and waiting[0].at <= revision.at:
            yield waiting.pop(0)
        yield revision
    yield from waiting


def _ack_json(entry: AckEntry) -> dict[str, Any]:
    return {
        "action": entry.action,
        "period": entry.period_label,
        "author": entry.ack.author,
        "at": entry.at.isoformat(),
        "note": entry.ack.note,
    }


def _ack_lines(entry: AckEntry) -> list[str]:
    when = f"{entry.at:%Y-%m-%d %H:%M} UTC"
    if entry.cleared:
        return [
            f"\n  {entry.period_label}  {when}  acknowledgement withdrawn by {entry.ack.author}"
        ]
    return [
        f"\n  {entry.period_label}  {when}  acknowledged by {entry.ack.author}",
        render.wrap(entry.ack.note, "    "),
    ]


def activity_history_json(
    revisions: Sequence[RevisionView],
    changes: Sequence[PlanChangeView],
    acks: Sequence[AckEntry] = (),
) -> list[dict[str, Any]]:
    """An activity's update revisions (as `render.history_json`), plan changes and
    acknowledgements, in time; `action` tells a change or an acknowledgement from a revision."""
    from plandesk.core.plan import PlanChangeView

    documents = []
    for entry in _merged(revisions, changes, acks):
        if isinstance(entry, PlanChangeView):
            documents.append(change_json(entry))
        elif isinstance(entry, AckEntry):
            documents.append(_ack_json(entry))
        else:
            documents.append(render.history_json([entry])[0])
    return documents


def activity_history_text(
    qualified_ref: str,
    plan: PlanInfo,
    revisions: Sequence[RevisionView],
    changes: Sequence[PlanChangeView],
    acks: Sequence[AckEntry] = (),
) -> str:
    """An activity's update revisions, its acknowledgements and the changes to the activity
    itself, in time."""
    from plandesk.core.plan import PlanChangeView

    counts = [counted(len(revisions), "revisions")]
    if acks:
        counts.append(counted(len(acks), "acknowledgements"))
    if changes:
        counts.append(counted(len(changes), "changes") + " to the activity")
    lines = [f"{qualified_ref} in {plan.title}: " + ", ".join(counts)]
    for entry in _merged(revisions, changes, acks):
        if isinstance(entry, PlanChangeView):
            lines += _change_lines(entry)
        elif isinstance(entry, AckEntry):
            lines += _ack_lines(entry)
        else:
            lines.append(render.history_text(qualified_ref, plan, [entry]).split("\n", 1)[1])
    return "\n".join(lines)


def plan_history_text(plan: PlanInfo, changes: Sequence[PlanChangeView]) -> str:
    """Every change to the plan itself, oldest first."""
    lines = [f"Plan: {plan.title} · {counted(len(changes), 'changes')} to the plan"]
    if not changes:
        lines.append("  none yet: the plan is as imported")
    for change in changes:
        lines += _change_lines(change)
    return "\n".join(lines)


def edit_text(edit: PlanEdit, verb: str, plan: PlanInfo) -> str:
    """What one edit did, in a line or a few."""
    if edit.change is None:
        return f"{edit.label}: nothing to change in {plan.title!r}"
    lines = [f"{verb} {edit.kind} {edit.label} in {plan.title!r}"]
    lines += [line.lstrip("\n") for line in _change_lines(edit.change)[1:]]
    return "\n".join(lines)


def edit_json(edit: PlanEdit) -> dict[str, Any]:
    """The `--format json` document of an edit command."""
    return {
        "kind": edit.kind,
        "label": edit.label,
        "changed": edit.change is not None,
        "change": change_json(edit.change) if edit.change is not None else None,
    }


def mark_retired(document: dict[str, Any], snapshot: PlanSnapshot) -> dict[str, Any]:
    """`render.snapshot_json`'s document with each commitment and activity marked retired
    (the reason) or not (null): what `show --retired --format json` prints."""
    for o_doc, objective in zip(document["objectives"], snapshot.objectives, strict=True):
        for c_doc, commitment in zip(o_doc["commitments"], objective.commitments, strict=True):
            c_doc["retired"] = commitment.retired_reason if commitment.retired_at else None
            for a_doc, activity in zip(c_doc["activities"], commitment.activities, strict=True):
                a_doc["retired"] = activity.retired_reason if activity.retired_at else None
    return document
