"""A broken stall_rules.toml (issue 11 item 9): the app says where and works on without flags;
commands that show no flags never read the file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app as cli_app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.rules_file import config_path
from plandesk.store.service import PlanStore
from tests.tui.helpers import (
    SIZE,
    make_test_app,
    plan_screen,
    select_activity,
    settle,
    static_text,
    wait_until,
)

runner = CliRunner()

# A typo on line 3: a string that never ends.
BROKEN = 'similarity = 0.8\n\nnegation_window = "4\n'


@pytest.fixture
def broken_rules():
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture
def cli_db(tmp_path):
    path = tmp_path / "cli.db"
    result = runner.invoke(
        cli_app, ["--db", str(path), "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT)]
    )
    assert result.exit_code == 0, result.output
    return path


def cli(db, *args):
    return runner.invoke(cli_app, ["--db", str(db), *args])


def test_commands_without_flags_work_with_a_broken_rules_file(cli_db, broken_rules):
    for args in (
        ["show"],
        ["show", "--format", "json"],
        ["update", "A3.1", "--text", "Board met.", "--status", "on track"],
        ["history", "A3.1"],
        ["plans"],
        ["periods"],
        ["oversight"],
    ):
        result = cli(cli_db, *args)
        assert result.exit_code == 0, (args, result.output)
    shown = json.loads(cli(cli_db, "show", "--format", "json").output)
    assert shown["plan"]["name"]


@pytest.mark.parametrize("args", [["stalled"], ["export"], ["show", "--suggest"]])
def test_commands_with_flags_name_the_file_and_line(cli_db, broken_rules, args):
    result = cli(cli_db, *args)
    assert result.exit_code == 2
    assert f"{broken_rules}:3" in result.output
    assert result.output.startswith("error: the stall rules cannot be read")


@pytest.fixture
def plan_store(sample_db_copy):
    opened = PlanStore.open(str(sample_db_copy))
    yield opened
    opened.close()


async def test_the_app_says_where_and_works_on_without_flags(plan_store, broken_rules):
    app = make_test_app(plan_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await plan_screen(pilot)
        # Before the fix the header said "checking flags…" for ever.
        await wait_until(pilot, lambda: "checking flags" not in app.sub_title, "the flags")
        header = app.sub_title
        assert "flags off (stall_rules.toml:3)" in header
        messages = [str(n.message) for n in app._notifications]
        assert any(f"{broken_rules}:3" in m for m in messages), messages
        assert screen.view.snapshot.reviewed

        # Keys that need flags answer at once (no queue waiting for flags that never come).
        await pilot.press("s")
        await settle(pilot)
        assert not screen.view.flagged_only and screen.view.waiting_for_flags == []
        assert any("No flags" in str(n.message) for n in app._notifications)

        # Editing and saving still work, and the save is not reported as failed.
        activity = plan_store.resolve_activity(screen.view.plan.id, "A3.1")
        await select_activity(pilot, screen, activity.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
        await pilot.press(*" Checked.")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
        await settle(pilot)
        saved = plan_store.update_for(activity.id, screen.view.period.id)
        assert saved.text.endswith(" Checked.")
        assert not any("could not save" in str(n.message) for n in app._notifications)
        assert "v2 saved by" in static_text(screen.editor.query_one("#editor-state"))
