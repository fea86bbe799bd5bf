"""`x` exports what is in view to Markdown, `h` shows an update's history, `?` every key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from plandesk.tui.dialogs.history import HistoryDialog
from plandesk.tui.dialogs.prompt import PromptDialog
from plandesk.tui.screens.help_screen import KEY_HELP, HelpScreen
from plandesk.tui.screens.plan import PlanScreen
from plandesk.tui.widgets.plan_tree import PlanTree
from tests.tui.helpers import (
    AUTHOR,
    PLAN_2020,
    Q2,
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    shown_activity_ids,
    snapshot_of,
    static_text,
    wait_for_screen,
    wait_until,
)


async def export_to(pilot, name: str) -> None:
    """x, replace the suggested path with `name` (relative to the working directory), enter."""
    await pilot.press("x")
    dialog = await wait_for_screen(pilot, PromptDialog)
    box = dialog.query_one(Input)
    assert box.value.endswith(".md")
    assert pilot.app.focused is box
    await pilot.press("home", "ctrl+k")
    assert box.value == ""
    await pilot.press(*name)
    assert box.value == name
    await pilot.press("enter")
    target = Path(name)
    await wait_until(pilot, target.exists, f"{name} to be written")
    await settle(pilot)


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Relative export paths land in the test's directory."""
    monkeypatch.chdir(tmp_path)


# ------------------------------------------------------------------ export


async def test_x_writes_the_plan_in_view_to_a_markdown_file(plan_store, tmp_path):
    _plan, _period, snapshot = snapshot_of(plan_store)
    a2_2 = next(a for a in snapshot.activities() if a.ref == "A2.2")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "report.md"
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await export_to(pilot, "out/report.md")
        assert app.screen is screen
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"# {PLAN_2020}")
    assert Q2 in text.splitlines()[0]
    # An update's words, and every commitment's ref.
    assert " ".join(a2_2.update.text.split()[:6]) in " ".join(text.split())
    for objective in snapshot.objectives:
        for commitment in objective.commitments:
            assert commitment.ref in text


async def test_x_with_the_flagged_filter_exports_only_flagged_activities(plan_store, tmp_path):
    _plan, _period, snapshot = snapshot_of(plan_store)
    flagged = [a for a in snapshot.activities() if a.open_flags]
    calm = [a for a in snapshot.activities() if a.ref and not a.open_flags]
    assert flagged and calm
    target = tmp_path / "flagged.md"
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("s")
        await settle(pilot)
        await export_to(pilot, "flagged.md")
    text = target.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#####")]
    assert len(headings) == len(flagged)
    for activity in flagged:
        if activity.ref:
            assert any(f" {activity.ref} " in f"{h} " for h in headings), activity.ref
    for activity in calm:
        assert not any(f" {activity.ref} " in f"{h} " for h in headings), activity.ref
        if activity.update is not None:
            assert " ".join(activity.update.text.split()) not in " ".join(text.split())


@pytest.mark.parametrize(
    ("keys", "said"),
    [(("s",), "flagged"), (("slash", *"victims board", "enter"), "victims board")],
    ids=["flagged", "search"],
)
async def test_a_filtered_export_says_what_it_holds(plan_store, tmp_path, keys, said):
    target = tmp_path / "filtered.md"
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        await export_to(pilot, "filtered.md")
    scope = next(line for line in target.read_text().splitlines() if "**Scope:**" in line)
    assert said in scope


async def test_x_with_a_search_exports_only_the_matches(plan_store, tmp_path):
    plan, period, snapshot = snapshot_of(plan_store)
    found = plan_store.search(plan.id, period.id, "victims board")
    target = tmp_path / "found.md"
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press("slash", *"victims board", "enter")
        await settle(pilot)
        await export_to(pilot, "found.md")
    headings = [line for line in target.read_text().splitlines() if line.startswith("#####")]
    assert len(headings) == len(found)
    for activity in snapshot.activities():
        if activity.ref:
            shown = any(f" {activity.ref} " in f"{h} " for h in headings)
            assert shown == (activity.id in found), activity.ref


