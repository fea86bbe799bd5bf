"""The board view (`o`) on the real 2018 plan: pick a board, see what it oversees across the
objectives, flagged first, with its purpose and meetings; enter goes to the activity, escape
returns; the 2020 plan has no bodies and says so."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from plandesk.core.boards import board_items
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.keys import help_rows, palette_commands
from plandesk.tui.screens.board_screen import BoardScreen
from plandesk.tui.screens.plan import PlanScreen
from tests.factories import import_samples, open_store
from tests.tui.helpers import (
    PLAN_2018,
    SIZE,
    make_test_app,
    plan_screen,
    settle,
    static_text,
    wait_for_screen,
    wait_until,
)

CRB = "Crime Reduction Board"


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "boards.db")
    import_samples(opened)
    yield opened
    opened.close()


def plan_2018(store):
    plan = store.resolve_plan(PLAN_2018)
    return plan, store.resolve_period(plan.id)


async def open_board(pilot, name: str) -> BoardScreen:
    await plan_screen(pilot)
    await pilot.press("o")
    # The board view opens on the picker of the plan's bodies.
    picker = await wait_for_screen(pilot, PickerDialog)
    board = pilot.app.screen_stack[-2]
    assert isinstance(board, BoardScreen)
    options = picker.query_one(OptionList)
    while not str(options.highlighted_option.prompt).startswith(f"{name} ("):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_until(pilot, lambda: board.items is not None, "the board to be read")
    await settle(pilot)
    return board


async def test_o_shows_what_a_board_oversees_flagged_first(store):
    plan, period = plan_2018(store)
    snapshot = store.snapshot(plan.id, period.id)
    body = store.resolve_body(plan.id, CRB)
    expected = board_items(snapshot, body)
    # The Crime Reduction Board oversees 2.2, 2.3.2, 2.4.1, 2.4.2 and B4 (in plan order).
    assert sorted(i.activity.id for i in expected) == sorted(
        store.resolve_activity(plan.id, ref).id for ref in ("2.2", "2.3.2", "2.4.1", "2.4.2", "B4")
    )
    app = make_test_app(store, plan_id=plan.id)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot, CRB)
        listed = [int(o.id) for o in board.query_one(OptionList).options]
        assert listed == [i.activity.id for i in expected]
        flags = [i.flagged for i in expected]
        assert flags == [True, True, False, False, False]  # flagged first (2.2, 2.3.2)
        heading = static_text(board.query_one("#board-heading"))
        assert "To improve partnership working designed to reduce crime" in heading
        assert "Meets: Quarterly" in heading
        assert f"5 activities overseen · {sum(flags)} flagged" in heading
        title = static_text(board.query_one("#title-bar"))
        assert f"Board · {CRB}" in title


async def test_enter_goes_to_the_activity_in_the_plan(store):
    plan, _period = plan_2018(store)
    b4 = store.resolve_activity(plan.id, "B4").id
    app = make_test_app(store, plan_id=plan.id)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot, "Integrated Offender Management Programme Board")
        options = board.query_one(OptionList)
        assert {o.id for o in options.options} == {
            str(store.resolve_activity(plan.id, "2.4.1").id),
            str(b4),
        }
        while options.highlighted_option.id != str(b4):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PlanScreen)
        assert screen.selected_activity().id == b4
        assert screen.plan_tree.has_focus


async def test_b_picks_another_board_and_escape_returns(store):
    plan, _period = plan_2018(store)
    app = make_test_app(store, plan_id=plan.id)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot, "Strategic Diversity Group")
        # 3.7, 4.6 and 4.7, flagged, come before 2.6, each group in the plan's order.
        assert [i.activity.ref or i.commitment.ref for i in board.items] == [
            "3.7",
            "4.6",
            "4.7",
            "2.6",
        ]
        assert [i.flagged for i in board.items] == [True, True, True, False]
        await pilot.press("b")
        picker = await wait_for_screen(pilot, PickerDialog)
        options = picker.query_one(OptionList)
        while not str(options.highlighted_option.prompt).startswith("Independent Joint Audit"):
            await pilot.press("down")
        board.items = None
        await pilot.press("enter")
        await wait_until(pilot, lambda: board.items is not None, "the other board")
        d62 = store.resolve_activity(plan.id, "D6.2").id
        assert [i.activity.id for i in board.items] == [d62]
        assert "(linked: initials)" in str(
            board.query_one(OptionList).options[0].prompt.renderables[0]
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PlanScreen)


async def test_a_plan_without_bodies_says_so(store):
    app = make_test_app(store)  # the 2020 extract: no glossary, no oversight column
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("o")
        board = await wait_for_screen(pilot, BoardScreen)
        await wait_until(pilot, lambda: board.bodies is not None, "the bodies")
        await settle(pilot)
        assert "lists no oversight bodies" in static_text(board.query_one("#board-heading"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PlanScreen)


def test_the_key_is_in_the_help_and_the_palette():
    assert any(keys == "o" and "board view" in meaning for keys, meaning in help_rows())
    assert any(action == "boards" for _title, _help, action in palette_commands())
