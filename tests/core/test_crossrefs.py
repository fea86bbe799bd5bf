"""Cross-references read from text (`core.crossrefs`) and items reported under their targets
(`core.reported_under`), on sentences written for the purpose."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from plandesk.core.crossrefs import RefItem, expand, find_references, only_references, target_refs
from plandesk.core.plan import ActivityReview, ActivityView, CrossLink, UpdateView
from plandesk.core.reported_under import report_under, worst_status
from plandesk.core.rules.evidence import Flag

PLAN = ("1.1", "1.2", "2.1", "2.1.1", "2.1.2", "2.2", "2.3", "2.3.1", "2.4", "2.5", "2.6", "3.1")


def refs(text: str) -> list[tuple[str, ...]]:
    """Each cross-reference's refs, ranges expanded over `PLAN`."""
    return [target_refs(found, PLAN) for found in find_references(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Refer to C7", [("C7",)]),
        ("See B1.1", [("B1.1",)]),
        ("Cross reference to 3.4", [("3.4",)]),
        ("Ensuring the force has buildings. (Cross reference 3.4)", [("3.4",)]),
        ("Refer to 3.5, 1.2 & 2.1.2", [("3.5", "1.2", "2.1.2")]),
        ("Refer to 1.2 and 2.1.2", [("1.2", "2.1.2")]),
        ("Refer to D2 and D5", [("D2", "D5")]),
        ("see also A.3 or A4", [("A.3", "A4")]),
        ("Please refer to 2.2-2.6.", [("2.2", "2.3", "2.4", "2.5", "2.6")]),
        ("Refer to 2.1  - 2.3", [("2.1", "2.2", "2.3")]),
        ("Refer to D2 - D5", [("D2", "D3", "D4", "D5")]),
        (
            "Cross reference to A3 (Victims Board and A4(Needs Assessment)",
            [("A3", "A4")],
        ),
        ("Refer to A1.2 and A2.1. Also see B1.1", [("A1.2", "A2.1"), ("B1.1",)]),
    ],
)
def test_cross_references_are_found(text, expected):
    assert refs(text) == expected


def test_cyrillic_look_alikes_are_read_as_latin():
    # "Refer to В3" with a Cyrillic В, and "Rеfer" with a Cyrillic е.
    assert refs("Rеfer to В3 and С1.2") == [("B3", "C1.2")]


@pytest.mark.parametrize(
    "text",
    [
        "we are starting to see significant increases in referrals for the service",
        "Draft and consult on terms of reference for the board",
        "Refer to the Communication and Engagement Delivery Plan for all related activity",
        "expecting to see these addressed in the next round of funding (2018/19)",
        "see 2019 for the figures",
        "which could see local PCC's responsible for compliance",
        "See 3D printing pilot",
    ],
)
def test_words_that_only_look_like_a_reference_name_no_ref(text):
    assert find_references(text) == ()
    assert not only_references(text)


def test_the_phrase_is_kept_as_written():
    [found] = find_references("Aspire to a market leading service. Refer to 3.1 - 3.8")
    assert found.written == "Refer to 3.1 - 3.8"
    assert found.items == (RefItem("3.1", "3.8"),)
    [closed] = find_references("organisation.   (Cross reference 3.4)")
    assert closed.written == "Cross reference 3.4"


def test_a_range_takes_the_plans_refs_of_the_same_depth_in_plan_order():
    # 2.1.1, 2.1.2 and 2.3.1 lie between 2.1 and 2.4 but are a level deeper.
    assert expand(RefItem("2.1", "2.4"), PLAN) == ("2.1", "2.2", "2.3", "2.4")
    # Ends the plan lacks: counted from one number to the other.
    assert expand(RefItem("D2", "D4"), PLAN) == ("D2", "D3", "D4")
    assert expand(RefItem("C7"), PLAN) == ("C7",)


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("Refer to 3.1", True),
        ("Refer to 3.5, 1.2 & 2.1.2", True),
        ("No further update. See B1.1", True),
        ("(Cross reference to 3.4)", True),
        ("Refer to 3.1 - 3.8", True),
        ("Building work has started; see 3.4 for the telephony.", False),
        ("No further update", False),  # no news, but it points nowhere
        ("", False),
    ],
)
def test_only_references(text, only):
    assert only_references(text) is only


# ------------------------------------------------------------------ reported under

NOW = datetime(2020, 9, 30, tzinfo=UTC)
PERIOD = 7


def activity(id_, commitment_id, ref, text="", update=None, links=()):
    view = ActivityView(id_, commitment_id, id_, ref, text, "", False)
    if update is not None:
        view.update = UpdateView(100 + id_, id_, PERIOD, update, "", "officer", NOW, 1)
    view.references = tuple(
        CrossLink(
            id_,
            ref or "",
            found_in,
            PERIOD if found_in == "update" else None,
            "w",
            target_ref,
            c,
            a,
        )
        for found_in, target_ref, c, a in links
    )
    return view


def review(status, *flags):
    return ActivityReview(tuple(Flag(rule, detail) for rule, detail in flags), status, None, 1)


