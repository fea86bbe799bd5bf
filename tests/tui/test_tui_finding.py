"""Finding things: `/` live search, `s` flagged only, `]` / `[` next and previous flag."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input

from plandesk.core.plan import ActivityView, CommitmentView
from plandesk.tui.dialogs.picker import PickerDialog
from tests.tui.helpers import (
    PLAN_2018,
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    shown_activity_ids,
    snapshot_of,
    visible_lines,
    wait_for_screen,
    wait_until,
)

CYRILLIC_B3 = "\u04123"  # "В3": the extract writes this commitment's ref with a Cyrillic В


def flagged_ids(snapshot) -> list[int]:
    """The store's flagged activities (open flags this period), in plan order."""
    return [a.id for a in snapshot.activities() if a.open_flags]


def search_box(screen) -> Input:
    return screen.query_one("#search", Input)


async def test_slash_shows_the_search_box_and_focuses_it(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert not search_box(screen).display
        await pilot.press("slash")
        await settle(pilot)
        assert search_box(screen).display
        assert app.focused is search_box(screen)


async def test_search_filters_the_tree_to_matching_activities(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    expected = plan_store.search(plan.id, period.id, "victims board")
    a3 = next(c for o in snapshot.objectives for c in o.commitments if c.ref == "A3")
    # The Victims Board commitment's activities are found; A1's "Refer to C7" is not.
    assert {a.id for a in a3.activities} <= expected
    refer_to_c7 = snapshot.objectives[0].commitments[0].activities[0]
    assert refer_to_c7.id not in expected
    assert len(expected) < len(snapshot.activities())

    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"victims board")
        await settle(pilot)
        assert search_box(screen).value == "victims board"
        assert shown_activity_ids(screen) == expected
        # Every line is an activity that matches or a parent of one.
        for node in visible_lines(screen):
            if isinstance(node.data, ActivityView):
                assert node.data.id in expected
            else:
                assert node.is_expanded
                assert node.children
        assert "victims board" in app.sub_title

        # escape clears the search and shows the whole plan again.
        await pilot.press("escape")
        await settle(pilot)
        assert not search_box(screen).display
        assert search_box(screen).value == ""
        assert app.focused is screen.plan_tree
        assert [n.data.id for n in screen.plan_tree.root.children] == [
            o.id for o in snapshot.objectives
        ]
        assert "victims board" not in app.sub_title
        assert "showing" not in app.sub_title
        # Nothing is filtered out: every activity can be reached again.
        for activity in snapshot.activities():
            assert screen.plan_tree.select_activity(activity.id)
        await pilot.pause()
        assert shown_activity_ids(screen) == {a.id for a in snapshot.activities()}


async def test_search_by_latin_ref_finds_a_cyrillic_ref(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    b3 = next(c for o in snapshot.objectives for c in o.commitments if c.ref == CYRILLIC_B3)
    assert b3.activities
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", "b", "3")
        await settle(pilot)
        assert shown_activity_ids(screen) == {a.id for a in b3.activities}
        commitments = [n for n in visible_lines(screen) if isinstance(n.data, CommitmentView)]
        assert [n.data.ref for n in commitments] == [CYRILLIC_B3]


async def test_search_with_no_match_shows_an_empty_tree(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"zzqqxx")
        await settle(pilot)
        assert visible_lines(screen) == []
        assert app.is_running
        await pilot.press("escape")
        await settle(pilot)
        assert len(visible_lines(screen)) == len(screen.view.snapshot.objectives)


async def test_flagged_filter_with_nothing_flagged_in_view_shows_an_empty_tree(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    found = plan_store.search(plan.id, period.id, "A2.2")
    assert found and not found & set(flagged_ids(snapshot))
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"A2.2", "enter")
        await settle(pilot)
        assert shown_activity_ids(screen) == found
        await pilot.press("k")  # the cursor is on the activity found: up to its commitment
        assert isinstance(screen.selected(), CommitmentView)
        await pilot.press("s")
        await settle(pilot)
        assert app.is_running
        assert visible_lines(screen) == []
        await pilot.press("s")
        await settle(pilot)
        assert shown_activity_ids(screen) == found


async def test_enter_keeps_the_filter_and_goes_back_to_the_tree(plan_store):
    plan, period, _snapshot = snapshot_of(plan_store)
    expected = plan_store.search(plan.id, period.id, "victims board")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *"victims board", "enter")
        await settle(pilot)
        assert app.focused is screen.plan_tree
        assert shown_activity_ids(screen) == expected
        # j moves in the filtered tree; escape from the tree clears the search too.
        await pilot.press("j")
        await pilot.press("escape")
        await settle(pilot)
        assert not search_box(screen).display
        assert len(visible_lines(screen)) > len(expected)


async def test_escape_hides_an_empty_search_box_from_the_tree(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert app.focused is screen.plan_tree
        await pilot.press("escape")
        await settle(pilot)
        assert not search_box(screen).display


async def test_a_slow_answer_to_an_earlier_query_does_not_win(plan_store, monkeypatch):
    plan, period, _snapshot = snapshot_of(plan_store)
    expected = plan_store.search(plan.id, period.id, "victims board")
    assert expected != plan_store.search(plan.id, period.id, "victims")
    real_search = plan_store.search
    slow_started = threading.Event()
    later_answered = threading.Event()
    slow_answered = threading.Event()

    def search(plan_id, period_id, query):
        if query == "victims":
            # The database is slow for this one: it answers after the full query did.
            slow_started.set()
            later_answered.wait(timeout=5)
            try:
                return real_search(plan_id, period_id, query)
            finally:
                slow_answered.set()
        try:
            return real_search(plan_id, period_id, query)
        finally:
            if query == "victims board":
                later_answered.set()

    async def until(event: threading.Event) -> None:
        for _ in range(500):
            if event.is_set():
                return
            await pilot.pause(0.01)  # polling a thread event, bounded
        raise AssertionError("the search never ran")

    monkeypatch.setattr(plan_store, "search", search)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash")
        await settle(pilot)
        search_box(screen).value = "victims"
        await until(slow_started)
        search_box(screen).value = "victims board"
        await until(slow_answered)
        await settle(pilot)
        assert search_box(screen).value == "victims board"
        assert shown_activity_ids(screen) == expected


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("b3", id="plain"),
        pytest.param("b3 ", id="trailing-space"),
    ],
)
async def test_search_is_run_again_on_the_plan_chosen(plan_store, typed):
    plan_2018 = plan_store.resolve_plan(PLAN_2018)
    period_2018 = plan_store.resolve_period(plan_2018.id)
    expected = plan_store.search(plan_2018.id, period_2018.id, "b3")
    assert expected
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("slash", *typed, "enter")
        await settle(pilot)
        assert shown_activity_ids(screen)
        await pilot.press("P")
        await wait_for_screen(pilot, PickerDialog)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: PLAN_2018 in app.title, "the 2018 plan to load")
        await settle(pilot)
        assert shown_activity_ids(screen) == expected


