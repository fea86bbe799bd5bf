"""Small and large terminals (issue 14, item 3): at 80×24 the header keeps the period; at
200×50 the tree's labels use the room there is."""

from __future__ import annotations

import io

from rich.console import Console

from plandesk.tui.widgets.title_bar import TitleBar
from tests.tui.helpers import (
    Q2,
    label_text,
    make_test_app,
    node_for_commitment,
    plan_screen,
    settle,
    visible_lines,
)


def bar_text(screen) -> str:
    """The title bar as drawn at its own width."""
    bar = screen.query_one(TitleBar)
    console = Console(file=io.StringIO(), width=bar.content_region.width, color_system=None)
    console.print(bar.content)
    return console.file.getvalue()


async def test_an_80_column_header_keeps_the_period_and_the_counts(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await plan_screen(pilot)
        text = bar_text(screen)
        assert Q2 in text
        assert "flagged" in text
        # A search adds to the counts: the period still shows.
        await pilot.press("slash", *"victims board")
        await settle(pilot)
        assert Q2 in bar_text(screen)


async def test_a_200_column_tree_shows_whole_labels(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        for objective_node in list(tree.root.children):
            tree.move_cursor(objective_node)
            await pilot.press("right")
        await settle(pilot)
        assert tree.size.width >= 95  # half of the screen, not two fifths
        room = tree.scrollable_content_region.width
        labels = [label_text(n) for n in visible_lines(screen)]
        # Labels longer than the old cut (72) show whole; only those wider than the tree
        # are cut, and those use the room there is.
        assert any(len(text) > 72 and not text.endswith("…") for text in labels)
        for text in labels:
            if text.endswith("…"):
                assert len(text) >= room - 8, text


async def test_labels_follow_the_tree_s_width_on_resize(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("right")
        await settle(pilot)
        wide = label_text(node_for_commitment(screen, "A1"))
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = label_text(node_for_commitment(screen, "A1"))
        assert len(narrow) < len(wide)
        assert narrow.endswith("…")
        room = screen.plan_tree.scrollable_content_region.width
        # A commitment's label sits after a guide and an icon (4 cells).
        assert len(narrow) + 4 <= room
