"""The chase view (`c`) on the real 2020 sample: 2020/21 Q3 opened, a couple of updates
written, leads set; per lead what is still owed, enter goes to the activity, escape returns."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import OptionList

from plandesk.core.chase import ChaseItem, LastUpdate, chase
from plandesk.tui.keys import help_rows, palette_commands
from plandesk.tui.screens.chase_screen import ChaseScreen, item_prompt
from plandesk.tui.screens.plan import PlanScreen
from tests.factories import copy_db, open_store
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2020,
    Q2,
    Q3,
    SIZE,
    make_test_app,
    plan_screen,
    settle,
    static_text,
    wait_for_screen,
    wait_until,
)

HOSTILE_LEAD = "[b]Boss[/b] [@click=app.quit]x[/] \x1b[31mred"


def set_owner(db: Path, commitment_ref: str, activity_ref: str | None, lead: str, due=None):
    """Give an activity a lead and due date in the test's own database (no command sets them
    on this branch yet)."""
    with closing(sqlite3.connect(db)) as connection, connection:
        changed = connection.execute(
            "UPDATE activity SET lead = ?, due = ? WHERE commitment_id IN (SELECT id FROM "
            "commitment WHERE ref = ? AND plan_id = (SELECT id FROM plan WHERE edition = ?)) "
            "AND ref IS ?",
            (lead, due, commitment_ref, "2020", activity_ref),
        ).rowcount
    assert changed == 1


@pytest.fixture
def chase_store(sample_db, tmp_path):
    """Both samples; in the 2020 plan owners for A3 and B1 (D6 with Jane's name typed
    otherwise), Q3 opened, A3.1 updated cleanly and B1.1 with a slipping update."""
    db = copy_db(sample_db, tmp_path / "chase.db")
    store = open_store(db)
    set_owner(db, "A3", "A3.1", "Jane Smith", "2021-03-31")
    set_owner(db, "A3", "A3.2", "Jane Smith", "2021-03-31")
    set_owner(db, "D6", None, "jane  SMITH")
    set_owner(db, "B1", "B1.1", "Bob Jones", "2020-12-31")
    set_owner(db, "B1", "B1.2", "Bob Jones")
    plan = store.resolve_plan(PLAN_2020)
    q3 = store.open_period(plan.id, author="ann")
    assert q3.label == Q3
    for ref, text, status in (
        ("A3.1", "Board met 12 November; the strategy was signed off.", "On track"),
        ("B1.1", "Delayed due to covid until next year.", None),
    ):
        activity = store.resolve_activity(plan.id, ref)
        store.save_update(activity.id, q3.id, text, author=AUTHOR, status=status)
    yield store
    store.close()


def ids_of(store, *refs: str) -> list[int]:
    plan = store.resolve_plan(PLAN_2020)
    return [store.resolve_activity(plan.id, ref).id for ref in refs]


def plain_of(prompt) -> str:
    """A prompt as plain text on one line (white space collapsed)."""
    console = Console(file=io.StringIO(), width=200, record=True, color_system=None)
    console.print(prompt)
    return " ".join(console.export_text().split())


def lines_of(chase_screen: ChaseScreen) -> list[tuple[str | None, str]]:
    """(option id, plain text) of every line of the list."""
    options = chase_screen.query_one(OptionList)
    return [(o.id, plain_of(o.prompt)) for o in options.options]


async def open_chase(pilot) -> ChaseScreen:
    await plan_screen(pilot)
    await pilot.press("c")
    chase_screen = await wait_for_screen(pilot, ChaseScreen)
    assert isinstance(chase_screen, ChaseScreen)
    await wait_until(pilot, lambda: chase_screen.groups is not None, "the chase to be read")
    await settle(pilot)
    return chase_screen


async def test_c_lists_per_lead_what_is_still_owed(chase_store):
    plan = chase_store.resolve_plan(PLAN_2020)
    q3 = chase_store.resolve_period(plan.id, Q3)
    expected = chase(chase_store.snapshot(plan.id, q3.id), chase_store.last_updates(plan.id, q3.id))
    a31, a32, b11, b12, d6 = ids_of(chase_store, "A3.1", "A3.2", "B1.1", "B1.2", "D6")
    app = make_test_app(chase_store)
    async with app.run_test(size=SIZE) as pilot:
        chase_screen = await open_chase(pilot)
        lines = lines_of(chase_screen)
        headings = [text for option_id, text in lines if option_id is None]
        no_lead = len([i for g in expected if g.lead is None for i in g.items])
        assert headings == ["Bob Jones (2)", "Jane Smith (2)", f"No lead ({no_lead})"]
        listed = [int(option_id) for option_id, _ in lines if option_id is not None]
        assert listed == [i.activity_id for g in expected for i in g.items]
        # Jane: A3.2 (nothing yet) and D6 (her name typed otherwise); A3.1 was updated cleanly.
        jane = listed[2:4]
        assert jane == [a32, d6] and a31 not in listed
        assert listed[:2] == [b11, b12]
        text = dict((option_id, line) for option_id, line in lines)
        assert "flagged" in text[str(b11)] and "due 31 Dec 2020" in text[str(b11)]
        assert "no update yet" in text[str(a32)] and "due 31 Mar 2021" in text[str(a32)]
        assert f"last update ({Q2}):" in text[str(a32)]
        assert "no due date" in text[str(b12)]
        title = static_text(chase_screen.query_one("#title-bar"))
        assert f"Chase · {Q3}" in title
        owed = sum(len(g.items) for g in expected)
        assert f"{owed} activities owe an update · 2 leads" in title
        # The cursor starts on the first activity, not on a heading.
        assert chase_screen.query_one(OptionList).highlighted_option.id == str(b11)


async def test_enter_closes_the_view_with_the_tree_cursor_on_the_activity(chase_store):
    (a32,) = ids_of(chase_store, "A3.2")
    app = make_test_app(chase_store)
    async with app.run_test(size=SIZE) as pilot:
        chase_screen = await open_chase(pilot)
        options = chase_screen.query_one(OptionList)
        while options.highlighted_option.id != str(a32):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PlanScreen)
        assert screen.selected_activity().id == a32
        assert screen.plan_tree.has_focus
        detail = static_text(screen.query_one("#detail-body"))
        assert "Activity A3.2" in detail
        assert "Lead: Jane Smith   Due: 31 Mar 2021" in detail


async def test_enter_shows_an_activity_the_search_was_hiding(chase_store):
    (a32,) = ids_of(chase_store, "A3.2")
    app = make_test_app(chase_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"B1.1", "enter")
        await settle(pilot)
        assert screen.view.search_ids is not None and a32 not in screen.view.search_ids
        await pilot.press("c")
        chase_screen = await wait_for_screen(pilot, ChaseScreen)
        await wait_until(pilot, lambda: chase_screen.groups is not None)
        options = chase_screen.query_one(OptionList)
        while options.highlighted_option.id != str(a32):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.view.search_ids is None and not screen.search_box.display
        assert screen.selected_activity().id == a32


async def test_escape_returns_to_the_plan_where_it_was(chase_store):
    (b12,) = ids_of(chase_store, "B1.2")
    app = make_test_app(chase_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert screen.plan_tree.select_activity(b12)
        await pilot.pause()
        await pilot.press("c")
        chase_screen = await wait_for_screen(pilot, ChaseScreen)
        await wait_until(pilot, lambda: chase_screen.groups is not None)
        await pilot.press("down", "escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.selected_activity().id == b12
        # `c` closes it too, like `?` closes the help.
        await pilot.press("c")
        await wait_for_screen(pilot, ChaseScreen)
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.screen is screen


async def test_c_waits_until_editing_is_finished(chase_store):
    app = make_test_app(chase_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        (b12,) = ids_of(chase_store, "B1.2")
        assert screen.plan_tree.select_activity(b12)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing)
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.screen is screen  # `c` was typed into the update instead
        assert "c" in screen.editor.text


async def test_hostile_lead_shows_literally_in_the_chase_and_the_details(chase_store, tmp_path):
    set_owner(tmp_path / "chase.db", "B1", "B1.2", HOSTILE_LEAD)
    (b12,) = ids_of(chase_store, "B1.2")
    plan = chase_store.resolve_plan(PLAN_2020)
    q2 = chase_store.resolve_period(plan.id, Q2)
    said = "[red]Done[/red] [@click=app.quit]quit[/] in June."
    chase_store.save_update(b12, q2.id, said, author=AUTHOR, expected_version=None)
    app = make_test_app(chase_store)
    async with app.run_test(size=SIZE) as pilot:
        chase_screen = await open_chase(pilot)
        headings = [text for option_id, text in lines_of(chase_screen) if option_id is None]
        shown = "[b]Boss[/b] [@click=app.quit]x[/] \\x1b[31mred"
        assert f"{shown} (1)" in headings
        assert f"last update ({Q2}): {said}" in dict(lines_of(chase_screen))[str(b12)]
        options = chase_screen.query_one(OptionList)
        while options.highlighted_option.id != str(b12):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PlanScreen)
        assert f"Lead: {shown}" in static_text(screen.query_one("#detail-body"))
        assert pilot.app.is_running


async def test_nothing_to_chase_says_so(chase_store):
    plan = chase_store.resolve_plan(PLAN_2020)
    q3 = chase_store.resolve_period(plan.id, Q3)
    for group in chase(chase_store.snapshot(plan.id, q3.id), {}):
        for item in group.items:
            chase_store.save_update(
                item.activity_id, q3.id, "On course; met 3 December.", author=AUTHOR
            )
    assert chase(chase_store.snapshot(plan.id, q3.id), {}) == []
    app = make_test_app(chase_store)
    async with app.run_test(size=SIZE) as pilot:
        chase_screen = await open_chase(pilot)
        assert "Nothing to chase" in static_text(chase_screen.query_one("#chase-note"))
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PlanScreen)


def test_chase_is_in_the_help_and_the_palette_and_bound():
    assert any(keys == "c" and "chase" in meaning for keys, meaning in help_rows())
    assert any(title == "Chase" and action == "chase" for title, _h, action in palette_commands())
    binding = next(b for b in PlanScreen.BINDINGS if getattr(b, "key", None) == "c")
    # Out of the footer at 120 columns, where it would push "q Quit" off the line.
    assert binding.description == "Chase" and not binding.show


def test_an_item_shows_every_word_literally():
    item = ChaseItem(
        7,
        "A[1]",
        "A",
        "[b]Bold[/b] \x1b[2J text",
        None,
        LastUpdate("[i]Q2[/i]", "\x1b]8;;http://x\x1b\\link [/]"),
        False,
        ("[b]rule[/b]",),
    )
    shown = plain_of(item_prompt(item))
    assert "A[1]" in shown and "flagged: [b]rule[/b]" in shown
    assert "[b]Bold[/b] \\x1b[2J text" in shown
    assert "last update ([i]Q2[/i]): \\x1b]8;;http://x\\x1b\\link [/]" in shown


def test_chase_view_at_80_by_24(snap_compare, chase_store):
    async def run_before(pilot):
        await open_chase(pilot)

    assert snap_compare(make_test_app(chase_store), terminal_size=(80, 24), run_before=run_before)
