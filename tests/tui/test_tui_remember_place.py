"""The app remembers the officer's last plan, period and activity in the database, and opens
there next time unless a plan or period is asked for; a read-only database costs a notice."""

from __future__ import annotations

import json

from sqlalchemy import create_engine
from textual.widgets import OptionList

from plandesk.store.service import PlanStore
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.screens.plan.remembering import PLACE, Place
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2020,
    Q2,
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    wait_for_screen,
    wait_until,
)


def remembering_app(store, **kwargs):
    return make_test_app(store, remember_place=True, place_delay=0.01, **kwargs)


def kept(store) -> Place | None:
    return Place.from_json(store.recall(AUTHOR, PLACE))


async def test_the_place_is_kept_and_opened_next_time(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    q2 = plan_store.resolve_period(plan.id, Q2)
    q3 = plan_store.open_period(plan.id, author="ann")
    target = plan_store.resolve_activity(plan.id, "A3.1").id
    app = remembering_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert screen.view.period.id == q3.id
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, PickerDialog)
        dialog.query_one(OptionList).highlighted = [i for i, _ in dialog.items].index(q2.id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.view.period_id == q2.id, "Q2 to load")
        await settle(pilot)
        await select_activity(pilot, screen, target)
        await wait_until(pilot, lambda: kept(plan_store) == Place(plan.id, q2.id, target))
    app = remembering_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert (screen.view.plan.id, screen.view.period.id) == (plan.id, q2.id)
        assert screen.selected_activity() is not None
        assert screen.selected_activity().id == target


async def test_a_plan_or_period_asked_for_wins_over_the_place(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    q2 = plan_store.resolve_period(plan.id, Q2)
    q3 = plan_store.open_period(plan.id, author="ann")
    plan_store.remember(AUTHOR, PLACE, Place(plan.id, q2.id, None).to_json())
    app = remembering_app(plan_store, plan_id=plan.id, period_id=q3.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert screen.view.period.id == q3.id


async def test_a_place_that_has_gone_is_not_used(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    latest = plan_store.resolve_period(plan.id)
    plan_store.remember(AUTHOR, PLACE, json.dumps({"plan": 9999, "period": 9999, "activity": 1}))
    app = remembering_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert (screen.view.plan.id, screen.view.period.id) == (plan.id, latest.id)
        assert screen.plan_tree.cursor_line == 0
    plan_store.remember(AUTHOR, PLACE, '"not a place"')
    assert Place.from_json(plan_store.recall(AUTHOR, PLACE)) is None


async def test_another_author_has_their_own_place(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    q2 = plan_store.resolve_period(plan.id, Q2)
    q3 = plan_store.open_period(plan.id, author="ann")
    plan_store.remember("someone-else", PLACE, Place(plan.id, q2.id, None).to_json())
    app = remembering_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert screen.view.period.id == q3.id


async def test_a_read_only_database_says_so_once_and_the_app_goes_on(plan_store, tmp_path):
    path = plan_store.engine.url.database
    read_only = PlanStore(create_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
    try:
        app = remembering_app(read_only)
        async with app.run_test(size=SIZE) as pilot:
            screen = await plan_screen(pilot)
            await pilot.press("down", "right", "down")
            await wait_until(
                pilot,
                lambda: any("not be remembered" in str(n.message) for n in app._notifications),
                "the notice",
            )
            await pilot.press("down", "down")
            await settle(pilot)
            notices = [n for n in app._notifications if "not be remembered" in str(n.message)]
            assert len(notices) == 1
            assert app.screen is screen and screen.selected() is not None
    finally:
        read_only.close()
    assert plan_store.recall(AUTHOR, PLACE) is None
