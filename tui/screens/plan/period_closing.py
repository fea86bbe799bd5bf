"""The plan screen's closing and reopening of the period in view (`C`, the palette, the picker).

A period is closed once it has gone to the Panel: its updates, statuses and acknowledgements
can no longer change. Closing asks first; reopening asks why, and the reason is kept in the
plan's history. A part of `PlanScreen` (it uses the screen's view and loader).
"""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from plandesk.tui.screens.plan.messages import Failed

__all__ = ["ClosingPart", "closed_refusal"]


def closed_refusal(label: str) -> str:
    """What the app says when a closed period would be changed."""
    return f"{label} is closed (it has gone to the Panel); C reopens it, with a reason."


class ClosingPart(Screen[None]):
    """Close the period in view, or reopen it."""

    def period_is_closed(self) -> bool:
        """Whether the period in view is closed (its updates cannot change)."""
        loaded = self.view.loaded
        return loaded is not None and loaded.period.is_closed

    def refuse_if_closed(self) -> bool:
        """True (and say why) when the period in view is closed."""
        if not self.period_is_closed():
            return False
        self.notify(closed_refusal(self.view.loaded.period.label), severity="warning")
        return True

    def action_close_period(self) -> None:
        """Close the period in view (asks first), or reopen it when it is closed (asks why)."""
        from plandesk.tui.dialogs.choice import ChoiceDialog

        loaded = self.view.loaded
        if loaded is None or self.not_while_editing():
            return
        period = loaded.period
        if period.is_closed:
            self.ask_reason_to_reopen()
            return

        def answered(answer: str | None) -> None:
            if answer == "close":
                self.change_period_state(loaded.plan.id, period.label, reopen_reason=None)

        self.app.push_screen(
            ChoiceDialog(
                f"Close {period.label}? Once it has gone to the Panel its updates, statuses and "
                "acknowledgements can no longer change (reopening needs a reason).",
                [("c", "Close it", "close"), ("k", "Keep it open", "keep")],
            ),
            answered,
        )

    def ask_reason_to_reopen(self) -> None:
        """Ask why the closed period in view is reopened, then reopen it."""
        from plandesk.tui.dialogs.prompt import PromptDialog

        loaded = self.view.loaded
        assert loaded is not None
        label = loaded.period.label

        def answered(reason: str | None) -> None:
            if reason is None:
                return
            if not reason.strip():
                self.notify("Not reopened: a reason is needed.", severity="warning")
                return
            self.change_period_state(loaded.plan.id, label, reopen_reason=reason)

        self.app.push_screen(
            PromptDialog(
                f"{label} is closed. Why reopen it? (kept in the plan's history)",
                "",
                "enter reopen · escape cancel",
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="load")
    def change_period_state(self, plan_id: int, label: str, *, reopen_reason: str | None) -> None:
        """Close the period, or reopen it with the reason; then show it again."""
        store, author = self.app.store, self.app.author
        try:
            if reopen_reason is None:
                changed = store.close_period(plan_id, label, author=author)
                said = f"Closed {changed.label}: its updates can no longer change."
            else:
                changed = store.reopen_period(plan_id, label, reason=reopen_reason, author=author)
                said = f"Reopened {changed.label}."
        except Exception as exc:  # noqa: BLE001 - any failure must reach the officer
            self.post_message(Failed(f"could not change {label}: {exc}"))
            return
        self.app.call_from_thread(self.notify, said)
        self.app.call_from_thread(self.load, plan_id, changed.id)
