"""Schema migrations: a database made by the first migration opens under the latest."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

from plandesk.store import db
from plandesk.store.service import PlanStore

FIRST = "0001"


def test_models_match_the_migrations(db_target):
    engine = db.make_engine(db_target)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_database_from_first_migration_opens_under_latest_without_loss(sqlite_target):
    engine = db.make_engine(sqlite_target, migrate_schema=False)
    db.migrate(engine, FIRST)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO plan (id, name, edition, notes, created_at, imported_at) "
                "VALUES (1, 'Old Plan', '2018', '', '2018-06-01 10:00:00', '2018-06-01 10:00:00')"
            )
        )
        c.execute(text("INSERT INTO objective VALUES (1, 1, 1, 'Victims first')"))
        c.execute(
            text(
                "INSERT INTO commitment (id, objective_id, plan_id, position, ref, ref_key, kind,"
                " title) VALUES (1, 1, 1, 1, 'A.1', 'A1', 'commissioner', 'Charter')"
            )
        )
        c.execute(
            text(
                "INSERT INTO activity (id, commitment_id, plan_id, position, ref, ref_key, text,"
                " oversight, stands_for_commitment) VALUES (1, 1, 1, 1, 'A1.1', 'A1.1',"
                " 'Consult', 'Victims Board', 0)"
            )
        )
        c.execute(
            text(
                'INSERT INTO period (id, plan_id, label, start, "end")'
                " VALUES (1, 1, 'Jan–May 2018', '2018-01-01', '2018-05-31')"
            )
        )
        c.execute(
            text(
                "INSERT INTO progress_update (id, activity_id, period_id, text, status, author,"
                " updated_at, version) VALUES (1, 1, 1, 'Charter published', '', 'ann',"
                " '2018-06-01 10:00:00', 1)"
            )
        )
    engine.dispose()

    store = PlanStore.open(sqlite_target)
    try:
        with store.engine.connect() as c:
            version = MigrationContext.configure(c).get_current_revision()
        assert version == db.schema_head()
        plan = store.resolve_plan("Old Plan")
        period = store.resolve_period(plan.id)
        [activity] = store.snapshot(plan.id, period.id).activities()
        assert (activity.ref, activity.update.text, activity.update.author) == (
            "A1.1",
            "Charter published",
            "ann",
        )
    finally:
        store.close()


def test_sqlite_settings_and_private_file(sqlite_target):
    import os
    import stat

    engine = db.make_engine(sqlite_target)
    with engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA busy_timeout")).scalar() == db.BUSY_TIMEOUT_MS
    engine.dispose()
    assert stat.S_IMODE(os.stat(sqlite_target).st_mode) == 0o600


def test_opening_twice_does_not_migrate_again(sqlite_target):
    db.make_engine(sqlite_target).dispose()
    engine = create_engine(f"sqlite:///{sqlite_target}")
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"plan", "activity", "progress_update", "revision", "alembic_version"} <= tables
    db.make_engine(sqlite_target).dispose()


def test_the_written_out_schema_head_is_the_newest_migration():
    assert db.SCHEMA_HEAD == db.schema_head()


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "plan.db"
    PlanStore.open(str(path)).close()
    script = (
        "import sys\n"
        "from plandesk.store.service import PlanStore\n"
        f"PlanStore.open({str(path)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _upgrade_from_0005_with_a_dangling_row(path: str) -> None:
    """A 0005 database with one update, plus a revision whose update was deleted by hand while
    foreign keys were off (plandesk never does that; a hand-edited file might)."""
    engine = db.make_engine(path, migrate_schema=False)
    db.migrate(engine, "0005")
    engine.dispose()
    import sqlite3

    connection = sqlite3.connect(path)
    connection.executescript(
        "PRAGMA foreign_keys=OFF;"
        "INSERT INTO plan VALUES (1, 'P', '', '', '2020-01-01', '2020-01-01');"
        "INSERT INTO objective VALUES (1, 1, 1, 'O');"
        "INSERT INTO commitment (id, objective_id, plan_id, position, ref, ref_key, kind, title)"
        " VALUES (1, 1, 1, 1, 'A1', 'A1', 'commissioner', 'C');"
        "INSERT INTO activity (id, commitment_id, plan_id, position, ref, ref_key, text,"
        " oversight, stands_for_commitment) VALUES (1, 1, 1, 1, 'A1.1', 'A1.1', 'T', '', 0);"
        "INSERT INTO period VALUES (1, 1, '2020/21 Q1', '2020-04-01', '2020-06-30');"
        "INSERT INTO progress_update VALUES (1, 1, 1, 'kept', '', 'ann', '2020-07-01', 1);"
        "INSERT INTO revision (id, update_id, version, before_text, after_text, before_status,"
        " after_status, author, at, source) VALUES"
        " (9, 77, 1, NULL, 'orphan', NULL, '', 'ann', '2020-07-01', 'edit');"
    )
    connection.commit()
    connection.close()


def test_upgrading_rebuilds_tables_without_cascading_and_keeps_foreign_keys_on(sqlite_target):
    # Migration 0006 rebuilds `activity` (SQLite batch mode): with foreign keys on during the
    # upgrade, dropping the old table would have deleted every update through the cascade.
    _upgrade_from_0005_with_a_dangling_row(sqlite_target)
    store = PlanStore.open(sqlite_target)
    try:
        with store.engine.connect() as c:
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert c.execute(text("SELECT text FROM progress_update")).scalars().all() == ["kept"]
            # What was dangling before the upgrade is left as it was, not made an obstacle.
            assert c.execute(text("SELECT after_text FROM revision")).scalars().all() == ["orphan"]
    finally:
        store.close()
