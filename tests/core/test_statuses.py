"""One status vocabulary (issue 11 item 7): parsed everywhere, refused when unknown, and never
lost by an edit that did not touch it."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from plandesk.cli import app as cli_app
from plandesk.core.merge import MERGE_MARKER, merged_text
from plandesk.core.statuses import (
    SETTABLE,
    UnknownStatus,
    is_final,
    parse_status,
    shown_status,
)
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore, StoreError
from plandesk.tui.marks import Mark, mark_of
from tests.factories import import_samples
from tests.tui.helpers import (
    SIZE,
    label_text,
    make_test_app,
    node_for_activity,
    plan_screen,
    select_activity,
    settle,
    snapshot_of,
    wait_until,
)

runner = CliRunner()


# ------------------------------------------------------------------ the vocabulary


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("complete", "Complete"),
        ("  ON   TRACK ", "On track"),
        ("Green", "On track"),
        ("on target", "On track"),
        ("AMBER", "At risk"),
        ("red", "Stalled"),
        ("Done", "Complete"),
        ("completed", "Complete"),
        ("in progress", "In progress"),
        ("not started", "Not started"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_parse_status_gives_the_canonical_name(text, canonical):
    assert parse_status(text) == canonical


@pytest.mark.parametrize("text", ["banana", "On trackk", "No update", "complete!"])
def test_anything_else_is_an_error_naming_the_choices(text):
    with pytest.raises(UnknownStatus) as caught:
        parse_status(text)
    message = str(caught.value)
    assert message.startswith("unknown status")
    assert all(name in message for name in SETTABLE)


def test_final_statuses_and_how_odd_ones_show():
    assert [s for s in ("Complete", "done", "Completed", "closed") if is_final(s)] == [
        "Complete",
        "done",
        "Completed",
        "closed",
    ]
    assert not is_final("On track") and not is_final("") and not is_final("banana")
    assert shown_status("banana") == "Banana"  # kept, not dropped
    assert shown_status("amber") == "At risk"


# ------------------------------------------------------------------ the store


@pytest.fixture
def sample_store(store):
    import_samples(store)
    return store


def a3_1(store):
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)
    return period, store.resolve_activity(plan.id, "A3.1")


def test_the_store_refuses_an_unknown_status_and_writes_nothing(sample_store):
    period, activity = a3_1(sample_store)
    before = sample_store.update_for(activity.id, period.id)
    with pytest.raises(StoreError, match='unknown status "banana"; one of'):
        sample_store.save_update(activity.id, period.id, "x", author="ann", status="banana")
    assert sample_store.update_for(activity.id, period.id) == before
    assert len(sample_store.history(activity.id)) == 1


def test_the_store_keeps_statuses_in_canonical_spelling(sample_store):
    period, activity = a3_1(sample_store)
    saved = sample_store.save_update(activity.id, period.id, "x", author="ann", status="amber")
    assert saved.status == "At risk"
    # A text-only save (status None) keeps it.
    saved = sample_store.save_update(activity.id, period.id, "y", author="ann")
    assert (saved.text, saved.status) == ("y", "At risk")


def test_the_store_refuses_the_merge_marker_on_every_path(sample_store):
    period, activity = a3_1(sample_store)
    before = sample_store.update_for(activity.id, period.id)
    for expected in (before.version, None):
        with pytest.raises(StoreError, match="merge marker"):
            sample_store.save_update(
                activity.id,
                period.id,
                merged_text("theirs", "mine"),
                author="x",
                expected_version=expected,
            )
    with pytest.raises(StoreError, match="merge marker"):
        sample_store.save_update(activity.id, period.id, f"ok {MERGE_MARKER} ok", author="x")
    assert sample_store.update_for(activity.id, period.id) == before
    assert len(sample_store.history(activity.id)) == 1


# ------------------------------------------------------------------ the CLI


@pytest.fixture
def cli_db(tmp_path):
    path = tmp_path / "cli.db"
    result = runner.invoke(
        cli_app, ["--db", str(path), "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT)]
    )
    assert result.exit_code == 0, result.output
    return path


def test_cli_update_refuses_an_unknown_status(cli_db):
    result = runner.invoke(
        cli_app, ["--db", str(cli_db), "update", "A3.1", "--text", "x", "--status", "banana"]
    )
    assert result.exit_code == 2
    assert 'error: unknown status "banana"; one of Not started, In progress' in result.output
    history = runner.invoke(cli_app, ["--db", str(cli_db), "history", "A3.1"])
    assert "(cli)" not in history.output  # nothing was written (a CLI revision shows "(cli)")


def test_cli_update_takes_aliases_in_any_case(cli_db):
    result = runner.invoke(
        cli_app, ["--db", str(cli_db), "update", "A3.1", "--text", "x", "--status", "GREEN"]
    )
    assert result.exit_code == 0, result.output
    store = PlanStore.open(str(cli_db))
    try:
        period, activity = a3_1(store)
        assert store.update_for(activity.id, period.id).status == "On track"
    finally:
        store.close()


# ------------------------------------------------------------------ older databases and the app


def force_status(db_path, activity_id: int, period_id: int, status: str) -> None:
    """What a database written before the vocabulary may hold (no store call would write it)."""
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE progress_update SET status = ? WHERE activity_id = ? AND period_id = ?",
            (status, activity_id, period_id),
        )


@pytest.fixture
def db_path(sample_db_copy):
    return sample_db_copy


@pytest.mark.parametrize("odd", ["banana", "on track"])
async def test_app_shows_a_stored_status_and_a_text_save_keeps_it(db_path, odd):
    store = PlanStore.open(str(db_path))
    try:
        period, activity = a3_1(store)
        force_status(db_path, activity.id, period.id, odd)
        app = make_test_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await plan_screen(pilot)
            await select_activity(pilot, screen, activity.id)
            select = screen.editor.status_select
            assert select.value == (odd if odd == "banana" else "On track")
            assert select.value != select.BLANK and select.value != ""
            await pilot.press("e")
            await wait_until(pilot, lambda: screen.editor.editing, "the editor to open")
            assert not screen.editor.dirty
            await pilot.press(*" More.")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: not screen.editor.editing, "the save to finish")
            await settle(pilot)
        saved = store.update_for(activity.id, period.id)
        assert saved.text.endswith(" More.")
        assert saved.status == odd  # untouched: exactly as stored
    finally:
        store.close()


async def test_done_shows_the_complete_mark(db_path):
    store = PlanStore.open(str(db_path))
    try:
        period, activity = a3_1(store)
        force_status(db_path, activity.id, period.id, "Done")
        _plan, _period, snapshot = snapshot_of(store)
        shown = next(a for a in snapshot.activities() if a.id == activity.id)
        assert shown.status == "Complete"
        assert mark_of(shown) is Mark.COMPLETE
        app = make_test_app(store)
        async with app.run_test(size=SIZE) as pilot:
            screen = await plan_screen(pilot)
            await select_activity(pilot, screen, activity.id)
            assert label_text(node_for_activity(screen, activity.id)).startswith("✔")
    finally:
        store.close()
