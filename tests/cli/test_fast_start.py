"""`plandesk` / `plandesk tui` start fast: argv read without Typer, nothing of Typer or the SQL
stack imported before the first screen, and everything else left to the full command line."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys

import pytest

from plandesk.cli.fast_start import app_target, fast_app
from tests.factories import open_store
from tests.paths import ROOT, WORKERS


@pytest.mark.parametrize(
    ("argv", "db"),
    [
        ([], None),
        (["tui"], None),
        (["--db", "x.db"], "x.db"),
        (["--db=x.db", "tui"], "x.db"),
        (["--db", "x.db", "tui", "--db", "y.db"], "y.db"),
        (["tui", "--db=y.db"], "y.db"),
    ],
)
def test_the_app_alone_is_read_without_typer(argv, db):
    assert app_target(argv) == db


@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["demo"],
        ["tui", "--plan", "2018"],
        ["tui", "--period", "2020/21 Q2"],
        ["--help"],
        ["tui", "--help"],
        ["--db"],
        ["tui", "tui"],
        ["--db", "x.db", "show"],
    ],
)
def test_anything_else_goes_to_the_full_command_line(argv):
    assert app_target(argv) is False
    assert fast_app(argv) is None


@pytest.mark.parametrize("kept", [False, True], ids=["new", "returning"])
def test_first_screen_is_up_before_typer_or_the_sql_stack_is_imported(sample_db_copy, kept):
    if kept:
        store = open_store(sample_db_copy)
        plan = store.plans()[0]
        period = store.periods(plan.id)[-1]
        activity = store.snapshot(plan.id, period.id, review=False).activities()[5]
        place = {"plan": plan.id, "period": period.id, "activity": activity.id}
        store.remember("test-officer", "tui.place", json.dumps(place))
        store.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT.parent))
    done = subprocess.run(
        [sys.executable, str(WORKERS / "first_paint_imports.py"), str(sample_db_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["fast"] is True
    assert "Safer West Mercia Plan 2020" in report["title"]
    assert report["first_screen"] == []
    assert report["deferred"] == []  # dialogs and secondary screens wait for their first use
    # The store is opened behind the first screen, the normal way.
    assert report["loaded"] is True
    assert "sqlalchemy" in report["after_load"]


@pytest.mark.parametrize(
    "setup",
    ["postgres_url", "empty_env", "readable_by_others", "missing"],
)
def test_the_store_decides_when_the_first_screen_cannot_be_trusted(
    sample_db_copy, monkeypatch, setup
):
    argv = ["--db", str(sample_db_copy)]
    if setup == "postgres_url":
        argv = ["--db", "postgresql://nobody@127.0.0.1:1/none"]
    elif setup == "empty_env":
        argv = []
        monkeypatch.setenv("PLANDESK_DB", " ")
    elif setup == "readable_by_others":
        sample_db_copy.chmod(0o644)  # the store warns about it before the app: the normal way
    else:
        argv = ["--db", str(sample_db_copy.with_name("new.db"))]  # the store creates it
    assert fast_app(argv) is None
    assert not sample_db_copy.with_name("new.db").exists()


@pytest.fixture(autouse=True)
def collecting_again():
    """`fast_app` turns the collector off until its app's first frame: these tests build apps
    they never run."""
    yield
    gc.enable()


def test_the_collector_is_off_only_until_the_first_frame(sample_db_copy):
    assert fast_app(["--db", str(sample_db_copy.with_name("new.db"))]) is None
    assert gc.isenabled(), "no fast start: the collector was left off"
    app = fast_app(["--db", str(sample_db_copy)])
    assert app is not None and not gc.isenabled()
    running = []

    async def run() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = app.screen
            for _ in range(500):
                if screen.view.loaded is not None:
                    break
                await pilot.pause(0.01)
            assert screen.view.loaded is not None
            running.append(gc.isenabled())

    asyncio.run(run())
    app.store.close()
    assert running == [True], "the collector stayed off after the first frame"


def test_a_returning_officer_starts_fast_at_the_kept_place(sample_db_copy):
    store = open_store(sample_db_copy)
    plan = store.plans()[-1]
    period = store.periods(plan.id)[0]
    activity = store.snapshot(plan.id, period.id, review=False).activities()[2]
    place = f'{{"plan": {plan.id}, "period": {period.id}, "activity": {activity.id}}}'
    store.remember("test-officer", "tui.place", place)
    store.close()
    app = fast_app(["--db", str(sample_db_copy)])
    assert app is not None and app.first is not None
    assert (app.first.plan.id, app.first.period.id, app.first.select) == (
        plan.id,
        period.id,
        activity.id,
    )


def test_the_default_database_and_plandesk_db_are_read_as_the_store_reads_them(
    sample_db_copy, monkeypatch, tmp_path
):
    monkeypatch.setenv("PLANDESK_DB", str(sample_db_copy))
    assert fast_app([]) is not None
    monkeypatch.delenv("PLANDESK_DB")
    assert fast_app([]) is None  # no database yet under PLANDESK_HOME: the store makes one


def test_the_kept_place_is_the_one_the_app_keeps():
    from plandesk.cli.fast_start import KEPT_PLACE
    from plandesk.tui.screens.plan.remembering import PLACE

    assert KEPT_PLACE == PLACE