def test_a_pointer_is_reported_under_its_target_and_flagged_only_with_it():
    items = {
        1: activity(1, 10, "3.1", update="Going well, on plan."),
        2: activity(2, 20, "C1", update="Refer to 3.1", links=[("update", "3.1", 10, None)]),
        3: activity(3, 30, "3.4", update="Telephony is not yet in place."),
        4: activity(4, 40, "3.3", update="Refer to 3.4", links=[("update", "3.4", 30, None)]),
    }
    reviews = {
        1: review("On track"),
        2: review("Stalled", ("no news", "says only “Refer to 3.1”")),
        3: review("At risk", ("slipping", "says “not yet in place”")),
        4: review("Stalled", ("no news", "says only “Refer to 3.4”")),
    }
    found = report_under(items, reviews, PERIOD)
    assert found[2].flags == ()
    assert [(t.ref, t.status) for t in found[2].reported_under] == [("3.1", "On track")]
    assert found[2].status == "On track"
    assert [(f.rule, f.detail) for f in found[4].flags] == [
        ("reported under", "3.4, flagged: slipping: says “not yet in place”")
    ]
    assert found[1] is reviews[1] and found[3] is reviews[3]


def test_chains_resolve_and_loops_are_safe():
    items = {
        1: activity(1, 10, "D5.1", update="Delayed until September."),
        2: activity(2, 20, "3.8", update="Refer to D5.1", links=[("update", "D5.1", None, 1)]),
        3: activity(3, 30, "3.9", update="Refer to 3.8", links=[("update", "3.8", 20, None)]),
        # B1.1 and D4 point at each other, and D4 has no update of its own.
        4: activity(
            4,
            40,
            "B1.1",
            "Cross reference to D4",
            update="Calls answered well.",
            links=[("activity", "D4", 50, None)],
        ),
        5: activity(5, 50, "D4", "Refer to B1.1", links=[("activity", "B1.1", None, 4)]),
        6: activity(6, 60, "X1", "Refer to X2", links=[("activity", "X2", 70, None)]),
        7: activity(7, 70, "X2", "Refer to X1", links=[("activity", "X1", 60, None)]),
    }
    reviews = {
        1: review("At risk", ("slipping", "says “Delayed”")),
        2: review("Stalled", ("no news", "says only")),
        3: review("Stalled", ("no news", "says only")),
        4: review("On track"),
        5: review("No update", ("missing", "no update for this period")),
        6: review("No update", ("missing", "no update for this period")),
        7: review("No update", ("missing", "no update for this period")),
    }
    found = report_under(items, reviews, PERIOD)
    assert [f.detail for f in found[3].flags] == [
        "3.8, flagged: reported under: D5.1, flagged: slipping: says “Delayed”"
    ]
    assert found[5].flags == () and found[5].reported_under[0].status == "On track"
    assert found[4] is reviews[4]  # it has words of its own
    # X1 and X2 only point at each other: nothing to report under, so their own flags stand.
    assert {f.rule for i in (6, 7) for f in found[i].flags} == {"missing", "reported under"}


def test_a_commitment_target_is_its_activities_worst_and_a_missing_ref_keeps_the_flags():
    items = {
        1: activity(1, 10, "D5.1", update="On plan."),
        2: activity(2, 10, "D5.2"),
        3: activity(3, 30, "D8", update="Refer to D5", links=[("update", "D5", 10, None)]),
        4: activity(4, 40, "A1", "Refer to C7", links=[("activity", "C7", None, None)]),
    }
    reviews = {
        1: review("On track"),
        2: review("No update", ("missing", "no update for this period")),
        3: review("Stalled", ("no news", "says only")),
        4: review("No update", ("missing", "no update for this period")),
    }
    found = report_under(items, reviews, PERIOD, labels={1: "D5.1", 2: "D5.2"})
    assert found[3].reported_under[0].status == "No update"
    assert [f.detail for f in found[3].flags] == [
        "D5, flagged: D5.2 missing: no update for this period"
    ]
    assert [(f.rule, f.detail) for f in found[4].flags] == [
        ("missing", "no update for this period"),
        ("reported under", "C7, which this plan does not have"),
    ]
    assert worst_status(["On track", "Complete", "At risk", "No update"]) == "At risk"


def test_one_reported_under_unflagged_items_owes_no_words_and_counts_as_no_missing_update():
    from plandesk.core.chase import owes_update
    from plandesk.core.counts import count_period
    from plandesk.core.plan import CommitmentView, ReportedTarget

    pointer = activity(1, 10, "D4", "Refer to B1.1")
    commitment = CommitmentView(10, 1, 1, "D4", "policing", "D4", [pointer])
    assert owes_update(commitment, pointer)
    assert count_period([pointer]).no_update == 1
    pointer.reported_under = (ReportedTarget("B1.1", "On track"),)
    assert not owes_update(commitment, pointer)
    assert count_period([pointer]).no_update == 0
    pointer.flags = (Flag("reported under", "B1.1, flagged: slipping: says “delayed”"),)
    assert owes_update(commitment, pointer)
    assert count_period([pointer]).flagged == 1
