"""Hostile names and text in the app (issue 11, items 10 and 11).

Every string an officer or a document provided is shown as plain text: Textual markup in it is
never parsed (no crash on `[/]`, no live `[@click=app.quit]` action), and a terminal escape in
it is shown as `\\x1b`, never sent to the terminal. The data are old rows written straight into
the database (as before control characters were cleaned on the way in).
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App
from textual.widgets import Label
from textual.widgets._toast import Toast

from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore
from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.dialogs.conflict import ConflictDialog
from plandesk.tui.dialogs.history import HistoryDialog
from plandesk.tui.dialogs.picker import PickerDialog
from plandesk.tui.dialogs.prompt import PromptDialog
from plandesk.tui.screens.plan import PlanScreen
from plandesk.tui.screens.review_screen import ReviewScreen
from tests.tui.helpers import (
    AUTHOR,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    wait_for_screen,
    wait_until,
)

PLAN = "Finance [/] copy"
MARKUP = "[@click=app.quit]x[/] [/] [b]"
ESC = "\x1b]0;PWNED\x07\x1b[2J"
SHOWN_ESC = "\\x1b]0;PWNED"
CLICK_ME = "[@click=app.quit]Click me[/]"
BIG = (200, 60)


def screen_text(app: App) -> str:
    """Every character the terminal would be sent for the screen's content (no styles)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text(styles=False)


def assert_shown_plainly(app: App, *literals: str) -> None:
    """The app is running, shows each literal as typed, and sends no raw escape."""
    assert app.is_running and app.return_code is None
    text = screen_text(app)
    assert "\x1b" not in text and "\x07" not in text, "a raw control character reached the screen"
    flat = text.replace("\n", "")
    for literal in literals:
        assert literal in text or literal in flat, f"{literal!r} is not shown as typed"


@pytest.fixture
def hostile_db(tmp_path) -> Path:
    """The 2020 extract as plan `Finance [/] copy`, then markup and escapes in every name and
    text the app shows, written as old rows (bypassing the store's cleaning)."""
    path = tmp_path / "hostile.db"
    store = PlanStore.open(str(path))
    try:
        store.import_documents(
            [read_document(QUARTERLY_EXTRACT)], author="importer", plan_name=PLAN
        )
        info = store.resolve_plan()
        period = store.resolve_period(info.id)
        activity = store.resolve_activity(info.id, "A2.2")
        # Only a flagged activity can be acknowledged: its officer says it is at risk.
        current = store.update_for(activity.id, period.id)
        assert current is not None
        store.save_update(activity.id, period.id, current.text, author="ann", status="At risk")
        store.acknowledge(activity.id, period.id, "seen", author="ann")
    finally:
        store.close()
    hostile = MARKUP + ESC
    with sqlite3.connect(path) as conn:
        for sql in (
            "UPDATE period SET label = label || :h",
            "UPDATE objective SET title = title || :h",
            "UPDATE commitment SET title = title || :h",
            "UPDATE activity SET text = text || :h",
            "UPDATE activity SET ref = ref || :h WHERE ref IS NOT NULL",
            "UPDATE commitment SET ref = ref || :h",
            "UPDATE progress_update SET text = text || :h, author = :click || :h",
            "UPDATE revision SET after_text = after_text || :h, author = :click || :h",
            "UPDATE acknowledgement SET note = note || :h, author = :click || :h",
        ):
            conn.execute(sql, {"h": hostile, "click": CLICK_ME})
    return path


@pytest.fixture
def hostile_store(hostile_db):
    store = PlanStore.open(str(hostile_db))
    yield store
    store.close()


def a2_2(store: PlanStore):
    info = store.resolve_plan()
    period = store.resolve_period(info.id)
    snapshot = store.snapshot(info.id, period.id)
    activity = next(a for a in snapshot.activities() if a.ref and a.ref.startswith("A2.2"))
    return info, period, activity


A2_2 = "A2.2" + MARKUP


async def open_a2_2(pilot, store):
    screen = await plan_screen(pilot)
    _info, _period, activity = a2_2(store)
    await select_activity(pilot, screen, activity.id)
    await settle(pilot)
    return screen, activity


def notifications(app: App) -> list[str]:
    return [n.message for n in app._notifications]


async def toasts_shown(pilot) -> list[str]:
    """Wait for notifications to be drawn (a toast with markup in it fails only then) and
    return what they show."""
    await wait_until(pilot, lambda: bool(pilot.app.screen.query(Toast)), "a toast")
    await pilot.pause()
    return [str(toast.render()) for toast in pilot.app.screen.query(Toast)]


async def test_plan_screen_tree_details_and_editor_show_names_plainly(hostile_store):
    app = make_test_app(hostile_store)
    async with app.run_test(size=BIG) as pilot:
        screen, _activity = await open_a2_2(pilot, hostile_store)
        # Title bar (plan, period), tree (ref, text), details (ref, text, note, author), editor
        # title (period, ref), state (author) and text.
        assert_shown_plainly(app, PLAN, A2_2, SHOWN_ESC, CLICK_ME, "2020/21 Q2" + MARKUP)
        state = screen.editor.query_one("#editor-state", Label).render()
        assert f"by {CLICK_ME}" in str(state)
        assert "acknowledged by " + CLICK_ME in screen_text(app)
        title = screen.editor.query_one("#editor-title", Label).render()
        assert f"update of {A2_2}" in str(title)


