"""While editing, the previous period's update stays readable beside the editor: side by side
at 200×50, stacked above it at 120×36 (never out of sight), in turn with ctrl+o at 80×24, and
placed again when the terminal is resized."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from plandesk.tui.screens.plan.layout import EditLayout, edit_layout
from tests.tui.helpers import (
    PLAN_2020,
    make_test_app,
    plan_screen,
    select_activity,
    static_text,
    wait_until,
)


def open_q3(store) -> tuple[int, str]:
    """Open the empty Q3 after the 2020 plan's Q2: the id of A2.2 (updated in Q2, flagged in
    Q3 for having no update yet) and the start of its Q2 update."""
    plan = store.resolve_plan(PLAN_2020)
    q2 = store.resolve_period(plan.id)
    store.open_period(plan.id, author="ann")
    activity_id = store.resolve_activity(plan.id, "A2.2").id
    return activity_id, store.update_for(activity_id, q2.id).text[:40]


async def start_editing(pilot, activity_id):
    screen = await plan_screen(pilot)
    await select_activity(pilot, screen, activity_id)
    await pilot.press("e")
    await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
    await pilot.pause()
    return screen


def inside(region: Region, outer: Region) -> bool:
    return region.width > 0 and region.height > 0 and outer.contains_region(region)


def test_layout_by_size():
    from textual.geometry import Size

    assert edit_layout(Size(200, 50)) is EditLayout.SIDE_BY_SIDE
    assert edit_layout(Size(140, 24)) is EditLayout.SIDE_BY_SIDE
    assert edit_layout(Size(120, 36)) is EditLayout.STACKED
    assert edit_layout(Size(80, 24)) is EditLayout.IN_TURN
    assert edit_layout(Size(120, 24)) is EditLayout.IN_TURN


async def test_stacked_above_the_editor_at_120_by_36(plan_store):
    activity_id, q2_text = open_q3(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await start_editing(pilot, activity_id)
        pane = screen.previous_pane
        screen_region = screen.region
        assert inside(pane.region, screen_region)
        # The previous text itself is on screen (not scrolled away), with its period...
        text_region = pane.scroller.region
        assert inside(text_region, screen_region) and text_region.height >= 3
        title = static_text(pane.query_one("#previous-title"))
        assert title.startswith("Previous update (2020/21 Q2)")
        assert static_text(pane.query_one("#previous-text")).startswith(q2_text)
        # ...and the flag's reason, in the fixed head above it.
        head = pane.query_one("#previous-head")
        assert inside(head.region, screen_region)
        assert "⚑ missing" in static_text(head)
        # "No update" is a fact, not the rules' suggestion: never marked as suggested.
        assert "this period's status: No update\n" in static_text(head)
        # Above the editor, which keeps room to type; the details keep a share too.
        editor = screen.editor
        assert pane.region.bottom <= editor.region.y
        assert inside(editor.text_area.region, screen_region)
        assert editor.text_area.region.height >= 8
        assert inside(screen.detail.region, screen_region)
        assert not screen.check_action("toggle_previous", ())


async def test_side_by_side_at_200_by_50(plan_store):
    activity_id, _ = open_q3(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await start_editing(pilot, activity_id)
        pane, editor = screen.previous_pane.region, screen.editor.region
        assert inside(pane, screen.region) and inside(editor, screen.region)
        assert pane.right <= editor.x
        assert pane.y == editor.y and pane.height == editor.height
        assert pane.height >= 20


async def test_in_turn_with_ctrl_o_at_80_by_24(plan_store):
    activity_id, q2_text = open_q3(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_editing(pilot, activity_id)
        editor = screen.editor
        assert not screen.previous_pane.display
        assert inside(editor.text_area.region, screen.region)
        assert screen.check_action("toggle_previous", ())
        assert "toggle_previous" in {b.binding.action for b in screen.active_bindings.values()}
        await pilot.press(*"Half written")
        await pilot.press("ctrl+o")
        await pilot.pause()
        pane = screen.previous_pane
        assert pane.display and not editor.display
        assert inside(pane.scroller.region, screen.region)
        assert static_text(pane.query_one("#previous-text")).startswith(q2_text)
        assert editor.editing
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert editor.display and not pane.display
        assert editor.text_area.has_focus
        assert editor.text == "Half written"
        # ctrl+s saves from either side.
        await pilot.press("ctrl+o", "ctrl+s")
        await wait_until(pilot, lambda: not editor.editing, "the save")
    plan = plan_store.resolve_plan(PLAN_2020)
    q3 = plan_store.resolve_period(plan.id, "2020/21 Q3")
    assert plan_store.update_for(activity_id, q3.id).text == "Half written"


async def test_resizing_places_it_again(plan_store):
    activity_id, _ = open_q3(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await start_editing(pilot, activity_id)
        assert screen.previous_pane.region.bottom <= screen.editor.region.y
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        await pilot.pause()
        assert screen.previous_pane.region.right <= screen.editor.region.x
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert not screen.previous_pane.display
        assert screen.editor.display and screen.check_action("toggle_previous", ())
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.editor.editing
        assert not screen.previous_pane.display
        assert screen.detail.region.height > 0


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
async def test_browsing_shows_no_previous_pane(plan_store, size):
    activity_id, _ = open_q3(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=size) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        assert not screen.previous_pane.display
        assert screen.detail.region.height > 0 and screen.editor.region.height > 0
        assert not screen.check_action("toggle_previous", ())


async def test_the_previous_update_says_its_own_status_apart_from_this_periods(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    q2 = plan_store.resolve_period(plan.id)
    activity_id = plan_store.resolve_activity(plan.id, "A2.2").id
    text = plan_store.update_for(activity_id, q2.id).text
    plan_store.save_update(activity_id, q2.id, text, author="ann", status="green")
    plan_store.open_period(plan.id, author="ann")
    app = make_test_app(plan_store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await start_editing(pilot, activity_id)
        pane = screen.previous_pane
        title = static_text(pane.query_one("#previous-title"))
        assert title.startswith("Previous update (2020/21 Q2, On track) — ann")
        head = static_text(pane.query_one("#previous-head"))
        assert head.startswith("this period's status: No update")
