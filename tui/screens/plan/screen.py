"""The review screen: the plan tree on the left, details and this period's update on the right.

Every store call runs in a thread worker and comes back as a past-tense message (see
`messages.py`); widgets change only in the message handlers. The screen is built from parts:
editing, drafts, browsing and export each live in their own module; what the screen holds is
a plain `PlanView`.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Tree
from textual.worker import get_current_worker

from plandesk.core.plan import ActivityView
from plandesk.store.errors import PlandeskError, StoreError
from plandesk.store.first_screen import FirstScreen
from plandesk.tui.keys import bindings, palette_commands
from plandesk.tui.memory import freeze_loaded, thaw
from plandesk.tui.screens.plan.acknowledging import AcknowledgingPart
from plandesk.tui.screens.plan.boards import BoardsPart
from plandesk.tui.screens.plan.browsing import BrowsingPart
from plandesk.tui.screens.plan.chasing import ChasingPart
from plandesk.tui.screens.plan.drafts import DraftsPart
from plandesk.tui.screens.plan.editing import EditingPart
from plandesk.tui.screens.plan.exporting import ExportPart
from plandesk.tui.screens.plan.first_paint import FirstPaintPart
from plandesk.tui.screens.plan.layout import EditLayout, LayoutPart
from plandesk.tui.screens.plan.linking import LinkingPart
from plandesk.tui.screens.plan.messages import Failed, Reloaded, Reviewed
from plandesk.tui.screens.plan.period_closing import ClosingPart
from plandesk.tui.screens.plan.plan_changes import PlanChangesPart
from plandesk.tui.screens.plan.quitting import QuittingPart
from plandesk.tui.screens.plan.remembering import RememberingPart, recalled_place
from plandesk.tui.screens.plan.retiring import RetiringPart
from plandesk.tui.screens.plan.reviewing import ReviewPart
from plandesk.tui.screens.plan.setting_status import StatusPart
from plandesk.tui.screens.plan.state import (
    Loaded,
    PlanView,
    RulesProblem,
    reviews_without_rules,
)
from plandesk.tui.widgets.detail_pane import DetailPane
from plandesk.tui.widgets.key_footer import KeyFooter
from plandesk.tui.widgets.plan_tree import NodeData, PlanTree
from plandesk.tui.widgets.previous_update import PreviousUpdate
from plandesk.tui.widgets.title_bar import TitleBar
from plandesk.tui.widgets.update_editor import UpdateEditor

__all__ = ["PlanScreen"]


class PlanScreen(
    LayoutPart,
    EditingPart,
    QuittingPart,
    StatusPart,
    AcknowledgingPart,
    ReviewPart,
    RememberingPart,
    DraftsPart,
    BrowsingPart,
    LinkingPart,
    ExportPart,
    ChasingPart,
    BoardsPart,
    ClosingPart,
    PlanChangesPart,
    RetiringPart,
    FirstPaintPart,
):
    """Browse the plan and edit this period's updates.

    The store and the author are the app's (`self.app.store`, `self.app.author`).
    """

    # Its CSS (`screen.tcss`) is the app's (`PlanDeskApp.CSS_PATH`): Textual reads a screen's
    # own CSS only for screens pushed, and after a fast start this one is the first screen.
    # Focused as the screen starts, before its first frame (a later `focus()` would draw the
    # tree a second time, as focused).
    AUTO_FOCUS = "#tree"

    BINDINGS: ClassVar[list[BindingType]] = bindings()
    # The command palette's entries: (title, help, action).
    COMMANDS_LIST: ClassVar[list[tuple[str, str, str]]] = palette_commands()

    def __init__(
        self,
        *,
        plan_id: int | None = None,
        period_id: int | None = None,
        restore_place: bool = False,
        first: FirstScreen | None = None,
    ) -> None:
        super().__init__()
        self.view = PlanView(plan_id, period_id)
        # Shown at once, before the store is even open (start-up's fast path).
        self.first = first
        self._editor: UpdateEditor | None = None
        # Open at the officer's last place (the first load only).
        self._restore_place = restore_place

    # --------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        # A fast start's first screen on an objective shows no update: the editor's parts are
        # built just after it is drawn (`FirstPaintPart.after_first_frame`).
        self._editor = UpdateEditor(
            draft_delay=self.app.draft_delay,
            id="editor",
            build=self.first is None or self.first.select is not None,
        )
        title_bar = TitleBar(id="title-bar")
        if self.first is not None:
            self.show_first_header(title_bar)  # in the first layout, not a refresh later
        yield title_bar
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="search refs and text…", id="search")
                yield PlanTree(id="tree")
            with Vertical(id="right"):
                yield DetailPane(id="detail")
                with Vertical(id="edit-area"):
                    yield PreviousUpdate(id="previous")
                    yield self._editor
        yield KeyFooter()

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

    @property
    def previous_pane(self) -> PreviousUpdate:
        """The previous period's update, shown while editing."""
        return self.query_one(PreviousUpdate)

    @property
    def edit_area(self) -> Vertical:
        """The previous update and the editor, side by side or stacked."""
        return self.query_one("#edit-area", Vertical)

    @property
    def search_box(self) -> Input:
        """The search box (hidden until `/`)."""
        return self.query_one("#search", Input)

    # Keys that still mean something while the update is being edited.
    EDITING_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"save", "escape", "edit_external", "set_status", "toggle_previous"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While editing, only save / leave / $EDITOR / status (and, in a small terminal, the
        previous update) apply; the footer follows."""
        # Called for every binding on every refresh: no DOM query here.
        editor = self._editor
        if action == "toggle_previous":
            return editor is not None and editor.editing and self.layout_now is EditLayout.IN_TURN
        if editor is not None and editor.editing:
            return action in self.EDITING_ACTIONS
        if action == "save":
            return None  # shown greyed out: nothing to save yet
        return True

    def on_unmount(self) -> None:
        thaw()

    def on_mount(self) -> None:
        self.search_box.display = False
        self.previous_pane.display = False
        self.arrange_columns()
        self.plan_tree.focus()
        if self.first is not None:
            self.show_first()
            self.load_when_drawn()
            return
        self.load(self.view.plan_id, self.view.period_id)

    # --------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="load")
    def load(self, plan_id: int | None, period_id: int | None) -> None:
        """Read a plan and period (default: the latest) and everything the screen shows."""
        try:
            store = self.app.store  # opened here after a fast start
        except PlandeskError as exc:
            self.app.call_from_thread(self.app.could_not_open, exc)
            return
        select = None
        if self._restore_place:
            self._restore_place = False
            place = recalled_place(store, self.app.author)
            if place is not None and plan_id is None and period_id is None:
                plan_id, period_id, select = place.plan, place.period, place.activity
        try:
            # Each list read once: the defaults are their first plan and last period.
            plans = store.plans()
            plan = next((p for p in plans if p.id == plan_id), None) or (
                plans[0] if plans else store.resolve_plan()
            )
            periods = store.periods(plan.id)
            period = next((p for p in periods if p.id == period_id), None)
            if period is None:
                select = None
                period = periods[-1] if periods else store.resolve_period(plan.id)
            # The tree is shown first; the stall rules (most of the cost on a big plan) follow.
            snapshot = store.snapshot(plan.id, period.id, review=False)
            bodies = {b.name: b for b in store.oversight(plan.id)}
            everywhere = store.all_drafts(self.app.author)
            drafts = [e.draft for e in everywhere if e.plan_id == plan.id]
        except StoreError as exc:
            self.post_message(Failed(str(exc)))
            return
        shown = threading.Event()
        self.post_message(
            Reloaded(
                Loaded(plans, plan, periods, period, snapshot, bodies, drafts, everywhere),
                shown,
                select,
            )
        )
        # Running the rules while the tree is first drawn would halve the speed of both (one
        # interpreter lock): they start once it is on screen, or after a second at the latest.
        shown.wait(timeout=1.0)
        if get_current_worker().is_cancelled:
            return
        problem = None
        try:
            reviews = store.review(snapshot)
        except StoreError as exc:
            # Never left "checking flags…": the plan is usable without them.
            problem = RulesProblem(str(exc), getattr(exc, "where", None))
            reviews = reviews_without_rules(snapshot)
        if not get_current_worker().is_cancelled:
            self.post_message(Reviewed(snapshot, reviews, problem))

    @on(Reviewed)
    def _reviewed(self, message: Reviewed) -> None:
        view = self.view
        if view.loaded is None or view.loaded.snapshot is not message.snapshot:
            return  # another plan or period was loaded meanwhile
        message.snapshot.apply_reviews(message.reviews)
        if message.problem is not None and message.problem != view.rules_problem:
            # Said once, as plain text: it quotes the file.
            self.notify(
                f"{message.problem.message}\nNo flags are shown until it is fixed.",
                severity="error",
                timeout=15,
                markup=False,
            )
        view.rules_problem = message.problem
        if view.flagged_only:
            self.rebuild_tree()
        else:
            self.plan_tree.refresh_labels()
            if self.editor.editing:
                self.detail.show(self.selected())
                self.show_previous_of_editor()
            else:
                self.show_selection()
        self.update_header()
        waiting, view.waiting_for_flags = view.waiting_for_flags, []
        for action in waiting:
            action()
        # The load is complete (plan, then flags): what it made lives as long as it is shown.
        freeze_loaded()

    @on(Reloaded)
    def _reloaded(self, message: Reloaded) -> None:
        loaded = message.loaded
        view = self.view
        view.take(loaded)
        was_first, self.first = self.first is not None, None
        if message.shown is not None:
            self.call_after_refresh(message.shown.set)
        self.detail.snapshot = loaded.snapshot
        self.detail.bodies = loaded.bodies
        view.search_ids = None if not view.search_query else view.search_ids
        self.drafts_changed()
        self.rebuild_tree(select=view.pending_edit or message.select)
        self.update_header()
        if view.pending_edit is not None:
            activity_id, view.pending_edit = view.pending_edit, None
            if self.plan_tree.select_activity(activity_id):
                self.action_edit()
        elif not view.offered_drafts:
            self.offer_drafts(loaded.everywhere)
        view.offered_drafts = True
        self.remember_place_soon()
        if view.search_query:
            # The old plan's matches mean nothing here: search again with what is typed.
            view.search_ids = None
            self.run_search(self.search_box.value)
        if was_first:
            self.call_after_refresh(getattr(self.app, "release_keys", lambda: None))

    def rebuild_tree(self, select: int | None = None) -> None:
        """Fill the tree again with what the filters let through, keeping the selection."""
        if self.view.loaded is None:
            return
        current = self.selected()
        self.plan_tree.show_snapshot(
            self.view.loaded.snapshot,
            self.view.visible(),
            select_activity=select,
            keep=current,
            first_match=self.view.search_ids is not None,
        )
        self.show_selection()

    def update_header(self, *, recount: bool = True) -> None:
        """Title and counts; `recount=False` when only the filters changed, not the data."""
        if self.view.loaded is None:
            return
        self.app.title, self.app.sub_title = self.view.header(
            recount=recount, shown=self.plan_tree.shown_count()
        )
        plan, period = self.view.title_parts()
        self.query_one(TitleBar).show(plan, self.app.sub_title, keep=period)

    # --------------------------------------------------------------- selection

    def selected(self) -> NodeData | None:
        """The data under the tree cursor."""
        node = self.plan_tree.cursor_node
        return node.data if node is not None else None

    def selected_activity(self) -> ActivityView | None:
        """The activity under the cursor, if the cursor is on one."""
        data = self.selected()
        return data if isinstance(data, ActivityView) else None

    @on(Tree.NodeHighlighted, "#tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        if not self.editor.editing:
            self.show_selection()
        self.remember_place_soon()

    @on(Tree.NodeSelected, "#tree")
    def _selected(self, event: Tree.NodeSelected) -> None:
        if isinstance(event.node.data, ActivityView):
            self.action_edit()
        else:
            self.plan_tree.action_toggle_expand()

    def show_selection(self) -> None:
        """Show the selected item's details, and its update when it is an activity."""
        data = self.selected()
        if self.show_first_selection(data):
            return
        self.detail.show(data, self.view.nothing_shown())
        period = self.view.period.label if self.view.period else ""
        is_activity = isinstance(data, ActivityView)
        # Objectives and commitments have no update of their own: their summary gets the room.
        # Set only when it changes: Textual lays the screen out again at every assignment.
        for widget in (self.editor, self.edit_area):
            if widget.display != is_activity:
                widget.display = is_activity
        self.editor.show(data if is_activity else None, period)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.view.quit_after_save = False
        self.notify(message.text, severity="error", timeout=8)
        if self.editor.editing:
            self.editor.set_state("not saved — your text is still here (and kept as a draft)")
