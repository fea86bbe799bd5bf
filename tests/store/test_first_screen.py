"""The first-screen reader (`store.first_screen`) agrees with the store, and stands aside
(None) whenever the app must start the normal way."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bench.generate import synthetic_documents
from plandesk.core.counts import count_period
from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.first_screen import SPACES, read_first_counts, read_first_screen
from plandesk.store.service import PlanStore
from tests.factories import open_store
from tests.paths import DATA

AUTHOR = "test-officer"
PLACE = "tui.place"


def assert_agrees(store: PlanStore, path: Path) -> None:
    """What the reader reads is what the store's plans, periods and snapshot say, whether the
    counts are read with the screen or apart."""
    first = read_first_screen(path, AUTHOR, PLACE)
    assert first is not None
    uncounted = read_first_screen(path, AUTHOR, PLACE, count=False)
    assert uncounted is not None and uncounted.counts is None
    assert uncounted.counts_of(first.objectives[0].id) is None
    counted = read_first_counts(path, uncounted)
    assert counted is not None and uncounted.with_counts(counted) == first
    plan = store.resolve_plan()
    assert first.plan == plan
    assert first.period == store.periods(plan.id)[-1] == store.resolve_period(plan.id)
    snapshot = store.snapshot(plan.id, first.period.id, review=False)
    assert [(o.id, o.position, o.title) for o in first.objectives] == [
        (o.id, o.position, o.title) for o in snapshot.objectives
    ]
    for mine, theirs in zip(first.objectives, snapshot.objectives, strict=True):
        fields = [
            (c.id, c.objective_id, c.position, c.ref, c.kind, c.title) for c in mine.commitments
        ]
        assert fields == [
            (c.id, c.objective_id, c.position, c.ref, c.kind, c.title) for c in theirs.commitments
        ]
        activities = [a for c in theirs.commitments for a in c.activities]
        assert first.counts_of(mine.id) == count_period(activities)
    assert first.counts == count_period(snapshot.activities())


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


def test_agrees_on_a_generated_plan_with_done_retired_and_reopened_items(tmp_path):
    path = tmp_path / "plan.db"
    store = open_store(path)
    try:
        store.import_documents(synthetic_documents(400, 3, seed=7), author="importer")
        plan = store.resolve_plan()
        periods = store.periods(plan.id)
        snapshot = store.snapshot(plan.id, periods[-1].id, review=False)
        activities = snapshot.activities()
        # Done in an earlier period; done then reopened by a later open status; done this
        # period; reopened after being done; whitespace-only text; a retired activity and a
        # retired commitment.
        store.save_update(activities[0].id, periods[0].id, "Done.", author="o", status="Complete")
        store.save_update(activities[1].id, periods[0].id, "Done.", author="o", status="Done")
        store.save_update(activities[1].id, periods[1].id, "Again.", author="o", status="At risk")
        store.save_update(activities[2].id, periods[2].id, "Done.", author="o", status="complete")
        store.save_update(activities[3].id, periods[2].id, "Done.", author="o", status="Complete")
        store.reopen_activity(plan.id, activities[3].id, author="o")
        store.save_update(activities[4].id, periods[2].id, "\u3000\n\xa0" * 9, author="o")
        store.save_update(activities[6].id, periods[2].id, "\xa0" * 20 + "late", author="o")
        store.retire_activity(plan.id, activities[5].id, "merged", author="o")
        commitment = snapshot.objectives[1].commitments[0]
        store.retire_commitment(plan.id, commitment.ref, "dropped", author="o")
        assert_agrees(store, path)
        first = read_first_screen(path, AUTHOR, PLACE)
        assert first is not None and first.counts.done >= 1  # the done rule had work
    finally:
        store.close()


def test_spaces_are_what_python_calls_whitespace():
    assert SPACES == "".join(c for c in map(chr, range(0x110000)) if c.isspace())


# ------------------------------------------------------------------ standing aside


def test_no_file_is_left_to_the_store(tmp_path):
    assert read_first_screen(tmp_path / "missing.db", AUTHOR, PLACE) is None
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_a_file_that_is_no_readable_database_is_left_to_the_store(tmp_path, content):
    path = tmp_path / "plan.db"
    path.write_bytes(content)
    assert read_first_screen(path, AUTHOR, PLACE) is None
    assert path.read_bytes() == content


def test_another_programs_database_is_left_to_the_store(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        connection.execute("INSERT INTO alembic_version VALUES ('0007')")
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    assert read_first_screen(path, AUTHOR, PLACE) is None


def test_a_database_that_needs_migrating_is_left_to_the_store(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema_0006.db", path)
    before = path.read_bytes()
    assert read_first_screen(path, AUTHOR, PLACE) is None
    assert path.read_bytes() == before  # read-only: not even the journal mode changed


def test_an_empty_store_is_left_to_the_store(tmp_path):
    path = tmp_path / "empty.db"
    open_store(path).close()
    assert read_first_screen(path, AUTHOR, PLACE) is None


def test_a_locked_database_is_left_to_the_store_at_once(tmp_path):
    path = tmp_path / "plan.db"
    store = open_store(path)
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    store.close()
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("BEGIN EXCLUSIVE")
        assert read_first_screen(path, AUTHOR, PLACE) is None
        connection.execute("ROLLBACK")
    assert read_first_screen(path, AUTHOR, PLACE) is not None


# ------------------------------------------------------------------ a kept place


def assert_kept_agrees(store: PlanStore, path: Path, plan_id: int, period_id: int, select):
    """The reader opens at the kept plan and period, and reads the kept activity's commitment
    (and what its details name) as the store does."""
    first = read_first_screen(path, AUTHOR, PLACE)
    assert first is not None
    plan = next(p for p in store.plans() if p.id == plan_id)
    assert first.plan == plan
    assert first.period == next(p for p in store.periods(plan_id) if p.id == period_id)
    assert first.select == select
    snapshot = store.snapshot(plan_id, period_id, review=False)
    previous = snapshot.previous_period
    assert (first.previous_period and first.previous_period.label) == (previous and previous.label)
    assert first.counts == count_period(snapshot.activities())
    for mine, theirs in zip(first.objectives, snapshot.objectives, strict=True):
        for commitment, whole in zip(mine.commitments, theirs.commitments, strict=True):
            holds = any(a.id == select for a in whole.activities)
            assert commitment.activities == (whole.activities if holds else [])
    # The bodies the kept commitment's details name, as the store lists them.
    named = {
        name
        for c in first.objectives
        for c2 in c.commitments
        for a in c2.activities
        for name in a.bodies
    }
    assert first.bodies == {b.name: b for b in store.oversight(plan_id) if b.name in named}
    assert bool(named) == bool(first.bodies)
    drafts = {d.activity_id for d in store.drafts(plan_id, AUTHOR) if d.period_id == period_id}
    kept = {a.id for c in snapshot.objectives for c2 in c.commitments for a in c2.activities}
    assert set(first.drafted) == (drafts & kept if select else set())


def test_a_kept_place_is_read_as_the_store_reads_it(plan_store, tmp_path):
    path = tmp_path / "plan.db"
    plans = plan_store.plans()
    older = plans[-1]  # not the latest: the reader must open the kept plan, not the default
    periods = plan_store.periods(older.id)
    period = periods[-1]
    snapshot = plan_store.snapshot(older.id, period.id, review=False)
    commitment = next(c for o in snapshot.objectives for c in o.commitments if c.activities)
    kept, other = commitment.activities[0], commitment.activities[-1]
    plan_store.save_update(
        kept.id, period.id, "Held up by procurement.", author="o", status="At risk"
    )
    plan_store.save_draft(other.id, period.id, "half a thought", author=AUTHOR, base_version=0)
    plan_store.remember(
        AUTHOR, PLACE, f'{{"plan": {older.id}, "period": {period.id}, "activity": {kept.id}}}'
    )
    assert_kept_agrees(plan_store, path, older.id, period.id, kept.id)
    # Another officer's place is not this officer's.
    other_first = read_first_screen(path, "someone else", PLACE)
    assert other_first is not None and other_first.plan == plans[0]
    assert other_first.select is None


def test_a_kept_place_on_a_generated_plan_with_earlier_periods(tmp_path):
    path = tmp_path / "plan.db"
    store = open_store(path)
    try:
        store.import_documents(synthetic_documents(200, 3, seed=3), author="importer")
        plan = store.resolve_plan()
        periods = store.periods(plan.id)
        snapshot = store.snapshot(plan.id, periods[1].id, review=False)
        activities = snapshot.activities()
        store.save_update(activities[0].id, periods[0].id, "Done.", author="o", status="Complete")
        store.remember(
            AUTHOR,
            PLACE,
            f'{{"plan": {plan.id}, "period": {periods[1].id}, "activity": {activities[0].id}}}',
        )
        assert_kept_agrees(store, path, plan.id, periods[1].id, activities[0].id)
        first = read_first_screen(path, AUTHOR, PLACE)
        assert first is not None
        kept = next(a for o in first.objectives for c in o.commitments for a in c.activities)
        assert kept.done_in == periods[0].label and kept.previous is not None
    finally:
        store.close()


@pytest.mark.parametrize(
    "value",
    [
        "[1, 2]",
        '{"plan": "one", "period": 1}',
        '{"plan": 999, "period": 999, "activity": 1}',
        '{"plan": 1, "period": 999, "activity": 1}',
        '{"plan": 1, "period": 1, "activity": 999999}',
        '{"plan": 1, "period": 1, "activity": null}',
    ],
)
def test_a_place_that_is_gone_opens_as_the_app_would(tmp_path, value):
    path = tmp_path / "plan.db"
    store = open_store(path)
    try:
        store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
        plan = store.resolve_plan()
        store.remember(AUTHOR, PLACE, value.replace('"plan": 1', f'"plan": {plan.id}'))
        first = read_first_screen(path, AUTHOR, PLACE)
        assert first is not None and first.select is None
        assert first.plan == plan and first.period == store.periods(plan.id)[-1]
    finally:
        store.close()
