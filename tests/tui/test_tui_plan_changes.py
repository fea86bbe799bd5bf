"""Changing the plan itself from the tree (issue 13): `n` adds an activity, `F2`/`i` edit the
item, `m` moves an activity or a commitment, and `h` lists the activity's plan changes among
its update revisions (`N` and `R`: test_tui_plan_retire.py).

On the real 2020 sample; every change is checked in the store and its history, and every
refusal leaves the form open with what was typed and the store untouched.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList, TextArea

from plandesk.core.plan import CommitmentView, ObjectiveView
from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.dialogs.history import HistoryDialog
from plandesk.tui.dialogs.item_form import ItemForm
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.screens.plan import PlanScreen
from tests.tui.form_helpers import (
    by_ref,
    commitment_of,
    field,
    form_error,
    open_form,
    save_form,
    type_text,
)
from tests.tui.helpers import (
    AUTHOR,
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

NEW_TEXT = "Run a quarterly victims forum with partners"
HOSTILE = "[b]bold[/b] [@click=app.quit]Click[/] \x1b[31mred"


async def test_n_adds_an_activity_with_the_cursor_on_it_and_records_it(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    a3_1 = by_ref(snapshot, "A3.1")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a3_1.id)
        form = await open_form(pilot, "n")
        # The next ref in the commitment's numbering is offered.
        assert field(form, "ref").value == "A3.3"
        assert app.focused is field(form, "text")
        await type_text(pilot, NEW_TEXT)
        await pilot.press("tab", "tab")
        await type_text(pilot, "JS")
        await pilot.press("tab")
        await type_text(pilot, "31 March 2021")
        await save_form(pilot)
        assert isinstance(app.screen, PlanScreen)
        _plan, _period, after = snapshot_of(plan_store)
        added = by_ref(after, "A3.3")
        assert added.text == NEW_TEXT
        assert added.commitment_id == a3_1.commitment_id
        assert (added.lead, added.due) == ("JS", date(2021, 3, 31))
        # In the tree, with the cursor on it.
        assert screen.selected_activity() is not None
        assert screen.selected_activity().id == added.id
        assert NEW_TEXT[:20] in label_text(node_for_activity(screen, added.id))
        assert f"{len(after.activities())} activities" in app.sub_title
        changes = plan_store.plan_changes(plan.id, added.id)
        assert [(c.action, c.author) for c in changes] == [("activity add", AUTHOR)]
        assert changes[0].after["text"] == NEW_TEXT


async def test_n_on_an_objective_asks_which_commitment(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert isinstance(screen.selected(), ObjectiveView)
        await pilot.press("n")
        picker = await wait_for_screen(pilot, PickerDialog)
        options = picker.query_one(OptionList)
        first = snapshot.objectives[0].commitments
        assert options.option_count == len(first)
        options.highlighted = 1
        await pilot.press("enter")
        form = await wait_for_screen(pilot, ItemForm)
        assert first[1].ref in form.form_title
        await type_text(pilot, NEW_TEXT)
        await save_form(pilot)
        _plan, _period, after = snapshot_of(plan_store)
        assert NEW_TEXT in [a.text for a in commitment_of(after, first[1].ref).activities]


async def test_a_ref_taken_is_shown_in_the_form_and_nothing_is_written(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    a3_1 = by_ref(snapshot, "A3.1")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a3_1.id)
        form = await open_form(pilot, "n")
        await type_text(pilot, NEW_TEXT)
        ref = field(form, "ref")
        ref.value = "a3.1"  # the same ref in another letter case
        ref.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form  # still open, with everything typed
        assert "taken" in form_error(form)
        assert field(form, "text").text == NEW_TEXT
        # Nothing was written.
        _plan, _period, after = snapshot_of(plan_store)
        assert len(after.activities()) == len(snapshot.activities())
        assert plan_store.plan_changes(plan.id) == []
        # Fixing the ref saves it.
        ref.value = "A3.9"
        await save_form(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert by_ref(snapshot_of(plan_store)[2], "A3.9").text == NEW_TEXT


async def test_a_bad_due_date_and_an_empty_text_are_refused_in_the_form(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, by_ref(snapshot, "A3.1").id)
        form = await open_form(pilot, "n")
        await save_form(pilot)
        assert app.screen is form
        assert "text" in form_error(form)
        await type_text(pilot, NEW_TEXT)
        field(form, "due").value = "31/13/2021"
        await save_form(pilot)
        assert app.screen is form
        assert "not a date" in form_error(form)
        assert plan_store.plan_changes(plan.id) == []


async def test_hostile_text_is_shown_literally(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    app = make_test_app(plan_store)
    # Wide enough for the whole label: the tree cuts labels to its width.
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, by_ref(snapshot, "A3.1").id)
        form = await open_form(pilot, "n")
        field(form, "text").text = HOSTILE
        field(form, "lead").value = "[/]"
        await save_form(pilot)
        assert app.is_running and isinstance(app.screen, PlanScreen)
        added = screen.selected_activity()
        assert added is not None and added.lead == "[/]"
        label = label_text(node_for_activity(screen, added.id))
        assert "[b]bold[/b] [@click=app.quit]Click[/]" in label
        assert "\x1b" not in label
        # The edit form names it literally too.
        form = await open_form(pilot, "f2")
        assert "[b]bold[/b]" in static_text(form.query_one("#form-title"))
        assert field(form, "lead").value == "[/]"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_escape_cancels_without_writing(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, by_ref(snapshot, "A3.1").id)
        # Nothing typed: escape closes at once.
        await open_form(pilot, "n")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        # Something typed: escape asks; escape again keeps the text, d throws it away.
        form = await open_form(pilot, "n")
        await type_text(pilot, NEW_TEXT)
        await pilot.press("escape")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form and field(form, "text").text == NEW_TEXT
        await pilot.press("escape")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    assert plan_store.plan_changes(plan.id) == []
    assert len(snapshot_of(plan_store)[2].activities()) == len(snapshot.activities())


async def test_f2_and_i_edit_the_activity_itself_and_h_shows_the_change(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    a3_1 = by_ref(snapshot, "A3.1")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a3_1.id)
        # i opens the same form; unchanged, saving writes nothing.
        form = await open_form(pilot, "i")
        assert field(form, "text").text == a3_1.text
        assert field(form, "ref").value == "A3.1"
        await save_form(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert plan_store.plan_changes(plan.id) == []
        form = await open_form(pilot, "f2")
        text = field(form, "text")
        assert isinstance(text, TextArea)
        text.text = "Corrected: " + a3_1.text
        field(form, "lead").value = "PCC office"
        await save_form(pilot)
        assert isinstance(app.screen, PlanScreen)
        edited = by_ref(snapshot_of(plan_store)[2], "A3.1")
        assert edited.text == "Corrected: " + a3_1.text
        assert edited.lead == "PCC office"
        assert screen.selected_activity().id == a3_1.id
        [change] = plan_store.plan_changes(plan.id, a3_1.id)
        assert change.action == "activity edit"
        assert change.before["text"] == a3_1.text
        # h: the change, newest first, above the update's revision.
        await pilot.press("h")
        dialog = await wait_for_screen(pilot, HistoryDialog)
        body = static_text(dialog.query_one("#history-body"))
        assert "activity edit" in body and "PCC office" in body
        assert body.index("activity edit") < body.index("v1")


async def test_m_moves_the_activity_to_another_commitment(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    a3_1 = by_ref(snapshot, "A3.1")
    every = [c for o in snapshot.objectives for c in o.commitments]
    a5 = commitment_of(snapshot, "A5")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a3_1.id)
        await pilot.press("m")
        picker = await wait_for_screen(pilot, PickerDialog)
        options = picker.query_one(OptionList)
        assert options.option_count == len(every)
        assert options.highlighted == every.index(commitment_of(snapshot, "A3"))
        options.highlighted = every.index(a5)
        await pilot.press("enter")
        await settle(pilot)
        moved = next(a for a in snapshot_of(plan_store)[2].activities() if a.id == a3_1.id)
        assert moved.commitment_id == a5.id
        assert screen.selected_activity().id == a3_1.id
        node = node_for_activity(screen, a3_1.id)
        assert node.parent.data.ref == "A5"
        [change] = plan_store.plan_changes(plan.id, a3_1.id)
        assert change.after.get("commitment") == "A5"


async def test_f2_on_an_objective_retitles_it(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        form = await open_form(pilot, "f2")
        assert field(form, "title").text == snapshot.objectives[0].title
        field(form, "title").text = "Putting victims first"
        await save_form(pilot)
        assert isinstance(screen.selected(), ObjectiveView)
        assert screen.selected().title == "Putting victims first"
    assert snapshot_of(plan_store)[2].objectives[0].title == "Putting victims first"


async def test_m_on_a_commitment_moves_it_to_another_objective(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    a3 = commitment_of(snapshot, "A3")
    second = snapshot.objectives[1]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, by_ref(snapshot, "A3.1").id)
        await pilot.press("left")
        await pilot.pause()
        assert screen.selected().ref == "A3"
        await pilot.press("m")
        picker = await wait_for_screen(pilot, PickerDialog)
        options = picker.query_one(OptionList)
        assert options.option_count == len(snapshot.objectives)
        assert options.highlighted == 0  # its objective now
        options.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(screen.selected(), CommitmentView))
        assert screen.selected().id == a3.id
        assert screen.plan_tree.cursor_node.parent.data.id == second.id
    moved = commitment_of(snapshot_of(plan_store)[2], "A3")
    assert moved.objective_id == second.id
    assert [c.action for c in plan_store.plan_changes(plan.id)] == ["commitment move"]
