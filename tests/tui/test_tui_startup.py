"""Start-up of the review TUI: which screen, the header, and the layout at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from plandesk.core.counts import is_flagged
from plandesk.tui.screens.plan import PlanScreen
from plandesk.tui.screens.welcome_screen import WelcomeScreen
from tests.factories import open_store
from tests.tui.helpers import (
    PERIOD_2018,
    PLAN_2018,
    PLAN_2020,
    Q2,
    SIZE,
    make_test_app,
    plan_screen,
    snapshot_of,
    static_text,
    wait_for_screen,
    wait_until,
)


@pytest.fixture
def empty_store(tmp_path):
    store = open_store(tmp_path / "empty.db")
    yield store
    store.close()


async def test_header_names_the_latest_plan_and_period_and_counts_what_the_store_holds(
    plan_store,
):
    _plan, _period, snapshot = snapshot_of(plan_store)
    activities = snapshot.activities()
    without_update = [a for a in activities if a.update is None]
    with_update = [a for a in activities if a.update is not None]
    assert len(activities) == 62  # the extract's activity count (see the importer tests)
    assert without_update, "the sample must have activities to chase"

    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        assert PLAN_2020 in app.title
        assert Q2 in app.title
        assert f"{len(activities)} activities" in app.sub_title
        assert f"{len(with_update)} updated" in app.sub_title
        flagged = sum(1 for a in activities if is_flagged(a))
        assert f" {flagged} flagged" in app.sub_title
        assert "showing" not in app.sub_title


async def test_starts_on_the_plan_and_period_it_is_given(plan_store):
    plan = plan_store.resolve_plan(PLAN_2018)
    app = make_test_app(plan_store, plan_id=plan.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert PLAN_2018 in app.title
        assert PERIOD_2018 in app.title
        assert f"{plan.activity_count} activities" in app.sub_title
        assert screen.view.plan.id == plan.id


async def test_tree_starts_focused_with_the_objectives_closed(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        assert app.focused is tree
        assert [n.data.id for n in tree.root.children] == [o.id for o in snapshot.objectives]
        assert all(not n.is_expanded for n in tree.root.children)
        assert tree.cursor_line == 0
        assert screen.editor.text_area.read_only
        assert not screen.editor.editing


async def test_empty_database_shows_how_to_import_and_q_quits(empty_store):
    app = make_test_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        text = static_text(app.screen.query_one("#welcome", Static))
        assert "plandesk import" in text
        assert "plandesk demo" in text
        assert empty_store.location in text
        assert not any(isinstance(s, PlanScreen) for s in app.screen_stack)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")
    assert not app.is_running


async def test_ctrl_q_quits_from_the_welcome_screen(empty_store):
    app = make_test_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")
    assert not app.is_running


@pytest.mark.parametrize("editing", [False, True], ids=["browsing", "editing"])
async def test_tree_details_and_editor_all_fit_in_80_by_24(plan_store, editing):
    app = make_test_app(plan_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await plan_screen(pilot)
        # On an activity (objectives and commitments have no update to show).
        await pilot.press("right", "j", "right", "j")
        if editing:
            await pilot.press("e")
            await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        screen_region = screen.region
        assert (screen_region.width, screen_region.height) == (80, 24)
        widgets = [
            screen.plan_tree,
            screen.detail,
            screen.editor,
            screen.editor.text_area,
            screen.editor.status_select,
        ]
        for widget in widgets:
            region = widget.region
            assert region.width > 0 and region.height > 0, f"{widget} is not shown: {region}"
            assert screen_region.contains_region(region), f"{widget} is cut off: {region}"
        # The three panes do not overlap.
        tree, detail, editor = (w.region for w in widgets[:3])
        assert not tree.overlaps(detail)
        assert not tree.overlaps(editor)
        assert not detail.overlaps(editor)
        # Something readable in each: at least a few lines of text area and tree.
        assert screen.editor.text_area.region.height >= 3
        assert tree.height >= 10
