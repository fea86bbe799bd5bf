"""Done activities (✔ with the period they were completed in, never missing nor flagged),
suggested statuses read as suggested, and an activity's lead and due date in the details."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime

import pytest

from plandesk.core.plan import ActivityView, UpdateView
from plandesk.core.rules.engine import Flag
from plandesk.tui.marks import Mark, done_note, is_flagged, mark_of, status_note
from tests.factories import open_store
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2020,
    Q2,
    Q3,
    SIZE,
    label_text,
    make_test_app,
    node_for_activity,
    node_for_commitment,
    plan_screen,
    select_activity,
    settle,
    static_text,
)


def detail_text(screen) -> str:
    return static_text(screen.query_one("#detail-body"))


def view(**kwargs) -> ActivityView:
    return ActivityView(1, 1, 1, "A1.1", "Hold the board", "", False, **kwargs)


def update(text: str, status: str = "") -> UpdateView:
    return UpdateView(1, 1, 1, text, status, "officer", datetime(2020, 11, 2), 1)


# ------------------------------------------------------------------ the rules of the marks


def test_a_done_activity_is_complete_and_never_flagged_even_without_an_update():
    flag = Flag("no news", "no update this period")
    done = view(flags=(flag,), done_in=Q2, status="No update")
    assert mark_of(done) is Mark.COMPLETE
    assert not is_flagged(done)
    assert done_note(done) == f"✔ Complete since {Q2}"
    not_done = view(flags=(flag,), status="No update")
    assert mark_of(not_done) is Mark.NO_UPDATE and is_flagged(not_done)
    assert done_note(not_done) is None


def test_a_status_the_rules_inferred_reads_as_suggested():
    assert status_note(view(update=update("Slipping."), status="Stalled")) == (
        "Stalled (suggested)"
    )
    # "No update" is a fact, not a judgement: never marked as suggested.
    assert status_note(view(status="No update")) == "No update"
    assert status_note(view(update=update("Met.", "On track"), status="On track")) == "On track"
    assert status_note(view(update=update("Met."))) == ""


# ------------------------------------------------------------------ on the real sample


@pytest.fixture
def q3_store(sample_db_copy):
    """Both samples; A3.1 marked Complete in 2020/21 Q2 by an officer, then Q3 opened."""
    store = open_store(sample_db_copy)
    plan = store.resolve_plan(PLAN_2020)
    q2 = store.resolve_period(plan.id, Q2)
    a31 = store.resolve_activity(plan.id, "A3.1")
    current = store.update_for(a31.id, q2.id)
    assert current is not None
    store.save_update(a31.id, q2.id, current.text, author=AUTHOR, status="Complete")
    assert store.open_period(plan.id, author="ann").label == Q3
    yield store
    store.close()


def a31_id(store) -> int:
    return store.resolve_activity(store.resolve_plan(PLAN_2020).id, "A3.1").id


async def check_done_a31(pilot, screen, a31: int) -> None:
    """A3.1 done in Q2 shows ✔ in Q3, is not counted flagged, and says since when."""
    node = node_for_activity(screen, a31)
    assert label_text(node).startswith("✔ A3.1")
    assert mark_of(node.data) is Mark.COMPLETE
    commitment = node_for_commitment(screen, "A3").data
    others = [a for a in commitment.activities if a.id != a31]
    flagged_others = sum(1 for a in others if a.open_flags)
    count = f" ⚑{flagged_others}" if flagged_others else ""
    assert label_text(node_for_commitment(screen, "A3")).startswith(f"A3{count} ")
    activities = screen.view.snapshot.activities()
    flagged = sum(1 for a in activities if a.open_flags and not a.done)
    assert f"· 1 done · {flagged} flagged" in screen.view.header()[1]
    await select_activity(pilot, screen, a31)
    assert f"✔ Complete since {Q2}" in detail_text(screen)
    assert "○ no update yet" not in detail_text(screen)


async def test_complete_in_q2_shows_done_in_q3_from_the_store(q3_store):
    a31 = a31_id(q3_store)
    app = make_test_app(q3_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        screen.plan_tree.select_activity(a31)
        await settle(pilot)
        assert screen.view.activity(a31).done_in == Q2
        await check_done_a31(pilot, screen, a31)


async def test_details_say_a_status_is_suggested_unless_an_officer_set_it(plan_store):
    plan = plan_store.resolve_plan(PLAN_2020)
    q2 = plan_store.resolve_period(plan.id, Q2)
    a31, a32 = (plan_store.resolve_activity(plan.id, ref).id for ref in ("A3.1", "A3.2"))
    current = plan_store.update_for(a32, q2.id)
    plan_store.save_update(a32, q2.id, current.text, author=AUTHOR, status="On track")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a31)
        assert "status: At risk (suggested)" in detail_text(screen)
        await select_activity(pilot, screen, a32)
        shown = detail_text(screen)
        assert "status: On track" in shown and "(suggested)" not in shown


async def test_details_show_lead_and_due_date_when_set(plan_store, tmp_path):
    plan = plan_store.resolve_plan(PLAN_2020)
    a31, a32, b11 = (plan_store.resolve_activity(plan.id, r).id for r in ("A3.1", "A3.2", "B1.1"))
    with closing(sqlite3.connect(tmp_path / "plan.db")) as connection, connection:
        connection.execute(
            "UPDATE activity SET lead = ?, due = ? WHERE id = ?", ("Jane  Smith", "2021-03-31", a31)
        )
        connection.execute("UPDATE activity SET lead = ? WHERE id = ?", ("DCC Jones", a32))
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a31)
        assert "Lead: Jane Smith   Due: 31 Mar 2021" in detail_text(screen)
        await select_activity(pilot, screen, a32)
        assert "Lead: DCC Jones" in detail_text(screen)
        assert "Due:" not in detail_text(screen)
        await select_activity(pilot, screen, b11)
        assert "Lead:" not in detail_text(screen) and "Due:" not in detail_text(screen)
