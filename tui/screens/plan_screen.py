"""The review screen: the plan tree on the left, details and this period's update on the right.

Every store call runs in a thread worker and comes back as a past-tense message; widgets
change only in the message handlers.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Tree
from textual.worker import get_current_worker

from plandesk.core.merge import MERGE_MARKER_REFUSAL, has_merge_marker, merged_text
from plandesk.store.drafts import DraftEntry
from plandesk.store.service import PlanStore, StoreError, UpdateConflict
from plandesk.store.views import (
    ActivityReview,
    ActivityView,
    BodyView,
    DraftView,
    PeriodInfo,
    PlanInfo,
    PlanSnapshot,
    RevisionView,
    UpdateView,
)
from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.dialogs.conflict import ConflictDialog
from plandesk.tui.dialogs.history import HistoryDialog
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.dialogs.prompt import PromptDialog
from plandesk.tui.keys import bindings, palette_commands
from plandesk.tui.marks import Mark, is_flagged, mark_of
from plandesk.tui.screens.drafts import DraftsMixin
from plandesk.tui.screens.flags_off import (
    RulesProblem,
    announce,
    header_note,
    read_saved,
    reviews_without_rules,
)
from plandesk.tui.screens.help_screen import HelpScreen
from plandesk.tui.screens.review_screen import ReviewItem, ReviewScreen
from plandesk.tui.widgets.detail_pane import DetailPane
from plandesk.tui.widgets.plan_tree import NodeData, PlanTree
from plandesk.tui.widgets.title_bar import TitleBar
from plandesk.tui.widgets.update_editor import UpdateEditor

__all__ = ["PlanScreen"]


@dataclass
class Loaded:
    """Everything the screen shows for one plan and period."""

    plans: list[PlanInfo]
    plan: PlanInfo
    periods: list[PeriodInfo]
    period: PeriodInfo
    snapshot: PlanSnapshot
    bodies: dict[str, BodyView]
    drafts: list[DraftView]  # mine in this plan
    everywhere: list[DraftEntry]  # mine in every plan, newest first


class PlanScreen(DraftsMixin, Screen[None]):
    """Browse the plan and edit this period's updates."""

    CSS_PATH = "plan_screen.tcss"

    BINDINGS: ClassVar[list[BindingType]] = bindings()
    # The command palette's entries: (title, help, action).
    COMMANDS_LIST: ClassVar[list[tuple[str, str, str]]] = palette_commands()

    class Reviewed(Message):
        """The stall rules' verdicts on a snapshot that was shown before they were ready."""

        def __init__(
            self,
            snapshot: PlanSnapshot,
            reviews: dict[int, ActivityReview],
            problem: RulesProblem | None = None,
        ) -> None:
            super().__init__()
            self.snapshot = snapshot
            self.reviews = reviews
            self.problem = problem  # set when the rules could not run: no flags at all

    class Reloaded(Message):
        """A plan and period finished loading; `shown` is set once the screen shows it."""

        def __init__(self, loaded: Loaded, shown: threading.Event | None = None) -> None:
            super().__init__()
            self.loaded = loaded
            self.shown = shown

    class Saved(Message):
        """An update was written; `activity` is the activity re-read with its new flags."""

        def __init__(self, update: UpdateView, activity: ActivityView) -> None:
            super().__init__()
            self.update = update
            self.activity = activity

    class Reread(Message):
        """An activity was read again after it changed elsewhere."""

        def __init__(self, activity: ActivityView) -> None:
            super().__init__()
            self.activity = activity

    class SaveConflicted(Message):
        """Someone else saved the same update first."""

        def __init__(self, mine: str, status: str | None, current: UpdateView | None) -> None:
            super().__init__()
            self.mine = mine
            self.status = status
            self.current = current

    class Searched(Message):
        """A search finished."""

        def __init__(self, query: str, ids: set[int]) -> None:
            super().__init__()
            self.query = query
            self.ids = ids

    class HistoryLoaded(Message):
        """An activity's revisions arrived."""

        def __init__(self, title: str, revisions: list[RevisionView]) -> None:
            super().__init__()
            self.title = title
            self.revisions = revisions

    class Failed(Message):
        """A store call failed; the message says why."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        store: PlanStore,
        author: str,
        *,
        plan_id: int | None = None,
        period_id: int | None = None,
        draft_delay: float = 0.8,
    ) -> None:
        super().__init__()
        self.store = store
        self.author = author
        self.plan_id = plan_id
        self.period_id = period_id
        self.draft_delay = draft_delay
        self.loaded: Loaded | None = None
        self.flagged_only = False
        self.search_query = ""
        self.search_ids: set[int] | None = None
        self.drafts: dict[tuple[int, int], DraftView] = {}
        self._offered_drafts = False
        self._pending_edit: int | None = None
        self._quit_after_save = False
        self._editor: UpdateEditor | None = None
        # Keys pressed before the flags were known, run once they are.
        self._after_review: list[Callable[[], None]] = []
        self._counts: str | None = None  # the header's counts, recounted when the data change
        self.rules_problem: RulesProblem | None = None  # why there are no flags, if so

    # --------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        self._editor = UpdateEditor(draft_delay=self.draft_delay, id="editor")
        yield TitleBar(id="title-bar")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="search refs and text…", id="search")
                yield PlanTree(id="tree")
            with Vertical(id="right"):
                yield DetailPane(id="detail")
                yield self._editor
        yield Footer()

    @property
    def plan_tree(self) -> PlanTree:
        """The plan tree."""
        return self.query_one(PlanTree)

    @property
    def editor(self) -> UpdateEditor:
        """This period's update editor."""
        return self.query_one(UpdateEditor)

    @property
    def detail(self) -> DetailPane:
        """The read-only details."""
        return self.query_one(DetailPane)

    # Keys that still mean something while the update is being edited.
    EDITING_ACTIONS: ClassVar[frozenset[str]] = frozenset({"save", "escape", "edit_external"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While editing, only save / leave / $EDITOR apply; the footer follows."""
        # Called for every binding on every refresh: no DOM query here.
        editor = self._editor
        if editor is not None and editor.editing:
            return action in self.EDITING_ACTIONS
        if action == "save":
            return None  # shown greyed out: nothing to save yet
        return True

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self.plan_tree.focus()
        self.load(self.plan_id, self.period_id)

    # --------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="load")
    def load(self, plan_id: int | None, period_id: int | None) -> None:
        """Read a plan and period (default: the latest) and everything the screen shows."""
        try:
            plans = self.store.plans()
            plan = next((p for p in plans if p.id == plan_id), None) or self.store.resolve_plan()
            periods = self.store.periods(plan.id)
            period = next((p for p in periods if p.id == period_id), None)
            if period is None:
                period = self.store.resolve_period(plan.id)
            # The tree is shown first; the stall rules (most of the cost on a big plan) follow.
            snapshot = self.store.snapshot(plan.id, period.id, review=False)
            bodies = {b.name: b for b in self.store.oversight(plan.id)}
            everywhere = self.store.all_drafts(self.author)
            drafts = [e.draft for e in everywhere if e.plan_id == plan.id]
        except StoreError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        shown = threading.Event()
        self.post_message(
            self.Reloaded(
                Loaded(plans, plan, periods, period, snapshot, bodies, drafts, everywhere), shown
            )
        )
        # Running the rules while the tree is first drawn would halve the speed of both (one
        # interpreter lock): they start once it is on screen, or after a second at the latest.
        shown.wait(timeout=1.0)
        if get_current_worker().is_cancelled:
            return
        problem = None
        try:
            reviews = self.store.review(snapshot)
        except StoreError as exc:
            # Never left "checking flags…": the plan is usable without them.
            problem = RulesProblem(str(exc), getattr(exc, "where", None))
            reviews = reviews_without_rules(snapshot)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Reviewed(snapshot, reviews, problem))

    @on(Reviewed)
    def _reviewed(self, message: Reviewed) -> None:
        if self.loaded is None or self.loaded.snapshot is not message.snapshot:
            return  # another plan or period was loaded meanwhile
        message.snapshot.apply_reviews(message.reviews)
        if message.problem is not None and message.problem != self.rules_problem:
            announce(self, message.problem)
        self.rules_problem = message.problem
        if self.flagged_only:
            self._rebuild_tree()
        else:
            self.plan_tree.refresh_labels()
            if self.editor.editing:
                self.detail.show(self.selected())
            else:
                self._show_selection()
        self._update_header()
        waiting, self._after_review = self._after_review, []
        for action in waiting:
            action()

    def _reviewed_yet(self, then: Callable[[], None]) -> bool:
        """Whether the flags are known; if not, `then` runs as soon as they are."""
        if self.rules_problem is not None:
            self.notify(f"No flags: {self.rules_problem.message}", severity="warning", markup=False)
            return False
        if self.loaded is None or self.loaded.snapshot.reviewed:
            return True
        if then not in self._after_review:
            self._after_review.append(then)
        self.notify("Checking for stalled items…", timeout=2)
        return False

    @on(Reloaded)
    def _reloaded(self, message: Reloaded) -> None:
        loaded = message.loaded
        self.loaded = loaded
        self._after_review.clear()
        if message.shown is not None:
            self.call_after_refresh(message.shown.set)
        self.plan_id, self.period_id = loaded.plan.id, loaded.period.id
        self.drafts = {(d.activity_id, d.period_id): d for d in loaded.drafts}
        self.detail.snapshot = loaded.snapshot
        self.detail.bodies = loaded.bodies
        self.search_ids = None if not self.search_query else self.search_ids
        self._drafts_changed()
        self._rebuild_tree(select=self._pending_edit)
        self._update_header()
        if self._pending_edit is not None:
            activity_id, self._pending_edit = self._pending_edit, None
            if self.plan_tree.select_activity(activity_id):
                self.action_edit()
        elif not self._offered_drafts:
            self._offer_drafts(loaded.everywhere)
        self._offered_drafts = True
        if self.search_query:
            # The old plan's matches mean nothing here: search again with what is typed.
            self.search_ids = None
            self.run_search(self.query_one("#search", Input).value)

    def _visible(self):
        checks = []
        if self.flagged_only:
            checks.append(is_flagged)
        if self.search_ids is not None:
            ids = self.search_ids
            checks.append(lambda a: a.id in ids)
        if not checks:
            return None
        if len(checks) == 1:
            return checks[0]  # called for every activity of the plan: no wrapper
        return lambda a: all(check(a) for check in checks)

    def _rebuild_tree(self, select: int | None = None) -> None:
        if self.loaded is None:
            return
        current = self.selected_activity()
        self.plan_tree.show_snapshot(
            self.loaded.snapshot,
            self._visible(),
            select_activity=select if select is not None else (current.id if current else None),
        )
        self._show_selection()

    def _update_header(self, *, recount: bool = True) -> None:
        """Title and counts; `recount=False` when only the filters changed, not the data."""
        if self.loaded is None:
            return
        if recount or self._counts is None:
            activities = self.loaded.snapshot.activities()
            updated = sum(1 for a in activities if mark_of(a) is not Mark.NO_UPDATE)
            if self.rules_problem is not None:
                flagged = header_note(self.rules_problem)
            elif self.loaded.snapshot.reviewed:
                flagged = f"{sum(1 for a in activities if is_flagged(a))} flagged"
            else:
                flagged = "checking flags…"
            self._counts = f"{len(activities)} activities · {updated} updated · {flagged}"
        self.app.title = f"{self.loaded.plan.title} · {self.loaded.period.label}"
        filters = []
        if self.flagged_only:
            filters.append("flagged only")
        if self.search_query:
            filters.append(f"“{self.search_query}”")
        suffix = f" · showing {', '.join(filters)}" if filters else ""
        self.app.sub_title = f"{self._counts}{suffix}"
        self.query_one(TitleBar).show(self.app.title, self.app.sub_title)

    # --------------------------------------------------------------- selection

    def selected(self) -> NodeData | None:
        """The data under the tree cursor."""
        node = self.plan_tree.cursor_node
        return node.data if node is not None else None

    def selected_activity(self) -> ActivityView | None:
        """The activity under the cursor, if the cursor is on one."""
        data = self.selected()
        return data if isinstance(data, ActivityView) else None

    def display_name(self, activity_id: int) -> str:
        """`A1.2`, or for an activity without a ref `A1 (activity 2)` / `A1`."""
        if self.loaded is None:
            return "?"
        for objective in self.loaded.snapshot.objectives:
            for commitment in objective.commitments:
                for activity in commitment.activities:
                    if activity.id != activity_id:
                        continue
                    if activity.ref:
                        return activity.ref
                    if activity.stands_for_commitment or len(commitment.activities) == 1:
                        return commitment.ref
                    return f"{commitment.ref} (activity {activity.position})"
        return "?"

    def _activity(self, activity_id: int) -> ActivityView | None:
        if self.loaded is None:
            return None
        return next((a for a in self.loaded.snapshot.activities() if a.id == activity_id), None)

    @on(Tree.NodeHighlighted, "#tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        if not self.editor.editing:
            self._show_selection()

    @on(Tree.NodeSelected, "#tree")
    def _selected(self, event: Tree.NodeSelected) -> None:
        if isinstance(event.node.data, ActivityView):
            self.action_edit()
        else:
            self.plan_tree.action_toggle_expand()

    def _show_selection(self) -> None:
        data = self.selected()
        self.detail.show(data)
        period = self.loaded.period.label if self.loaded else ""
        is_activity = isinstance(data, ActivityView)
        # Objectives and commitments have no update of their own: their summary gets the room.
        self.editor.display = is_activity
        self.editor.show(data if is_activity else None, period)

    # --------------------------------------------------------------- editing

    def action_edit(self) -> None:
        """Start editing the selected activity's update."""
        activity = self.selected_activity()
        if self.loaded is None:
            return
        if self.editor.editing:
            self.editor.text_area.focus()
            return
        if activity is None:
            self.notify("Select an activity to edit its update.", severity="warning")
            return
        draft = self.drafts.get((activity.id, self.loaded.period.id))
        self.detail.show(activity)
        # The editor is hidden while an objective or commitment is selected; a draft opened
        # from the start-up question selects its activity after that, so show it here.
        self.editor.display = True
        self.editor.begin(activity, self.loaded.period.id, draft)
        self.refresh_bindings()

    def action_edit_external(self) -> None:
        """Edit the update in $VISUAL / $EDITOR, then back in the editor to save."""
        if not self.editor.editing:
            self.action_edit()
        if not self.editor.editing:
            return
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
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

    @on(UpdateEditor.Paused)
    def _paused(self, message: UpdateEditor.Paused) -> None:
        draft = self._draft_of_editor()
        if draft is not None:
            self.keep_draft(draft)

    def _draft_of_editor(self) -> DraftView | None:
        """The editor's unsaved text as a draft, stamped with when it was typed."""
        session = self.editor.session
        if session is None or not self.editor.dirty:
            return None
        draft = DraftView(
            session.activity.id,
            session.period_id,
            self.author,
            self.editor.text,
            self.editor.status,
            session.base_version,
            datetime.now(UTC),
        )
        self.drafts[(draft.activity_id, draft.period_id)] = draft
        self._drafts_changed()
        return draft

    @work(thread=True, exclusive=True, group="draft")
    def keep_draft(self, draft: DraftView, then_exit: bool = False) -> None:
        """Write the draft; a failure is reported (and keeps the app open) but editing goes on."""
        try:
            self.write_draft(draft)
        except Exception as exc:  # noqa: BLE001 - any failure must reach the officer
            self.post_message(self.Failed(f"could not keep a draft: {exc}"))
            return
        if then_exit:
            self.app.call_from_thread(self.app.exit)

    @work(thread=True, group="draft")
    def discard_draft(self, activity_id: int, period_id: int) -> None:
        """Forget a draft the officer chose to throw away."""
        self.store.discard_draft(activity_id, period_id, author=self.author)

    def action_save(self) -> None:
        """Save the update being edited."""
        session = self.editor.session
        if session is None:
            self.notify("Nothing is being edited (press e to edit).")
            return
        if not self.editor.dirty:
            self.notify("No changes to save.")
            self._finish_editing()
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
        try:
            update = self.store.save_update(
                activity_id,
                period_id,
                text,
                author=self.author,
                status=status,
                expected_version=base_version,
                source="tui",
            )
            assert self.loaded is not None
            fresh = read_saved(self.store, self.loaded.plan.id, period_id, activity_id)
        except UpdateConflict as exc:
            self.post_message(self.SaveConflicted(text, status, exc.current))
            return
        except Exception as exc:  # noqa: BLE001 - the text stays in the editor and the draft
            self.post_message(self.Failed(f"could not save: {exc}"))
            return
        self.post_message(self.Saved(update, fresh))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        update = message.update
        activity = self._activity(update.activity_id)
        self.drafts.pop((update.activity_id, update.period_id), None)
        self._drafts_changed()
        if update.version == 1 and self.loaded is not None:
            # A first update for the period: the period picker's count grows by one.
            self.loaded.periods = [
                replace(p, update_count=p.update_count + 1) if p.id == update.period_id else p
                for p in self.loaded.periods
            ]
        if activity is not None:
            activity.refresh_from(message.activity)
            self.plan_tree.refresh_activity(activity)
        self.notify(f"Saved {self.display_name(update.activity_id)} (v{update.version}).")
        self._finish_editing()
        self._update_header()
        if self._quit_after_save:
            self.app.exit()

    @work(thread=True, group="reread")
    def reread_activity(self, activity_id: int, period_id: int) -> None:
        """Read one activity again (its update changed elsewhere)."""
        assert self.loaded is not None
        try:
            fresh = read_saved(self.store, self.loaded.plan.id, period_id, activity_id)
        except StoreError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Reread(fresh))

    @on(Reread)
    def _reread(self, message: Reread) -> None:
        activity = self._activity(message.activity.id)
        if activity is None:
            return
        activity.refresh_from(message.activity)
        self.plan_tree.refresh_activity(activity)
        self._update_header()
        self._show_selection()

    @on(SaveConflicted)
    def _conflicted(self, message: SaveConflicted) -> None:
        self._quit_after_save = False
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
                self.discard_draft(session.activity.id, session.period_id)
                self.drafts.pop((session.activity.id, session.period_id), None)
                self._drafts_changed()
                self._finish_editing()
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

    def _finish_editing(self) -> None:
        self.editor.session = None
        self._show_selection()
        self.plan_tree.focus()
        self.refresh_bindings()

    def action_escape(self) -> None:
        """Leave the editor (asking about unsaved text), or clear the search."""
        search = self.query_one("#search", Input)
        if search.has_focus or (search.display and not self.editor.editing):
            self._clear_search()
            return
        if not self.editor.editing:
            return
        if not self.editor.dirty:
            self._finish_editing()
            return
        session = self.editor.session
        assert session is not None

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
            elif answer == "discard":
                self.discard_draft(session.activity.id, session.period_id)
                self.drafts.pop((session.activity.id, session.period_id), None)
                self._drafts_changed()
                self._finish_editing()

        self.app.push_screen(
            ChoiceDialog(
                "This update has unsaved changes.",
                [("s", "Save", "save"), ("d", "Discard", "discard"), ("k", "Keep editing", "keep")],
            ),
            answered,
        )

    def confirm_quit(self) -> None:
        """Quit, asking first when the editor holds unsaved changes."""
        if not self.editor.dirty:
            self.app.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self._quit_after_save = True
                self.action_save()
            elif answer == "quit":
                # Keep the very last words typed (the pause timer may not have fired yet);
                # the app closes once the draft is written, and offers it back next time.
                draft = self._draft_of_editor()
                if draft is None:
                    self.app.exit()
                else:
                    self.keep_draft(draft, then_exit=True)

        self.app.push_screen(
            ChoiceDialog(
                "The update you are editing has unsaved changes.",
                [
                    ("s", "Save and quit", "save"),
                    ("d", "Quit, keep as draft", "quit"),
                    ("c", "Cancel", "cancel"),
                ],
            ),
            answered,
        )

    # --------------------------------------------------------------- finding

    def action_search(self) -> None:
        """Show the search box."""
        if self.editor.editing:
            self.notify("Finish editing first (ctrl+s to save, escape to leave).")
            return
        search = self.query_one("#search", Input)
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
        if self.loaded is None:
            return
        ids = self.store.search(self.loaded.plan.id, self.loaded.period.id, query)
        self.post_message(self.Searched(query, ids))

    @on(Searched)
    def _searched(self, message: Searched) -> None:
        search = self.query_one("#search", Input)
        if search.display and message.query.strip() != search.value.strip():
            return  # an answer to an earlier keystroke, overtaken by a newer query
        self.search_query = message.query.strip()
        self.search_ids = message.ids if self.search_query else None
        self._rebuild_tree()
        self._update_header(recount=False)

    def _clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.search_query = ""
        self.search_ids = None
        self._rebuild_tree()
        self._update_header(recount=False)
        self.plan_tree.focus()

    def action_toggle_flagged(self) -> None:
        """Show only flagged items, or everything again."""
        if self.editor.editing or not self._reviewed_yet(self.action_toggle_flagged):
            return
        self.flagged_only = not self.flagged_only
        self._rebuild_tree()
        self._update_header(recount=False)
        if self.flagged_only and self.plan_tree.root.children == []:
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

    def action_review(self) -> None:
        """Step through the open flags one by one (review mode)."""
        if self.loaded is None or self._not_while_editing():
            return
        if not self._reviewed_yet(self.action_review):
            return
        items = [
            ReviewItem(o, c, a)
            for o in self.loaded.snapshot.objectives
            for c in o.commitments
            for a in c.activities
            if a.open_flags
        ]
        if not items:
            self.notify("No open flags in this period.")
            return

        def done(activity_id: int | None) -> None:
            for item in items:
                self.plan_tree.refresh_activity(item.activity)
            self._update_header()
            self._show_selection()
            if activity_id is not None and self.plan_tree.select_activity(activity_id):
                self.action_edit()

        self.app.push_screen(
            ReviewScreen(
                self.store,
                self.author,
                self.loaded.plan.id,
                self.loaded.period.id,
                self.loaded.period.label,
                items,
            ),
            done,
        )

    def action_next_flagged(self) -> None:
        """Move to the next flagged activity (wrapping around)."""
        if self._reviewed_yet(self.action_next_flagged):
            self._step_flagged(1)

    def action_previous_flagged(self) -> None:
        """Move to the previous flagged activity (wrapping around)."""
        if self._reviewed_yet(self.action_previous_flagged):
            self._step_flagged(-1)

    # --------------------------------------------------------------- plan and period

    def _not_while_editing(self) -> bool:
        if self.editor.editing:
            self.notify("Finish editing first (ctrl+s to save, escape to leave).")
            return True
        return False

    def action_choose_period(self) -> None:
        """Pick another reporting period of this plan."""
        if self.loaded is None or self._not_while_editing():
            return
        items = [(p.id, f"{p.label}   ({p.update_count} updates)") for p in self.loaded.periods]

        def chosen(period_id: int | None) -> None:
            if period_id is not None and period_id != self.period_id:
                self.load(self.plan_id, period_id)

        self.app.push_screen(PickerDialog("Period", items, self.period_id), chosen)

    def action_choose_plan(self) -> None:
        """Pick another plan."""
        if self.loaded is None or self._not_while_editing():
            return
        items = [(p.id, f"{p.title}   ({p.activity_count} activities)") for p in self.loaded.plans]

        def chosen(plan_id: int | None) -> None:
            if plan_id is not None and plan_id != self.plan_id:
                self.load(plan_id, None)

        self.app.push_screen(PickerDialog("Plan", items, self.plan_id), chosen)

    # --------------------------------------------------------------- export, history, help

    def action_export(self) -> None:
        """Write what is in view (filters included) to a Markdown file; ask before replacing."""
        from plandesk.exports.writing import is_stream, suggested_name

        if self.loaded is None:
            return
        # The name says what the file holds: the plan, the period, and the filter in view.
        name = suggested_name(
            self.loaded.plan.title,
            self.loaded.period.label,
            "flagged" if self.flagged_only else "",
            f"search {self.search_query}" if self.search_query else "",
        )

        def write(path: Path) -> None:
            if self._reviewed_yet(lambda: self.export(path)):
                self.export(path)

        def confirmed(path: Path, answer: str | None) -> None:
            if answer == "overwrite":
                write(path)
            else:
                self.notify("Not exported: the file was left as it was.", timeout=3)

        def chosen(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer).expanduser()
            if (path.exists() or path.is_symlink()) and not is_stream(path):
                self.app.push_screen(
                    ChoiceDialog(
                        f"{path} exists already. Replace it with this export?",
                        [("o", "Overwrite", "overwrite"), ("c", "Cancel", "cancel")],
                    ),
                    lambda choice: confirmed(path, choice),
                )
            else:
                write(path)

        self.app.push_screen(
            PromptDialog(
                "Export what is in view to:",
                str(Path.cwd() / name),
                "enter write · escape cancel",
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="export")
    def export(self, path: Path) -> None:
        """Render what is in view (the filters applied) and write the Markdown."""
        from datetime import date

        from plandesk.exports import ExportOptions, render_markdown
        from plandesk.exports.writing import write_atomically

        assert self.loaded is not None
        snapshot = self.loaded.snapshot
        view = None
        visible = self._visible()
        if visible is not None:
            # Exactly what the tree shows: acknowledged flags are not in the flagged view.
            snapshot = snapshot.restricted_to(visible)
        if self.search_ids is not None:
            view = f"activities matching “{self.search_query}”"
        options = ExportOptions(
            generated_on=date.today(),
            only="stalled" if self.flagged_only else None,
            view=view,
        )
        text = render_markdown(snapshot, list(self.loaded.bodies.values()), options)
        try:
            write_atomically(path, text)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.post_message(self.Failed(f"could not write {path}: {reason}"))
            return
        self.app.call_from_thread(self.notify, f"Exported to {path}")

    def action_history(self) -> None:
        """Show the selected activity's revisions."""
        activity = self.selected_activity()
        if activity is None:
            self.notify("Select an activity to see its history.", severity="warning")
            return
        self.load_history(activity)

    @work(thread=True, exclusive=True, group="history")
    def load_history(self, activity: ActivityView) -> None:
        """Read the revisions."""
        revisions = self.store.history(activity.id)
        self.post_message(self.HistoryLoaded(self.display_name(activity.id), revisions))

    @on(HistoryLoaded)
    def _history_loaded(self, message: HistoryLoaded) -> None:
        self.app.push_screen(HistoryDialog(message.title, message.revisions))

    def action_help(self) -> None:
        """Show every key."""
        self.app.push_screen(HelpScreen())

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._quit_after_save = False
        self.notify(message.text, severity="error", timeout=8)
        if self.editor.editing:
            self.editor.set_state("not saved — your text is still here (and kept as a draft)")
