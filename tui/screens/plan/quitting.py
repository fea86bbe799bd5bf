"""Quitting the plan screen: asking about unsaved text, and warning in the demo (its
database is temporary) before drafts are lost with it.

A part of `PlanScreen` (it uses the screen's editor and view).
"""

from __future__ import annotations

from textual.screen import Screen

__all__ = ["DEMO_WARNING", "QuittingPart"]

DEMO_WARNING = (
    "This is the demo: its database is temporary and is deleted when the app closes, drafts "
    "included. To keep your work, run it as: plandesk demo --keep PATH"
)


class QuittingPart(Screen[None]):
    """`q` / ctrl+q: quit, asking first when something would be lost."""

    def _drafts_would_be_lost(self) -> int:
        """How many drafts the demo's temporary database would take with it (0 otherwise)."""
        if not getattr(self.app, "temporary_db", False):
            return 0
        return len(self.view.drafts)

    def confirm_quit(self) -> None:
        """Quit, asking first when the editor holds unsaved changes."""
        from plandesk.tui.dialogs.choice import ChoiceDialog

        if not self.editor.dirty:
            lost = self._drafts_would_be_lost()
            if lost:
                self._ask_before_losing_drafts(lost)
            else:
                self.app.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.view.quit_after_save = True
                self.action_save()
            elif answer == "quit":
                # Keep the very last words typed (the pause timer may not have fired yet);
                # the app closes once the draft is written, and offers it back next time.
                draft = self.draft_of_editor()
                if draft is None:
                    self.app.exit()
                else:
                    self.keep_draft(draft, then_exit=True)

        self.app.push_screen(
            ChoiceDialog(
                "The update you are editing has unsaved changes."
                + (f"\n{DEMO_WARNING}" if getattr(self.app, "temporary_db", False) else ""),
                [
                    ("s", "Save and quit", "save"),
                    ("d", "Quit, keep as draft", "quit"),
                    ("c", "Cancel", "cancel"),
                ],
            ),
            answered,
        )

    def _ask_before_losing_drafts(self, count: int) -> None:
        from plandesk.tui.dialogs.choice import ChoiceDialog

        def answered(answer: str | None) -> None:
            if answer == "quit":
                self.app.exit()

        drafts = "a draft not saved as an update" if count == 1 else f"{count} drafts not saved"
        self.app.push_screen(
            ChoiceDialog(
                f"You have {drafts}.\n{DEMO_WARNING}",
                [("q", "Quit anyway", "quit"), ("c", "Cancel", "cancel")],
            ),
            answered,
        )
