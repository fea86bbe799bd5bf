"""The app's `x`: a default name saying what is in view, a question before replacing a file,
and the same whole-or-nothing writer as `plandesk export` (no writing through a symlink)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from plandesk.tui.dialogs.choice import ChoiceDialog
from plandesk.tui.dialogs.prompt import PromptDialog
from tests.tui.helpers import SIZE, make_test_app, plan_screen, settle, wait_for_screen, wait_until

OLD = "# last week's report\n"


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


async def suggestion(pilot) -> str:
    await pilot.press("x")
    dialog = await wait_for_screen(pilot, PromptDialog)
    value = dialog.query_one(Input).value
    await pilot.press("escape")
    await settle(pilot)
    return Path(value).name


async def test_the_suggested_name_says_what_is_in_view(plan_store, tmp_path):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        assert await suggestion(pilot) == "safer-west-mercia-plan-2020-2020-21-q2.md"
        await pilot.press("s")
        await settle(pilot)
        assert await suggestion(pilot) == "safer-west-mercia-plan-2020-2020-21-q2-flagged.md"
        await pilot.press("s", "slash", *"victims board", "enter")
        await settle(pilot)
        assert await suggestion(pilot) == (
            "safer-west-mercia-plan-2020-2020-21-q2-search-victims-board.md"
        )


async def type_path(pilot, name: str) -> None:
    await pilot.press("x")
    await wait_for_screen(pilot, PromptDialog)
    await pilot.press("home", "ctrl+k", *name, "enter")


async def test_replacing_a_file_asks_first(plan_store, tmp_path):
    report = tmp_path / "report.md"
    report.write_text(OLD)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await type_path(pilot, "report.md")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "report.md exists already" in dialog.question
        await pilot.press("c")
        await settle(pilot)
        assert app.screen is screen
        assert report.read_text() == OLD
        await type_path(pilot, "report.md")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert report.read_text() == OLD
        await type_path(pilot, "report.md")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("o")
        await wait_until(pilot, lambda: report.read_text() != OLD, "the report to be replaced")
        await settle(pilot)
        assert report.read_text().startswith("# Safer West Mercia Plan 2020")
        assert app.screen is screen
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == []


async def test_a_new_file_is_written_without_a_question(plan_store, tmp_path):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        await type_path(pilot, "new.md")
        await wait_until(pilot, (tmp_path / "new.md").exists, "new.md")
        await settle(pilot)
        assert app.screen is screen


async def test_the_app_replaces_a_symlink_instead_of_writing_through_it(plan_store, tmp_path):
    victim = tmp_path / "notes.txt"
    victim.write_text("my own notes\n")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await type_path(pilot, "report.md")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("o")
        await wait_until(pilot, lambda: not link.is_symlink(), "the link to be replaced")
        await settle(pilot)
    assert victim.read_text() == "my own notes\n"
    assert link.read_text().startswith("# Safer West Mercia Plan 2020")


@pytest.mark.parametrize(
    ("keys", "scope"),
    [
        # 12 flagged: A5.2 by the risk rule; D4 and D7 only point at items that are not
        # flagged (reported under).
        (("s",), "the flagged activities (12 activities)"),
        (("slash", *"victims board", "enter"), "the activities matching “victims board”"),
        (("s", "slash", *"refer", "enter"), "the flagged activities matching “refer”"),
    ],
    ids=["flagged", "search", "both"],
)
async def test_the_scope_line_says_what_was_exported(plan_store, tmp_path, keys, scope):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        await type_path(pilot, "view.md")
        target = tmp_path / "view.md"
        await wait_until(pilot, target.exists, "the export")
        await settle(pilot)
    [line] = [x for x in target.read_text().splitlines() if "**Scope:**" in x]
    assert scope in line
    assert "whole plan" not in line
    assert "flagged activities only" not in line


async def test_the_app_exports_officers_by_their_display_names(plan_store, tmp_path):
    # The test plans were imported as "importer"; an [authors] table gives a display name.
    app = make_test_app(plan_store, authors={"IMPORTER": "Policy Team"})
    async with app.run_test(size=SIZE) as pilot:
        await plan_screen(pilot)
        await type_path(pilot, "named.md")
        await wait_until(pilot, (tmp_path / "named.md").exists, "named.md")
    text = (tmp_path / "named.md").read_text()
    assert "(by Policy Team)" in text and "(by importer)" not in text
