"""The plan screen's editing: the edit session, saving with the version check, conflicts with
another writer, `$EDITOR`, the merge-marker refusal, and the unsaved-text questions.

A part of `PlanScreen` (it uses the screen's view, editor, tree and detail pane).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen

from plandesk.core.merge import MERGE_MARKER_REFUSAL, has_merge_marker, merged_text
from plandesk.core.plan import ActivityView, DraftView
from plandesk.store.errors import RulesUnreadable, StoreError, UpdateConflict
from plandesk.tui.external_editor import editor_command
from plandesk.tui.screens.plan.messages import Failed, Reread, SaveConflicted, Saved
from plandesk.tui.screens.plan.state import reviews_without_rules_of
from plandesk.tui.widgets.update_editor import UpdateEditor

if TYPE_CHECKING:
    from plandesk.store.service import PlanStore

__all__ = ["EditingPart", "read_saved"]


def read_saved(store: PlanStore, plan_id: int, period_id: int, activity_id: int) -> ActivityView:
    """An activity re-read after a save: without flags when the rules file cannot be read
    (the save itself succeeded and must not be reported as failed)."""
    try:
        return store.activity_view(plan_id, period_id, activity_id)
    except RulesUnreadable:
        view = store.activity_view(plan_id, period_id, activity_id, review=False)
        view.apply(reviews_without_rules_of(view))
        return view


class EditingPart(Screen[None]):
    """Editing this period's update of the selected activity."""

    def action_edit(self) -> None:
        """Start editing the selected activity's update."""
        activity = self.selected_activity()
        loaded = self.view.loaded
        if loaded is None:
            return
        if self.editor.editing:
            self.editor.text_area.focus()
            return
        if activity is None:
            self.notify("Select an activity to edit its update.", severity="warning")
            return
        if self.refuse_if_closed():
            return
        draft = self.view.drafts.get((activity.id, loaded.period.id))
        self.detail.show(activity)
        # The editor is hidden while an objective or commitment is selected; a draft opened
        # from the start-up question selects its activity after that, so show it here.
        self.editor.display = True
        self.edit_area.display = True
        self.editor.begin(activity, loaded.period.id, draft)
        self.show_previous_of_editor()
        self.arrange_editing()
        self.refresh_bindings()

    def action_edit_external(self) -> None:
        """Edit the update in $VISUAL / $EDITOR (else nano, else vi: said first), then back in
        the editor to save."""
        if not self.editor.editing:
            self.action_edit()
        if not self.editor.editing:
            return
        command, notice = editor_command(os.environ)
        if notice is not None:
            self.notify(notice, timeout=4)
        with tempfile.NamedTemporaryFile(
            "w", suffix=".txt", prefix="plandesk-", delete=False, encoding="utf-8"
        ) as handle:
            handle.write(self.editor.text)
            path = Path(handle.name)
        try:
            from textual.app import SuspendNotSupported

            try:
                with self.app.suspend():
                    result = subprocess.run([*shlex.split(command), str(path)], check=False)
            except SuspendNotSupported:
                result = subprocess.run(
                    [*shlex.split(command), str(path)],
                    check=False,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                )
            if result.returncode != 0:
                self.notify(f"{command} exited with {result.returncode}; text not changed.")
                return
            text = path.read_text(encoding="utf-8").rstrip("\n")
        except (OSError, UnicodeDecodeError) as exc:
            self.notify(f"Could not run {command}: {exc}", severity="error")
            return
        finally:
            path.unlink(missing_ok=True)
        self.editor.text_area.load_text(text)
        self.editor.text_area.focus()

    # --------------------------------------------------------------- drafts of the editor

    @on(UpdateEditor.Paused)
    def _paused(self, message: UpdateEditor.Paused) -> None:
        draft = self.draft_of_editor()
        if draft is not None:
            self.keep_draft(draft)

    def draft_of_editor(self) -> DraftView | None:
        """The editor's unsaved text as a draft, stamped with when it was typed."""
        session = self.editor.session
        if session is None or not self.editor.dirty:
            return None
        draft = DraftView(
            session.activity.id,
            session.period_id,
            self.app.author,
            self.editor.text,
            self.editor.status,
            session.base_version,
            datetime.now(UTC),
        )
        self.view.drafts[(draft.activity_id, draft.period_id)] = draft
        self.drafts_changed()
        return draft

    @work(thread=True, exclusive=True, group="draft")
    def keep_draft(self, draft: DraftView, then_exit: bool = False) -> None:
        """Write the draft; a failure is reported (and keeps the app open) but editing goes on."""
        try:
            self.write_draft(draft)
        except Exception as exc:  # noqa: BLE001 - any failure must reach the officer
            self.post_message(Failed(f"could not keep a draft: {exc}"))
            return
        if then_exit:
            self.app.call_from_thread(self.app.exit)

    @work(thread=True, group="draft")
    def discard_draft(self, activity_id: int, period_id: int) -> None:
        """Forget a draft the officer chose to throw away."""
        self.app.store.discard_draft(activity_id, period_id, author=self.app.author)

    def _throw_away_draft(self, activity_id: int, period_id: int) -> None:
        self.discard_draft(activity_id, period_id)
        self.view.drop_draft(activity_id, period_id)
        self.drafts_changed()
        self.finish_editing()

    # --------------------------------------------------------------- saving

    def action_save(self) -> None:
        """Save the update being edited."""
        session = self.editor.session
        if session is None:
            self.notify("Nothing is being edited (press e to edit).")
            return
        if not self.editor.dirty:
            self.notify("No changes to save.")
            self.finish_editing()
            return
        if has_merge_marker(self.editor.text):
            self.notify(f"Not saved: {MERGE_MARKER_REFUSAL}.", severity="error", timeout=8)
            self.editor.set_state("not saved: delete the merge marker line, then ctrl+s")
            return
        self.editor.set_state("saving…")
        self.save(
            session.activity.id,
            session.period_id,
            self.editor.text,
            self.editor.status_change,
            session.base_version,
        )

    @work(thread=True, exclusive=True, group="save")
    def save(
        self, activity_id: int, period_id: int, text: str, status: str | None, base_version: int
    ) -> None:
        """Write the update with the version check; report success or conflict."""
        store = self.app.store
        try:
            update = store.save_update(
                activity_id,
                period_id,
                text,
                author=self.app.author,
                status=status,
                expected_version=base_version,
                source="tui",
            )
            assert self.view.plan is not None
            fresh = read_saved(store, self.view.plan.id, period_id, activity_id)
        except UpdateConflict as exc:
            self.post_message(SaveConflicted(text, status, exc.current))
            return
        except Exception as exc:  # noqa: BLE001 - the text stays in the editor and the draft
            self.post_message(Failed(f"could not save: {exc}"))
            return
        self.post_message(Saved(update, fresh))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        update = message.update
        activity = self.view.activity(update.activity_id)
        self.view.drop_draft(update.activity_id, update.period_id)
        self.drafts_changed()
        if update.version == 1:
            self.view.count_first_update(update.period_id)
        if activity is not None:
            activity.refresh_from(message.activity)
            self.plan_tree.refresh_activity(activity)
            # Items reported under this one show its status and flags: read them again too.
            for source_id in {link.source_id for link in activity.referred_by}:
                if source_id != activity.id:
                    self.reread_activity(source_id, update.period_id)
        self.notify(f"Saved {self.view.display_name(update.activity_id)} (v{update.version}).")
        self.finish_editing()
        self.update_header()
        if self.view.quit_after_save:
            self.app.exit()

    @work(thread=True, group="reread")
    def reread_activity(self, activity_id: int, period_id: int) -> None:
        """Read one activity again (its update changed elsewhere)."""
        assert self.view.plan is not None
        try:
            fresh = read_saved(self.app.store, self.view.plan.id, period_id, activity_id)
        except StoreError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(Reread(fresh))

    @on(Reread)
    def _reread(self, message: Reread) -> None:
        activity = self.view.activity(message.activity.id)
        if activity is None:
            return
        activity.refresh_from(message.activity)
        self.plan_tree.refresh_activity(activity)
        self.update_header()
        self.show_selection()

    @on(SaveConflicted)
    def _conflicted(self, message: SaveConflicted) -> None:
        from plandesk.tui.dialogs.conflict import ConflictDialog

        self.view.quit_after_save = False
        self.editor.set_state("not saved: the update changed meanwhile")

        def resolved(answer: str | None) -> None:
            current = message.current
            version = current.version if current else 0
            session = self.editor.session
            if session is None:
                return
            if answer == "mine":
                session.base_version = version
                self.action_save()
            elif answer == "theirs":
                # Their text brings its own flags and status: re-read the activity.
                self.reread_activity(session.activity.id, session.period_id)
                self._throw_away_draft(session.activity.id, session.period_id)
                self.notify("Took the saved text; yours was discarded.")
            elif answer == "merge":
                theirs = current.text if current else ""
                merged = merged_text(theirs, message.mine)
                self.editor.replace_text(merged, version)
                if current is not None:
                    session.original_text = current.text
                self.editor.set_state("merging: combine the texts, then ctrl+s")
            else:
                self.editor.set_state("unsaved changes   ctrl+s save · escape leave")

        self.app.push_screen(ConflictDialog(message.mine, message.current), resolved)

    # --------------------------------------------------------------- leaving

    def finish_editing(self) -> None:
        """Close the edit session and go back to the tree."""
        self.editor.session = None
        self.show_selection()
        self.arrange_editing()
        self.plan_tree.focus()
        self.refresh_bindings()
        self.back_to_review()

    def action_escape(self) -> None:
        """Leave the editor (asking about unsaved text), or clear the search."""
        from plandesk.tui.dialogs.choice import ChoiceDialog

        search = self.search_box
        if search.has_focus or (search.display and not self.editor.editing):
            self.clear_search()
            return
        if not self.editor.editing:
            return
        if not self.editor.dirty:
            self.finish_editing()
            return
        session = self.editor.session
        assert session is not None

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
            elif answer == "discard":
                self._throw_away_draft(session.activity.id, session.period_id)
            elif answer == "draft":
                self._leave_as_draft()

        self.app.push_screen(
            ChoiceDialog(
                "This update has unsaved changes.",
                [
                    ("s", "Save", "save"),
                    ("a", "Keep as draft", "draft"),
                    ("d", "Discard", "discard"),
                    ("k", "Keep editing", "keep"),
                ],
            ),
            answered,
        )

    def _leave_as_draft(self) -> None:
        """Leave the editor keeping the text as a draft (✎ in the tree; `e` brings it back)."""
        session = self.editor.session
        draft = self.draft_of_editor()
        if draft is not None:
            self.keep_draft(draft)
        self.finish_editing()
        if session is not None:
            name = self.view.display_name(session.activity.id)
            self.notify(f"Kept {name} as a draft (✎): e opens it again.", timeout=4)
