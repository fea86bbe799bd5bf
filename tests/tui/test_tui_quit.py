"""Quitting: `q` from the tree, `ctrl+q` from anywhere, and never losing unsaved text."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from textual.command import CommandPalette

from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.screens.help_screen import HelpScreen
from tests.tui.helpers import (
    AUTHOR,
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    wait_for_screen,
    wait_until,
)


@pytest.fixture
def a2_2(plan_store):
    _plan, period, snapshot = snapshot_of(plan_store)
    activity = next(a for a in snapshot.activities() if a.ref == "A2.2")
    return period, activity


async def edit(pilot, screen, activity, text):
    await select_activity(pilot, screen, activity.id)
    await pilot.press("e")
    await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
    await pilot.press(*text)


async def exited(pilot):
    await wait_until(pilot, lambda: not pilot.app.is_running, "the app to exit")


async def test_q_without_changes_quits(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("q")
        await exited(pilot)
    assert not app.is_running
    assert app.return_value is None


async def test_q_inside_the_editor_is_text(plan_store, a2_2):
    _period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " quite")
        await settle(pilot)
        assert app.is_running
        assert app.screen is screen
        assert screen.editor.text == activity.update.text + " quite"


async def test_ctrl_q_in_the_editor_without_changes_quits(plan_store, a2_2):
    _period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, "")
        await pilot.press("ctrl+q")
        await exited(pilot)


async def test_ctrl_q_with_unsaved_text_asks_then_quit_keeping_the_draft(plan_store, a2_2):
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " keep me")
        await settle(pilot)
        await pilot.press("ctrl+q")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "unsaved" in dialog.question
        assert app.is_running
        await pilot.press("d")
        await exited(pilot)
    assert plan_store.update_for(activity.id, period.id) == activity.update
    assert [d.text for d in plan_store.drafts(period.plan_id, AUTHOR)] == [
        activity.update.text + " keep me"
    ]


async def test_quit_keeping_the_draft_keeps_the_last_words_typed(plan_store, a2_2):
    period, activity = a2_2
    # An officer typing at normal speed: the pause timer has not fired yet.
    app = make_test_app(plan_store, draft_delay=30)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " last words")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("d")
        await exited(pilot)
    assert [d.text for d in plan_store.drafts(period.plan_id, AUTHOR)] == [
        activity.update.text + " last words"
    ]


async def test_ctrl_q_then_save_and_quit(plan_store, a2_2):
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " final")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("s")
        await exited(pilot)
    saved = plan_store.update_for(activity.id, period.id)
    assert saved.text == activity.update.text + " final"
    assert saved.version == 2
    assert saved.author == AUTHOR
    assert plan_store.drafts(period.plan_id, AUTHOR) == []


@pytest.mark.parametrize("key", ["c", "escape"])
async def test_cancel_the_quit_question_keeps_editing(plan_store, a2_2, key):
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " not yet")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press(key)
        await settle(pilot)
        assert app.is_running
        assert app.screen is screen
        assert screen.editor.editing
        assert app.focused is screen.editor.text_area
        await pilot.press("!")
        assert screen.editor.text == activity.update.text + " not yet!"
    assert plan_store.update_for(activity.id, period.id) == activity.update


async def test_ctrl_q_from_a_dialog_quits(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.press("ctrl+q")
        await exited(pilot)


async def test_save_and_quit_that_conflicts_does_not_quit(plan_store, a2_2):
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " mine")
        plan_store.save_update(activity.id, period.id, "theirs", author="other", expected_version=1)
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("s")
        await settle(pilot)
        assert app.is_running
        assert plan_store.update_for(activity.id, period.id).text == "theirs"


async def test_a_failed_save_and_quit_does_not_quit_on_a_later_save(plan_store, a2_2, monkeypatch):
    period, activity = a2_2
    real_save_update = plan_store.save_update
    calls = []

    def flaky_save_update(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError("UPDATE progress_update", {}, Exception("database is locked"))
        return real_save_update(*args, **kwargs)

    monkeypatch.setattr(plan_store, "save_update", flaky_save_update)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " first try")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("s")
        await settle(pilot)
        # The save failed: the app stays, with the text.
        assert app.is_running
        assert screen.editor.editing
        # The officer goes on writing and saves again, without asking to quit.
        await pilot.press(*" second try", "ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        assert plan_store.update_for(activity.id, period.id).text.endswith("second try")
        assert app.is_running


async def test_palette_quit_asks_about_unsaved_text(plan_store, a2_2):
    period, activity = a2_2
    app = make_test_app(plan_store, draft_delay=30)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await edit(pilot, screen, activity, " unsaved")
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"Quit")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, ChoiceDialog)
