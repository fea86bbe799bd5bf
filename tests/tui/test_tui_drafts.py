"""Unsaved text is kept as a draft in the store and offered back by the next session."""

from __future__ import annotations

import threading

import pytest

from plandesk.tui.dialogs.choice import ChoiceDialog
from tests.factories import open_store
from tests.tui.helpers import (
    AUTHOR,
    Q2,
    Q3,
    SIZE,
    activity_by_text,
    add_q3,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    wait_for_screen,
    wait_until,
)


@pytest.fixture
def db_path(sample_db_copy):
    return sample_db_copy


@pytest.fixture
def plan_store(db_path):
    store = open_store(db_path)
    yield store
    store.close()


def a2_2(store, period_label=None):
    _plan, period, snapshot = snapshot_of(store, period=period_label)
    activity = next(a for a in snapshot.activities() if a.ref == "A2.2")
    return period, activity


async def type_into(pilot, screen, activity_id, text):
    await select_activity(pilot, screen, activity_id)
    await pilot.press("e")
    await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
    await pilot.press(*text)
    await settle(pilot)


async def leave_keeping_drafts(pilot):
    """Quit the way an officer keeps a draft: ctrl+q, then "Quit, keep as draft"."""
    await pilot.press("ctrl+q")
    await wait_for_screen(pilot, ChoiceDialog)
    await pilot.press("d")
    await wait_until(pilot, lambda: not pilot.app.is_running, "the app to exit")


async def test_typing_keeps_a_draft_in_the_store(plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await type_into(pilot, screen, activity.id, " draft one")
        drafts = plan_store.drafts(period.plan_id, AUTHOR)
        assert [(d.activity_id, d.period_id, d.text, d.base_version) for d in drafts] == [
            (activity.id, period.id, activity.update.text + " draft one", 1)
        ]
        await pilot.press(*" and two")
        await settle(pilot)
        drafts = plan_store.drafts(period.plan_id, AUTHOR)
        assert [d.text for d in drafts] == [activity.update.text + " draft one and two"]
        # Nothing is saved until ctrl+s.
        assert plan_store.update_for(activity.id, period.id) == activity.update


async def test_next_session_offers_the_draft_and_o_opens_it(db_path, plan_store):
    period, activity = a2_2(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await type_into(pilot, screen, activity.id, " kept for later")
        await leave_keeping_drafts(pilot)

    second_store = open_store(db_path)
    try:
        app = make_test_app(second_store)
        async with app.run_test(size=SIZE) as pilot:
            dialog = await wait_for_screen(pilot, ChoiceDialog)
            assert "unsaved draft" in dialog.question
            assert "A2.2" in dialog.question
            await pilot.press("o")
            screen = await plan_screen(pilot)
            await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
            assert screen.editor.session.activity.id == activity.id
            assert screen.editor.text == activity.update.text + " kept for later"
            assert screen.editor.dirty
            assert app.focused is screen.editor.text_area
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
            await settle(pilot)
            saved = second_store.update_for(activity.id, period.id)
            assert saved.text == activity.update.text + " kept for later"
            assert saved.version == 2
            assert second_store.drafts(period.plan_id, AUTHOR) == []
    finally:
        second_store.close()


async def test_discard_all_forgets_every_draft(db_path, plan_store):
    period, activity = a2_2(plan_store)
    _plan, _period, snapshot = snapshot_of(plan_store)
    other = activity_by_text(snapshot, "A1", "Refer to C7")
    for target, text in ((activity, "first draft"), (other, "second draft")):
        plan_store.save_draft(target.id, period.id, text, author=AUTHOR, base_version=0)
    assert len(plan_store.drafts(period.plan_id, AUTHOR)) == 2

    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "2 unsaved draft" in dialog.question
        await pilot.press("d")
        screen = await plan_screen(pilot)
        await settle(pilot)
        assert not screen.editor.editing
        assert plan_store.drafts(period.plan_id, AUTHOR) == []
        # Editing again starts from the saved text, not the draft.
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.editor.text == activity.update.text
        assert not screen.editor.dirty


async def test_later_keeps_the_draft_and_e_restores_it(plan_store):
    period, activity = a2_2(plan_store)
    plan_store.save_draft(activity.id, period.id, "restored text", author=AUTHOR, base_version=1)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("l")
        screen = await plan_screen(pilot)
        assert not screen.editor.editing
        assert [d.text for d in plan_store.drafts(period.plan_id, AUTHOR)] == ["restored text"]
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.editor.text == "restored text"
        assert screen.editor.dirty


async def test_drafts_of_other_officers_are_not_offered(plan_store):
    period, activity = a2_2(plan_store)
    plan_store.save_draft(activity.id, period.id, "not mine", author="colleague")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await settle(pilot)
        assert app.screen is screen
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.editor.text == activity.update.text


async def test_a_draft_in_an_earlier_period_opens_in_that_period(plan_store):
    add_q3(plan_store)
    q2, activity = a2_2(plan_store, Q2)
    plan_store.save_draft(
        activity.id, q2.id, "late Q2 wording", author=AUTHOR, base_version=activity.update.version
    )
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("o")
        screen = await plan_screen(pilot)
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert Q2 in app.title
        assert Q3 not in app.title
        assert screen.editor.session.period_id == q2.id
        assert screen.editor.session.activity.id == activity.id
        assert screen.editor.text == "late Q2 wording"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        assert plan_store.update_for(activity.id, q2.id).text == "late Q2 wording"


async def test_a_slow_draft_write_does_not_outlive_the_save(plan_store, monkeypatch):
    period, activity = a2_2(plan_store)
    saved = threading.Event()
    real_save_draft = plan_store.save_draft
    real_save_update = plan_store.save_update

    def slow_save_draft(*args, **kwargs):
        # The draft write is slow (a busy database): it lands after the save if there is one.
        saved.wait(timeout=2)
        return real_save_draft(*args, **kwargs)

    def save_update(*args, **kwargs):
        try:
            return real_save_update(*args, **kwargs)
        finally:
            saved.set()

    monkeypatch.setattr(plan_store, "save_draft", slow_save_draft)
    monkeypatch.setattr(plan_store, "save_update", save_update)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        await pilot.press("!", "ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
    assert plan_store.update_for(activity.id, period.id).text == activity.update.text + "!"
    assert plan_store.drafts(period.plan_id, AUTHOR) == []
