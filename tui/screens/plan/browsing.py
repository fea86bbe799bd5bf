"""The plan screen's ways of finding things: search, the flagged filter and stepping, the
period and plan pickers, an activity's history, the help.

A part of `PlanScreen` (it uses the screen's view, tree and loader).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.screen import Screen
from textual.widgets import Input

from plandesk.core.plan import ActivityView
from plandesk.tui.marks import is_flagged
from plandesk.tui.screens.plan.messages import Failed, HistoryLoaded, Searched

__all__ = ["BrowsingPart"]


# The period picker's last lines: not periods, the ways to close (or reopen) the one in view
# and, last, to open the next one.
OPEN_NEXT = -1
CLOSE_OR_REOPEN = -2


class BrowsingPart(Screen[None]):
    """Search, filters, flags, pickers, history and help."""

    def not_while_editing(self) -> bool:
        """True (and say so) when the editor is open."""
        if self.editor.editing:
            self.notify("Finish editing first (ctrl+s to save, escape to leave).")
            return True
        return False

    def reviewed_yet(self, then: Callable[[], None]) -> bool:
        """Whether the flags are known; if not, `then` runs as soon as they are."""
        view = self.view
        if view.loaded is None:
            return False  # nothing loaded yet (the first screen of a fast start): no flags
        if view.rules_problem is not None:
            self.notify(f"No flags: {view.rules_problem.message}", severity="warning", markup=False)
            return False
        if view.loaded.snapshot.reviewed:
            return True
        # Each press counts, as it would with the flags known: `s` twice leaves the filter off.
        view.waiting_for_flags.append(then)
        self.notify("Checking for stalled items…", timeout=2)
        return False

    # --------------------------------------------------------------- search

    def action_search(self) -> None:
        """Show the search box."""
        if self.editor.editing:
            self.notify("Finish editing first (ctrl+s to save, escape to leave).")
            return
        search = self.search_box
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.plan_tree.focus()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Ask the store which activities match."""
        loaded = self.view.loaded
        if loaded is None:
            return
        ids = self.app.store.search(loaded.plan.id, loaded.period.id, query)
        self.post_message(Searched(query, ids))

    @on(Searched)
    def _searched(self, message: Searched) -> None:
        search = self.search_box
        if search.display and message.query.strip() != search.value.strip():
            return  # an answer to an earlier keystroke, overtaken by a newer query
        self.view.search_query = message.query.strip()
        self.view.search_ids = message.ids if self.view.search_query else None
        self.rebuild_tree()
        self.update_header(recount=False)
        # Said on the search line too: a narrow header may have no room for it.
        shown = self.plan_tree.shown_count()
        search.border_subtitle = (
            f"{shown} match{'' if shown == 1 else 'es'}"
            if self.view.search_query and shown is not None
            else ""
        )

    def clear_search(self) -> None:
        """Empty and hide the search box; the tree shows everything the other filters let by."""
        search = self.search_box
        search.value = ""
        search.border_subtitle = ""
        search.display = False
        self.view.search_query = ""
        self.view.search_ids = None
        self.rebuild_tree()
        self.update_header(recount=False)
        self.plan_tree.focus()

    # --------------------------------------------------------------- flags

    def action_toggle_flagged(self) -> None:
        """Show only flagged items, or everything again."""
        if self.editor.editing or not self.reviewed_yet(self.action_toggle_flagged):
            return
        self.view.flagged_only = not self.view.flagged_only
        self.rebuild_tree()
        self.update_header(recount=False)
        if self.view.flagged_only and self.plan_tree.root.children == []:
            self.notify("Nothing is flagged in this period.")

    def _step_flagged(self, step: int) -> None:
        if self.editor.editing:
            return
        order = self.plan_tree.activity_order()
        flagged = [a for a in order if is_flagged(a)]
        if not flagged:
            self.notify("Nothing is flagged in view.")
            return
        current = self.selected_activity()
        ids = [a.id for a in order]
        here = ids.index(current.id) if current and current.id in ids else -1
        if step > 0:
            later = [a for a in flagged if ids.index(a.id) > here]
            target = later[0] if later else flagged[0]
        else:
            earlier = [a for a in flagged if here == -1 or ids.index(a.id) < here]
            target = earlier[-1] if earlier else flagged[-1]
        self.plan_tree.select_activity(target.id)

    def action_next_flagged(self) -> None:
        """Move to the next flagged activity (wrapping around)."""
        if self.reviewed_yet(self.action_next_flagged):
            self._step_flagged(1)

    def action_previous_flagged(self) -> None:
        """Move to the previous flagged activity (wrapping around)."""
        if self.reviewed_yet(self.action_previous_flagged):
            self._step_flagged(-1)

    # --------------------------------------------------------------- plan and period

    def action_choose_period(self) -> None:
        """Pick another reporting period of this plan."""
        from plandesk.core.periods import next_quarter
        from plandesk.tui.dialogs.picker import PickerDialog

        loaded = self.view.loaded
        if loaded is None or self.not_while_editing():
            return
        items = [
            (
                p.id,
                f"{'•' if p.id == loaded.period.id else ' '} {p.label}   "
                f"({p.update_count} updates{', closed' if p.is_closed else ''})",
            )
            for p in loaded.periods
        ]
        shown = loaded.period.label
        items.append(
            (
                CLOSE_OR_REOPEN,
                f"↺ Reopen {shown} (asks why)"
                if loaded.period.is_closed
                else f"✓ Close {shown} (it has gone to the Panel)",
            )
        )
        if loaded.periods:
            following = next_quarter(loaded.periods[-1].end).label
            items.append((OPEN_NEXT, f"+ Open the next period ({following}), with no updates"))

        def chosen(period_id: int | None) -> None:
            if period_id == OPEN_NEXT:
                self.open_next_period(self.view.plan_id)
            elif period_id == CLOSE_OR_REOPEN:
                self.action_close_period()
            elif period_id is not None and period_id != self.view.period_id:
                self.load(self.view.plan_id, period_id)

        self.app.push_screen(PickerDialog("Period", items, self.view.period_id), chosen)

    def action_open_period(self) -> None:
        """Open the quarter after the plan's latest period (also the period picker's last line)."""
        if self.view.loaded is None or self.not_while_editing():
            return
        self.open_next_period(self.view.plan_id)

    @work(thread=True, exclusive=True, group="load")
    def open_next_period(self, plan_id: int) -> None:
        """Open the quarter after the plan's latest period, then show it."""
        try:
            opened = self.app.store.open_period(plan_id, author=self.app.author)
        except Exception as exc:  # noqa: BLE001 - any failure must reach the officer
            self.post_message(Failed(f"could not open the next period: {exc}"))
            return
        self.app.call_from_thread(self.notify, f"Opened {opened.label}.")
        self.app.call_from_thread(self.load, plan_id, opened.id)

    def action_choose_plan(self) -> None:
        """Pick another plan."""
        from plandesk.tui.dialogs.picker import PickerDialog

        loaded = self.view.loaded
        if loaded is None or self.not_while_editing():
            return
        items = [(p.id, f"{p.title}   ({p.activity_count} activities)") for p in loaded.plans]

        def chosen(plan_id: int | None) -> None:
            if plan_id is not None and plan_id != self.view.plan_id:
                self.load(plan_id, None)

        self.app.push_screen(PickerDialog("Plan", items, self.view.plan_id), chosen)

    # --------------------------------------------------------------- history and help

    def action_history(self) -> None:
        """Show the selected activity's revisions."""
        activity = self.selected_activity()
        if activity is None:
            self.notify("Select an activity to see its history.", severity="warning")
            return
        self.load_history(activity)

    @work(thread=True, exclusive=True, group="history")
    def load_history(self, activity: ActivityView) -> None:
        """Read the revisions of its updates and the changes to the activity itself."""
        store = self.app.store
        revisions = store.history(activity.id)
        changes = store.plan_changes(self.view.plan_id, activity.id) if self.view.plan_id else []
        self.post_message(HistoryLoaded(self.view.display_name(activity.id), revisions, changes))

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        from plandesk.tui.dialogs.history import HistoryDialog

        self.app.push_screen(HistoryDialog(message.title, message.revisions, message.changes))

    def action_help(self) -> None:
        """Show every key."""
        from plandesk.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())