async def test_history_and_pickers_show_names_plainly(hostile_store):
    app = make_test_app(hostile_store)
    async with app.run_test(size=BIG) as pilot:
        await open_a2_2(pilot, hostile_store)
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryDialog)
        assert_shown_plainly(app, f"History of {A2_2}", CLICK_ME, SHOWN_ESC)
        await pilot.press("escape")
        await pilot.press("p")
        await wait_for_screen(pilot, PickerDialog)
        assert_shown_plainly(app, "2020/21 Q2" + MARKUP)
        await pilot.press("escape")
        await pilot.press("P")
        await wait_for_screen(pilot, PickerDialog)
        assert_shown_plainly(app, PLAN)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_a_plan_named_with_markup_opens_edits_keeps_drafts_and_saves(hostile_db):
    store = PlanStore.open(str(hostile_db))
    try:
        info, period, activity = a2_2(store)
        app = make_test_app(store)
        async with app.run_test(size=BIG, notifications=True) as pilot:
            screen, _ = await open_a2_2(pilot, store)
            await pilot.press("e")
            await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
            assert_shown_plainly(app, A2_2)
            # At this width the editor sits beside the previous update and its title wraps:
            # the title is read as rendered (never parsed as markup).
            title = screen.editor.query_one("#editor-title", Label).render()
            assert f"Editing the 2020/21 Q2{MARKUP}" in str(title)
            await pilot.press(*" [/] more")
            await settle(pilot)
            drafts = store.drafts(info.id, AUTHOR)
            assert [d.text for d in drafts] == [screen.editor.text]
            assert screen.editor.text.endswith(" [/] more")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
            await settle(pilot)
            saved = store.update_for(activity.id, period.id)
            assert saved.version == activity.update.version + 1
            assert saved.text.endswith(" [/] more") and "\x1b" not in saved.text
            assert any(m.startswith(f"Saved {A2_2}") for m in notifications(app))
            assert any(t.startswith(f"Saved {A2_2}\\x1b]0;") for t in await toasts_shown(pilot))
            assert_shown_plainly(app, PLAN)
    finally:
        store.close()


async def test_drafts_offer_names_refs_plainly(hostile_db):
    store = PlanStore.open(str(hostile_db))
    try:
        info, period, activity = a2_2(store)
        store.save_draft(activity.id, period.id, "kept [/]", author=AUTHOR)
        app = make_test_app(store)
        async with app.run_test(size=BIG) as pilot:
            dialog = await wait_for_screen(pilot, ChoiceDialog)
            assert A2_2 in dialog.question
            # The question wraps inside the dialog, so the literal is looked for in what the
            # label renders (never parsed as markup); the screen must still hold no raw escape.
            shown = dialog.query_one("#question", Label).render()
            assert A2_2 + SHOWN_ESC in shown.plain
            assert_shown_plainly(app, "You have an unsaved draft", "Finance [/] copy 2020")
            await pilot.press("l")
            await settle(pilot)
            assert isinstance(app.screen, PlanScreen)
            assert app.is_running
    finally:
        store.close()


async def test_search_terms_show_plainly(hostile_store):
    app = make_test_app(hostile_store)
    async with app.run_test(size=BIG) as pilot:
        await plan_screen(pilot)
        await pilot.press("slash", *"[/]")
        await settle(pilot)
        assert_shown_plainly(app, "“[/]”")


async def test_review_screen_and_acknowledge_prompt_show_names_plainly(hostile_store):
    app = make_test_app(hostile_store)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await plan_screen(pilot)
        await pilot.press("r")
        review = await wait_for_screen(pilot, ReviewScreen)
        name = review.current.name
        assert name.endswith(MARKUP + ESC)
        assert_shown_plainly(app, "2020/21 Q2" + MARKUP, "Activity A", MARKUP, SHOWN_ESC)
        item = review.current
        await pilot.press("a")
        await wait_for_screen(pilot, PromptDialog)
        assert_shown_plainly(app, "Acknowledge the flags on A", MARKUP)
        await pilot.press(*"chased [/] [b]", "enter")
        await wait_until(pilot, lambda: item.activity.acknowledged is not None, "the note")
        await settle(pilot)
        assert item.activity.acknowledged.note == "chased [/] [b]"
        assert any(m.startswith("Acknowledged A") for m in notifications(app))
        assert any(t.startswith("Acknowledged A") for t in await toasts_shown(pilot))
        # `a` moved on to the next flag: back to the acknowledged one to read the note.
        await pilot.press("b")
        assert review.current is item
        assert_shown_plainly(app, "chased [/] [b]")


async def test_an_author_made_of_markup_is_not_a_live_action_in_the_conflict_dialog(
    plan_store,
):
    """The other writer is `[@click=app.quit]Click me[/]`: clicking the name does nothing."""
    info = plan_store.resolve_plan()
    period = plan_store.resolve_period(info.id)
    snapshot = plan_store.snapshot(info.id, period.id)
    activity = next(a for a in snapshot.activities() if a.ref == "A2.2")
    app = make_test_app(plan_store)
    async with app.run_test(size=BIG) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        plan_store.save_update(
            activity.id, period.id, "theirs", author=CLICK_ME, expected_version=1
        )
        await pilot.press(*" mine", "ctrl+s")
        dialog = await wait_for_screen(pilot, ConflictDialog)
        await settle(pilot)
        assert_shown_plainly(app, f"editing it: {CLICK_ME} saved v2")
        label = dialog.query(Label).first()
        intro = "This update changed while you were editing it: "
        # Click every cell where the name is drawn (a live link quits the app at once).
        for x in range(len(intro), len(intro) + len(CLICK_ME)):
            await pilot.click(label, offset=(x, 0))
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert app.screen is dialog
