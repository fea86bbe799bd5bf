"""Upgrades: a database written by each released schema opens under the current one, whole.

`tests/data/schema_NNNN.db` is a small database as schema NNNN left it (made by
`tests/data/make_schema_fixtures.py`). Opened with today's plandesk it must come up at the
latest schema with every row it had, unchanged, readable through the service, editable, and
with an automatic backup of the old file taken before the upgrade.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from plandesk.store import db
from plandesk.store.backup import list_backups
from plandesk.store.service import PlanStore

DATA = Path(__file__).parent / "data"
FIXTURES = sorted(DATA.glob("schema_*.db"))


def _revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def _rows(path: Path) -> dict[str, set[tuple]]:
    """Every row of every plandesk table, by table."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version'"
            )
        ]
        return {t: set(connection.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}
    finally:
        connection.close()


def _columns(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
    finally:
        connection.close()


def _rows_in_old_columns(path: Path, old: Path) -> dict[str, set[tuple]]:
    """The upgraded database's rows, cut down to the columns the old schema had."""
    connection = sqlite3.connect(path)
    try:
        result = {}
        for table in _rows(old):
            columns = ", ".join(f'"{c}"' for c in _columns(old, table))
            result[table] = set(connection.execute(f'SELECT {columns} FROM "{table}"').fetchall())
        return result
    finally:
        connection.close()


def test_every_released_schema_has_a_fixture():
    have = {path.stem.removeprefix("schema_") for path in FIXTURES}
    missing = db.known_revisions() - have
    assert not missing, (
        f"no tests/data/schema_{{{','.join(sorted(missing))}}}.db: teach "
        "tests/data/make_schema_fixtures.py the new schema's rows and run it"
    )
    for path in FIXTURES:
        assert _revision(path) == path.stem.removeprefix("schema_")
        assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_old_database_opens_under_the_current_schema_with_all_its_data(tmp_path, fixture):
    path = tmp_path / "officers.db"
    shutil.copyfile(fixture, path)
    old_revision = _revision(fixture)
    before = _rows(fixture)

    store = PlanStore.open(str(path))
    try:
        assert _revision(path) == db.schema_head()
        assert _rows_in_old_columns(path, fixture) == before, "rows changed in the upgrade"

        plan = store.resolve_plan("Safer West Mercia Plan 2020")
        assert plan.notes == "Extract for the Panel"
        assert [p.label for p in store.periods(plan.id)] == ["2020/21 Q1", "2020/21 Q2"]
        period = store.resolve_period(plan.id, "Q2 2020/21")
        snapshot = store.snapshot(plan.id, period.id)
        by_ref = {a.ref: a for a in snapshot.activities()}
        assert set(by_ref) == {"A3.1", "A6.1", "A6.2", "В3.1"}
        a31 = by_ref["A3.1"]
        assert (a31.update.text, a31.update.status, a31.update.author, a31.update.version) == (
            "Board met 24 September; new terms agreed.",
            "complete",
            "ann",
            3,
        )
        assert a31.previous.text == "Terms of reference drafted."
        # A cached verdict whose key matches nothing today is worked out again, never shown.
        assert all(f.detail != "a verdict from older rules" for f in a31.flags)
        assert a31.status == "Complete"
        assert by_ref["A6.2"].update is None
        assert set(by_ref["В3.1"].bodies) == {"Holding to Account", "Victims Board"}
        # A ref typed with a Latin B still finds the Cyrillic one.
        assert store.resolve_activity(plan.id, "b3.1").id == by_ref["В3.1"].id

        history = store.history(a31.id)
        assert [(r.period_label, r.version, r.author) for r in history] == [
            ("2020/21 Q1", 1, "sample import"),
            ("2020/21 Q2", 1, "sample import"),
            ("2020/21 Q2", 2, "ann"),
            ("2020/21 Q2", 3, "ann"),
        ]
        assert history[2].before_text == "Board postponed due to Covid 19."

        drafts = store.drafts(plan.id, "cat")
        if old_revision >= "0002":
            assert [(d.text, d.status) for d in drafts] == [
                ("VAL review: first meeting held, notes to follow", "in progress")
            ]
        else:
            assert drafts == []
        acknowledged = by_ref["В3.1"].acknowledged
        if old_revision >= "0003":
            assert (acknowledged.note, acknowledged.author) == ("chased at HTA 12 June", "ann")
            assert by_ref["A6.1"].acknowledged is None  # withdrawn
            assert len(store.acknowledgements(by_ref["A6.1"].id)) == 2
        else:
            assert acknowledged is None

        # And it takes new work.
        saved = store.save_update(
            a31.id, period.id, "Board met again in December.", author="dan", expected_version=3
        )
        assert saved.version == 4
    finally:
        store.close()

    backups = list_backups(path)
    if old_revision == db.schema_head():
        assert backups == []
    else:
        [backup] = backups
        assert "-before-migration" in backup.name
        assert _revision(backup) == old_revision
        assert _rows(backup) == before

    # Opening again neither migrates nor backs up again.
    PlanStore.open(str(path)).close()
    assert len(list_backups(path)) == len(backups)