async def test_x_with_the_flagged_filter_leaves_out_acknowledged_flags(plan_store, tmp_path):
    """What is in view is what is exported: an acknowledged flag is not in the flagged view."""
    _plan, period, snapshot = snapshot_of(plan_store)
    acknowledged = next(a for a in snapshot.activities() if a.ref == "A3.1")
    assert acknowledged.open_flags
    plan_store.acknowledge(
        acknowledged.id, period.id, "Discussed at the panel; no action.", author=AUTHOR
    )
    _plan, _period, fresh = snapshot_of(plan_store)
    in_view = [a for a in fresh.activities() if a.open_flags]
    assert acknowledged.id not in {a.id for a in in_view}
    target = tmp_path / "flagged.md"
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert acknowledged.id not in shown_activity_ids(screen)
        await export_to(pilot, "flagged.md")
    headings = [line for line in target.read_text().splitlines() if line.startswith("#####")]
    assert not any(" A3.1 " in f"{h} " for h in headings)
    assert len(headings) == len(in_view)


async def test_escape_in_the_export_prompt_writes_nothing(plan_store, tmp_path):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("x")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert list(tmp_path.glob("*.md")) == []


async def test_export_to_an_unwritable_path_keeps_the_app_running(plan_store, tmp_path):
    target = tmp_path / "nodir" / "x.md"
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("x")
        await wait_for_screen(pilot, PromptDialog)
        await pilot.press("home", "ctrl+k", *"nodir/x.md", "enter")
        await settle(pilot)
        assert app.is_running
        assert app.screen is screen
        assert not target.exists()


# ------------------------------------------------------------------ history


async def test_h_lists_the_revisions_with_their_authors(plan_store):
    plan, period, snapshot = snapshot_of(plan_store)
    a2_2 = next(a for a in snapshot.activities() if a.ref == "A2.2")
    plan_store.save_update(
        a2_2.id,
        period.id,
        "A colleague's rewrite of the commissioning update.",
        author="colleague",
        expected_version=1,
    )
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a2_2.id)
        await pilot.press("h")
        dialog = await wait_for_screen(pilot, HistoryDialog)
        await settle(pilot)
        text = static_text(dialog.query_one("#history-body", Static))
        assert "importer" in text
        assert "colleague" in text
        assert "A colleague's rewrite of the commissioning update." in text
        assert f"{Q2} v1" in text and f"{Q2} v2" in text
        # Newest first.
        assert text.index("v2") < text.index("v1")
        assert "A2.2" in static_text(dialog.query("Label").first())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert app.focused is screen.plan_tree


async def test_h_after_saving_in_the_app_shows_the_new_revision(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    a2_2 = next(a for a in snapshot.activities() if a.ref == "A2.2")
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, a2_2.id)
        await pilot.press("e", *" Reviewed.", "ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        await pilot.press("h")
        dialog = await wait_for_screen(pilot, HistoryDialog)
        text = static_text(dialog.query_one("#history-body", Static))
        assert AUTHOR in text
        assert "(tui)" in text
        assert "Reviewed." in text


async def test_h_on_an_activity_without_updates_says_so(plan_store):
    _plan, _period, snapshot = snapshot_of(plan_store)
    activity = snapshot.objectives[0].commitments[0].activities[0]
    assert activity.update is None
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await select_activity(pilot, screen, activity.id)
        await pilot.press("h")
        dialog = await wait_for_screen(pilot, HistoryDialog)
        assert "No update has been recorded" in static_text(dialog.query_one("#history-body"))


async def test_h_on_an_objective_opens_nothing(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert app.screen is screen


# ------------------------------------------------------------------ help


async def test_question_mark_lists_every_key_and_escape_closes(plan_store):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await pilot.press("question_mark")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        text = " ".join(static_text(help_screen.query_one("#help-keys")).split())
        for keys, meaning in KEY_HELP:
            assert " ".join(keys.split()) in text
            assert " ".join(meaning.split()) in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


# How Textual names keys, and how the help table writes them.
KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "f2": "F2",
}


@pytest.mark.parametrize("owner", [PlanScreen, PlanTree], ids=lambda c: c.__name__)
def test_every_key_bound_is_in_the_help(owner):
    documented = {token for keys, _meaning in KEY_HELP for token in keys.split()}
    for binding in owner.BINDINGS:
        for key in binding.key.split(","):
            assert KEY_NAMES.get(key, key) in documented, f"{key} ({binding.action})"
