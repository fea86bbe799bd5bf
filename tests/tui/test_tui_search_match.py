"""Search lands on the match and counts them; no match says so; taking a filter off keeps the
tree as it was (issue 14, item 1)."""

from __future__ import annotations

from plandesk.core.plan import ActivityView, CommitmentView
from tests.tui.helpers import (
    SIZE,
    make_test_app,
    node_for_commitment,
    plan_screen,
    settle,
    snapshot_of,
    static_text,
)


async def test_enter_puts_the_cursor_on_the_first_match_and_the_header_counts_them(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    found = plan_store.search(plan.id, period.id, "victims board")
    first = next(a for a in snapshot.activities() if a.id in found)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"victims board", "enter")
        await settle(pilot)
        assert app.focused is screen.plan_tree
        assert screen.selected_activity() is not None
        assert screen.selected_activity().id == first.id
        assert f"({len(found)} matches)" in app.sub_title
        await pilot.press("escape")
        await settle(pilot)
        assert "match" not in app.sub_title


async def test_a_ref_found_is_selected_with_one_match(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"A2.2", "enter")
        await settle(pilot)
        assert screen.selected_activity().ref == "A2.2"
        assert "(1 match)" in app.sub_title
        # The search line says it too (an 80-column header may cut it).
        assert str(screen.search_box.border_subtitle) == "1 match"


async def test_no_match_says_so_in_the_details(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"zzqqxx", "enter")
        await settle(pilot)
        detail = static_text(screen.detail.query_one("#detail-body"))
        assert "No match for “zzqqxx”" in detail
        assert "Select an item" not in detail
        assert "(0 matches)" in app.sub_title


async def test_leaving_the_flagged_view_keeps_the_open_nodes_and_the_cursor(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        # Open the second objective and its commitment B2, and leave the cursor on B2.
        second = tree.root.children[1]
        tree.move_cursor(second)
        await pilot.press("right")
        b2 = next(n for n in second.children if n.data.ref == "B2")
        tree.move_cursor(b2)
        await pilot.press("right")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert screen.view.flagged_only
        await pilot.press("right_square_bracket")
        flagged = screen.selected()
        assert isinstance(flagged, ActivityView)
        await pilot.press("s")
        await settle(pilot)
        assert not screen.view.flagged_only
        assert tree.root.children[1].is_expanded
        assert node_for_commitment(screen, "B2").is_expanded
        # The cursor stays on the flagged activity it was on, in the tree as it was.
        assert screen.selected().id == flagged.id


async def test_the_cursor_on_a_commitment_stays_there_when_a_filter_ends(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        tree = screen.plan_tree
        await pilot.press("right", "down")
        await settle(pilot)
        assert isinstance(screen.selected(), CommitmentView)
        ref = screen.selected().ref
        await pilot.press("slash", *"zzqqxx")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(screen.selected(), CommitmentView)
        assert screen.selected().ref == ref
        assert tree.root.children[0].is_expanded
