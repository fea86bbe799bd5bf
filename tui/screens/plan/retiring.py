"""The plan screen's `R`: retire the selected activity or commitment (a form asking for the
reason: the confirmation), reopen a done activity, or bring back what was retired.

Retired items are not in the tree, so `R` on a commitment (or an objective) first looks for
its retired activities (or commitments): when there are some, a list offers to reopen one of
them beside retiring the commitment itself. A part of `PlanScreen`; the edits run through
`PlanChangesPart` (its worker, its reload and cursor placing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView
from plandesk.core.plan_edits import PlanEdit
from plandesk.core.text import shorten
from plandesk.store.errors import PlandeskError
from plandesk.tui.screens.plan.item_forms import item_name, reason_fields
from plandesk.tui.screens.plan.messages import Failed

if TYPE_CHECKING:
    from plandesk.tui.dialogs.item_form import Values

__all__ = ["RetiringPart"]

Target = tuple[str, int]  # ("activity" | "commitment" | "objective", id)
REASON_NEEDED = "Give a reason: it is kept in the plan's history."
RETIRE_IT = -1  # the list's first line: retire the commitment itself


class RetiredFound(Message, namespace="plan_screen"):
    """The retired items under a commitment (activities) or an objective (commitments)."""

    def __init__(
        self, parent: CommitmentView | ObjectiveView, retired: list[ActivityView | CommitmentView]
    ) -> None:
        super().__init__()
        self.parent = parent
        self.retired = retired


class RetiringPart(Screen[None]):
    """Retiring and reopening (see the module)."""

    def action_retire_item(self) -> None:
        """Retire the selected activity or commitment, with a reason; a done activity can be
        reopened instead, and on a commitment or an objective what was retired in it."""
        if not self._can_change():
            return
        objective, commitment, activity = self._cursor_items()
        if activity is not None:
            if activity.done:
                self._reopen_or_retire(activity)
            else:
                self._retire_activity(activity)
        elif commitment is not None:
            self.find_retired(commitment)
        elif objective is not None:
            self.find_retired(objective)

    def _reopen_or_retire(self, activity: ActivityView) -> None:
        from plandesk.tui.dialogs.choice import ChoiceDialog

        plan_id, store, author = self._plan_id(), self.app.store, self.app.author

        def answered(answer: str | None) -> None:
            if answer == "reopen":
                self.run_plan_change(
                    lambda: store.reopen_activity(plan_id, activity.id, author=author), "reopened"
                )
            elif answer == "retire":
                self._retire_activity(activity)

        question = (
            f"{item_name(activity)} is done (complete in {activity.done_in}). Reopen it, so "
            "that it is expected to report again, or retire it from the plan?"
        )
        choices = [("o", "Reopen", "reopen"), ("r", "Retire…", "retire"), ("c", "Cancel", "")]
        self.app.push_screen(ChoiceDialog(question, choices), answered)

    def _retire_activity(self, activity: ActivityView) -> None:

        plan_id, store, author = self._plan_id(), self.app.store, self.app.author
        after = self._neighbour(activity)

        def save(values: Values) -> PlanEdit:
            return store.retire_activity(plan_id, activity.id, values["reason"], author=author)

        intro = (
            "It leaves the tree, the counts, the flags and the exports at once. Its updates "
            "and history are kept; R on its commitment reopens it."
        )
        self._retire_form(f"Retire {item_name(activity)}?", intro, save, after)

    def _retire_commitment(self, commitment: CommitmentView) -> None:

        plan_id, store, author = self._plan_id(), self.app.store, self.app.author
        after = self._neighbour(commitment)

        def save(values: Values) -> PlanEdit:
            return store.retire_commitment(plan_id, commitment.ref, values["reason"], author=author)

        count = len(commitment.activities)
        intro = (
            f"It leaves the plan with its {count} activit{'y' if count == 1 else 'ies'}: the "
            "tree, the counts, the flags and the exports. Their updates and history are kept, "
            "and R on its objective reopens it."
        )
        self._retire_form(f"Retire {item_name(commitment)}?", intro, save, after)

    def _retire_form(
        self, title: str, intro: str, save: Callable[[Values], PlanEdit], after: Target | None
    ) -> None:
        from plandesk.tui.dialogs.item_form import ItemForm

        form = ItemForm(
            title,
            reason_fields(),
            save,
            intro=intro,
            save_label="Retire",
            required={"reason": REASON_NEEDED},
        )
        self.app.push_screen(form, lambda edit: self._changed(edit, "retired", after))

    def _neighbour(self, item: ActivityView | CommitmentView) -> Target | None:
        """Where the cursor goes once `item` has left the tree: the next item beside it (else
        the one before), else its parent."""
        node = self.plan_tree.cursor_node
        if node is None or node.parent is None:
            return None
        siblings = [n for n in node.parent.children if n.data is not item]
        index = node.parent.children.index(node) if node in node.parent.children else 0
        near = siblings[index:] + siblings[:index][::-1]
        for candidate in near:
            data = candidate.data
            if isinstance(data, ActivityView):
                return ("activity", data.id)
            if isinstance(data, CommitmentView):
                return ("commitment", data.id)
        parent = node.parent.data
        if isinstance(parent, CommitmentView):
            return ("commitment", parent.id)
        if isinstance(parent, ObjectiveView):
            return ("objective", parent.id)
        return None

    # --------------------------------------------------------------- what was retired

    @work(thread=True, exclusive=True, group="plan-change")
    def find_retired(self, parent: CommitmentView | ObjectiveView) -> None:
        """Read the retired items under `parent` (the tree leaves them out)."""
        loaded = self.view.loaded
        assert loaded is not None
        try:
            every = self.app.store.snapshot(
                loaded.plan.id, loaded.period.id, review=False, include_retired=True
            )
        except PlandeskError as exc:
            self.post_message(Failed(str(exc)))
            return
        retired: list[ActivityView | CommitmentView] = []
        for objective in every.objectives:
            for commitment in objective.commitments:
                if isinstance(parent, CommitmentView) and commitment.id == parent.id:
                    retired += [a for a in commitment.activities if a.retired_at is not None]
                elif isinstance(parent, ObjectiveView) and objective.id == parent.id:
                    if commitment.retired_at is not None:
                        retired.append(commitment)
        self.post_message(RetiredFound(parent, retired))

    @on(RetiredFound)
    def _retired_found(self, message: RetiredFound) -> None:
        from plandesk.tui.dialogs.picker import PickerDialog

        parent, retired = message.parent, message.retired
        if not retired:
            if isinstance(parent, CommitmentView):
                self._retire_commitment(parent)
            else:
                self.notify(
                    "Objectives are not retired: retire their commitments (R on each). "
                    "Nothing retired in this one to reopen."
                )
            return
        items: list[tuple[int, str]] = []
        if isinstance(parent, CommitmentView):
            items.append((RETIRE_IT, f"Retire {item_name(parent, 28)}…"))
        for index, item in enumerate(retired):
            why = shorten(item.retired_reason, 30)
            items.append((index, f"Reopen {item_name(item, 30)} (retired: {why})"))

        def chosen(index: int | None) -> None:
            if index == RETIRE_IT and isinstance(parent, CommitmentView):
                self._retire_commitment(parent)
            elif index is not None and index >= 0:
                self._reopen(retired[index])

        if isinstance(parent, CommitmentView):
            title = f"Commitment {parent.ref}: retire it, or reopen what was retired in it"
        else:
            title = f"Objective {parent.position}: reopen a retired commitment"
        self.app.push_screen(PickerDialog(title, items, None), chosen)

    def _reopen(self, item: ActivityView | CommitmentView) -> None:
        plan_id, store, author = self._plan_id(), self.app.store, self.app.author
        if isinstance(item, ActivityView):
            self.run_plan_change(
                lambda: store.reopen_activity(plan_id, item.id, author=author), "reopened"
            )
        else:
            self.run_plan_change(
                lambda: store.reopen_commitment(plan_id, item.ref, author=author), "reopened"
            )
