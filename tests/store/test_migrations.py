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
