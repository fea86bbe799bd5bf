"""Editing an update: e / enter, ctrl+s through the store, escape, and $EDITOR (E)."""

from __future__ import annotations

import sys
import textwrap

import pytest
from textual.command import CommandPalette

from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.marks import Mark, mark_of
from plandesk.tui.screens.plan import PlanScreen
from tests.tui.helpers import (
    AUTHOR,
    SIZE,
    activity_by_text,
    label_text,
    make_test_app,
    node_for_activity,
    node_for_commitment,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    static_text,
    wait_for_screen,
    wait_until,
)


def refer_to_c7(store):
    """The 2020 extract's A1 activity, which has no update in Q2."""
    _plan, period, snapshot = snapshot_of(store)
    activity = activity_by_text(snapshot, "A1", "Refer to C7")
    assert activity.update is None
    return period, activity


def a2_2(store):
    """A2.2, which has an imported update (v1 by the importer)."""
    _plan, period, snapshot = snapshot_of(store)
    activity = next(a for a in snapshot.activities() if a.ref == "A2.2")
    assert activity.update is not None and activity.update.version == 1
    return period, activity


async def start_editing(pilot, screen: PlanScreen, activity_id: int) -> None:
    await select_activity(pilot, screen, activity_id)
    await pilot.press("e")
    await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")


