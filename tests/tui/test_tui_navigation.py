"""Moving in the plan tree: j/k/arrows, g/G, lazy expand and collapse, enter."""

from __future__ import annotations

from textual.widgets import Tree

from plandesk.core.plan import ActivityView, CommitmentView, ObjectiveView
from plandesk.tui.marks import Mark
from tests.tui.helpers import (
    SIZE,
    label_text,
    make_test_app,
    plan_screen,
    settle,
    snapshot_of,
    static_text,
    visible_lines,
    wait_until,
)


def cursor_data(screen):
    node = screen.plan_tree.cursor_node
    assert node is not None, "nothing is selected in the tree"
    return node.data


async def test_j_k_and_arrows_move_the_cursor(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    objectives = snapshot.objectives
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert cursor_data(screen).id == objectives[0].id
        await pilot.press("j")
        assert cursor_data(screen).id == objectives[1].id
        await pilot.press("down")
        assert cursor_data(screen).id == objectives[2].id
        await pilot.press("k")
        assert cursor_data(screen).id == objectives[1].id
        await pilot.press("up")
        assert cursor_data(screen).id == objectives[0].id
        # At the top, up stays there.
        await pilot.press("k")
        assert cursor_data(screen).id == objectives[0].id


async def test_moving_the_cursor_shows_the_item_in_the_details(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("j")
        await settle(pilot)
        body = screen.detail.query_one("#detail-body")
        assert "Objective 2" in static_text(body)
        assert snapshot.objectives[1].title in static_text(body)


async def test_g_and_G_go_to_the_top_and_the_bottom(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        # Open the first objective so the bottom is not simply the fourth line.
        await pilot.press("right")
        lines = visible_lines(screen)
        assert len(lines) > 4
        await pilot.press("G")
        assert tree.cursor_line == len(lines) - 1
        assert tree.cursor_node is lines[-1]
        await pilot.press("g")
        assert tree.cursor_line == 0
        assert tree.cursor_node is lines[0]


async def test_right_fills_an_objective_lazily_and_left_collapses_it(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    first = snapshot.objectives[0]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        node = tree.cursor_node
        assert isinstance(node.data, ObjectiveView)
        # Lazy: nothing under the objective until it is opened.
        assert len(node.children) == 0
        assert not node.is_expanded

        await pilot.press("right")
        assert node.is_expanded
        assert [c.data.ref for c in node.children] == [c.ref for c in first.commitments]
        assert all(isinstance(c.data, CommitmentView) for c in node.children)
        # The commitments are not filled either until they are opened.
        assert all(len(c.children) == 0 for c in node.children)
        assert tree.cursor_node is node

        # right on an open node goes to its first child.
        await pilot.press("right")
        assert tree.cursor_node is node.children[0]

        # left on a closed child goes to the parent; left again collapses the parent.
        await pilot.press("left")
        assert tree.cursor_node is node
        assert node.is_expanded
        await pilot.press("left")
        assert not node.is_expanded
        assert tree.cursor_node is node
        assert len(visible_lines(screen)) == len(snapshot.objectives)


async def test_right_and_left_on_a_commitment_and_its_activity(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    commitment = snapshot.objectives[0].commitments[2]  # A3: two activities
    assert len(commitment.activities) == 2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        await pilot.press("right", "j", "j", "j")
        assert cursor_data(screen).id == commitment.id
        await pilot.press("right")
        commitment_node = tree.cursor_node
        assert commitment_node.is_expanded
        assert [a.data.id for a in commitment_node.children] == [
            a.id for a in commitment.activities
        ]
        await pilot.press("right")
        assert cursor_data(screen).id == commitment.activities[0].id
        # An activity has no children: right does nothing.
        await pilot.press("right")
        assert cursor_data(screen).id == commitment.activities[0].id
        await pilot.press("left")
        assert tree.cursor_node is commitment_node
        assert commitment_node.is_expanded
        await pilot.press("left")
        assert not commitment_node.is_expanded


async def test_enter_on_a_commitment_toggles_it(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    commitment = snapshot.objectives[0].commitments[0]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("enter")  # on the objective: opens it
        await settle(pilot)
        assert screen.plan_tree.cursor_node.is_expanded
        await pilot.press("j")
        node = screen.plan_tree.cursor_node
        assert node.data.id == commitment.id
        assert len(node.children) == 0

        await pilot.press("enter")
        await settle(pilot)
        assert node.is_expanded
        assert [c.data.id for c in node.children] == [a.id for a in commitment.activities]
        assert not screen.editor.editing

        await pilot.press("enter")
        await settle(pilot)
        assert not node.is_expanded
        assert not screen.editor.editing


async def test_enter_on_an_activity_starts_editing_it(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    activity = snapshot.objectives[0].commitments[0].activities[0]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("right", "j", "right", "j")
        assert isinstance(cursor_data(screen), ActivityView)
        assert cursor_data(screen).id == activity.id
        assert not screen.editor.editing
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.editor.session.activity.id == activity.id
        assert app.focused is screen.editor.text_area
        assert not screen.editor.text_area.read_only


async def test_tree_labels_show_the_mark_ref_and_flag_count(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    a1 = snapshot.objectives[0].commitments[0]  # A1: its one activity has no update
    activity = a1.activities[0]
    assert activity.update is None and activity.open_flags
    a2 = snapshot.objectives[0].commitments[1]
    updated = next(a for a in a2.activities if a.ref == "A2.2")
    assert updated.update is not None and not updated.open_flags
    a2_flagged = sum(1 for a in a2.activities if a.open_flags)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("right", "j", "right")
        lines = visible_lines(screen)
        ref, count, first_word = label_text(lines[1]).split()[:3]
        assert (ref, count[1:], first_word) == (a1.ref, "1", a1.title.split()[0])
        assert label_text(lines[2]) == f"{Mark.NO_UPDATE.symbol} {activity.text}"
        await pilot.press("j", "j", "right")
        lines = visible_lines(screen)
        a2_label = label_text(next(n for n in lines if n.data.id == a2.id))
        if a2_flagged:
            assert a2_label.split()[1][1:] == str(a2_flagged)
        else:
            assert a2_label.split()[1] == a2.title.split()[0]
        a2_2_label = label_text(next(n for n in lines if n.data.id == updated.id))
        assert a2_2_label.startswith(f"{Mark.UPDATED.symbol} A2.2 ")


async def test_the_trees_label_widths_are_textuals_own_measure(plan_store):
    # PlanTree measures a line without drawing its label (an objective of a thousand
    # commitments opened at start-up): the measure must be Textual's, open or shut, leaf or not.
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("right", "down", "right", "down", "right", "down")
        await settle(pilot)
        tree = screen.plan_tree
        nodes = list(tree.iter_nodes())
        assert any(n.is_expanded for n in nodes) and any(not n.allow_expand for n in nodes)
        assert any(n.allow_expand and not n.is_expanded for n in nodes)
        for node in nodes:
            assert tree.get_label_width(node) == Tree.get_label_width(tree, node), label_text(node)
