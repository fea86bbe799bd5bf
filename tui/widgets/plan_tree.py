"""The plan as a tree: objectives › commitments › activities, children added on expand."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView, PlanSnapshot
from plandesk.core.statuses import AT_RISK, STALLED
from plandesk.core.text import printable, shorten
from plandesk.tui.marks import is_flagged, mark_of

__all__ = ["PlanTree", "NodeData"]

NodeData = ObjectiveView | CommitmentView | ActivityView

# The cells a label may take before the tree knows its width; once it does, labels are cut
# to the room the tree has (at every resize), never before.
LABEL_WIDTH = 72
MIN_LABEL_WIDTH = 12
# A filtered tree opens its nodes only while they add up to about this many lines: a search
# that matches thousands of activities shows at once, and the rest open on → like any node.
FILTERED_LINES = 100
# Activities are the tree's third level (objectives are its first, at depth 0).
LEAF_DEPTH = 2


def _short(text: str, width: int) -> str:
    # Bullets read as spaces. Labels are Rich Text (never parsed as markup); a control
    # character is shown, not sent.
    return printable(shorten(text.replace("•", " "), max(width, MIN_LABEL_WIDTH // 2)))


DRAFT_MARK = "✎"
WARNING_STATUSES = frozenset({AT_RISK, STALLED})
SUGGESTED_MARK = "?"


def activity_label(activity: ActivityView, drafted: bool = False, width: int = LABEL_WIDTH) -> Text:
    """`● A1.2 Conduct a victims' needs assessment…` with the mark coloured; `●✎ A1.2 …` when
    the officer has an unsaved draft of its update; `width` cells at most."""
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
    label.append(_short(text or "(no activity text)", width - label.cell_len))
    return label


def commitment_label(commitment: CommitmentView, width: int = LABEL_WIDTH) -> Text:
    """`B2 ⚑2 Ensuring officers…`: the ref, how many of its activities are flagged (all of
    them, whatever a filter shows, as the details and the exports count), the title."""
    label = Text()
    label.append(printable(commitment.ref), style="bold")
    flagged = sum(1 for a in commitment.activities if is_flagged(a))
    if flagged:
        label.append(f" ⚑{flagged}", style="red")
    label.append(" ")
    label.append(_short(commitment.title, width - label.cell_len))
    return label


def objective_label(objective: ObjectiveView, width: int = LABEL_WIDTH) -> Text:
    """The objective's title in bold."""
    return Text(_short(objective.title, width), style="bold")


