"""Closing the period in view once it has gone to the Panel, and reopening it with a reason
(`C`, the palette, the period picker's last line). On the real 2020 sample."""

from __future__ import annotations

from sqlmodel import Session

from plandesk.store.plan_history import plan_changes
from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.dialogs.prompt import PromptDialog
from tests.tui.helpers import (
    PLAN_2020,
    Q2,
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    wait_for_screen,
    wait_until,
)


def q2_of(store):
    plan = store.resolve_plan(PLAN_2020)
    return plan, store.resolve_period(plan.id, Q2)


async def test_C_closes_the_period_after_asking_and_editing_is_then_refused(plan_store):
    plan, q2 = q2_of(plan_store)
    _plan, _period, snapshot = snapshot_of(plan_store, period=Q2)
    activity = next(a for a in snapshot.activities() if a.ref == "A3.1")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("C")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("k")  # keep it open: nothing happens
        await settle(pilot)
        assert not plan_store.resolve_period(plan.id, Q2).is_closed
        await pilot.press("C")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("c")
        await wait_until(pilot, lambda: "(closed)" in app.title, "the period to show as closed")
        assert plan_store.resolve_period(plan.id, Q2).is_closed
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await settle(pilot)
        assert not screen.editor.editing
        assert any("is closed" in str(n.message) for n in app._notifications)
    with Session(plan_store.engine) as session:
        [change] = plan_changes(session, plan.id)
    assert (change.action, change.subject) == ("period close", Q2)
    assert plan_store.update_for(activity.id, q2.id).version == activity.update.version


async def test_C_on_a_closed_period_reopens_it_with_a_reason(plan_store):
    plan, _q2 = q2_of(plan_store)
    plan_store.close_period(plan.id, Q2, author="ann")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        assert "(closed)" in app.title
        await pilot.press("C")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press("enter")  # no reason: refused
        await settle(pilot)
        assert plan_store.resolve_period(plan.id, Q2).is_closed
        await pilot.press("C")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press(*"Panel asked for [b]A3.1[/b] again", "enter")
        await wait_until(pilot, lambda: "(closed)" not in app.title, "the period to reopen")
    assert not plan_store.resolve_period(plan.id, Q2).is_closed
    with Session(plan_store.engine) as session:
        changes = plan_changes(session, plan.id)
    assert [c.action for c in changes] == ["period close", "period reopen"]
    assert changes[-1].reason == "Panel asked for [b]A3.1[/b] again"


async def test_the_period_picker_marks_closed_periods_and_offers_to_close(plan_store):
    plan, _q2 = q2_of(plan_store)
    plan_store.open_period(plan.id, author="ann")
    plan_store.close_period(plan.id, Q2, author="ann")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, PickerDialog)
        from textual.widgets import OptionList

        options = dialog.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0].startswith(f"  {Q2}") and labels[0].endswith(", closed)")
        assert labels[1].startswith("• 2020/21 Q3")
        assert labels[-2] == "✓ Close 2020/21 Q3 (it has gone to the Panel)"
        assert labels[-1].startswith("+ Open the next period")
        await pilot.press("end", "up", "enter")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("c")
        await wait_until(pilot, lambda: "(closed)" in app.title, "Q3 to close")
    assert all(p.is_closed for p in plan_store.periods(plan.id))


async def test_status_and_acknowledge_keys_say_the_period_is_closed(plan_store):
    plan, q2 = q2_of(plan_store)
    plan_store.close_period(plan.id, Q2, author="ann")
    _plan, _period, snapshot = snapshot_of(plan_store, period=Q2)
    activity = next(a for a in snapshot.activities() if a.ref == "B1.1")
    before = plan_store.update_for(activity.id, q2.id)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        for key in ("ctrl+t", "a"):
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, type(screen)), f"{key} opened a dialog"
            assert any("is closed" in str(n.message) for n in app._notifications), key
    assert plan_store.update_for(activity.id, q2.id) == before
