"""`show`'s plain reader (`store.plain_snapshot`) reads the same snapshot as the store, so `show`
prints the same bytes whichever reads the plan; and it stands aside (None) whenever the store
must read it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.bench.generate import synthetic_documents
from plandesk.cli import app
from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.plain_snapshot import read_latest_snapshot
from plandesk.store.service import PlanStore
from tests.factories import open_store
from tests.paths import DATA

runner = CliRunner()


def show(path: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(path), "show", *args])
    assert result.exit_code == 0, (args, result.output)
    return result.output


def assert_agrees(store: PlanStore, path: Path) -> None:
    """The reader's snapshot is the store's, view for view, with and without retired items;
    and `show` prints the same through either (`--period` names the latest period, which
    sends `show` to the store)."""
    for retired in (False, True):
        plain = read_latest_snapshot(path, include_retired=retired)
        assert plain is not None
        assert plain == store.read_plan(review=False, include_retired=retired)
    latest = ["--period", store.resolve_period(store.resolve_plan().id).label]
    for args in (["--format", "json"], [], ["--retired"], ["--retired", "--format", "json"]):
        assert show(path, *args) == show(path, *args, *latest), args


@pytest.mark.parametrize("sample", [PANEL_REPORT, QUARTERLY_EXTRACT], ids=["2018", "2020"])
def test_agrees_with_the_store_on_each_sample(tmp_path, sample):
    path = tmp_path / "plan.db"
    store = open_store(path)
    try:
        store.import_documents([read_document(sample)], author="importer")
        assert_agrees(store, path)
    finally:
        store.close()


def test_agrees_with_the_store_on_the_latest_of_two_plans(plan_store, tmp_path):
    assert_agrees(plan_store, tmp_path / "plan.db")


def test_agrees_on_a_generated_plan_with_done_retired_reopened_and_unlinked_items(tmp_path):
    path = tmp_path / "plan.db"
    store = open_store(path)
    try:
        store.import_documents(synthetic_documents(400, 3, seed=7), author="importer")
        plan = store.resolve_plan()
        periods = store.periods(plan.id)
        snapshot = store.snapshot(plan.id, periods[-1].id, review=False)
        activities = snapshot.activities()
        store.save_update(activities[0].id, periods[0].id, "Done.", author="o", status="Complete")
        store.save_update(activities[1].id, periods[0].id, "Done.", author="o", status="Done")
        store.save_update(activities[1].id, periods[1].id, "Again.", author="o", status="At risk")
        store.save_update(activities[2].id, periods[2].id, "Done.", author="o", status="complete")
        store.save_update(activities[3].id, periods[2].id, "Done.", author="o", status="Complete")
        store.reopen_activity(plan.id, activities[3].id, author="o")
        store.save_update(activities[4].id, periods[2].id, "\u3000\n\xa0" * 9, author="o")
        store.retire_activity(plan.id, activities[5].id, "merged", author="o")
        commitment = snapshot.objectives[1].commitments[0]
        store.retire_commitment(plan.id, commitment.ref, "dropped", author="o")
        linked = next(a for a in activities[6:] if a.bodies)
        store.unlink_oversight(plan.id, linked.id, linked.bodies[0], author="o")
        store.close_period(plan.id, periods[1].label, author="o")
        plain = read_latest_snapshot(path, include_retired=True)
        assert plain is not None
        found = {a.id: a for a in plain.activities()}
        # The cases had work: done, retired, unlinked.
        assert found[activities[0].id].done_in == periods[0].label
        assert found[activities[5].id].retired_at is not None
        assert linked.bodies[0] not in found[linked.id].bodies
        assert_agrees(store, path)
    finally:
        store.close()


# ------------------------------------------------------------------ standing aside


def test_no_file_is_left_to_the_store(tmp_path):
    assert read_latest_snapshot(tmp_path / "missing.db") is None
    assert not (tmp_path / "missing.db").exists()


def test_a_database_that_needs_migrating_is_left_to_the_store(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0006.db", path)
    before = path.read_bytes()
    assert read_latest_snapshot(path) is None
    assert path.read_bytes() == before


def test_an_empty_store_is_left_to_the_store(tmp_path):
    path = tmp_path / "empty.db"
    open_store(path).close()
    assert read_latest_snapshot(path) is None
    result = runner.invoke(app, ["--db", str(path), "show"])
    assert result.exit_code == 2 and "import one with" in result.output
