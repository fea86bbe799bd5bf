"""The plan screen's keys that change the plan itself: add an activity (`n`) or a commitment
(`N`), edit the selected item (`F2`/`i`), move it (`m`); `R` is in `retiring.py`.

A part of `PlanScreen`. The forms save through the store in their own thread worker and stay
open on a refusal; moves and reopenings run in this part's worker. After any of these changes
the plan is read again and the cursor put on the item changed (or, after a retire, beside
where it was).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView
from plandesk.core.plan_edits import PlanEdit
from plandesk.core.text import shorten
from plandesk.store.errors import PlandeskError
from plandesk.tui.screens.plan.item_forms import (
    KIND_FROM_REF,
    activity_fields,
    activity_words,
    changed_values,
    commitment_fields,
    item_name,
    objective_fields,
    suggest_activity_ref,
    suggest_commitment_ref,
)
from plandesk.tui.screens.plan.messages import Failed, PlanChanged, Reloaded

if TYPE_CHECKING:
    from plandesk.tui.dialogs.item_form import Values

__all__ = ["PlanChangesPart"]

Target = tuple[str, int]  # ("activity" | "commitment" | "objective", id)
PICKER_WIDTH = 50  # a picker line's words, so that each line fits the picker unwrapped


def _commitment_line(commitment: CommitmentView) -> str:
    return f"{commitment.ref:<5} {shorten(commitment.title, PICKER_WIDTH)}"


def _short_name(activity: ActivityView) -> str:
    return activity.ref or f"“{shorten(activity_words(activity), 24)}”"


class PlanChangesPart(Screen[None]):
    """Adding, editing and moving the plan's items; showing the plan again after a change."""

    # What to put the cursor on once the plan has been read again after a change.
    select_after_load: Target | None = None

    # --------------------------------------------------------------- where the cursor is

    def _cursor_items(
        self,
    ) -> tuple[ObjectiveView | None, CommitmentView | None, ActivityView | None]:
        """The objective, commitment and activity the cursor is on or under."""
        objective = commitment = activity = None
        node = self.plan_tree.cursor_node
        while node is not None:
            data = node.data
            if isinstance(data, ActivityView):
                activity = data
            elif isinstance(data, CommitmentView):
                commitment = data
            elif isinstance(data, ObjectiveView):
                objective = data
            node = node.parent
        return objective, commitment, activity

    def _can_change(self) -> bool:
        return self.view.loaded is not None and not self.not_while_editing()

    # --------------------------------------------------------------- n and N

    def action_new_activity(self) -> None:
        """A new activity at the end of the selected commitment (or the activity's)."""
        from plandesk.tui.dialogs.picker import PickerDialog

        if not self._can_change():
            return
        objective, commitment, _activity = self._cursor_items()
        if commitment is not None:
            self._activity_form(commitment)
            return
        if objective is None:
            self.notify("Select a commitment first: the new activity goes under it.")
            return
        if not objective.commitments:
            self.notify("This objective has no commitment yet: add one with N first.")
            return
        if len(objective.commitments) == 1:
            self._activity_form(objective.commitments[0])
            return
        by_id = {c.id: c for c in objective.commitments}
        items = [(c.id, _commitment_line(c)) for c in objective.commitments]

        def chosen(commitment_id: int | None) -> None:
            if commitment_id is not None:
                self._activity_form(by_id[commitment_id])

        self.app.push_screen(
            PickerDialog("New activity under which commitment?", items, None), chosen
        )

    def _activity_form(self, commitment: CommitmentView) -> None:
        from plandesk.tui.dialogs.item_form import ItemForm

        plan_id, store, author = self._plan_id(), self.app.store, self.app.author
        fields = activity_fields(None, suggest_activity_ref(commitment))

        def save(values: Values) -> PlanEdit:
            return store.add_activity(
                plan_id,
                commitment.ref,
                values["text"],
                author=author,
                ref=values["ref"].strip() or None,
                lead=values["lead"],
                due=values["due"],
                oversight=values["oversight"],
            )

        form = ItemForm(
            f"New activity in {item_name(commitment)}",
            fields,
            save,
            required={"text": "Write the activity's text."},
            save_label="Add",
        )
        self.app.push_screen(form, lambda edit: self._changed(edit, "added"))

    def action_new_commitment(self) -> None:
        """A new commitment at the end of the selected objective (or the item's objective)."""
        from plandesk.tui.dialogs.item_form import ItemForm

        if not self._can_change():
            return
        objective, _commitment, _activity = self._cursor_items()
        if objective is None:
            self.notify("Select an objective first: the new commitment goes under it.")
            return
        plan_id, store, author = self._plan_id(), self.app.store, self.app.author
        fields = commitment_fields(None, suggest_commitment_ref(objective))
        where = str(objective.position)

        def save(values: Values) -> PlanEdit:
            kind = values["kind"]
            return store.add_commitment(
                plan_id,
                where,
                values["ref"],
                values["title"],
                author=author,
                kind=None if kind == KIND_FROM_REF else kind,
            )

        form = ItemForm(
            f"New commitment in {item_name(objective)}",
            fields,
            save,
            required={"ref": "Give the commitment a ref.", "title": "Write its title."},
            save_label="Add",
        )
        self.app.push_screen(form, lambda edit: self._changed(edit, "added"))

    # --------------------------------------------------------------- F2 / i

    def action_edit_item(self) -> None:
        """Edit the selected activity, commitment or objective itself (not its update)."""
        from plandesk.tui.dialogs.item_form import ItemForm

        if not self._can_change():
            return
        objective, commitment, activity = self._cursor_items()
        plan_id, store, author = self._plan_id(), self.app.store, self.app.author
        if activity is not None:
            fields = activity_fields(activity)

            def save(values: Values) -> PlanEdit:
                new = changed_values(fields, values)
                return store.edit_activity(plan_id, activity.id, author=author, **new)

            title, required = f"Edit {item_name(activity)}", {"text": "Write the activity's text."}
        elif commitment is not None:
            fields = commitment_fields(commitment)

            def save(values: Values) -> PlanEdit:
                new = changed_values(fields, values)
                return store.edit_commitment(plan_id, commitment.ref, author=author, **new)

            title = f"Edit {item_name(commitment)}"
            required = {"ref": "A commitment needs a ref.", "title": "Write its title."}
        elif objective is not None:
            fields = objective_fields(objective)
            where = str(objective.position)

            def save(values: Values) -> PlanEdit:
                return store.edit_objective(plan_id, where, values["title"], author=author)

            title, required = f"Edit {item_name(objective)}", {"title": "Write its title."}
        else:
            return
        form = ItemForm(title, fields, save, required=required)
        self.app.push_screen(form, lambda edit: self._changed(edit, "changed"))

    # --------------------------------------------------------------- m

    def action_move_item(self) -> None:
        """Move the selected activity to another commitment (a commitment: to another
        objective)."""
        from plandesk.tui.dialogs.picker import PickerDialog

        if not self._can_change():
            return
        _objective, commitment, activity = self._cursor_items()
        snapshot = self.view.snapshot
        assert snapshot is not None
        plan_id, store, author = self._plan_id(), self.app.store, self.app.author
        if activity is not None and commitment is not None:
            every = [c for o in snapshot.objectives for c in o.commitments]
            by_id = {c.id: c for c in every}
            items = [(c.id, _commitment_line(c)) for c in every]

            def chosen(commitment_id: int | None) -> None:
                if commitment_id is None or commitment_id == commitment.id:
                    return
                target = by_id[commitment_id].ref
                self.run_plan_change(
                    lambda: store.edit_activity(
                        plan_id, activity.id, author=author, commitment=target
                    ),
                    f"moved to {target}",
                )

            title = f"Move {_short_name(activity)} to which commitment? (now in {commitment.ref})"
            self.app.push_screen(PickerDialog(title, items, commitment.id), chosen)
        elif commitment is not None:
            objectives = {o.id: o for o in snapshot.objectives}
            items = [
                (o.id, f"{o.position}. {shorten(o.title, PICKER_WIDTH)}")
                for o in snapshot.objectives
            ]

            def chosen_objective(objective_id: int | None) -> None:
                if objective_id is None or objective_id == commitment.objective_id:
                    return
                where = str(objectives[objective_id].position)
                self.run_plan_change(
                    lambda: store.edit_commitment(
                        plan_id, commitment.ref, author=author, objective=where
                    ),
                    f"moved to objective {where}",
                )

            title = f"Move commitment {commitment.ref} to which objective?"
            self.app.push_screen(
                PickerDialog(title, items, commitment.objective_id), chosen_objective
            )
        else:
            self.notify("Select an activity (or a commitment) to move.")

    # --------------------------------------------------------------- after a change

    def _plan_id(self) -> int:
        assert self.view.loaded is not None
        return self.view.loaded.plan.id

    @work(thread=True, exclusive=True, group="plan-change")
    def run_plan_change(self, change: Callable[[], PlanEdit], verb: str) -> None:
        """Make one change to the plan (a move, a reopening) and report it."""
        try:
            edit = change()
        except PlandeskError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(PlanChanged(edit, verb))

    @on(PlanChanged)
    def _plan_changed(self, message: PlanChanged) -> None:
        self._changed(message.edit, message.verb)

    def _changed(self, edit: object, verb: str, select: Target | None = None) -> None:
        """A form or a worker made (or declined) a change: say so and show the plan again."""
        if not isinstance(edit, PlanEdit):
            return  # cancelled
        if edit.change is None:
            self.notify("Nothing was changed.", timeout=3)
            return
        self.notify(f"{self._edit_name(edit)} {verb}.", markup=False)
        self.select_after_load = select if select is not None else (edit.kind, edit.id)
        self.load(self.view.plan_id, self.view.period_id)

    def _edit_name(self, edit: PlanEdit) -> str:
        """`Activity A3/A3.2`; an activity without a ref by its words, not its `#id`."""
        known = self.view.activity(edit.id) if edit.kind == "activity" else None
        if edit.label.startswith("#") and known is not None:
            return f"Activity “{shorten(activity_words(known), 40)}”"
        return f"{edit.kind.capitalize()} {edit.label}"

    @on(Reloaded)
    def _select_changed_item(self, message: Reloaded) -> None:
        # Runs after the screen's own handler has rebuilt the tree.
        target, self.select_after_load = self.select_after_load, None
        if target is not None and not self.select_item(*target):
            self.notify("It is hidden by the search or the flagged view.", timeout=4)

    def select_item(self, kind: str, item_id: int) -> bool:
        """Put the cursor on an activity, commitment or objective (opening its parents)."""
        tree = self.plan_tree
        if kind == "activity":
            return tree.select_activity(item_id)
        for objective_node in tree.root.children:
            objective = objective_node.data
            assert isinstance(objective, ObjectiveView)
            if kind == "objective" and objective.id == item_id:
                tree.move_cursor(objective_node)
                tree.scroll_to_node(objective_node, animate=False)
                return True
            if kind == "commitment" and any(c.id == item_id for c in objective.commitments):
                # The tree adds an objective's commitments when it opens, in its own handler.
                objective_node.expand()
                tree.call_later(self._select_commitment_node, objective_node, item_id)
                return True
        return False

    def _select_commitment_node(self, objective_node, commitment_id: int) -> None:
        tree = self.plan_tree
        for node in objective_node.children:
            if isinstance(node.data, CommitmentView) and node.data.id == commitment_id:
                tree.get_node_at_line(0)  # lines are rebuilt now, not on idle
                tree.move_cursor(node)
                tree.scroll_to_node(node, animate=False)
                self.show_selection()
                return
