"""The fast start's first screen (read by `store.first_screen`, the store not yet open) is the
full load's first screen, and the app behaves as usual once the plan is loaded behind it."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest

from plandesk.core.rules.config import RuleConfig
from plandesk.store.first_screen import read_first_screen
from plandesk.store.review import rules_from_file
from plandesk.store.service import PlanStore
from plandesk.tui import make_app
from plandesk.tui.screens.plan import PlanScreen
from plandesk.tui.screens.plan.remembering import PLACE
from plandesk.tui.widgets.title_bar import TitleBar
from tests.tui.helpers import (
    AUTHOR,
    SIZE,
    label_text,
    plan_screen,
    settle,
    static_text,
    visible_lines,
)


def first_screen_of(screen: PlanScreen) -> dict[str, object]:
    """What the first screen shows, as plain data."""
    app = screen.app
    tree = screen.plan_tree
    return {
        "title": app.title,
        "sub_title": app.sub_title,
        "title_bar": static_text(screen.query_one(TitleBar)),
        "tree": [(label_text(n), n.is_expanded) for n in tree.root.children],
        "cursor": (tree.cursor_line, label_text(tree.cursor_node)),
        "focused": app.focused is tree,
        "detail": static_text(screen.query_one("#detail-body")),
        "editor_shown": screen.edit_area.display,
    }


async def until(pilot, predicate, what: str) -> None:
    """Let the app run until `predicate()` holds, without waiting for workers (some are held
    on purpose here)."""
    for _ in range(3000):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"timed out waiting for {what}")


class HeldStore:
    """How a fast start opens its store behind the first screen, held shut until `go()`."""

    def __init__(self, path, *, rules=None, forget: bool = False) -> None:
        self.path, self.rules, self.forget = path, rules, forget
        self.event = threading.Event()
        self.opened: list[PlanStore] = []

    def __call__(self) -> PlanStore:
        self.event.wait(30)
        if self.forget:
            forget_verdicts(self.path)
        extra = {} if self.rules is None else {"rules": self.rules}
        self.opened.append(PlanStore.open(str(self.path), **extra))
        return self.opened[0]

    def go(self) -> None:
        self.event.set()

    def close(self) -> None:
        self.event.set()
        for store in self.opened:
            store.close()


def forget_verdicts(path) -> None:
    """Empty the review cache, so that the review waits for the rules."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("DELETE FROM review_cache")


