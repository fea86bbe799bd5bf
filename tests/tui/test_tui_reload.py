"""Switching plan or period refreshes what the details pane shows, not only the tree."""

from __future__ import annotations

from plandesk.core.plan import ObjectiveView
from tests.tui.helpers import (
    SIZE,
    make_test_app,
    plan_screen,
    settle,
    static_text,
)


async def test_switching_plan_with_the_cursor_on_the_first_line_shows_the_new_objective(
    plan_store,
):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert screen.plan_tree.cursor_line == 0
        screen.load(plan_store.resolve_plan("2018").id, None)
        await settle(pilot)
        selected = screen.selected()
        assert isinstance(selected, ObjectiveView)
        assert selected in screen.view.snapshot.objectives
        details = static_text(screen.detail.query_one("#detail-body"))
        # The 2018 plan's first objective: 1.1 and 1.2 are policing, A.1–A.6 the Commissioner's.
        assert "8 commitments (2 policing, 6 Commissioner's), 24 activities." in details
