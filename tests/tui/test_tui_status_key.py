"""ctrl+t sets the status with one key: from the tree it is saved at once with the text kept
(with the version check), from the editor it goes into the status list; the rules' status
reads as suggested in the picker, the details and the tree."""

from __future__ import annotations

from textual.widgets import OptionList, Select, TextArea

from plandesk.core.statuses import SETTABLE
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.keys import help_rows
from plandesk.tui.screens.plan.setting_status import CHOICES
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2020,
    SIZE,
    label_text,
    make_test_app,
    node_for_activity,
    plan_screen,
    select_activity,
    settle,
    static_text,
    wait_for_screen,
    wait_until,
)


def where(store, ref: str):
    plan = store.resolve_plan(PLAN_2020)
    period = store.resolve_period(plan.id)
    return store.resolve_activity(plan.id, ref).id, period.id


def option_labels(dialog: PickerDialog) -> list[str]:
    options = dialog.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def pick(pilot, status: str) -> None:
    dialog = await wait_for_screen(pilot, PickerDialog)
    dialog.query_one(OptionList).highlighted = CHOICES.index(status)
    await pilot.press("enter")


async def test_ctrl_t_in_the_tree_saves_the_status_and_keeps_the_text(plan_store):
    # A3.1 is flagged; the rules suggest "At risk" and no officer has set a status.
    activity_id, period_id = where(plan_store, "A3.1")
    before = plan_store.update_for(activity_id, period_id)
    assert before.status == ""
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        assert "status: At risk (suggested)" in static_text(screen.detail.query_one("#detail-body"))
        assert "A3.1 At risk? " in label_text(node_for_activity(screen, activity_id))
        await pilot.press("ctrl+t")
        dialog = await wait_for_screen(pilot, PickerDialog)
        labels = option_labels(dialog)
        assert labels[0] == "Not set  (current)"
        assert labels[CHOICES.index("At risk")] == "At risk  (suggested)"
        assert [label.split("  ")[0] for label in labels[1:]] == list(SETTABLE)
        # The cursor starts on the suggestion when no status was set.
        assert dialog.query_one(OptionList).highlighted == CHOICES.index("At risk")
        await pick(pilot, "Stalled")
        await wait_until(
            pilot,
            lambda: plan_store.update_for(activity_id, period_id).status == "Stalled",
            "the status to be saved",
        )
        await settle(pilot)
        after = plan_store.update_for(activity_id, period_id)
        assert (after.text, after.version, after.author) == (
            before.text,
            before.version + 1,
            AUTHOR,
        )
        detail = static_text(screen.detail.query_one("#detail-body"))
        assert "status: Stalled" in detail and "Stalled (suggested)" not in detail
        label = label_text(node_for_activity(screen, activity_id))
        assert "A3.1 Stalled " in label and "?" not in label
        assert not screen.editor.editing


async def test_ctrl_t_on_an_activity_without_an_update_sets_the_status_alone(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    q3 = plan_store.open_period(plan.id, author="ann")
    activity_id = plan_store.resolve_activity(plan.id, "A2.2").id
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert screen.view.period.id == q3.id
        await select_activity(pilot, screen, activity_id)
        await pilot.press("ctrl+t")
        await pick(pilot, "On track")
        await wait_until(
            pilot, lambda: plan_store.update_for(activity_id, q3.id) is not None, "the save"
        )
        await settle(pilot)
    update = plan_store.update_for(activity_id, q3.id)
    assert (update.text, update.status, update.version) == ("", "On track", 1)


async def test_escape_in_the_picker_changes_nothing(plan_store):
    activity_id, period_id = where(plan_store, "A3.1")
    before = plan_store.update_for(activity_id, period_id)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        await pilot.press("ctrl+t")
        await wait_for_screen(pilot, PickerDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert plan_store.update_for(activity_id, period_id) == before


async def test_a_save_by_someone_else_meanwhile_is_not_overwritten(plan_store):
    activity_id, period_id = where(plan_store, "A3.1")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        current = plan_store.update_for(activity_id, period_id)
        plan_store.save_update(
            activity_id,
            period_id,
            "Colleague's newer text.",
            author="colleague",
            expected_version=current.version,
        )
        await pilot.press("ctrl+t")
        await pick(pilot, "Complete")
        await wait_until(
            pilot,
            lambda: screen.view.activity(activity_id).update.text == "Colleague's newer text.",
            "the activity to be read again",
        )
        await settle(pilot)
    saved = plan_store.update_for(activity_id, period_id)
    assert (saved.text, saved.status, saved.author) == ("Colleague's newer text.", "", "colleague")


async def test_ctrl_t_in_the_editor_sets_the_status_list_and_ctrl_s_saves_both(plan_store):
    activity_id, period_id = where(plan_store, "A3.1")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor")
        await pilot.press(*" More done.")
        await pilot.press("ctrl+t")
        dialog = await wait_for_screen(pilot, PickerDialog)
        assert "At risk  (suggested)" in option_labels(dialog)
        await pick(pilot, "Complete")
        await wait_until(pilot, lambda: screen.editor.status == "Complete", "the status list")
        assert screen.editor.editing and screen.editor.dirty
        assert screen.editor.text_area.has_focus
        # Nothing is saved until ctrl+s.
        assert plan_store.update_for(activity_id, period_id).status == ""
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save")
    saved = plan_store.update_for(activity_id, period_id)
    assert saved.status == "Complete" and saved.text.endswith("More done.")


async def test_the_status_list_is_reached_with_tab_and_listed_in_the_help(plan_store):
    activity_id, _ = where(plan_store, "A3.1")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity_id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor")
        assert isinstance(app.focused, TextArea)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, Select)
        await pilot.press("tab")
        assert isinstance(app.focused, TextArea)
        assert screen.check_action("set_status", ())
    rows = dict(help_rows())
    assert "status" in rows["ctrl+t"]
    assert "status list" in rows["tab  shift+tab"]
