"""The plan-item forms' plain parts: suggested refs, names, the fields an edit changed."""

from __future__ import annotations

from datetime import date

from plandesk.core.due_dates import parse_due
from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView
from plandesk.tui.screens.plan.item_forms import (
    activity_fields,
    changed_values,
    due_text,
    item_name,
    suggest_activity_ref,
    suggest_commitment_ref,
)


def activity(ref: str | None, text: str = "Do it", *, itself: bool = False) -> ActivityView:
    return ActivityView(1, 1, 1, ref, text, "", itself)


def commitment(ref: str, *activities: ActivityView) -> CommitmentView:
    return CommitmentView(1, 1, 1, ref, "commissioner", "Title", list(activities))


def test_the_next_activity_ref_follows_the_commitments_numbering():
    assert suggest_activity_ref(commitment("A3", activity("A3.1"), activity("A3.2"))) == "A3.3"
    # The siblings' own spelling wins (a Cyrillic В in the commitment's ref, B in theirs).
    assert suggest_activity_ref(commitment("В3", activity("B3.1"), activity("B3.9"))) == "B3.10"
    assert suggest_activity_ref(commitment("A1", activity(None, "", itself=True))) == "A1.1"


def test_the_next_commitment_ref_follows_the_objectives():
    objective = ObjectiveView(1, 1, "Victims", [commitment("A1"), commitment("A8")])
    assert suggest_commitment_ref(objective) == "A9"
    assert suggest_commitment_ref(ObjectiveView(2, 2, "Empty", [])) == ""


def test_an_activity_without_text_is_named_as_the_tree_names_it():
    assert item_name(activity(None, "", itself=True)) == "the activity “(the commitment itself)”"
    assert item_name(activity("A3.1", "Set up the board")) == "A3.1 “Set up the board”"


def test_an_edit_sends_only_what_changed_and_the_due_date_reads_back():
    due = date(2021, 3, 31)
    shown = ActivityView(1, 1, 1, "A3.1", "Text", "", False, lead="JS", due=due)
    fields = activity_fields(shown)
    values = {f.name: f.value for f in fields} | {"lead": ""}
    assert changed_values(fields, values) == {
        "text": None,
        "ref": None,
        "lead": "",
        "due": None,
        "oversight": None,
    }
    assert parse_due(due_text(due)) == due
