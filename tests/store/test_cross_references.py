"""Cross-references of the two samples stored as links, and the items that only point
elsewhere reported under their targets: at import, after an officer's save and a plan edit."""

from __future__ import annotations

import sqlite3

from plandesk.core.plan import ActivityView, PlanSnapshot, activity_label
from plandesk.core.refs import ref_key
from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

PLAN_2018 = "Safer West Mercia Plan 2018"
PLAN_2020 = "Safer West Mercia Plan 2020"

# Every cross-reference of the documents, found by reading them (grep "Refer to", "Cross
# reference", "See "): (the item that points, where, the phrase as written) → the refs named.
# "Refer to the Communication and Engagement Delivery Plan" (D.2) names no ref: no link.
# The commitment titles of 3.9, 3.10, C1 and D8 repeat their update's cross-reference (3.9's
# update has two spaces before the dash; the import keeps one).
LINKS_2018 = {
    ("A1.2", "update", "Refer to A1.2 and A2.1"): ("A1.2", "A2.1"),
    ("2.1.2", "activity", "Cross reference to 3.4"): ("3.4",),
    (
        "B.1",
        "commitment",
        "Cross reference to A3 (Victims Board and A4(Needs Assessment)",
    ): ("A3", "A4"),
    ("3.3", "commitment", "Cross reference 3.4"): ("3.4",),
    ("3.5", "update", "Refer to 1.2 and 2.1.2"): ("1.2", "2.1.2"),
    ("3.8", "update", "Refer to D5.1"): ("D5.1",),
    ("3.9", "commitment", "Refer to 3.1 - 3.8"): tuple(f"3.{n}" for n in range(1, 9)),
    ("3.9", "update", "Refer to 3.1 - 3.8"): tuple(f"3.{n}" for n in range(1, 9)),
    ("3.10", "commitment", "Refer to 2.2-2.6"): ("2.2", "2.3", "2.4", "2.5", "2.6"),
    ("3.10", "update", "Refer to 2.2-2.6"): ("2.2", "2.3", "2.4", "2.5", "2.6"),
    ("C1", "commitment", "Refer to 3.1"): ("3.1",),
    ("C1", "update", "Refer to 3.1"): ("3.1",),
    ("4.2", "update", "Refer to 3.5, 1.2 & 2.1.2"): ("3.5", "1.2", "2.1.2"),
    ("4.5", "update", "Refer to 3.5, 1.2 & 2.1.2"): ("3.5", "1.2", "2.1.2"),
    ("D8", "commitment", "Refer to D2 and D5"): ("D2", "D5"),
    ("D8", "update", "Refer to D2 and D5"): ("D2", "D5"),
}
LINKS_2020 = {
    ("A1", "activity", "Refer to C7"): ("C7",),
    ("B1.1", "activity", "Cross reference to D4"): ("D4",),
    ("D4", "activity", "Refer to B1.1"): ("B1.1",),
    ("D7", "activity", "Refer to B2.1"): ("B2.1",),
}

# The items that only point elsewhere (flagged "no news"/"missing" before): what they are
# reported under now, with each target's status, and what still flags them (from the real
# targets' flags).
REPORTED_2018 = {
    "A1.2": ([("A2.1", "Complete")], []),
    "3.5": ([("1.2", "On track"), ("2.1.2", "On track")], []),
    "3.8": ([("D5.1", "On track")], []),
    "3.9": (
        [
            (f"3.{n}", s)
            for n, s in enumerate(
                [
                    "On track",
                    "At risk",
                    "At risk",  # 3.3.2: the risk rule, "funding being investigated"
                    "At risk",
                    "On track",
                    "On track",
                    "At risk",
                    "On track",
                ],
                1,
            )
        ],
        [
            "3.2, flagged: 3.2.3 slipping: says “remain at risk”",
            "3.3, flagged: 3.3.2 risk: says “funding being investigated”",
            "3.4, flagged: slipping: says “not yet in place”",
            "3.7, flagged: slipping: says “cancelled”",
        ],
    ),
    "3.10": (
        [
            ("2.2", "At risk"),
            ("2.3", "At risk"),
            ("2.4", "On track"),
            ("2.5", "On track"),
            ("2.6", "On track"),
        ],
        [
            "2.2, flagged: slipping: says “taking longer than anticipated”",
            "2.3, flagged: 2.3.2 overdue: names “planned for 13 Apr 2018” (April 2018), "
            "before the period ended (31 May 2018)",
        ],
    ),
    "C1": ([("3.1", "On track")], []),
    "4.2": ([("3.5", "On track"), ("1.2", "On track"), ("2.1.2", "On track")], []),
    "4.5": ([("3.5", "On track"), ("1.2", "On track"), ("2.1.2", "On track")], []),
    "D8": (
        [("D2", "On track"), ("D5", "No update")],
        ["D5, flagged: D5.2 missing: no update for this period"],
    ),
}
REPORTED_2020 = {
    "D4": ([("B1.1", "On track")], []),
    "D7": ([("B2.1", "On track")], []),
}


