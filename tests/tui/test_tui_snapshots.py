"""SVG snapshots of the review TUI (pytest-textual-snapshot).

Update them with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`, look at the report,
and commit the SVGs under tests/tui/__snapshots__/.

The store stamps updates, revisions and drafts with its clock; the fixture gives it a frozen
one so "v1 saved by importer, 05 Oct 2020 09:30" is the same on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Input

from plandesk.store.service import PlanStore
from plandesk.tui.screens.help_screen import HelpScreen
from tests.factories import import_samples
from tests.tui.helpers import (
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    wait_for_screen,
    wait_until,
)

FROZEN_NOW = datetime(2020, 10, 5, 9, 30, tzinfo=UTC)
BIG = (120, 36)
SMALL = (80, 24)


@pytest.fixture
def frozen_store(tmp_path):
    store = PlanStore.open(str(tmp_path / "plan.db"), clock=lambda: FROZEN_NOW)
    import_samples(store)
    yield store
    store.close()


def a2_2_id(store) -> int:
    _plan, _period, snapshot = snapshot_of(store)
    return next(a.id for a in snapshot.activities() if a.ref == "A2.2")


def steady(screen) -> None:
    """No blinking cursors in a picture."""
    screen.editor.text_area.cursor_blink = False
    screen.query_one("#search", Input).cursor_blink = False


def on_a2_2(store, *, edit: bool = False, typed: str = ""):
    """A run_before that puts the cursor on A2.2 and, with `edit`, opens the editor."""
    activity_id = a2_2_id(store)

    async def run_before(pilot):
        screen = await plan_screen(pilot)
        steady(screen)
        await select_activity(pilot, screen, activity_id)
        if edit:
            await pilot.press("e")
            await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
            if typed:
                await pilot.press(*typed)
        await settle(pilot)

    return run_before


def test_main_screen(snap_compare, frozen_store):
    async def run_before(pilot):
        screen = await plan_screen(pilot)
        steady(screen)

    assert snap_compare(make_test_app(frozen_store), terminal_size=BIG, run_before=run_before)


def test_main_screen_on_an_activity(snap_compare, frozen_store):
    run_before = on_a2_2(frozen_store)
    assert snap_compare(make_test_app(frozen_store), terminal_size=BIG, run_before=run_before)


def test_editor_open_with_unsaved_text(snap_compare, frozen_store):
    run_before = on_a2_2(frozen_store, edit=True, typed=" Signed off.")
    assert snap_compare(make_test_app(frozen_store), terminal_size=BIG, run_before=run_before)


def test_search_filtered(snap_compare, frozen_store):
    async def run_before(pilot):
        screen = await plan_screen(pilot)
        steady(screen)
        await pilot.press("slash", *"victims board")
        await settle(pilot)

    assert snap_compare(make_test_app(frozen_store), terminal_size=BIG, run_before=run_before)


def test_flagged_filter(snap_compare, frozen_store):
    async def run_before(pilot):
        screen = await plan_screen(pilot)
        steady(screen)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(make_test_app(frozen_store), terminal_size=BIG, run_before=run_before)


def test_help_screen(snap_compare, frozen_store):
    async def run_before(pilot):
        screen = await plan_screen(pilot)
        steady(screen)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        await settle(pilot)

    assert snap_compare(make_test_app(frozen_store), terminal_size=BIG, run_before=run_before)


def test_layout_at_80_by_24(snap_compare, frozen_store):
    run_before = on_a2_2(frozen_store)
    assert snap_compare(make_test_app(frozen_store), terminal_size=SMALL, run_before=run_before)


def test_editing_at_80_by_24(snap_compare, frozen_store):
    run_before = on_a2_2(frozen_store, edit=True)
    assert snap_compare(make_test_app(frozen_store), terminal_size=SMALL, run_before=run_before)
