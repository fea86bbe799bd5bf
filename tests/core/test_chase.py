"""Who still owes an update: the pure grouping behind `plandesk chase`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from plandesk.core.chase import (
    LastUpdate,
    LeadNotFound,
    chase,
    for_lead,
    leads,
    match_lead,
)
from tests.factories import make_snapshot


def _snapshot():
    """make_snapshot's plan: A1.1 flagged (open), A1.2 updated and clean, A2 flagged but
    acknowledged, B1's first activity without an update, B1.2 updated and clean."""
    shown = make_snapshot()
    by_id = {a.id: a for a in shown.activities()}
    return shown, by_id


def test_owed_are_the_missing_and_the_open_flagged_grouped_by_lead_no_lead_last():
    shown, a = _snapshot()
    a[11].lead, a[11].due = "Ann Lee", date(2031, 3, 31)
    a[12].lead = "ann  LEE"  # the same lead, typed otherwise: one group, first spelling
    a[31].lead = ""
    a[21].lead = "Bob Ray"  # acknowledged: owes nothing, so Bob has no group
    last = {11: LastUpdate("2030/31 Q1", "Work started."), 99: LastUpdate("x", "y")}
    groups = chase(shown, last)
    assert [g.lead for g in groups] == ["Ann Lee", None]
    [ann] = groups[0].items
    assert (ann.ref, ann.commitment_ref, ann.text, ann.due) == (
        "A1.1",
        "A1",
        "Train officers",
        date(2031, 3, 31),
    )
    assert ann.last_update == LastUpdate("2030/31 Q1", "Work started.")
    assert (ann.missing, ann.flags) == (False, ("no news",))
    [unled] = groups[1].items
    assert (unled.ref, unled.missing, unled.last_update) == ("B1 activity 1", True, None)
    assert leads(shown) == ["Ann Lee", "Bob Ray"]


def test_done_and_retired_activities_owe_nothing():
    shown, a = _snapshot()
    a[11].done_in = "2030/31 Q1"
    a[31].retired_at = datetime(2030, 9, 1, tzinfo=UTC)
    assert chase(shown, {}) == []
    a[31].retired_at = None
    shown.objectives[1].commitments[0].retired_at = datetime(2030, 9, 1, tzinfo=UTC)
    assert chase(shown, {}) == []


def test_a_commitment_standing_alone_is_named_by_its_ref_and_title():
    shown, a = _snapshot()
    a[21].acknowledged = None
    [group] = chase(shown, {})
    named = {i.ref: i.text for i in group.items}
    assert named["A2"] == "Commission services"


@pytest.mark.parametrize("given", ["jane smith", "JANE  SMITH", "js", "J.S.", "jan"])
def test_a_lead_is_matched_by_name_initials_or_start(given):
    assert match_lead(["Jane Smith", "Bob Jones", "Jo Bloggs"], given) == "Jane Smith"


def test_unknown_or_ambiguous_leads_are_refused_and_no_lead_names_the_unled():
    names = ["Jane Smith", "Jane Doe", "Bob Jones"]
    with pytest.raises(LeadNotFound, match="could mean 'Jane Smith', 'Jane Doe'"):
        match_lead(names, "jane")
    with pytest.raises(LeadNotFound, match="no lead matches 'Zed'.*'Bob Jones'"):
        match_lead(names, "Zed")
    assert match_lead(names, "No Lead") is None
    shown, a = _snapshot()
    a[11].lead = "Jane Smith"
    groups = chase(shown, {})
    assert [g.lead for g in for_lead(groups, None)] == [None]
    assert [g.lead for g in for_lead(groups, "Jane Smith")] == ["Jane Smith"]
