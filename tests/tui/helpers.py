"""Shared helpers for the Textual Pilot tests of the review TUI (tests/tui/test_*.py).

The samples' plan and period names, the app as the tests build it, ways to wait for the app's
workers without sleeping, and ways to read the tree. Stores come from `tests.factories`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets.tree import TreeNode

from plandesk.core.plan import ActivityView, CommitmentView, PlanSnapshot
from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore
from plandesk.tui.app import PlanDeskApp, make_app
from plandesk.tui.screens.plan import PlanScreen

AUTHOR = "test-officer"
SIZE = (120, 36)
MAX_ROUNDS = 200

PLAN_2020 = "Safer West Mercia Plan 2020"
PLAN_2018 = "Safer West Mercia Plan 2018"
Q2 = "2020/21 Q2"
Q3 = "2020/21 Q3"
PERIOD_2018 = "Jan–May 2018"
Q3_CHANGED_TEXT = "Q3: the victims' strategy went to the board for sign-off."


def add_q3(store: PlanStore) -> None:
    """The 2020 extract again as Q3 (now the latest period), with one Q3 update changed."""
    store.import_documents([read_document(QUARTERLY_EXTRACT, period=Q3)], author="importer")
    plan = store.resolve_plan(PLAN_2020)
    q3 = store.resolve_period(plan.id, Q3)
    activity = store.resolve_activity(plan.id, "A2.2")
    current = store.update_for(activity.id, q3.id)
    store.save_update(
        activity.id,
        q3.id,
        Q3_CHANGED_TEXT,
        author="colleague",
        expected_version=current.version if current else 0,
    )


def make_test_app(store: PlanStore, **kwargs) -> PlanDeskApp:
    """The app as the CLI builds it, but keeping a draft at every change and (unless a test
    asks) not remembering its place, so each test starts at the latest period."""
    kwargs.setdefault("draft_delay", 0)
    kwargs.setdefault("remember_place", False)
    return make_app(store, AUTHOR, **kwargs)


# ------------------------------------------------------------------ waiting


def _busy(app: App) -> bool:
    return any(not worker.is_finished for worker in app.workers)


async def settle(pilot: Pilot, rounds: int = MAX_ROUNDS) -> None:
    """Wait until no worker is running and the messages they posted are handled."""
    app = pilot.app
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not _busy(app):
            await pilot.pause()
            if not _busy(app):
                return
    raise AssertionError("the app's workers never finished")


async def wait_until(pilot: Pilot, predicate: Callable[[], bool], what: str = "") -> None:
    """Let the app run (workers and messages) until `predicate()` holds, a bounded number of
    rounds."""
    for _ in range(MAX_ROUNDS):
        if predicate():
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert predicate(), f"timed out waiting for {what or predicate}"


async def plan_screen(pilot: Pilot) -> PlanScreen:
    """Wait for the plan screen to be pushed and to finish loading."""

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, PlanScreen) and screen.view.loaded is not None

    await wait_until(pilot, ready, "the plan screen to load")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PlanScreen)
    return screen


async def wait_for_screen(pilot: Pilot, kind: type) -> object:
    """Wait for a screen (dialog) of a kind to be on top and mounted, and return it."""

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, kind) and screen.is_mounted and bool(screen.children)

    await wait_until(pilot, ready, kind.__name__)
    await pilot.pause()
    return pilot.app.screen


# ------------------------------------------------------------------ reading the store and tree


def snapshot_of(store: PlanStore, plan: str = PLAN_2020, period: str | None = None):
    """The store's own view of a plan and period (default: latest)."""
    info = store.resolve_plan(plan)
    period_info = store.resolve_period(info.id, period)
    return info, period_info, store.snapshot(info.id, period_info.id)


def activity_by_text(snapshot: PlanSnapshot, commitment_ref: str, text: str) -> ActivityView:
    """The activity of a commitment whose text starts with `text`."""
    for objective in snapshot.objectives:
        for commitment in objective.commitments:
            if commitment.ref != commitment_ref:
                continue
            for activity in commitment.activities:
                if activity.text.startswith(text):
                    return activity
    raise LookupError(f"no activity {text!r} under {commitment_ref}")


def tree_nodes(screen: PlanScreen) -> Iterator[TreeNode]:
    """Every node the tree holds now."""
    return iter(screen.plan_tree.iter_nodes())


def visible_lines(screen: PlanScreen) -> list[TreeNode]:
    """The nodes on the tree's lines (what the officer can see by scrolling)."""
    tree = screen.plan_tree
    nodes = []
    line = 0
    while (node := tree.get_node_at_line(line)) is not None:
        nodes.append(node)
        line += 1
    return nodes


def shown_activity_ids(screen: PlanScreen) -> set[int]:
    """Ids of the activities on the tree's lines."""
    return {n.data.id for n in visible_lines(screen) if isinstance(n.data, ActivityView)}


def node_for_activity(screen: PlanScreen, activity_id: int) -> TreeNode:
    """The tree node of an activity (it must exist already)."""
    for node in tree_nodes(screen):
        if isinstance(node.data, ActivityView) and node.data.id == activity_id:
            return node
    raise LookupError(f"no node for activity {activity_id}")


def node_for_commitment(screen: PlanScreen, ref: str) -> TreeNode:
    """The tree node of a commitment (it must exist already)."""
    for node in tree_nodes(screen):
        if isinstance(node.data, CommitmentView) and node.data.ref == ref:
            return node
    raise LookupError(f"no node for commitment {ref}")


def label_text(node: TreeNode) -> str:
    """A tree node's label as plain text."""
    label = node.label
    return label.plain if isinstance(label, Text) else str(label)


def static_text(widget: Static) -> str:
    """What a Static (or Label) shows, as plain text: markup and Rich renderables rendered."""
    content = widget.content
    if isinstance(content, str):
        return Text.from_markup(content).plain
    if isinstance(content, Text):
        return content.plain
    console = Console(file=io.StringIO(), width=200, record=True, color_system=None)
    console.print(content)
    return console.export_text()


async def select_activity(pilot: Pilot, screen: PlanScreen, activity_id: int) -> None:
    """Put the tree cursor on an activity (expanding its parents), as `]` or search would."""
    assert screen.plan_tree.select_activity(activity_id)
    await pilot.pause()
    assert screen.selected_activity() is not None
    assert screen.selected_activity().id == activity_id
