"""Review mode keeps its place: after `e` and ctrl+s it comes back at the same item with the
same progress, leaving it puts the tree's cursor on the item last shown, and `a` moves on."""

from __future__ import annotations

from plandesk.tui.dialogs.prompt import PromptDialog
from plandesk.tui.screens.plan import PlanScreen
from plandesk.tui.screens.review_screen import ReviewScreen
from tests.tui.helpers import (
    SIZE,
    make_test_app,
    plan_screen,
    settle,
    static_text,
    wait_for_screen,
    wait_until,
)


async def start_review(pilot) -> ReviewScreen:
    await plan_screen(pilot)
    await pilot.press("r")
    review = await wait_for_screen(pilot, ReviewScreen)
    assert isinstance(review, ReviewScreen)
    return review


def progress(review: ReviewScreen) -> str:
    return static_text(review.query_one("#title-bar"))


async def test_edit_and_save_comes_back_to_review_at_the_same_item(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        total = len(review.items)
        await pilot.press("n", "n")
        target = review.current.activity
        await pilot.press("e")
        screen = await plan_screen(pilot)
        await wait_until(pilot, lambda: screen.editor.editing, "the editor")
        assert screen.editor.session.activity.id == target.id
        await pilot.press(*" Chased again.")
        await pilot.press("ctrl+s")
        back = await wait_for_screen(pilot, ReviewScreen)
        await settle(pilot)
        assert isinstance(back, ReviewScreen) and app.screen is back
        assert back.current.activity.id == target.id
        assert back.index == 2
        assert f"3 of {total} · 3 of {total} reviewed" in progress(back)
        assert "Chased again." in static_text(back.query_one("#review-body"))
    update = plan_store.update_for(target.id, screen.view.period.id)
    assert update.text.endswith("Chased again.")


async def test_leaving_the_editor_unchanged_also_comes_back_to_review(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        await pilot.press("n")
        target = review.current.activity.id
        await pilot.press("e")
        screen = await plan_screen(pilot)
        await wait_until(pilot, lambda: screen.editor.editing, "the editor")
        await pilot.press("escape")
        back = await wait_for_screen(pilot, ReviewScreen)
        assert back.current.activity.id == target
        # Leaving review now puts the cursor on that item.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PlanScreen), "the plan screen")
        assert screen.selected_activity().id == target
        assert not screen.editor.editing


async def test_escape_puts_the_tree_cursor_on_the_item_just_reviewed(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        await pilot.press("n", "n", "n")
        target = review.current.activity.id
        await pilot.press("escape")
        screen = await plan_screen(pilot)
        assert app.screen is screen
        assert screen.selected_activity() is not None
        assert screen.selected_activity().id == target
        assert screen.plan_tree.has_focus


async def test_a_on_the_last_item_acknowledges_and_stays(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        total = len(review.items)
        await pilot.press(*["n"] * (total - 1))
        assert review.index == total - 1
        await pilot.press("a")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press(*"noted", "enter")
        await wait_until(
            pilot, lambda: review.current.activity.acknowledged is not None, "the acknowledgement"
        )
        assert review.index == total - 1
        assert app.screen is review


async def test_review_shows_a_rules_status_as_suggested(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        review = await start_review(pilot)
        # "No update" is a fact, never a suggestion: step to the first status the rules guessed.
        for _ in range(len(review.items)):
            if review.current.activity.status_suggested:
                break
            await pilot.press("n")
            await pilot.pause()
        activity = review.current.activity
        assert activity.status and activity.status_suggested
        body = static_text(review.query_one("#review-body"))
        assert f"Status: {activity.status} (suggested)" in body
