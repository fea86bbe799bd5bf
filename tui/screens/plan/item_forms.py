"""The forms behind the plan-changing keys, as plain data: which fields each item has, what
they hold at first, which refs to suggest, and which fields an edit changed.

No widgets and no store calls here: `plan_changes.py` opens the forms and runs the edits.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView
from plandesk.core.text import shorten

if TYPE_CHECKING:
    from plandesk.tui.dialogs.item_form import FormField, Values

__all__ = [
    "KIND_FROM_REF",
    "activity_words",
    "activity_fields",
    "changed_values",
    "commitment_fields",
    "due_text",
    "item_name",
    "objective_fields",
    "reason_fields",
    "suggest_activity_ref",
    "suggest_commitment_ref",
]

# The kind select's first choice: let the store read the kind from the ref.
KIND_FROM_REF = "from-ref"

_NUMBERED = re.compile(r"^(.*?)(\d+)$")
DUE_HINT = "2021-03-31, 31/03/2021, 31 March 2021 or March 2021"


def due_text(due: date | None) -> str:
    """A due date as the form shows it (and `parse_due` reads it back): "31 March 2021"."""
    return f"{due.day} {due:%B %Y}" if due is not None else ""


def suggest_activity_ref(commitment: CommitmentView) -> str:
    """The next ref in the commitment's numbering: A3.3 after A3.1 and A3.2; A3.1 when none is
    numbered yet."""
    best: tuple[int, str] | None = None
    for activity in commitment.activities:
        match = _NUMBERED.match(activity.ref or "")
        if match and match.group(1).endswith(".") and (best is None or int(match[2]) > best[0]):
            best = (int(match[2]), match[1])
    if best is None:
        return f"{commitment.ref}.1"
    return f"{best[1]}{best[0] + 1}"


def suggest_commitment_ref(objective: ObjectiveView) -> str:
    """The next ref among the objective's commitments: A9 after A1…A8 ("" when they are not
    numbered that way)."""
    best: tuple[int, str] | None = None
    for commitment in objective.commitments:
        match = _NUMBERED.match(commitment.ref)
        if match and (best is None or int(match[2]) > best[0]):
            best = (int(match[2]), match[1])
    return f"{best[1]}{best[0] + 1}" if best is not None else ""


def activity_words(activity: ActivityView) -> str:
    """An activity's text, or what the tree says in its place when it has none."""
    if activity.text.strip():
        return activity.text
    return "(the commitment itself)" if activity.stands_for_commitment else "(no activity text)"


def item_name(item: ObjectiveView | CommitmentView | ActivityView, width: int = 50) -> str:
    """How a form names an item: `A3.2 “Set up…”`, `commitment A3 “…”`, `objective 2 “…”`."""
    if isinstance(item, ActivityView):
        words = shorten(activity_words(item), width)
        return f"{item.ref} “{words}”" if item.ref else f"the activity “{words}”"
    if isinstance(item, CommitmentView):
        return f"commitment {item.ref} “{shorten(item.title, width)}”"
    return f"objective {item.position} “{shorten(item.title, width)}”"


def activity_fields(activity: ActivityView | None, suggested_ref: str = "") -> list[FormField]:
    """An activity's fields, empty (a new one, with a suggested ref) or as it is."""
    from plandesk.tui.dialogs.item_form import FormField

    return [
        FormField("text", "Text", activity.text if activity else "", lines=4),
        FormField(
            "ref",
            "Ref",
            (activity.ref or "") if activity else suggested_ref,
            placeholder="its ref in the commitment (may be left empty)",
        ),
        FormField(
            "lead",
            "Lead",
            activity.lead if activity else "",
            placeholder="the officer leading it (name or initials)",
        ),
        FormField("due", "Due", due_text(activity.due) if activity else "", placeholder=DUE_HINT),
        FormField(
            "oversight",
            "Oversight",
            activity.oversight if activity else "",
            placeholder="the board or meeting overseeing it",
        ),
    ]


def commitment_fields(
    commitment: CommitmentView | None, suggested_ref: str = ""
) -> list[FormField]:
    """A commitment's fields: ref, title, kind."""
    from plandesk.tui.dialogs.item_form import FormField

    kinds: tuple[tuple[str, str], ...] = (
        ("policing", "policing"),
        ("commissioner", "commissioner"),
    )
    if commitment is None:
        kinds = (("what the ref says", KIND_FROM_REF), *kinds)
    return [
        FormField(
            "ref",
            "Ref",
            commitment.ref if commitment else suggested_ref,
            placeholder="new in the plan, e.g. A9",
        ),
        FormField("title", "Title", commitment.title if commitment else "", lines=3),
        FormField("kind", "Kind", commitment.kind if commitment else KIND_FROM_REF, choices=kinds),
    ]


def objective_fields(objective: ObjectiveView) -> list[FormField]:
    """An objective's one field: its title."""
    from plandesk.tui.dialogs.item_form import FormField

    return [FormField("title", "Title", objective.title, lines=3)]


def reason_fields() -> list[FormField]:
    """The retire confirmation's one field."""
    from plandesk.tui.dialogs.item_form import FormField

    return [FormField("reason", "Reason", placeholder="why it leaves the plan (kept in history)")]


def changed_values(fields: list[FormField], values: Values) -> dict[str, str | None]:
    """Each field's new value, or None where it was left as it was (the store keeps those)."""
    return {f.name: (values[f.name] if values[f.name] != f.value else None) for f in fields}