def _key(data: NodeData | None) -> tuple[str, int]:
    """A node's identity across rebuilds of the tree (its data is a new object each load)."""
    if data is None:
        return ("", 0)
    return (type(data).__name__, data.id)


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
        self._labelled_width = 0  # the width the labels were cut for
        # The nodes open in the whole tree, opened again when a filter is taken off.
        self._opened: set[tuple[str, int]] = set()
        self._cursor_before: NodeData | None = None

    def get_label_width(self, node: TreeNode[NodeData]) -> int:
        # What `render_label` draws (the expand icon, then the label) measured without building
        # a styled copy: Textual measures every line whenever lines are added (an objective of
        # a thousand commitments opened at start-up took tens of milliseconds).
        if not node.allow_expand:
            return node.label.cell_len
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        return cell_len(icon) + node.label.cell_len

    # --------------------------------------------------------------- filling

    def show_snapshot(
        self,
        snapshot: PlanSnapshot,
        visible: Callable[[ActivityView], bool] | None = None,
        *,
        select_activity: int | None = None,
        keep: NodeData | None = None,
        first_match: bool = False,
    ) -> None:
        """Show `snapshot`; with `visible`, only matching activities, their parents expanded,
        the cursor (with `first_match`) on the first match. The whole tree opens again the
        nodes it had open before a filter; the cursor goes to `select_activity` or `keep`."""
        if self._visible is None and self._snapshot is not None:
            self._opened = {_key(n.data) for n in self.iter_nodes() if n.is_expanded}
            self._cursor_before = self.cursor_node.data if self.cursor_node else None
        if visible is None and not isinstance(keep, ActivityView):
            # Off a filter with the cursor on no activity: back where it was before it.
            keep = self._cursor_before
        self._snapshot = snapshot
        self._visible = visible
        self._shown.clear()
        self.clear()
        for objective in snapshot.objectives:
            if visible is not None and not any(self._activities(c) for c in objective.commitments):
                continue
            self.root.add(objective_label(objective, self._room(0)), objective, expand=False)
        if visible is not None:
            self._open_matches()
        else:
            self._reopen()
        if select_activity is not None and self.select_activity(select_activity):
            return
        # In a filtered tree only an activity keeps the cursor: the first match is what the
        # officer is looking for, not the objective the cursor happened to be on.
        if keep is not None and (visible is None or isinstance(keep, ActivityView)):
            if self._select_node(keep):
                return
        if visible is not None and first_match:
            first = next(iter(self.activity_order()), None)
            if first is not None and self.select_activity(first.id):
                return
        # Not move_cursor_to_line(0): it does nothing when the cursor was already on line 0,
        # which would leave the cursor on a node of the tree that was just cleared.
        self.move_cursor(self.get_node_at_line(0))

    def _reopen(self) -> None:
        """Open again the objectives and commitments that were open in the whole tree."""
        opened = self._opened
        if not opened:
            return
        for objective_node in self.root.children:
            if _key(objective_node.data) not in opened:
                continue
            self._fill(objective_node)
            objective_node.expand()
            for commitment_node in objective_node.children:
                if _key(commitment_node.data) in opened:
                    self._fill(commitment_node)
                    commitment_node.expand()

    def _select_node(self, data: NodeData) -> bool:
        """Put the cursor on an objective's or commitment's node, if the tree shows it."""
        if isinstance(data, ActivityView):
            return self.select_activity(data.id)
        wanted = _key(data)
        for node in self.iter_nodes():
            if _key(node.data) == wanted:
                self.get_node_at_line(0)  # number the lines of nodes just added
                if node.line < 0:
                    return False  # under a closed node
                self.move_cursor(node)
                self.scroll_to_node(node, animate=False)
                return True
        return False

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
                node.add(commitment_label(commitment, self._room(1)), commitment)
        elif isinstance(data, CommitmentView):
            for activity in self._activities(data):
                node.add_leaf(self._activity_label(activity), activity)

    def _room(self, depth: int) -> int:
        """The cells a label at this depth may take: what the tree's width leaves after the
        guides and (for objectives and commitments) the expand icon."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return LABEL_WIDTH
        icon = 2 if depth < LEAF_DEPTH else 0
        return max(MIN_LABEL_WIDTH, width - self.guide_depth * depth - icon)

    def _activity_label(self, activity: ActivityView) -> Text:
        return activity_label(activity, activity.id in self._drafted, self._room(LEAF_DEPTH))

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._labelled_width:
            self._labelled_width = event.size.width
            self.refresh_labels()

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

    def shown_count(self) -> int | None:
        """How many activities a filtered tree holds (None: no filter, all of them)."""
        if self._visible is None or self._snapshot is None:
            return None
        return len(self.activity_order())

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
                node.set_label(self._activity_label(activity))
                parent = node.parent
                if parent is not None and isinstance(parent.data, CommitmentView):
                    commitment = parent.data
                    self._shown.pop(commitment.id, None)  # its flags may have changed
                    parent.set_label(commitment_label(commitment, self._room(1)))

    def refresh_labels(self) -> None:
        """Redraw every label already in the tree (the flags became known)."""
        self._shown.clear()
        for node in self.iter_nodes():
            data = node.data
            if isinstance(data, ActivityView):
                node.set_label(self._activity_label(data))
            elif isinstance(data, CommitmentView):
                node.set_label(commitment_label(data, self._room(1)))
            elif isinstance(data, ObjectiveView):
                node.set_label(objective_label(data, self._room(0)))

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
                node.set_label(self._activity_label(data))

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
