"""The plan as a tree: objectives › commitments › activities, children added on expand."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView, PlanSnapshot
from plandesk.core.statuses import AT_RISK, STALLED
from plandesk.core.text import printable, shorten
from plandesk.tui.marks import is_flagged, mark_of

__all__ = ["PlanTree", "NodeData"]

NodeData = ObjectiveView | CommitmentView | ActivityView

TITLE_WIDTH = 60
# A filtered tree opens its nodes only while they add up to about this many lines: a search
# that matches thousands of activities shows at once, and the rest open on → like any node.
FILTERED_LINES = 100


def _short(text: str, width: int = TITLE_WIDTH) -> str:
    # Bullets read as spaces. Labels are Rich Text (never parsed as markup); a control
    # character is shown, not sent.
    return printable(shorten(text.replace("•", " "), width))


DRAFT_MARK = "✎"
WARNING_STATUSES = frozenset({AT_RISK, STALLED})
SUGGESTED_MARK = "?"


def activity_label(activity: ActivityView, drafted: bool = False) -> Text:
    """`● A1.2 Conduct a victims' needs assessment…` with the mark coloured; `●✎ A1.2 …` when
    the officer has an unsaved draft of its update."""
    mark = mark_of(activity)
    label = Text()
    label.append(mark.symbol, style=mark.style)
    if drafted:
        label.append(DRAFT_MARK, style="magenta")
    label.append(" ")
    if activity.ref:
        label.append(printable(activity.ref), style="bold")
        label.append(" ")
    if activity.status in WARNING_STATUSES:
        # The statuses that count like a flag. The rules' own is a suggestion, written short
        # (`At risk?`) so the activity's text still shows in a narrow tree.
        if activity.status_suggested:
            label.append(f"{activity.status}{SUGGESTED_MARK}", style="italic dim")
        else:
            label.append(activity.status, style="bold yellow")
        label.append(" ")
    text = activity.text or ("(the commitment itself)" if activity.stands_for_commitment else "")
    label.append(_short(text or "(no activity text)"))
    return label


def commitment_label(commitment: CommitmentView, visible: Iterable[ActivityView]) -> Text:
    """`B2 ⚑2 Ensuring officers…`: the ref, how many activities are flagged, the title."""
    label = Text()
    label.append(printable(commitment.ref), style="bold")
    flagged = sum(1 for a in visible if is_flagged(a))
    if flagged:
        label.append(f" ⚑{flagged}", style="red")
    label.append(" ")
    label.append(_short(commitment.title))
    return label


def objective_label(objective: ObjectiveView) -> Text:
    """The objective's title in bold."""
    return Text(printable(objective.title), style="bold")


