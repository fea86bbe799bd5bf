"""A second writer saves the same update while the officer edits it: never a silent overwrite."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from plandesk.core.merge import MERGE_MARKER
from plandesk.tui.dialogs.conflict import ConflictDialog
from plandesk.tui.marks import Mark, mark_of
from tests.tui.helpers import (
    AUTHOR,
    SIZE,
    activity_by_text,
    label_text,
    make_test_app,
    node_for_activity,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    static_text,
    wait_for_screen,
    wait_until,
)

THEIRS = "Other officer: the strategy was refreshed and published in September."
MINE = " Mine too."


@pytest.fixture
def a2_2(plan_store):
    _plan, period, snapshot = snapshot_of(plan_store)
    activity = next(a for a in snapshot.activities() if a.ref == "A2.2")
    assert activity.update is not None and activity.update.version == 1
    return period, activity


def other_writer_saves(store, period, activity, text=THEIRS):
    """A second writer, straight through the store, from the version it read."""
    current = store.update_for(activity.id, period.id)
    return store.save_update(
        activity.id,
        period.id,
        text,
        author="other",
        expected_version=current.version if current else 0,
        source="edit",
    )


async def conflict(pilot, screen, period, activity):
    """Open the editor, let the other writer save, type and ctrl+s: the dialog is up."""
    await select_activity(pilot, screen, activity.id)
    await pilot.press("e")
    await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
    theirs = other_writer_saves(screen.app.store, period, activity)
    await pilot.press(*MINE)
    await pilot.press("ctrl+s")
    dialog = await wait_for_screen(pilot, ConflictDialog)
    await settle(pilot)
    return theirs, dialog


async def test_save_after_another_writer_shows_both_texts_and_writes_nothing(plan_store, a2_2):
    period, activity = a2_2
    mine = activity.update.text + MINE
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs, dialog = await conflict(pilot, screen, period, activity)
        assert dialog.query_one("#mine", TextArea).text == mine
        assert dialog.query_one("#theirs", TextArea).text == THEIRS
        assert plan_store.update_for(activity.id, period.id) == theirs
        assert screen.editor.editing
        assert screen.editor.text == mine


async def test_keep_mine_saves_on_top_of_theirs(plan_store, a2_2):
    period, activity = a2_2
    mine = activity.update.text + MINE
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs, _dialog = await conflict(pilot, screen, period, activity)
        await pilot.press("m")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, period.id)
        assert saved.text == mine
        assert saved.author == AUTHOR
        assert saved.version == theirs.version + 1
        history = plan_store.history(activity.id)
        assert [(r.author, r.after_text) for r in history] == [
            ("importer", activity.update.text),
            ("other", THEIRS),
            (AUTHOR, mine),
        ]
        assert plan_store.drafts(period.plan_id, AUTHOR) == []


async def test_take_theirs_keeps_the_store_and_closes_the_editor(plan_store, a2_2):
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs, _dialog = await conflict(pilot, screen, period, activity)
        await pilot.press("t")
        await wait_until(pilot, lambda: not screen.editor.editing, "the editor to close")
        await settle(pilot)
        assert plan_store.update_for(activity.id, period.id) == theirs
        assert [r.author for r in plan_store.history(activity.id)] == ["importer", "other"]
        assert plan_store.drafts(period.plan_id, AUTHOR) == []
        # The screen now shows their text, and a later edit starts from their version.
        assert screen.editor.text_area.text == THEIRS
        assert screen.selected_activity().update == theirs
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.editor.session.base_version == theirs.version


async def delete_marker_line(pilot, screen):
    """What the officer does after combining the texts: remove the marker line."""
    area = screen.editor.text_area
    row = area.text.split("\n").index(MERGE_MARKER)
    area.move_cursor((row, 0))
    area.action_delete_line()
    await settle(pilot)


# Before issue 11 item 6 the merge (marker line included) was saved as it was; now the marker
# must be gone before anything is written.
async def test_merge_by_hand_puts_both_texts_in_the_editor_then_saves_the_merge(plan_store, a2_2):
    period, activity = a2_2
    mine = activity.update.text + MINE
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs, _dialog = await conflict(pilot, screen, period, activity)
        await pilot.press("g")
        await settle(pilot)
        assert screen.editor.editing
        assert app.focused is screen.editor.text_area
        merged = screen.editor.text
        assert THEIRS in merged
        assert mine in merged
        assert MERGE_MARKER in merged
        assert plan_store.update_for(activity.id, period.id) == theirs

        await delete_marker_line(pilot, screen)
        combined = screen.editor.text
        assert MERGE_MARKER not in combined and THEIRS in combined and mine in combined
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, period.id)
        assert saved.text == combined
        assert saved.version == theirs.version + 1
        assert saved.author == AUTHOR
        assert "other" in [r.author for r in plan_store.history(activity.id)]


async def test_merge_then_edit_saves_what_the_officer_wrote(plan_store, a2_2):
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs, _dialog = await conflict(pilot, screen, period, activity)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*" Combined.")
        await delete_marker_line(pilot, screen)
        expected = screen.editor.text
        assert "Combined." in expected
        assert THEIRS in expected
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        assert plan_store.update_for(activity.id, period.id).text == expected


async def test_saving_with_the_merge_marker_is_refused_and_writes_nothing(plan_store, a2_2):
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs, _dialog = await conflict(pilot, screen, period, activity)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*" Combined.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Still editing, nothing written, and the officer is told why.
        assert screen.editor.editing
        assert MERGE_MARKER in screen.editor.text
        assert plan_store.update_for(activity.id, period.id) == theirs
        assert [r.author for r in plan_store.history(activity.id)] == ["importer", "other"]
        assert any("merge marker" in str(n.message) for n in app._notifications)
        assert "merge marker" in static_text(screen.editor.query_one("#editor-state"))
        # The text is not lost: it is kept as a draft until the marker is gone.
        [draft] = plan_store.drafts(period.plan_id, AUTHOR)
        assert MERGE_MARKER in draft.text


async def test_back_from_the_conflict_keeps_editing_and_writes_nothing(plan_store, a2_2):
    period, activity = a2_2
    mine = activity.update.text + MINE
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs, _dialog = await conflict(pilot, screen, period, activity)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.editor.editing
        assert screen.editor.text == mine
        assert plan_store.update_for(activity.id, period.id) == theirs
        # Saving again still refuses to overwrite silently.
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ConflictDialog)
        assert plan_store.update_for(activity.id, period.id) == theirs


async def test_other_writer_creating_the_first_update_is_a_conflict_too(plan_store):
    _plan, period, snapshot = snapshot_of(plan_store)
    activity = activity_by_text(snapshot, "A1", "Refer to C7")
    assert activity.update is None
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        theirs = other_writer_saves(plan_store, period, activity, "Theirs first.")
        assert theirs.version == 1
        await pilot.press(*"Mine second.")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ConflictDialog)
        assert plan_store.update_for(activity.id, period.id) == theirs
        await pilot.press("m")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, period.id)
        assert (saved.text, saved.version, saved.author) == ("Mine second.", 2, AUTHOR)
        assert label_text(node_for_activity(screen, activity.id)).startswith(
            f"{Mark.UPDATED.symbol} "
        )


async def test_edit_started_on_a_stale_screen_is_a_conflict(plan_store, a2_2):
    """The other writer saved after the screen loaded but before the editor opened."""
    period, activity = a2_2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        theirs = other_writer_saves(plan_store, period, activity)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        await pilot.press(*MINE)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ConflictDialog)
        assert plan_store.update_for(activity.id, period.id) == theirs


async def test_take_theirs_shows_the_flags_of_their_text(plan_store):
    """Their text answers the 'no update' flag: the tree and header say so at once."""
    plan, period, snapshot = snapshot_of(plan_store)
    activity = activity_by_text(snapshot, "A1", "Refer to C7")
    assert activity.open_flags
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        other_writer_saves(plan_store, period, activity, "Training is under way for new staff.")
        _plan, _period, fresh = snapshot_of(plan_store)
        fresh_activity = next(a for a in fresh.activities() if a.id == activity.id)
        assert not fresh_activity.open_flags
        fresh_flagged = sum(1 for a in fresh.activities() if a.open_flags)
        await pilot.press(*"Mine.", "ctrl+s")
        await wait_for_screen(pilot, ConflictDialog)
        await pilot.press("t")
        await wait_until(pilot, lambda: not screen.editor.editing, "the editor to close")
        await settle(pilot)
        node = node_for_activity(screen, activity.id)
        assert label_text(node).startswith(f"{mark_of(fresh_activity).symbol} ")
        assert f"{fresh_flagged} flagged" in app.sub_title
        assert not screen.selected_activity().open_flags