# ------------------------------------------------------------------ flagged


async def test_s_shows_only_flagged_activities_and_s_again_shows_all(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    flagged = flagged_ids(snapshot)
    # An activity with no update is flagged, unless it only points elsewhere ("Refer to B2.1")
    # and is reported under targets that are not flagged.
    no_update = [a.id for a in snapshot.activities() if a.update is None and not a.reported_under]
    assert flagged and set(no_update) <= set(flagged)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert screen.view.flagged_only
        assert shown_activity_ids(screen) == set(flagged)
        for node in visible_lines(screen):
            if isinstance(node.data, ActivityView):
                assert node.data.open_flags
        assert "flagged only" in app.sub_title

        await pilot.press("s")
        await settle(pilot)
        assert not screen.view.flagged_only
        assert "flagged only" not in app.sub_title
        assert [n.data.id for n in screen.plan_tree.root.children] == [
            o.id for o in snapshot.objectives
        ]


async def test_flagged_and_search_combine(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    found = plan_store.search(plan.id, period.id, "refer")
    expected = found & set(flagged_ids(snapshot))
    assert expected and expected != found
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("s", "slash", *"refer")
        await settle(pilot)
        assert shown_activity_ids(screen) == expected


async def test_right_bracket_steps_through_flagged_activities_and_wraps(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    flagged = flagged_ids(snapshot)
    assert len(flagged) >= 2
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        seen = []
        for _ in range(len(flagged) + 1):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            data = screen.plan_tree.cursor_node.data
            assert isinstance(data, ActivityView)
            assert data.open_flags
            seen.append(data.id)
        assert seen == [*flagged, flagged[0]]
        # The details follow the cursor.
        assert screen.editor.display
        assert not screen.editor.editing


async def test_left_bracket_steps_backwards_and_wraps(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    flagged = flagged_ids(snapshot)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        # From the top (no activity selected), [ goes to the last flagged one.
        await pilot.press("left_square_bracket")
        assert screen.plan_tree.cursor_node.data.id == flagged[-1]
        await pilot.press("left_square_bracket")
        assert screen.plan_tree.cursor_node.data.id == flagged[-2]
        # From the first, [ wraps to the last.
        await select_activity(pilot, screen, flagged[0])
        await pilot.press("left_square_bracket")
        assert screen.plan_tree.cursor_node.data.id == flagged[-1]
        await pilot.press("right_square_bracket")
        assert screen.plan_tree.cursor_node.data.id == flagged[0]


async def test_brackets_start_from_the_cursor(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    order = [a.id for a in snapshot.activities()]
    flagged = flagged_ids(snapshot)
    # An activity that is not flagged, with flagged ones before and after it.
    middle = next(
        a
        for a in order
        if a not in flagged and any(f < a for f in flagged) and any(f > a for f in flagged)
    )
    after = next(f for f in flagged if order.index(f) > order.index(middle))
    before = [f for f in flagged if order.index(f) < order.index(middle)][-1]
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, middle)
        await pilot.press("right_square_bracket")
        assert screen.plan_tree.cursor_node.data.id == after
        await select_activity(pilot, screen, middle)
        await pilot.press("left_square_bracket")
        assert screen.plan_tree.cursor_node.data.id == before


async def test_brackets_with_the_flagged_filter_on(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    flagged = flagged_ids(snapshot)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.plan_tree.cursor_node.data.id == flagged[1]
        await wait_until(pilot, lambda: screen.selected_activity() is not None)
