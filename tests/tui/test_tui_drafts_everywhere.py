"""Drafts (issue 11 item 8): the restored draft is drawn, drafts in other plans are offered and
listed (`d`), and the tree marks the activities with a draft of mine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.dialogs.drafts import DraftsDialog
from plandesk.tui.screens.help_screen import KEY_HELP, MARKS_HELP
from plandesk.tui.widgets.plan_tree import DRAFT_MARK
from tests.factories import open_store, small_plan
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2018,
    PLAN_2020,
    SIZE,
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


def first_activity(store, plan):
    info, period, snapshot = snapshot_of(store, plan)
    activity = next(a for a in snapshot.activities() if a.ref)
    return info, period, activity


def editor_is_drawn(screen) -> bool:
    editor = screen.editor
    return bool(editor.display) and editor.region.height > 0 and editor.text_area.region.height > 0


async def test_open_the_newest_draws_the_editor_and_typing_shows(plan_store):
    _info, period, activity = first_activity(plan_store, PLAN_2020)
    plan_store.save_draft(activity.id, period.id, "draft words", author=AUTHOR, base_version=1)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("o")
        screen = await plan_screen(pilot)
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        await settle(pilot)
        # Before the fix the editor stayed hidden (display off): keys went in blind.
        assert editor_is_drawn(screen)
        await pilot.press(*" more")
        await settle(pilot)
        assert screen.editor.text == "draft words more"
        assert editor_is_drawn(screen)


async def test_a_draft_in_another_plan_is_offered_and_opens_there(plan_store):
    info_2018, period_2018, activity = first_activity(plan_store, PLAN_2018)
    plan_store.save_draft(
        activity.id, period_2018.id, "2018 wording", author=AUTHOR, base_version=0
    )
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert PLAN_2018 in dialog.question and activity.ref in dialog.question
        await pilot.press("o")
        screen = await plan_screen(pilot)
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.view.plan.id == info_2018.id
        assert PLAN_2018 in app.title
        assert screen.editor.session.activity.id == activity.id
        assert screen.editor.text == "2018 wording"
        assert editor_is_drawn(screen)


async def test_d_lists_my_drafts_in_every_plan_and_opens_the_one_picked(plan_store):
    info_2018, period_2018, old = first_activity(plan_store, PLAN_2018)
    _info, period_2020, new = first_activity(plan_store, PLAN_2020)
    plan_store.save_draft(old.id, period_2018.id, "old plan draft", author=AUTHOR)
    plan_store.save_draft(new.id, period_2020.id, "new plan draft", author=AUTHOR)
    plan_store.save_draft(new.id, period_2020.id, "a colleague's", author="colleague")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("l")
        screen = await plan_screen(pilot)
        await pilot.press("d")
        dialog = await wait_for_screen(pilot, DraftsDialog)
        assert sorted(e.draft.text for e in dialog.entries) == ["new plan draft", "old plan draft"]
        index = next(i for i, e in enumerate(dialog.entries) if e.plan_id == info_2018.id)
        await pilot.press(*(["down"] * index), "enter")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.view.plan.id == info_2018.id
        assert screen.editor.text == "old plan draft"
        assert editor_is_drawn(screen)


async def test_d_with_no_drafts_says_so(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen
        assert any("no unsaved drafts" in str(n.message) for n in app._notifications)


async def test_the_tree_marks_activities_with_my_draft(plan_store):
    _info, period, activity = first_activity(plan_store, PLAN_2020)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        assert DRAFT_MARK not in label_text(node_for_activity(screen, activity.id))
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        await pilot.press(*" typed")
        await settle(pilot)
        assert plan_store.drafts(period.plan_id, AUTHOR)
        assert DRAFT_MARK in label_text(node_for_activity(screen, activity.id))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        assert DRAFT_MARK not in label_text(node_for_activity(screen, activity.id))


async def test_a_kept_draft_is_marked_at_start(plan_store):
    _info, period, activity = first_activity(plan_store, PLAN_2020)
    plan_store.save_draft(activity.id, period.id, "kept", author=AUTHOR, base_version=1)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("l")
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        assert label_text(node_for_activity(screen, activity.id)).startswith(
            ("●" + DRAFT_MARK, "○" + DRAFT_MARK, "⚑" + DRAFT_MARK, "✔" + DRAFT_MARK)
        )


@pytest.mark.parametrize("where", ["help", "legend"])
def test_the_drafts_key_and_mark_are_documented(where):
    if where == "help":
        assert ("d", "your unsaved drafts in every plan: pick one to open it") in KEY_HELP
    else:
        assert DRAFT_MARK in MARKS_HELP


async def test_hostile_plan_names_show_as_plain_text_in_the_offer_and_the_list(tmp_path):
    store = open_store(tmp_path / "hostile.db")
    try:
        name = "Finance [/] copy [@click=app.quit]Click me[/]"
        store.import_documents([replace(small_plan(), plan_name=name)], author="importer")
        plan = store.resolve_plan()
        period = store.resolve_period(plan.id)
        activity = store.resolve_activity(plan.id, "A1.1")
        store.save_draft(activity.id, period.id, "[b]not bold[/b]", author=AUTHOR)
        app = make_test_app(store)
        async with app.run_test(size=SIZE) as pilot:
            dialog = await wait_for_screen(pilot, ChoiceDialog)
            assert name in dialog.question
            assert name in static_text(dialog.query_one("#question"))
            await pilot.press("l")
            screen = await plan_screen(pilot)
            await pilot.press("d")
            drafts = await wait_for_screen(pilot, DraftsDialog)
            await settle(pilot)
            [entry] = drafts.entries
            assert entry.plan_title.startswith(name)
            await pilot.press("escape")
            await settle(pilot)
            assert app.is_running and app.screen is screen
    finally:
        store.close()