async def test_the_fast_first_screen_is_the_full_loads_first_screen(sample_db_copy):
    # The full load, stopped before the stall rules have run (as its first paint is).
    forget_verdicts(sample_db_copy)
    rules_go = threading.Event()

    def held_rules(title: str) -> RuleConfig:
        rules_go.wait(30)
        return rules_from_file(title)

    store = PlanStore.open(str(sample_db_copy), rules=held_rules)
    try:
        app = make_app(store, AUTHOR, remember_place=False)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            screen = app.screen
            await until(pilot, lambda: screen.view.loaded is not None, "the full load")
            await pilot.pause()
            full = first_screen_of(screen)
            rules_go.set()
            await settle(pilot)
    finally:
        rules_go.set()
        store.close()
    assert "checking flags…" in full["sub_title"]

    # The fast start, its store held shut: only the first-screen reader has run.
    held_store = HeldStore(sample_db_copy, rules=held_rules, forget=True)
    rules_go.clear()
    first = read_first_screen(sample_db_copy, AUTHOR, PLACE)
    assert first is not None
    app = make_app(None, AUTHOR, first=first, open_store=held_store, remember_place=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            screen = app.screen
            await pilot.pause()
            assert screen.view.loaded is None
            assert first_screen_of(screen) == full
            # Keys that need the plan wait for it instead of failing, and are played after it
            # (edit on an objective says to pick an activity).
            await pilot.press("e")
            assert screen.view.loaded is None

            held_store.go()
            await until(pilot, lambda: screen.view.loaded is not None, "the full load")
            await until(pilot, lambda: not app._held_keys, "the held keys played")
            await pilot.pause()
            assert first_screen_of(screen) == full  # the load changed nothing in view
            rules_go.set()
            await settle(pilot)
            assert "flagged" in app.sub_title and "checking" not in app.sub_title

            # And it is the usual app: open the first commitment's first activity and edit it.
            await pilot.press("right", "down", "right", "down")
            activity = screen.selected_activity()
            assert activity is not None
            await pilot.press("e")
            assert screen.editor.editing
    finally:
        held_store.close()
        rules_go.set()


async def test_the_fast_start_shows_every_objectives_details_before_the_load(sample_db_copy):
    held_store = HeldStore(sample_db_copy)
    first = read_first_screen(sample_db_copy, AUTHOR, PLACE)
    assert first is not None
    app = make_app(None, AUTHOR, first=first, open_store=held_store, remember_place=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            screen = app.screen
            before = []
            for _objective in first.objectives:
                before.append(static_text(screen.query_one("#detail-body")))
                await pilot.press("down")
            held_store.go()
            await until(pilot, lambda: screen.view.loaded is not None, "the full load")
            await pilot.press("home")
            after = []
            for _objective in first.objectives:
                # Flags may be in by now: compare the details without the flag counts.
                after.append(static_text(screen.query_one("#detail-body")))
                await pilot.press("down")
            assert len(before) == len(first.objectives) > 1
            for shown, loaded in zip(before, after, strict=True):
                assert shown.splitlines()[:4] == loaded.splitlines()[:4]
    finally:
        held_store.close()


def place_screen_of(screen: PlanScreen) -> dict[str, object]:
    """What a returning officer's first screen shows: the tree's lines, the details and the
    update of the kept activity."""
    editor = screen.editor
    return {
        **first_screen_of(screen),
        "lines": [(label_text(n), n.is_expanded) for n in visible_lines(screen)],
        "editor": [
            static_text(editor.query_one("#editor-title")),
            editor.text_area.text,
            str(editor.status_select.value),
            static_text(editor.query_one("#editor-state")),
        ],
    }


async def test_a_returning_officer_gets_the_fast_start_at_the_kept_place(sample_db_copy):
    # The kept place: an older plan than the latest, an activity with an update and a status,
    # a sibling with the officer's draft.
    store = PlanStore.open(str(sample_db_copy))
    plan = store.plans()[-1]
    period = store.periods(plan.id)[-1]
    snapshot = store.snapshot(plan.id, period.id, review=False)
    commitment = [c for o in snapshot.objectives for c in o.commitments if len(c.activities) > 1][
        -1
    ]
    kept, sibling = commitment.activities[-1], commitment.activities[0]
    store.save_update(kept.id, period.id, "Waiting on the panel.", author="o", status="At risk")
    store.save_draft(sibling.id, period.id, "half a thought", author=AUTHOR)
    place = f'{{"plan": {plan.id}, "period": {period.id}, "activity": {kept.id}}}'
    store.remember(AUTHOR, PLACE, place)
    store.close()
    forget_verdicts(sample_db_copy)
    rules_go = threading.Event()

    def held_rules(title: str) -> RuleConfig:
        rules_go.wait(30)
        return rules_from_file(title)

    # The full load at the kept place, before the rules have run.
    store = PlanStore.open(str(sample_db_copy), rules=held_rules)
    try:
        app = make_app(store, AUTHOR, place_delay=60)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            screen = app.screen
            await until(pilot, lambda: screen.view.loaded is not None, "the full load")
            await pilot.pause()
            full = place_screen_of(screen)
            selected = screen.selected_activity()
            rules_go.set()
            await settle(pilot)
    finally:
        rules_go.set()
        store.close()
    assert selected is not None and selected.id == kept.id
    # The load offers the draft (a dialog takes the focus), on either start.
    focused_after_load = full.pop("focused")
    assert "Waiting on the panel." in full["editor"][1]
    assert any("✎" in line for line, _ in full["lines"])  # the sibling's draft mark

    # The fast start at the same place, its store held shut.
    held_store = HeldStore(sample_db_copy, rules=held_rules, forget=True)
    rules_go.clear()
    first = read_first_screen(sample_db_copy, AUTHOR, PLACE)
    assert first is not None and first.select == kept.id
    app = make_app(None, AUTHOR, first=first, open_store=held_store, place_delay=60)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            screen = app.screen
            await pilot.pause()
            assert screen.view.loaded is None
            shown = place_screen_of(screen)
            assert shown.pop("focused")  # the tree, as before any load
            assert shown == full
            held_store.go()
            await until(pilot, lambda: screen.view.loaded is not None, "the full load")
            await pilot.pause()
            # The load changed nothing in view.
            assert place_screen_of(screen) == {**full, "focused": focused_after_load}
            rules_go.set()
            await settle(pilot)
            await pilot.press("escape")  # not now, the draft
            await settle(pilot)
            # The usual app: edit the kept activity.
            assert screen.selected_activity().id == kept.id
            await pilot.press("e")
            assert screen.editor.editing
    finally:
        held_store.close()
        rules_go.set()


async def test_a_store_that_cannot_be_opened_ends_the_app_with_the_reason(sample_db_copy):
    from plandesk.store.db import DatabaseError

    first = read_first_screen(sample_db_copy, AUTHOR, PLACE)

    def failing() -> PlanStore:
        raise DatabaseError("cannot open the database: disk on fire")

    app = make_app(None, AUTHOR, first=first, open_store=failing, remember_place=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.open_error is not None, "the failure")
        await pilot.pause()
    assert isinstance(app.open_error, DatabaseError)
    assert app.return_code == 1
    assert not app.store_opened


async def test_the_normal_start_still_works_through_the_same_screen(plan_store):
    # Guard for the factory's other path: a store given, no first screen.
    app = make_app(plan_store, AUTHOR, remember_place=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        assert screen.first is None
        assert screen.view.loaded is not None


async def test_keys_typed_before_the_load_are_played_after_it_in_order(sample_db_copy):
    # An officer who opens an objective, a commitment and its first activity and presses `e`
    # before the plan is loaded edits that activity: the first screen has no activities to
    # move through, so those keys wait for the load instead of acting on the wrong line.
    held_store = HeldStore(sample_db_copy)
    first = read_first_screen(sample_db_copy, AUTHOR, PLACE)
    assert first is not None
    app = make_app(None, AUTHOR, first=first, open_store=held_store, remember_place=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            screen = app.screen
            await pilot.press("right", "down", "right", "down", "e")
            assert screen.view.loaded is None
            assert not screen.editor.editing
            held_store.go()
            await until(pilot, lambda: screen.editor.editing, "the editor, after the load")
            first_commitment = screen.view.loaded.snapshot.objectives[0].commitments[0]
            assert screen.editor.session.activity.id == first_commitment.activities[0].id
    finally:
        held_store.close()


@pytest.mark.parametrize(("presses", "filtered"), [(1, True), (2, False), (3, True)])
async def test_each_press_before_the_flags_counts(sample_db_copy, presses, filtered):
    # `s` pressed while the flags are still being worked out waits for them; pressed twice it
    # turns the filter on and off again, as it would have with the flags known.
    forget_verdicts(sample_db_copy)
    rules_go = threading.Event()

    def held_rules(title: str) -> RuleConfig:
        rules_go.wait(30)
        return rules_from_file(title)

    store = PlanStore.open(str(sample_db_copy), rules=held_rules)
    try:
        app = make_app(store, AUTHOR, remember_place=False)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            screen = app.screen
            await until(pilot, lambda: screen.view.loaded is not None, "the full load")
            await pilot.press(*["s"] * presses)
            assert not screen.view.flagged_only
            rules_go.set()
            await until(pilot, lambda: screen.view.loaded.snapshot.reviewed, "the flags")
            await settle(pilot)
            assert screen.view.flagged_only is filtered
    finally:
        rules_go.set()
        store.close()
