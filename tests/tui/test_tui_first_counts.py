"""A big plan's fast start draws its first screen before the period's counts are read: the
header and the objective's details say they are being counted, then show them, while the
store is still shut; counts that cannot be read wait for the full load."""

from __future__ import annotations

from concurrent.futures import Future
from contextlib import asynccontextmanager

from plandesk.store.first_screen import read_first_counts, read_first_screen
from plandesk.tui import make_app
from plandesk.tui.screens.plan import PlanScreen
from plandesk.tui.screens.plan.remembering import PLACE
from plandesk.tui.screens.plan.state import CHECKING, counts_line
from plandesk.tui.widgets.detail_pane import COUNTING
from plandesk.tui.widgets.title_bar import TitleBar
from tests.tui.helpers import AUTHOR, SIZE, static_text
from tests.tui.test_tui_fast_start import HeldStore, until


def shown(screen: PlanScreen) -> tuple[str, str, str]:
    return (
        screen.app.sub_title,
        static_text(screen.query_one(TitleBar)),
        static_text(screen.query_one("#detail-body")),
    )


@asynccontextmanager
async def first_screen_counting(path, first, counting: Future):
    """A fast start's app on `first`, its counts to come from `counting`, its store held shut:
    the pilot, the screen and the held store (`go()` opens it)."""
    held_store = HeldStore(path)
    app = make_app(
        None,
        AUTHOR,
        first=first,
        first_counts=counting,
        open_store=held_store,
        remember_place=False,
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "plan screen")
            yield pilot, app.screen, held_store
    finally:
        held_store.close()


async def test_the_counts_are_shown_when_they_come_before_the_plan(sample_db_copy):
    counted = read_first_screen(sample_db_copy, AUTHOR, PLACE)
    first = read_first_screen(sample_db_copy, AUTHOR, PLACE, count=False)
    assert counted is not None and first is not None and first.counts is None
    objective = first.objectives[0]
    counting: Future = Future()
    async with first_screen_counting(sample_db_copy, first, counting) as (pilot, screen, store):
        app = screen.app
        await pilot.pause()
        sub_title, title_bar, detail = shown(screen)
        assert sub_title == "counting…" and "counting…" in title_bar
        assert COUNTING in detail and "counting activities…" in detail
        assert screen.selected() is objective

        counting.set_result(read_first_counts(sample_db_copy, first))
        await until(pilot, lambda: "counting" not in app.sub_title, "the counts")
        assert screen.view.loaded is None, "the counts waited for the store"
        assert counted.counts is not None
        sub_title, title_bar, detail = shown(screen)
        assert sub_title == counts_line(counted.counts, CHECKING)
        assert sub_title in title_bar
        mine = counted.counts_of(objective.id)
        assert mine is not None and f"{mine.activities} activities." in detail
        assert COUNTING not in detail

        store.go()
        await until(pilot, lambda: screen.view.loaded is not None, "the full load")


async def test_counts_that_cannot_be_read_wait_for_the_load(sample_db_copy):
    first = read_first_screen(sample_db_copy, AUTHOR, PLACE, count=False)
    assert first is not None
    counting: Future = Future()
    counting.set_result(None)  # the reader failed: the load counts
    async with first_screen_counting(sample_db_copy, first, counting) as (pilot, screen, store):
        app = screen.app
        await pilot.pause(0.1)
        assert app.sub_title == "counting…"
        store.go()
        await until(pilot, lambda: screen.view.loaded is not None, "the full load")
        await until(pilot, lambda: "activities" in app.sub_title, "the load's counts")
        assert COUNTING not in static_text(screen.query_one("#detail-body"))