def snapshot(store, plan: str) -> PlanSnapshot:
    info = store.resolve_plan(plan)
    return store.snapshot(info.id, store.resolve_period(info.id).id)


def labelled(snap: PlanSnapshot) -> dict[str, ActivityView]:
    return {
        activity_label(c, a): a
        for o in snap.objectives
        for c in o.commitments
        for a in c.activities
    }


def stored_links(snap: PlanSnapshot) -> dict[tuple[str, str, str], tuple[str, ...]]:
    found: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for activity in snap.activities():
        for link in activity.references:
            key = (link.source_ref, link.found_in, link.written)
            if link.target_ref not in found.get(key, ()):
                found[key] = (*found.get(key, ()), link.target_ref)
    return found


def referrers(store, plan: str, label: str) -> list[str]:
    return [link.source_ref for link in labelled(snapshot(store, plan))[label].referred_by]


LINK_ROWS = (
    "SELECT activity_id, period_id, found_in, written, target_ref, target_commitment_id, "
    "target_activity_id FROM cross_reference"
)


def check_targets(snap: PlanSnapshot) -> None:
    """Each resolved link names an item of the plan with that very ref."""
    commitments = {c.id: c for o in snap.objectives for c in o.commitments}
    activities = {a.id: a for a in snap.activities()}
    for activity in snap.activities():
        for link in activity.references:
            key = ref_key(link.target_ref)
            if link.target_activity_id is not None:
                assert ref_key(activities[link.target_activity_id].ref) == key
            if link.target_commitment_id is not None:
                assert ref_key(commitments[link.target_commitment_id].ref) == key


def test_every_cross_reference_of_both_samples_is_a_link_to_the_right_item(plan_store):
    for plan, expected in ((PLAN_2018, LINKS_2018), (PLAN_2020, LINKS_2020)):
        snap = snapshot(plan_store, plan)
        assert stored_links(snap) == expected, plan
        check_targets(snap)
        unresolved = {
            link.target_ref for a in snap.activities() for link in a.references if not link.resolved
        }
        # Only 2020's "Refer to C7": that plan has no C7. It is kept, as written.
        assert unresolved == ({"C7"} if plan == PLAN_2020 else set())


def test_the_items_that_only_point_elsewhere_are_reported_under_their_targets(plan_store):
    for plan, expected in ((PLAN_2018, REPORTED_2018), (PLAN_2020, REPORTED_2020)):
        items = labelled(snapshot(plan_store, plan))
        reported = {label for label, a in items.items() if a.reported_under}
        assert reported == set(expected), plan
        for label, (targets, flags) in expected.items():
            activity = items[label]
            assert [(t.ref, t.status) for t in activity.reported_under] == targets, label
            assert [f.detail for f in activity.flags] == flags, label
            assert {f.rule for f in activity.flags} <= {"reported under"}, label
    # 2020's A1 ("Refer to C7") points at nothing the plan has: still missing, and says so.
    a1 = labelled(snapshot(plan_store, PLAN_2020))["A1"]
    assert [(f.rule, f.detail) for f in a1.flags] == [
        ("missing", "no update for this period"),
        ("reported under", "C7, which this plan does not have"),
    ]


