"""Setting an activity's status with one key (ctrl+t): a list of the status vocabulary with the
current one highlighted and the rules' suggestion marked.

From the tree the status is saved at once with the update's text as it is (the version check
applies: if someone saved meanwhile, nothing is written and the activity is read again). While
editing, the choice goes into the editor's status list and is saved with the text.

A part of `PlanScreen` (it uses the screen's view, editor, tree and store workers).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.screen import Screen

from plandesk.core.plan import ActivityView
from plandesk.core.statuses import SETTABLE, known_status
from plandesk.store.errors import UpdateConflict
from plandesk.tui.screens.plan.editing import read_saved
from plandesk.tui.screens.plan.messages import Failed, Reread, StatusSet

__all__ = ["StatusPart", "status_items"]

# The picker's ids: 0 clears the officer's status, then the vocabulary in order.
CHOICES: tuple[str, ...] = ("", *SETTABLE)


def status_items(current: str, suggested: str | None) -> list[tuple[int, str]]:
    """The picker's lines: `Not set`, then each status; the current one and the rules'
    suggestion are marked."""
    items = []
    for index, status in enumerate(CHOICES):
        label = status or "Not set"
        notes = []
        if status == current:
            notes.append("current")
        if suggested is not None and status and status == suggested:
            notes.append("suggested")
        if notes:
            label += f"  ({', '.join(notes)})"
        items.append((index, label))
    return items


def _suggested(activity: ActivityView) -> str | None:
    """The rules' status for the activity when no officer set one (None otherwise)."""
    if not activity.status_suggested or not activity.status:
        return None
    return known_status(activity.status) or None


class StatusPart(Screen[None]):
    """The status picker, from the tree and from the editor."""

    def _pick_status(
        self, name: str, current: str, suggested: str | None, then: Callable[[str], None]
    ) -> None:
        from plandesk.tui.dialogs.picker import PickerDialog

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(CHOICES):
                then(CHOICES[index])

        # With no status of the officer's, the suggestion is where the cursor starts.
        start = current if current else (suggested or "")
        self.app.push_screen(
            PickerDialog(
                f"Status of {name}", status_items(current, suggested), CHOICES.index(start)
            ),
            chosen,
        )

    def action_set_status(self) -> None:
        """Pick a status: into the editor's list while editing, else saved at once."""
        editor = self.editor
        session = editor.session
        if session is not None:
            name = session.activity.ref or self.view.display_name(session.activity.id)

            def into_editor(status: str) -> None:
                editor.status_select.value = status
                editor.text_area.focus()

            self._pick_status(name, editor.status, _suggested(session.activity), into_editor)
            return
        activity = self.selected_activity()
        loaded = self.view.loaded
        if loaded is None:
            return
        if activity is None:
            self.notify("Select an activity to set its status.", severity="warning")
            return
        if self.refuse_if_closed():
            return
        update = activity.update
        own = known_status(update.status) if update is not None else ""
        period_id = loaded.period.id

        def save(status: str) -> None:
            if status == (own or ""):
                self.notify("The status is unchanged.")
                return
            text = update.text if update is not None else ""
            version = update.version if update is not None else 0
            self.save_status(activity.id, period_id, text, status, version)

        self._pick_status(
            self.view.display_name(activity.id), own or "", _suggested(activity), save
        )

    @work(thread=True, exclusive=True, group="save")
    def save_status(
        self, activity_id: int, period_id: int, text: str, status: str, base_version: int
    ) -> None:
        """Save the status with the update's text unchanged, with the version check."""
        store = self.app.store
        plan = self.view.plan
        assert plan is not None
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
            fresh = read_saved(store, plan.id, period_id, activity_id)
        except UpdateConflict:
            self.post_message(
                Failed("the update changed meanwhile: status not set; here it is as saved now")
            )
            self.app.call_from_thread(self.reread_activity, activity_id, period_id)
            return
        except Exception as exc:  # noqa: BLE001 - any failure must reach the officer
            self.post_message(Failed(f"could not set the status: {exc}"))
            return
        self.post_message(StatusSet(update, fresh))

    @on(StatusSet)
    def _status_set(self, message: StatusSet) -> None:
        update = message.update
        if update.version == 1:
            self.view.count_first_update(update.period_id)
        shown = update.status or "not set"
        self.post_message(Reread(message.activity))
        self.notify(f"Status of {self.view.display_name(update.activity_id)}: {shown}.")
