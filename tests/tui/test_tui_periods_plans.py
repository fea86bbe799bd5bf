"""`p` chooses the period, `P` the plan; the details show the previous period's update."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from plandesk.tui.dialogs.picker import PickerDialog
from tests.tui.helpers import (
    PERIOD_2018,
    PLAN_2018,
    PLAN_2020,
    Q2,
    Q3,
    Q3_CHANGED_TEXT,
    SIZE,
    add_q3,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    static_text,
    wait_for_screen,
    wait_until,
)


@pytest.fixture
def two_periods(plan_store):
    add_q3(plan_store)
    return plan_store


def option_labels(dialog: PickerDialog) -> list[str]:
    options = dialog.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def detail_text(screen) -> str:
    return static_text(screen.detail.query_one("#detail-body"))


async def test_the_latest_period_opens_with_the_previous_update_in_the_details(two_periods):
    store = two_periods
    _plan, q2, q2_snapshot = snapshot_of(store, period=Q2)
    q2_a2_2 = next(a for a in q2_snapshot.activities() if a.ref == "A2.2")
    _plan, q3, _q3_snapshot = snapshot_of(store, period=Q3)
    app = make_test_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert Q3 in app.title
        await select_activity(pilot, screen, q2_a2_2.id)
        await settle(pilot)
        details = detail_text(screen)
        assert f"Previous update ({Q2})" in details
        assert q2_a2_2.update.text.split()[0] in details
        assert screen.editor.text_area.text == Q3_CHANGED_TEXT


async def test_p_switches_to_another_period(two_periods):
    store = two_periods
    _plan, q2, q2_snapshot = snapshot_of(store, period=Q2)
    q2_a2_2 = next(a for a in q2_snapshot.activities() if a.ref == "A2.2")
    app = make_test_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, q2_a2_2.id)
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, PickerDialog)
        labels = option_labels(dialog)
        # The two periods (the one in view marked), then the ways to close the one in view and
        # to open the next (issue 13).
        assert len(labels) == 4
        assert labels[0].startswith(f"  {Q2}") and labels[1].startswith(f"• {Q3}")
        assert labels[2] == f"✓ Close {Q3} (it has gone to the Panel)"
        assert labels[3].startswith("+ Open the next period (2020/21 Q4)")
        # The current period is highlighted.
        assert dialog.query_one(OptionList).highlighted == 1
        await pilot.press("up", "enter")
        await wait_until(pilot, lambda: Q2 in app.title, "the Q2 period to load")
        await settle(pilot)
        assert Q3 not in app.title
        assert screen.view.period.id == q2.id
        # The cursor stays on the same activity, now showing its Q2 update.
        assert screen.selected_activity().id == q2_a2_2.id
        assert screen.editor.text_area.text == q2_a2_2.update.text
        assert "no earlier period" in detail_text(screen)


async def test_the_period_picker_opens_the_next_period(two_periods):
    store = two_periods
    app = make_test_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("p")
        await wait_for_screen(pilot, PickerDialog)
        await pilot.press("end", "enter")
        await wait_until(pilot, lambda: "2020/21 Q4" in app.title, "the new period to load")
        await settle(pilot)
        assert screen.view.period.label == "2020/21 Q4"
        plan = store.resolve_plan(None)
        assert [(p.label, p.update_count) for p in store.periods(plan.id)][-1] == (
            "2020/21 Q4",
            0,
        )
        # Every activity shows the previous period's update beside the empty one.
        a2_2 = next(a for a in screen.view.loaded.snapshot.activities() if a.ref == "A2.2")
        await select_activity(pilot, screen, a2_2.id)
        await settle(pilot)
        assert f"Previous update ({Q3})" in detail_text(screen)
        assert screen.editor.text_area.text == ""


async def test_escape_in_the_period_picker_changes_nothing(two_periods):
    app = make_test_app(two_periods)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        period_id = screen.view.period.id
        await pilot.press("p")
        await wait_for_screen(pilot, PickerDialog)
        await pilot.press("up", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.view.period.id == period_id
        assert Q3 in app.title


async def test_P_switches_to_the_2018_plan(plan_store):
    plan_2018 = plan_store.resolve_plan(PLAN_2018)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert PLAN_2020 in app.title
        await pilot.press("P")
        dialog = await wait_for_screen(pilot, PickerDialog)
        labels = option_labels(dialog)
        assert [label.split("   ")[0] for label in labels] == [PLAN_2020, PLAN_2018]
        assert dialog.query_one(OptionList).highlighted == 0
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: PLAN_2018 in app.title, "the 2018 plan to load")
        await settle(pilot)
        assert PERIOD_2018 in app.title
        assert screen.view.plan.id == plan_2018.id
        assert f"{plan_2018.activity_count} activities" in app.sub_title
        _plan, _period, snapshot = snapshot_of(plan_store, plan=PLAN_2018)
        assert [n.data.id for n in screen.plan_tree.root.children] == [
            o.id for o in snapshot.objectives
        ]


async def test_p_and_P_wait_until_editing_is_finished(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("right", "j", "right", "j", "e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        await pilot.press("p", "P")
        await settle(pilot)
        assert app.screen is screen
        assert screen.editor.text == "pP"


async def test_period_picker_counts_the_updates_the_store_holds(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    activity = next(a for a in snapshot.activities() if a.update is None)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e", *"Started.", "ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        count = next(p for p in plan_store.periods(plan.id) if p.id == period.id).update_count
        assert count == period.update_count + 1
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, PickerDialog)
        assert option_labels(dialog)[0] == f"• {period.label}   ({count} updates)"
        assert option_labels(dialog)[1:] == [
            f"✓ Close {period.label} (it has gone to the Panel)",
            "+ Open the next period (2020/21 Q3), with no updates",
        ]


async def test_O_opens_the_next_period_and_waits_while_editing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("right", "j", "right", "j", "e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        await pilot.press("O")
        await settle(pilot)
        assert screen.editor.text == "O"  # typed into the editor, no period opened
        assert [p.label for p in plan_store.periods(screen.view.plan_id)] == [Q2]
        await pilot.press("backspace", "escape")
        await settle(pilot)
        await pilot.press("O")
        await wait_until(pilot, lambda: Q3 in app.title, "the new period to load")
        assert [p.label for p in plan_store.periods(screen.view.plan_id)] == [Q2, Q3]