def test_what_points_at_an_item_is_listed_with_it(plan_store):
    items = labelled(snapshot(plan_store, PLAN_2018))
    assert [link.source_ref for link in items["2.1.2"].referred_by] == ["3.5", "4.2", "4.5"]
    # 3.1's one activity: named by 3.9 (title and update) and C1 (title and update).
    assert {link.source_ref for link in items["3.1"].referred_by} == {"3.9", "C1"}
    items_2020 = labelled(snapshot(plan_store, PLAN_2020))
    assert [link.source_ref for link in items_2020["B1.1"].referred_by] == ["D4"]


def test_a_reimport_writes_the_same_links(plan_store, tmp_path):
    before = {plan: stored_links(snapshot(plan_store, plan)) for plan in (PLAN_2018, PLAN_2020)}
    path = tmp_path / "plan.db"  # the `plan_store` fixture's file
    with sqlite3.connect(path) as db:
        rows_before = sorted(db.execute(LINK_ROWS).fetchall(), key=repr)
    plan_store.import_documents(
        [read_document(PANEL_REPORT), read_document(QUARTERLY_EXTRACT)], author="importer"
    )
    after = {plan: stored_links(snapshot(plan_store, plan)) for plan in (PLAN_2018, PLAN_2020)}
    assert after == before
    with sqlite3.connect(path) as db:
        rows_after = sorted(db.execute(LINK_ROWS).fetchall(), key=repr)
    assert rows_after == rows_before
    # One row per ref named; a commitment title's on each of its activities (B.1 has two, 3.3
    # three: 2 + 2 rows more than the table counts).
    named = sum(len(refs) for refs in [*LINKS_2018.values(), *LINKS_2020.values()])
    assert len(rows_after) == named + 4


def test_an_officers_refer_to_links_for_that_period_and_a_real_update_unlinks(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    period = plan_store.resolve_period(plan.id)
    b54 = plan_store.resolve_activity(plan.id, "B5.4")
    d51 = plan_store.resolve_activity(plan.id, "D5.1")
    current = plan_store.update_for(b54.id, period.id)
    saved = plan_store.save_update(
        b54.id, period.id, "Refer to D5.1", author="ann", expected_version=current.version
    )
    # Re-read alone, as the app does after a save: its target is reviewed with it.
    alone = plan_store.activity_view(plan.id, period.id, b54.id)
    assert [
        (link.found_in, link.period_id, link.target_activity_id) for link in alone.references
    ] == [("update", period.id, d51.id)]
    assert [(t.ref, t.status) for t in alone.reported_under] == [("D5.1", "At risk")]
    assert [f.detail for f in alone.flags] == [
        "D5.1, flagged: slipping: says “delayed until September”"
    ]
    in_plan = labelled(snapshot(plan_store, PLAN_2020))["B5.4"]
    assert (in_plan.flags, in_plan.reported_under) == (alone.flags, alone.reported_under)
    assert "B5.4" in [
        link.source_ref for link in labelled(snapshot(plan_store, PLAN_2020))["D5.1"].referred_by
    ]

    plan_store.save_update(
        b54.id,
        period.id,
        "Custody review report went to the board in September.",
        author="ann",
        expected_version=saved.version,
    )
    after = plan_store.activity_view(plan.id, period.id, b54.id)
    assert after.references == () and after.reported_under == ()
    assert [f.rule for f in after.flags] == []
    assert "B5.4" not in [
        link.source_ref for link in labelled(snapshot(plan_store, PLAN_2020))["D5.1"].referred_by
    ]


def test_an_edit_of_the_activity_text_relinks_it(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    a1 = labelled(snapshot(plan_store, PLAN_2020))["A1"]
    plan_store.edit_activity(plan.id, a1.id, author="ann", text="Refer to A3")
    a1 = labelled(snapshot(plan_store, PLAN_2020))["A1"]
    assert [(link.target_ref, link.resolved) for link in a1.references] == [("A3", True)]
    assert [(t.ref, t.status) for t in a1.reported_under] == [("A3", "At risk")]
    assert [f.detail for f in a1.flags] == [
        "A3, flagged: A3.1 slipping: says “postponed due to Covid 19”"
    ]
