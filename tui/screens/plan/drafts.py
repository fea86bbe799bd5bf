"""The plan screen's drafts: offered at start, listed on `d`, marked in the tree, and kept when
the terminal closes.

A part of `PlanScreen` (it uses the screen's view, editor, tree and loader).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from plandesk.core.plan import DraftView
from plandesk.tui.screens.plan.messages import Failed

if TYPE_CHECKING:
    from plandesk.store.drafts import DraftEntry

__all__ = ["DraftsPart"]


class DraftsPart(Screen[None]):
    """Offering, listing and opening the officer's drafts in every plan."""

    def drafts_changed(self) -> None:
        """Mark in the tree the activities with a draft of mine in the period shown."""
        self.plan_tree.set_drafted(self.view.drafted_here())

    def offer_drafts(self, entries: list[DraftEntry]) -> None:
        """At start: the drafts left by an earlier session, in any plan; open the newest?"""
        from plandesk.tui.dialogs.choice import ChoiceDialog

        if not entries:
            return
        newest = entries[0]
        if len(entries) == 1:
            question = (
                "You have an unsaved draft from an earlier session: "
                f"{self._where(newest, always_plan=True)}. Open it?"
            )
        else:
            names = [self._where(e) for e in entries[:5]]
            question = (
                f"You have {len(entries)} unsaved drafts from an earlier session "
                f"({', '.join(names)}{'…' if len(entries) > 5 else ''}). "
                f"Open the newest ({self._where(newest, always_plan=True)})?"
            )

        def answered(answer: str | None) -> None:
            if answer == "open":
                self._open_draft(newest)
            elif answer == "list":
                self._show_drafts(entries)
            elif answer == "discard":
                for entry in entries:
                    self.discard_draft(entry.draft.activity_id, entry.draft.period_id)
                self.view.drafts.clear()
                self.drafts_changed()
                self.notify("Drafts discarded.")

        self.app.push_screen(
            ChoiceDialog(
                question,  # shown as plain text by the dialog: names are never markup
                [
                    ("o", "Open it", "open"),
                    ("v", "View all", "list"),
                    ("l", "Later", "later"),
                    ("d", "Discard all", "discard"),
                ],
            ),
            answered,
        )

    def _where(self, entry: DraftEntry, *, always_plan: bool = False) -> str:
        """`A2.2`, with the period and plan when they are not the ones on screen."""
        parts = [entry.activity_name]
        if always_plan or entry.draft.period_id != self.view.period_id:
            parts.append(entry.period_label)
        if always_plan or entry.plan_id != self.view.plan_id:
            parts.append(entry.plan_title)
        return " · ".join(parts) if len(parts) > 1 else parts[0]

    def _open_draft(self, entry: DraftEntry) -> None:
        """Open a draft in its own plan and period (switching to them first if need be)."""
        draft = entry.draft
        if entry.plan_id != self.view.plan_id or draft.period_id != self.view.period_id:
            self.view.pending_edit = draft.activity_id
            self.load(entry.plan_id, draft.period_id)
            return
        if self.plan_tree.select_activity(draft.activity_id):
            self.action_edit()

    def action_drafts(self) -> None:
        """List my unsaved drafts in every plan; the one picked opens where it belongs."""
        if self.not_while_editing():
            return
        self.list_drafts()

    @work(thread=True, exclusive=True, group="drafts")
    def list_drafts(self) -> None:
        """Read the drafts, then show the list."""
        try:
            entries = self.app.store.all_drafts(self.app.author)
        except Exception as exc:  # noqa: BLE001 - any failure must reach the officer
            self.post_message(Failed(f"could not read your drafts: {exc}"))
            return
        self.app.call_from_thread(self._show_drafts, entries)

    def _show_drafts(self, entries: list[DraftEntry]) -> None:
        from plandesk.tui.dialogs.drafts import DraftsDialog

        if not entries:
            self.notify("You have no unsaved drafts.")
            return

        def chosen(entry: DraftEntry | None) -> None:
            if entry is not None and not self.not_while_editing():
                self._open_draft(entry)

        self.app.push_screen(DraftsDialog(entries), chosen)

    def keep_draft_now(self) -> bool:
        """Write the editor's unsaved text at once, on the calling thread (the terminal is
        closing: there is no later). True when a draft was written."""
        draft = self.draft_of_editor()
        if draft is None:
            return False
        self.write_draft(draft)
        return True

    def write_draft(self, draft: DraftView) -> None:
        """Keep `draft` in the store (blocking: call from a worker or when nothing is left)."""
        self.app.store.save_draft(
            draft.activity_id,
            draft.period_id,
            draft.text,
            author=self.app.author,
            status=draft.status,
            base_version=draft.base_version,
            typed_at=draft.saved_at,
        )