async def test_e_opens_the_editor_on_the_selected_activity(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        text_area = screen.editor.text_area
        # Shown read-only before editing starts.
        assert text_area.read_only
        assert text_area.text == activity.update.text
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert not text_area.read_only
        assert app.focused is text_area
        assert not screen.editor.status_select.disabled
        assert screen.editor.session.activity.id == activity.id
        assert screen.editor.session.period_id == period.id
        assert screen.editor.session.base_version == 1
        assert text_area.text == activity.update.text
        # Typing goes to the end of the text.
        await pilot.press("!")
        assert text_area.text == activity.update.text + "!"


async def test_e_on_an_objective_does_not_start_editing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert not screen.editor.editing
        assert screen.editor.text_area.read_only


async def test_ctrl_s_saves_a_new_update_through_the_store(plan_store):
    period, activity = refer_to_c7(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        flagged_before = sum(1 for a in screen.view.snapshot.activities() if a.open_flags)
        await start_editing(pilot, screen, activity.id)
        node = node_for_activity(screen, activity.id)
        assert label_text(node).startswith(f"{Mark.NO_UPDATE.symbol} ")
        # "A1 <count of flagged activities> Making sure…"
        assert label_text(node_for_commitment(screen, "A1")).split()[1] != "Making"

        await pilot.press(*"Training under way.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)

        saved = plan_store.update_for(activity.id, period.id)
        assert saved is not None
        assert saved.text == "Training under way."
        assert saved.author == AUTHOR
        assert saved.version == 1
        history = plan_store.history(activity.id)
        assert [(r.version, r.author, r.source) for r in history] == [(1, AUTHOR, "tui")]
        # The tree, the header and the editor follow.
        # The mark is the one the store's own view now gives: no longer "no update".
        _plan, _period, fresh = snapshot_of(plan_store)
        fresh_mark = mark_of(next(a for a in fresh.activities() if a.id == activity.id))
        assert fresh_mark is not Mark.NO_UPDATE
        assert label_text(node).startswith(f"{fresh_mark.symbol} ")
        assert label_text(node_for_commitment(screen, "A1")).split()[:2] == ["A1", "Making"]
        assert f"{flagged_before - 1} flagged" in app.sub_title
        assert screen.editor.text_area.read_only
        assert app.focused is screen.plan_tree
        assert screen.editor.text_area.text == "Training under way."
        # The draft kept while typing is gone once saved.
        assert plan_store.drafts(period.plan_id, AUTHOR) == []


async def test_ctrl_s_saves_a_new_version_of_an_existing_update(plan_store):
    period, activity = a2_2(plan_store)
    before = activity.update
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press(*" Signed off.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, period.id)
        assert saved.text == before.text + " Signed off."
        assert saved.author == AUTHOR
        assert saved.version == before.version + 1
        history = plan_store.history(activity.id)
        assert [r.author for r in history] == ["importer", AUTHOR]
        last = history[-1]
        assert (last.version, last.source) == (2, "tui")
        assert last.before_text == before.text
        assert last.after_text == saved.text
        # The state line under the editor now names who saved it.
        state = static_text(screen.editor.query_one("#editor-state"))
        assert f"v2 saved by {AUTHOR}" in state


async def test_ctrl_s_without_changes_writes_nothing_and_leaves_the_editor(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the editor to close")
        await settle(pilot)
        assert plan_store.update_for(activity.id, period.id) == activity.update
        assert len(plan_store.history(activity.id)) == 1


async def test_escape_without_changes_just_leaves_the_editor(plan_store):
    _period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.editor.editing
        assert app.screen is screen
        assert not any(isinstance(s, ChoiceDialog) for s in app.screen_stack)
        assert screen.editor.text_area.read_only
        assert app.focused is screen.plan_tree


async def test_escape_with_unsaved_text_then_discard(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press(*" scrap this")
        await settle(pilot)
        assert [d.text for d in plan_store.drafts(period.plan_id, AUTHOR)] == [
            activity.update.text + " scrap this"
        ]
        await pilot.press("escape")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "unsaved" in dialog.question
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen
        assert not screen.editor.editing
        assert screen.editor.text_area.text == activity.update.text
        assert plan_store.update_for(activity.id, period.id) == activity.update
        assert plan_store.drafts(period.plan_id, AUTHOR) == []


async def test_escape_with_unsaved_text_then_keep_editing(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press(*" more")
        await pilot.press("escape")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("k")
        await settle(pilot)
        assert app.screen is screen
        assert screen.editor.editing
        assert app.focused is screen.editor.text_area
        await pilot.press(*" and more")
        assert screen.editor.text == activity.update.text + " more and more"
        assert plan_store.update_for(activity.id, period.id) == activity.update


async def test_escape_in_the_question_goes_back_to_editing(plan_store):
    _period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press("x")
        await pilot.press("escape")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.editor.editing
        assert screen.editor.text == activity.update.text + "x"


async def test_escape_with_unsaved_text_then_save(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press(*" Done.")
        await pilot.press("escape")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, period.id)
        assert saved.text == activity.update.text + " Done."
        assert saved.version == 2
        assert saved.author == AUTHOR
        assert plan_store.drafts(period.plan_id, AUTHOR) == []


async def test_tree_keys_do_not_act_while_editing(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        title = app.title
        # Letters that are keys elsewhere are text here.
        await pilot.press(*" sphxq[]/?")
        await settle(pilot)
        assert app.screen is screen
        assert app.title == title
        assert not screen.view.flagged_only
        assert screen.editor.text == activity.update.text + " sphxq[]/?"
        assert screen.selected_activity().id == activity.id


# ------------------------------------------------------------------ $EDITOR


@pytest.fixture
def external_editor(tmp_path, monkeypatch):
    """EDITOR set to a script that appends " (edited externally)" to the file."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys
            with open(sys.argv[1], "a", encoding="utf-8") as handle:
                handle.write(" (edited externally)")
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return script


async def test_E_runs_the_external_editor_and_ctrl_s_saves_its_text(plan_store, external_editor):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("E")
        await wait_until(
            pilot, lambda: screen.editor.text.endswith("(edited externally)"), "the editor"
        )
        assert screen.editor.editing
        assert screen.editor.text == activity.update.text + " (edited externally)"
        assert app.focused is screen.editor.text_area
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, period.id)
        assert saved.text == activity.update.text + " (edited externally)"
        assert saved.author == AUTHOR
        assert saved.version == 2


async def test_E_typed_inside_the_editor_is_text(plan_store, external_editor):
    _period, activity = refer_to_c7(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press(*"EU")
        await settle(pilot)
        assert screen.editor.text == "EU"


async def test_palette_runs_the_external_editor_on_the_text_typed_so_far(
    plan_store, external_editor
):
    _period, activity = refer_to_c7(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press(*"Typed first.")
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"Edit in $EDITOR")
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: screen.editor.text.endswith("(edited externally)"), "the editor"
        )
        assert screen.editor.text == "Typed first. (edited externally)"
        assert screen.editor.editing


async def test_E_with_a_failing_editor_leaves_the_text_alone(plan_store, tmp_path, monkeypatch):
    period, activity = a2_2(plan_store)
    script = tmp_path / "failing_editor.py"
    script.write_text(
        "import sys\nopen(sys.argv[1], 'a').write('garbage')\nsys.exit(3)\n", encoding="utf-8"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("E")
        await settle(pilot)
        assert screen.editor.editing
        assert screen.editor.text == activity.update.text
        assert not screen.editor.dirty
        assert plan_store.update_for(activity.id, period.id) == activity.update


async def test_the_status_chosen_is_saved_and_kept_in_the_draft(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await start_editing(pilot, screen, activity.id)
        await pilot.press("shift+tab")
        assert app.focused is screen.editor.status_select
        # Not set, Not started, In progress, On track, At risk: four down.
        await pilot.press("enter", "down", "down", "down", "down", "enter")
        await settle(pilot)
        assert screen.editor.status == "At risk"
        assert screen.editor.dirty
        assert [d.status for d in plan_store.drafts(period.plan_id, AUTHOR)] == ["At risk"]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, period.id)
        assert (saved.status, saved.text, saved.version) == ("At risk", activity.update.text, 2)
