"""`a` on the plan screen: acknowledge a flagged activity with a note, or withdraw an
acknowledgement; the tree's marks, the commitment's count and the header follow at once."""

from __future__ import annotations

from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.dialogs.prompt import PromptDialog
from plandesk.tui.marks import Mark, mark_of
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2020,
    SIZE,
    label_text,
    make_test_app,
    node_for_activity,
    plan_screen,
    select_activity,
    settle,
    static_text,
    wait_for_screen,
    wait_until,
)


def flagged_a3_1(store):
    plan = store.resolve_plan(PLAN_2020)
    period = store.resolve_period(plan.id)
    return store.resolve_activity(plan.id, "A3.1").id, period.id


def flag_count(app) -> int:
    return int(app.sub_title.split(" flagged")[0].rsplit("· ", 1)[1])


async def test_a_acknowledges_with_a_note_and_the_tree_follows(plan_store):
    activity_id, period_id = flagged_a3_1(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        node = node_for_activity(screen, activity_id)
        assert mark_of(node.data) is Mark.FLAGGED
        commitment_before = label_text(node.parent)
        flagged_before = flag_count(app)
        await pilot.press("a")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press(*"raised at the June board", "enter")
        await wait_until(
            pilot,
            lambda: screen.view.activity(activity_id).acknowledged is not None,
            "the acknowledgement",
        )
        await settle(pilot)
        assert mark_of(node_for_activity(screen, activity_id).data) is not Mark.FLAGGED
        assert not label_text(node_for_activity(screen, activity_id)).startswith("⚑")
        assert label_text(node.parent) != commitment_before
        assert flag_count(app) == flagged_before - 1
        detail = static_text(screen.detail.query_one("#detail-body"))
        assert "raised at the June board" in detail
    [(_label, ack, cleared)] = plan_store.acknowledgements(activity_id)
    assert (ack.note, ack.author, cleared) == ("raised at the June board", AUTHOR, False)


async def test_a_on_an_acknowledged_activity_offers_to_withdraw(plan_store):
    activity_id, period_id = flagged_a3_1(plan_store)
    plan_store.acknowledge(activity_id, period_id, "seen to", author="lead")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        flagged_before = flag_count(app)
        assert mark_of(screen.selected_activity()) is not Mark.FLAGGED
        # Keeping it changes nothing.
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "seen to" in static_text(dialog.query_one("#question"))
        await pilot.press("k")
        await settle(pilot)
        assert len(plan_store.acknowledgements(activity_id)) == 1
        await pilot.press("a")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("w")
        await wait_until(
            pilot,
            lambda: screen.view.activity(activity_id).acknowledged is None,
            "the withdrawal",
        )
        await settle(pilot)
        assert mark_of(node_for_activity(screen, activity_id).data) is Mark.FLAGGED
        assert flag_count(app) == flagged_before + 1
    history = plan_store.acknowledgements(activity_id)
    assert [cleared for _label, _ack, cleared in history] == [False, True]
    assert history[-1][1].author == AUTHOR


async def test_a_on_an_activity_without_flags_says_so(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    snapshot = plan_store.snapshot(plan.id, plan_store.resolve_period(plan.id).id)
    calm = next(a for a in snapshot.activities() if not a.flags and a.update)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, calm.id)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
    assert plan_store.acknowledgements(calm.id) == []


async def test_escape_in_the_note_acknowledges_nothing(plan_store):
    activity_id, _ = flagged_a3_1(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        await pilot.press("a")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert plan_store.acknowledgements(activity_id) == []