class PlanTree(Tree[NodeData]):
    """A lazily filled tree of one plan snapshot, optionally filtered to some activities."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("left", "collapse_or_parent", "Collapse", show=False),
        Binding("right", "expand_or_child", "Expand", show=False),
    ]

    DEFAULT_CSS = """
    PlanTree {
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("Plan", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._snapshot: PlanSnapshot | None = None
        self._visible: Callable[[ActivityView], bool] | None = None
        # Each commitment's activities that pass the filter, worked out once per filter.
        self._shown: dict[int, list[ActivityView]] = {}
        self._drafted: frozenset[int] = frozenset()  # activities with a draft of mine

    # --------------------------------------------------------------- filling

    def show_snapshot(
        self,
        snapshot: PlanSnapshot,
        visible: Callable[[ActivityView], bool] | None = None,
        *,
        select_activity: int | None = None,
    ) -> None:
        """Show `snapshot`; with `visible`, only matching activities, their parents expanded."""
        self._snapshot = snapshot
        self._visible = visible
        self._shown.clear()
        self.clear()
        for objective in snapshot.objectives:
            if visible is not None and not any(self._activities(c) for c in objective.commitments):
                continue
            self.root.add(objective_label(objective), objective, expand=False)
        if visible is not None:
            self._open_matches()
        if select_activity is not None and self.select_activity(select_activity):
            return
        # Not move_cursor_to_line(0): it does nothing when the cursor was already on line 0,
        # which would leave the cursor on a node of the tree that was just cleared.
        self.move_cursor(self.get_node_at_line(0))

    def _open_matches(self) -> None:
        """Open the filtered tree's nodes in order while they fit in `FILTERED_LINES`.

        The first objective always opens, so a match is always in sight.
        """
        budget = FILTERED_LINES
        for index, objective_node in enumerate(self.root.children):
            self._fill(objective_node)
            commitments = objective_node.children
            if index and len(commitments) > budget:
                return
            objective_node.expand()
            budget -= len(commitments)
            for commitment_node in commitments:
                assert isinstance(commitment_node.data, CommitmentView)
                count = len(self._activities(commitment_node.data))
                if count > budget:
                    return
                self._fill(commitment_node)
                commitment_node.expand()
                budget -= count

    def _activities(self, commitment: CommitmentView) -> list[ActivityView]:
        if self._visible is None:
            return list(commitment.activities)
        shown = self._shown.get(commitment.id)
        if shown is None:
            shown = [a for a in commitment.activities if self._visible(a)]
            self._shown[commitment.id] = shown
        return shown

    def _fill(self, node: TreeNode[NodeData]) -> None:
        """Add the node's children once, the first time they are needed."""
        if node.children:
            return
        data = node.data
        if isinstance(data, ObjectiveView):
            for commitment in data.commitments:
                activities = self._activities(commitment)
                if self._visible is not None and not activities:
                    continue
                node.add(commitment_label(commitment, activities), commitment)
        elif isinstance(data, CommitmentView):
            for activity in self._activities(data):
                node.add_leaf(activity_label(activity, activity.id in self._drafted), activity)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        self._fill(event.node)

    # --------------------------------------------------------------- finding nodes

    def iter_nodes(self) -> Iterable[TreeNode[NodeData]]:
        """Every node that exists now (lazy children not yet added are not there)."""
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def select_activity(self, activity_id: int) -> bool:
        """Expand down to an activity and put the cursor on it."""
        for objective_node in self.root.children:
            objective = objective_node.data
            assert isinstance(objective, ObjectiveView)
            if not any(a.id == activity_id for c in objective.commitments for a in c.activities):
                continue
            self._fill(objective_node)
            objective_node.expand()
            for commitment_node in objective_node.children:
                commitment = commitment_node.data
                assert isinstance(commitment, CommitmentView)
                if not any(a.id == activity_id for a in commitment.activities):
                    continue
                self._fill(commitment_node)
                commitment_node.expand()
                for leaf in commitment_node.children:
                    if isinstance(leaf.data, ActivityView) and leaf.data.id == activity_id:
                        # Nodes just added have no line number until the tree's lines are
                        # rebuilt; asking for any line rebuilds them now instead of on idle.
                        self.get_node_at_line(0)
                        self.move_cursor(leaf)
                        self.scroll_to_node(leaf, animate=False)
                        return True
        return False

    def activity_order(self) -> list[ActivityView]:
        """Activities in tree order, including those under collapsed nodes."""
        if self._snapshot is None:
            return []
        ordered = []
        for objective_node in self.root.children:
            objective = objective_node.data
            assert isinstance(objective, ObjectiveView)
            for commitment in objective.commitments:
                ordered.extend(self._activities(commitment))
        return ordered

    def refresh_activity(self, activity: ActivityView) -> None:
        """Redraw the labels of an activity and its commitment after its update changed."""
        for node in self.iter_nodes():
            data = node.data
            if isinstance(data, ActivityView) and data.id == activity.id:
                node.data = activity
                node.set_label(activity_label(activity, activity.id in self._drafted))
                parent = node.parent
                if parent is not None and isinstance(parent.data, CommitmentView):
                    commitment = parent.data
                    self._shown.pop(commitment.id, None)  # its flags may have changed
                    parent.set_label(commitment_label(commitment, self._activities(commitment)))

    def refresh_labels(self) -> None:
        """Redraw every label already in the tree (the flags became known)."""
        self._shown.clear()
        for node in self.iter_nodes():
            data = node.data
            if isinstance(data, ActivityView):
                node.set_label(activity_label(data, data.id in self._drafted))
            elif isinstance(data, CommitmentView):
                node.set_label(commitment_label(data, self._activities(data)))

    def set_drafted(self, activity_ids: set[int]) -> None:
        """Mark the activities with a draft (and unmark the others) in the labels shown."""
        drafted = frozenset(activity_ids)
        changed = drafted ^ self._drafted
        self._drafted = drafted
        if not changed:
            return
        for node in self.iter_nodes():
            data = node.data
            if isinstance(data, ActivityView) and data.id in changed:
                node.set_label(activity_label(data, data.id in drafted))

    # --------------------------------------------------------------- keys

    def action_collapse_or_parent(self) -> None:
        """Collapse an open node, otherwise go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand_or_child(self) -> None:
        """Expand a closed node, otherwise go to its first child."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            self._fill(node)
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_toggle_expand(self) -> None:
        """Open or close the node under the cursor."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        self._fill(node)
        node.toggle()
