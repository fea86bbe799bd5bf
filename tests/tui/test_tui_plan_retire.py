"""`R` in the app (issue 13): retire an activity or a commitment with a reason (the form is
the confirmation), reopen a done activity, and on a commitment or an objective reopen what was
retired in it. On the real 2020 sample; each change checked in the store and its history.
"""

from __future__ import annotations

from textual.widgets import OptionList

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView
from plandesk.tui.dialogs.choice import ChoiceDialog
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
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    wait_for_screen,
    wait_until,
)


async def test_r_retires_with_a_reason_and_the_history_is_kept(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    a3_1, a3_2 = by_ref(snapshot, "A3.1"), by_ref(snapshot, "A3.2")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a3_1.id)
        form = await open_form(pilot, "R")
        assert "Retire A3.1" in form.form_title
        # A reason is required: nothing is written without one.
        await save_form(pilot)
        assert app.screen is form and "reason" in form_error(form)
        assert plan_store.plan_changes(plan.id) == []
        await type_text(pilot, "Merged into A3.2")
        await save_form(pilot)
        assert isinstance(app.screen, PlanScreen)
        # Gone from the tree at once; the cursor on its neighbour.
        assert all(
            n.data.id != a3_1.id
            for n in screen.plan_tree.iter_nodes()
            if isinstance(n.data, ActivityView)
        )
        assert screen.selected_activity().id == a3_2.id
        assert a3_1.id not in {a.id for a in snapshot_of(plan_store)[2].activities()}
    kept = plan_store.snapshot(plan.id, period.id, include_retired=True)
    retired = next(a for a in kept.activities() if a.id == a3_1.id)
    assert retired.retired_reason == "Merged into A3.2"
    assert plan_store.history(a3_1.id)  # its updates' revisions are kept
    assert [c.action for c in plan_store.plan_changes(plan.id, a3_1.id)] == ["activity retire"]


async def test_r_on_a_done_activity_offers_to_reopen_it(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    a3_2 = by_ref(snapshot, "A3.2")
    plan_store.save_update(
        a3_2.id,
        period.id,
        "All done.",
        author="colleague",
        status="Complete",
        expected_version=a3_2.update.version if a3_2.update else 0,
    )
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        shown = screen.view.activity(a3_2.id)
        if not shown.done:
            # Snapshots on main do not work out `done_in` yet (the chase/marks part does):
            # the view is told what the store's own rule says, so R's choice can be tried.
            shown.done_in = period.label
        await select_activity(pilot, screen, a3_2.id)
        await pilot.press("R")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "is done" in dialog.question
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert not screen.view.activity(a3_2.id).done
        assert screen.selected_activity().id == a3_2.id
    assert [c.action for c in plan_store.plan_changes(plan.id, a3_2.id)] == ["activity reopen"]


async def test_capital_n_adds_a_commitment_and_r_retires_it(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    first = snapshot.objectives[0]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        form = await open_form(pilot, "N")
        assert field(form, "ref").value == "A9"
        field(form, "title").text = "Support victims of fraud"
        await save_form(pilot)
        await wait_until(pilot, lambda: isinstance(screen.selected(), CommitmentView))
        assert screen.selected().ref == "A9"
        added = commitment_of(snapshot_of(plan_store)[2], "A9")
        assert (added.title, added.objective_id) == ("Support victims of fraud", first.id)
        # R on a commitment retires it, with a reason.
        form = await open_form(pilot, "R")
        assert "commitment A9" in form.form_title
        field(form, "reason").value = "Folded into A5"
        await save_form(pilot)
        assert isinstance(app.screen, PlanScreen)
        refs = [c.ref for o in snapshot_of(plan_store)[2].objectives for c in o.commitments]
        assert "A9" not in refs
        assert not any(
            isinstance(n.data, CommitmentView) and n.data.ref == "A9"
            for n in screen.plan_tree.iter_nodes()
        )
    actions = [c.action for c in plan_store.plan_changes(plan.id)]
    assert actions == ["commitment add", "commitment retire"]


async def test_r_on_a_commitment_offers_to_reopen_its_retired_activities(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    a3_1 = by_ref(snapshot, "A3.1")
    plan_store.retire_activity(plan.id, a3_1.id, "Merged", author="colleague")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, by_ref(snapshot, "A3.2").id)
        await pilot.press("left")  # up to the commitment A3
        await pilot.pause()
        assert screen.selected().ref == "A3"
        await pilot.press("R")
        picker = await wait_for_screen(pilot, PickerDialog)
        options = picker.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert lines[0].startswith("Retire commitment A3")
        assert lines[1].startswith("Reopen A3.1") and "Merged" in lines[1]
        options.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected_activity().id == a3_1.id
    assert a3_1.id in {a.id for a in snapshot_of(plan_store)[2].activities()}
    actions = [c.action for c in plan_store.plan_changes(plan.id, a3_1.id)]
    assert actions == ["activity retire", "activity reopen"]


async def test_r_on_an_objective_offers_to_reopen_a_retired_commitment(plan_store):
    plan, _period, snapshot = snapshot_of(plan_store)
    plan_store.retire_commitment(plan.id, "A8", "Done with", author="colleague")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert isinstance(screen.selected(), ObjectiveView)
        await pilot.press("R")
        picker = await wait_for_screen(pilot, PickerDialog)
        options = picker.query_one(OptionList)
        assert options.option_count == 1
        assert "commitment A8" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(screen.selected(), CommitmentView))
        assert screen.selected().ref == "A8"
    refs = [c.ref for o in snapshot_of(plan_store)[2].objectives for c in o.commitments]
    assert "A8" in refs
