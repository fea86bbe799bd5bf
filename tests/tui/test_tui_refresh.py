"""How the plan screen refreshes: what a key changes on screen, and what it leaves alone.

Speed itself is measured in `bench/` (`python -m bench.pty_keys`); these tests guard the
behaviour it rests on: a cursor move between activities redraws the details and the update in
place (no layout of the whole screen), the update is not loaded again when it is the same,
opening and leaving the editor changes the footer's keys in place, and the
heap is frozen while a plan is shown.
"""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from plandesk.tui.widgets.key_footer import KeyFooter
from tests.tui.helpers import (
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    static_text,
)

# Room for every item's details and update: no scrollbar comes or goes between two activities.
ROOMY = (200, 60)


def layouts_of(screen) -> list[object]:
    """Every layout of the screen from now on (Textual's public signal, published by each)."""
    seen: list[object] = []
    screen.screen_layout_refresh_signal.subscribe(screen.plan_tree, seen.append, immediate=True)
    return seen


def three_in_a_row(store):
    """Three activities of one commitment, in tree order."""
    _plan, _period, snapshot = snapshot_of(store)
    for objective in snapshot.objectives:
        for commitment in objective.commitments:
            if len(commitment.activities) >= 3:
                return commitment.activities[:3]
    raise AssertionError("the sample has no commitment with three activities")


@asynccontextmanager
async def at_the_first_of_three(store):
    """The app on the first of three activities in a row (details and editor shown, settled):
    the pilot, the screen and the three."""
    three = three_in_a_row(store)
    app = make_test_app(store)
    async with app.run_test(size=ROOMY) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, three[0].id)
        await settle(pilot)
        yield pilot, screen, three


async def test_a_cursor_move_between_activities_lays_nothing_out(plan_store):
    async with at_the_first_of_three(plan_store) as (pilot, screen, three):
        first, second, third = three
        body = screen.detail.query_one("#detail-body")
        layouts = layouts_of(screen)
        for activity in (second, third):
            await pilot.press("down")
            await settle(pilot)
            assert f"Activity {activity.ref}" in static_text(body)
            assert screen.editor.text == (activity.update.text if activity.update else "")
        assert layouts == [], "a cursor move between activities laid the screen out"


async def test_the_same_update_is_not_loaded_again(plan_store):
    async with at_the_first_of_three(plan_store) as (pilot, screen, three):
        first, second, _third = three
        document = screen.editor.text_area.document
        # What the stall rules' arrival and a re-read do: the same selection shown again.
        screen.show_selection()
        await settle(pilot)
        assert screen.editor.text_area.document is document, "the same update was reloaded"
        await pilot.press("down")
        await settle(pilot)
        assert screen.editor.text_area.document is not document, "another update was not loaded"
        assert screen.editor.text == (second.update.text if second.update else "")


async def test_opening_and_leaving_the_editor_keep_the_footer_keys(plan_store):
    async with at_the_first_of_three(plan_store) as (pilot, screen, three):
        first, _second, _third = three
        footer = screen.query_one(KeyFooter)

        def shown() -> set[str]:
            return {entry.action for entry in footer._drawn}

        browsing = shown()
        assert {"edit", "search"} <= browsing
        await pilot.press("e")
        await settle(pilot)
        assert screen.editor.editing
        editing = shown()
        assert "save" in editing and "search" not in editing and "edit" not in editing
        assert editing == {a for a in editing if a in screen.EDITING_ACTIONS | {"command_palette"}}
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.editor.editing
        assert shown() == browsing
        assert not footer.children, "the footer is one line, not a widget per key"


async def test_the_heap_is_frozen_while_a_plan_is_shown(plan_store):
    gc.unfreeze()
    app = make_test_app(plan_store)
    async with app.run_test(size=ROOMY) as pilot:
        screen = await plan_screen(pilot)
        assert screen.view.snapshot is not None and screen.view.snapshot.reviewed
        assert gc.get_freeze_count() > 0, "nothing was frozen after the plan loaded"
    assert gc.get_freeze_count() == 0, "the heap stayed frozen after the app ended"


async def test_an_activity_without_an_update_shows_an_empty_editor(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    silent = next(a for a in snapshot.activities() if a.update is None)
    app = make_test_app(plan_store)
    async with app.run_test(size=ROOMY) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, silent.id)
        await settle(pilot)
        assert screen.editor.text == ""
        assert "no update yet" in static_text(screen.editor.query_one("#editor-state"))
        screen.show_selection()
        await settle(pilot)
        assert screen.editor.text == ""


async def test_text_loaded_while_the_editor_is_hidden_is_wrapped_for_its_width(plan_store):
    # On an objective or a commitment the editor is hidden and has no width; the next
    # activity's text is loaded then. Wrapped for no width it would be wrapped again, and
    # drawn again, once the editor is back.
    async with at_the_first_of_three(plan_store) as (pilot, screen, three):
        first, _second, _third = three
        area = screen.editor.text_area
        shown_width = area.wrap_width
        assert shown_width > 0
        screen.editor.display = False
        await settle(pilot)
        assert area.size.width == 0
        area.load_text("word " * 200)
        hidden_lines = area.wrapped_document.height
        assert hidden_lines < 200, "wrapped for no width"
        screen.editor.display = True
        await settle(pilot)
        assert area.wrap_width == shown_width
        assert area.wrapped_document.height == hidden_lines
