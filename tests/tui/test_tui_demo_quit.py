"""The demo's database is temporary: quitting it with drafts warns, and says how to keep the
work (`plandesk demo --keep PATH`) (issue 14, item 8)."""

from __future__ import annotations

from plandesk.tui.dialogs.choice import ChoiceDialog
from tests.tui.helpers import (
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    wait_for_screen,
    wait_until,
)


def a2_2(store):
    _plan, _period, snapshot = snapshot_of(store)
    return next(a for a in snapshot.activities() if a.ref == "A2.2")


async def keep_a_draft(pilot, screen, activity) -> None:
    await select_activity(pilot, screen, activity.id)
    await pilot.press("e", *" not finished")
    await pilot.press("escape")
    await wait_for_screen(pilot, ChoiceDialog)
    await pilot.press("a")
    await settle(pilot)
    assert not screen.editor.editing


async def exited(pilot):
    await wait_until(pilot, lambda: not pilot.app.is_running, "the app to exit")


async def test_quitting_the_demo_with_a_draft_warns_and_says_how_to_keep_it(plan_store):
    app = make_test_app(plan_store, temporary_db=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await keep_a_draft(pilot, screen, a2_2(plan_store))
        await pilot.press("q")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "temporary" in dialog.question
        assert "plandesk demo --keep PATH" in dialog.question
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        await pilot.press("q")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("q")
        await exited(pilot)


async def test_quitting_the_demo_while_editing_says_it_too(plan_store):
    app = make_test_app(plan_store, temporary_db=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a2_2(plan_store).id)
        await pilot.press("e", *" more")
        await pilot.press("ctrl+q")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "unsaved" in dialog.question
        assert "plandesk demo --keep PATH" in dialog.question


async def test_a_kept_database_with_a_draft_quits_at_once(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await keep_a_draft(pilot, screen, a2_2(plan_store))
        await pilot.press("q")
        await exited(pilot)


async def test_the_demo_without_drafts_quits_at_once(plan_store):
    app = make_test_app(plan_store, temporary_db=True)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("q")
        await exited(pilot)
