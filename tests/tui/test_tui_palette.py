"""The command palette (ctrl+p) offers every action of the plan screen by name."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from plandesk.tui import keys
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.screens.help_screen import KEY_HELP, HelpScreen
from plandesk.tui.screens.plan import PlanScreen
from tests.tui.helpers import (
    SIZE,
    make_test_app,
    plan_screen,
    settle,
    wait_for_screen,
)

# Keys whose action is not a palette command of its own.
NOT_IN_PALETTE = {"escape", "app.request_quit"}


async def run_command(pilot, title: str) -> None:
    await pilot.press("ctrl+p")
    await wait_for_screen(pilot, CommandPalette)
    await pilot.press(*title)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize(
    ("title", "kind", "picker_title"),
    [("Choose period", PickerDialog, "Period"), ("Choose plan", PickerDialog, "Plan")],
)
async def test_palette_opens_the_pickers(plan_store, title, kind, picker_title):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await run_command(pilot, title)
        dialog = await wait_for_screen(pilot, kind)
        assert dialog.title_text == picker_title
        assert not any(isinstance(s, CommandPalette) for s in app.screen_stack)


async def test_palette_opens_the_help(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await run_command(pilot, "Help")
        await wait_for_screen(pilot, HelpScreen)


async def test_palette_toggles_the_flagged_filter(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await run_command(pilot, "Show flagged only")
        assert screen.view.flagged_only
        assert "flagged only" in app.sub_title


async def test_palette_lists_every_plan_screen_action(plan_store):
    bound = {
        binding.action for binding in PlanScreen.BINDINGS if binding.action not in NOT_IN_PALETTE
    }
    listed = {action for _title, _help, action in PlanScreen.COMMANDS_LIST}
    assert bound <= listed, bound - listed
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        titles = [command.title for command in app.get_system_commands(screen)]
        for title, _help, _action in PlanScreen.COMMANDS_LIST:
            assert title in titles


def test_one_key_table_drives_the_bindings_the_palette_and_the_help():
    assert PlanScreen.BINDINGS == keys.bindings()
    assert PlanScreen.COMMANDS_LIST == keys.palette_commands()
    assert KEY_HELP == keys.help_rows()
    actions = [entry for entry in keys.KEYS if isinstance(entry, keys.Action)]
    # Each action once: one key, one binding, at most one palette entry.
    assert len({a.action for a in actions}) == len(actions)
    assert len({a.key for a in actions}) == len(actions)
    in_palette = {a.action for a in actions if a.palette is not None}
    assert in_palette == {b.action for b in PlanScreen.BINDINGS} - NOT_IN_PALETTE


async def test_escape_closes_the_palette(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
