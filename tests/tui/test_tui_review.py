"""Review mode (`r`): step through the open flags, acknowledge with a note, edit, leave."""

from __future__ import annotations

from plandesk.tui.dialogs.prompt import PromptDialog
from plandesk.tui.marks import Mark, mark_of
from plandesk.tui.screens.plan import PlanScreen
from plandesk.tui.screens.review_screen import HIGHLIGHT, ReviewScreen, highlighted_update
from tests.tui.helpers import (
    AUTHOR,
    SIZE,
    make_test_app,
    plan_screen,
    settle,
    snapshot_of,
    static_text,
    wait_for_screen,
    wait_until,
)


def open_flagged(store):
    """(activity id, name) of every activity with open flags, in plan order."""
    _, _, snap = snapshot_of(store)
    return [
        (a.id, a.ref or c.ref)
        for o in snap.objectives
        for c in o.commitments
        for a in c.activities
        if a.open_flags
    ]


async def start_review(pilot) -> ReviewScreen:
    screen = await plan_screen(pilot)
    assert isinstance(screen, PlanScreen)
    await pilot.press("r")
    review = await wait_for_screen(pilot, ReviewScreen)
    assert isinstance(review, ReviewScreen)
    return review


def body(review: ReviewScreen) -> str:
    return static_text(review.query_one("#review-body"))


def progress(review: ReviewScreen) -> str:
    return static_text(review.query_one("#title-bar"))


async def test_review_steps_through_every_open_flag_in_plan_order(plan_store):
    expected = open_flagged(plan_store)
    assert len(expected) > 3
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        seen = [review.current.activity.id]
        assert f"1 of {len(expected)} · 1 of {len(expected)} reviewed" in progress(review)
        for _ in expected[1:]:
            await pilot.press("n")
            seen.append(review.current.activity.id)
        assert seen == [activity_id for activity_id, _ in expected]
        assert f"{len(expected)} of {len(expected)} reviewed" in progress(review)
        await pilot.press("n")  # past the end: stays on the last one
        assert review.current.activity.id == expected[-1][0]
        await pilot.press("b", "b")
        assert review.current.activity.id == expected[-3][0]


async def test_the_reason_and_the_triggering_words_are_shown(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        while review.current.name != "A3.1":
            await pilot.press("n")
        text = body(review)
        # A3.1's update: "... as the July meeting was postponed due to Covid 19."
        assert "slipping" in text and "postponed" in text
        highlighted = highlighted_update(review.current.activity)
        marked = [
            highlighted.plain[span.start : span.end]
            for span in highlighted.spans
            if str(span.style) == HIGHLIGHT
        ]
        assert any("postponed" in words for words in marked), marked


async def test_acknowledge_with_a_note_is_stored_and_stops_counting(plan_store):
    before = open_flagged(plan_store)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        first_id, _ = before[0]
        await pilot.press("a")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press(*"chased at HTA 12 June", "enter")
        # `a` stores the acknowledgement and moves on to the next flag.
        await wait_until(pilot, lambda: review.index == 1, "the next flag")
        assert review.items[0].activity.acknowledged is not None
        assert review.current.activity.id == before[1][0]
        assert "2 of" in progress(review)
        assert "1 acknowledged" in progress(review)
        await pilot.press("b")
        assert "chased at HTA 12 June" in body(review)
        await pilot.press("escape")
        screen = await plan_screen(pilot)
        assert f"{len(before) - 1} flagged" in app.sub_title
        acknowledged = next(a for a in screen.view.snapshot.activities() if a.id == first_id)
        assert mark_of(acknowledged) is not Mark.FLAGGED
    assert [a for a, _ in open_flagged(plan_store)] == [a for a, _ in before[1:]]
    [(label, ack, cleared)] = plan_store.acknowledgements(first_id)
    assert (ack.note, ack.author, cleared) == ("chased at HTA 12 June", AUTHOR, False)


async def test_escape_in_the_note_prompt_acknowledges_nothing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        await pilot.press("a")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        assert plan_store.acknowledgements(review.current.activity.id) == []


async def test_e_leaves_review_and_edits_that_activity(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        await pilot.press("n")
        target = review.current.activity.id
        await pilot.press("e")
        screen = await plan_screen(pilot)
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        assert screen.editor.session.activity.id == target
        assert screen.editor.text_area.has_focus


async def test_escape_leaves_review_mode(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await start_review(pilot)
        await pilot.press("escape")
        screen = await plan_screen(pilot)
        assert app.screen is screen
        assert not screen.editor.editing


async def test_review_with_nothing_open_says_so(plan_store):
    for activity_id, _ in open_flagged(plan_store):
        period = plan_store.resolve_period(plan_store.resolve_plan().id)
        plan_store.acknowledge(activity_id, period.id, "seen", author="lead")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is screen
        assert "0 flagged" in app.sub_title
