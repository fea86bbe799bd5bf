"""Acknowledging an activity's flags from the plan screen (`a`), and withdrawing one.

On a flagged activity `a` asks for a note (what was done about it); on an acknowledged one it
offers to withdraw the acknowledgement, so the flags count again. The activity is read again
at once: its mark in the tree, its commitment's count and the header follow.

A part of `PlanScreen` (it uses the screen's view, tree and reread messages).
"""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from plandesk.store.errors import StoreError
from plandesk.tui.screens.plan.editing import read_saved
from plandesk.tui.screens.plan.messages import Failed, Reread

__all__ = ["AcknowledgingPart"]

NOTE_HINT = "e.g. chased at HTA 12 June · enter save · escape cancel"


class AcknowledgingPart(Screen[None]):
    """`a`: acknowledge the selected activity's flags, or withdraw its acknowledgement."""

    def action_acknowledge(self) -> None:
        """Acknowledge the flags with a note, or offer to withdraw an acknowledgement."""
        from plandesk.tui.dialogs.choice import ChoiceDialog
        from plandesk.tui.dialogs.prompt import PromptDialog

        loaded = self.view.loaded
        if loaded is None or self.not_while_editing():
            return
        if not self.reviewed_yet(self.action_acknowledge):
            return
        activity = self.selected_activity()
        if activity is None:
            self.notify("Select an activity to acknowledge its flags.", severity="warning")
            return
        if self.refuse_if_closed():
            return
        name = self.view.display_name(activity.id)
        period_id = loaded.period.id
        if activity.acknowledged is not None:
            ack = activity.acknowledged

            def answered(answer: str | None) -> None:
                if answer == "withdraw":
                    self.write_acknowledgement(activity.id, period_id, "", clear=True)

            self.app.push_screen(
                ChoiceDialog(
                    f"{name} was acknowledged by {ack.author}: {ack.note}\n"
                    "Withdraw the acknowledgement (its flags count again)?",
                    [("w", "Withdraw", "withdraw"), ("k", "Keep it", "keep")],
                ),
                answered,
            )
            return
        if not activity.flags:
            self.notify(f"{name} has no flags to acknowledge.")
            return

        def noted(note: str | None) -> None:
            if note:
                self.write_acknowledgement(activity.id, period_id, note)

        self.app.push_screen(
            PromptDialog(f"Acknowledge the flags on {name}: what was done?", "", NOTE_HINT),
            noted,
        )

    @work(thread=True, exclusive=True, group="acknowledge")
    def write_acknowledgement(
        self, activity_id: int, period_id: int, note: str, *, clear: bool = False
    ) -> None:
        """Store the acknowledgement (or its withdrawal) and read the activity again."""
        store = self.app.store
        plan = self.view.plan
        assert plan is not None
        try:
            store.acknowledge(activity_id, period_id, note, author=self.app.author, clear=clear)
            fresh = read_saved(store, plan.id, period_id, activity_id)
        except StoreError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(Reread(fresh))
        name = self.view.display_name(activity_id)
        done = "Withdrew the acknowledgement of" if clear else "Acknowledged"
        self.app.call_from_thread(self.notify, f"{done} {name}.")
