"""The tree is shown before the stall rules have run; the flags arrive a moment later.

The load worker posts `Reloaded` (an unreviewed snapshot) and then `Reviewed`. These tests post
the two messages themselves, with real store reads in between, so the gap between them is
under the test's control instead of a race.
"""

from __future__ import annotations

from plandesk.tui.marks import is_flagged
from plandesk.tui.screens.plan import Loaded, PlanScreen
from plandesk.tui.screens.plan.messages import Reloaded, Reviewed
from tests.tui.helpers import (
    AUTHOR,
    SIZE,
    label_text,
    make_test_app,
    node_for_commitment,
    plan_screen,
    settle,
    shown_activity_ids,
)


def _unreviewed(screen: PlanScreen) -> Loaded:
    """What the load worker has when the tree is about to be shown: no flags yet."""
    store, old = screen.app.store, screen.view.loaded
    assert old is not None
    snapshot = store.snapshot(old.plan.id, old.period.id, review=False)
    assert not snapshot.reviewed
    return Loaded(
        store.plans(),
        old.plan,
        store.periods(old.plan.id),
        old.period,
        snapshot,
        old.bodies,
        store.drafts(old.plan.id, AUTHOR),
        old.everywhere,
    )


async def test_flags_arrive_after_the_tree_and_keys_pressed_meanwhile_wait_for_them(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        reviewed = screen.view.snapshot
        expected = {a.id for a in reviewed.activities() if is_flagged(a)}
        assert expected, "the 2020 sample has flagged activities"

        loaded = _unreviewed(screen)
        screen.post_message(Reloaded(loaded))
        await settle(pilot)
        assert screen.view.loaded is loaded
        assert "checking flags…" in app.sub_title
        assert not any(is_flagged(a) for a in loaded.snapshot.activities())

        await pilot.press("s")
        await settle(pilot)
        assert not screen.view.flagged_only, "'s' waits for the flags instead of showing nothing"

        screen.post_message(Reviewed(loaded.snapshot, plan_store.review(loaded.snapshot)))
        await settle(pilot)
        assert loaded.snapshot.reviewed
        assert screen.view.flagged_only
        assert shown_activity_ids(screen) == expected
        assert f"{len(expected)} flagged" in app.sub_title


async def test_commitment_labels_gain_their_flag_counts_when_the_review_arrives(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        loaded = _unreviewed(screen)
        screen.post_message(Reloaded(loaded))
        await settle(pilot)
        objective = screen.plan_tree.root.children[0]
        screen.plan_tree.select_node(objective)
        await pilot.press("right")
        await settle(pilot)
        flagged_commitment = next(
            c
            for c in loaded.snapshot.objectives[0].commitments
            if any(is_flagged(a) for a in reviewed_activities(screen, c.id))
        )
        node = node_for_commitment(screen, flagged_commitment.ref)
        assert "⚑" not in label_text(node)

        screen.post_message(Reviewed(loaded.snapshot, plan_store.review(loaded.snapshot)))
        await settle(pilot)
        assert "⚑" in label_text(node_for_commitment(screen, flagged_commitment.ref))


def reviewed_activities(screen: PlanScreen, commitment_id: int):
    """The commitment's activities as the store reviews them (independent of the screen)."""
    store = screen.app.store
    assert screen.view.loaded is not None
    snapshot = store.snapshot(screen.view.plan.id, screen.view.period.id)
    return [
        a
        for o in snapshot.objectives
        for c in o.commitments
        if c.id == commitment_id
        for a in c.activities
    ]


async def test_a_review_of_another_snapshot_is_ignored(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        stale = _unreviewed(screen)
        current = _unreviewed(screen)
        screen.post_message(Reloaded(current))
        await settle(pilot)
        screen.post_message(Reviewed(stale.snapshot, plan_store.review(stale.snapshot)))
        await settle(pilot)
        assert not current.snapshot.reviewed
        assert "checking flags…" in app.sub_title


def test_a_review_taken_before_a_save_does_not_cover_the_saved_update(plan_store):
    plan = plan_store.resolve_plan()
    period = plan_store.resolve_period(plan.id)
    snapshot = plan_store.snapshot(plan.id, period.id, review=False)
    reviews = plan_store.review(snapshot)
    flagged = next(a for a in snapshot.activities() if a.update and reviews[a.id].flags)
    saved = plan_store.save_update(
        flagged.id,
        period.id,
        "The strategy was signed off by the board and published in full this quarter.",
        author=AUTHOR,
        expected_version=flagged.update.version,
    )
    fresh = plan_store.activity_view(plan.id, period.id, flagged.id)
    assert fresh.flags != reviews[flagged.id].flags
    flagged.refresh_from(fresh)
    assert flagged.update.version == saved.version
    snapshot.apply_reviews(reviews)
    assert flagged.flags == fresh.flags, "the stale review was not laid over the saved text"
    assert snapshot.reviewed
