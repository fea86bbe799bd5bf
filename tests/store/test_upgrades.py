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
from tests.paths import DATA

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
        snapshot = store.snapshot(plan.id, period.id, include_retired=True)
        by_ref = {a.ref: a for a in snapshot.activities()}
        assert set(by_ref) == {"A3.1", "A6.1", "A6.2", "В3.1"}
        # From schema 0006 on, the fixture's A6.2 is retired: out of the plan as shown.
        retired = {a.ref for a in snapshot.activities() if a.retired_at is not None}
        assert retired == ({"A6.2"} if old_revision >= "0006" else set())
        shown = {a.ref for a in store.snapshot(plan.id, period.id).activities()}
        assert shown == set(by_ref) - retired
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
        # From schema 0007 on, an officer removed В3.1's Victims Board link ("unlinked"): a
        # removal is kept so the text does not bring it back, and is no link anywhere.
        removed = {"Victims Board"} if old_revision >= "0007" else set()
        assert set(by_ref["В3.1"].bodies) == {"Holding to Account", "Victims Board"} - removed
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


# The false history two concurrent imports wrote before 0005: update 1 has two revisions of
# version 2 and two of version 3 (the update itself says 3); update 2 is clean.
_DUPLICATES = [
    "INSERT INTO plan (id, name, edition, notes, created_at, imported_at) VALUES "
    "(1, 'Raced Plan', '2020', '', '2020-10-01 09:00:00', '2020-10-01 09:00:00')",
    "INSERT INTO objective (id, plan_id, position, title) VALUES (1, 1, 1, 'Victims')",
    "INSERT INTO commitment (id, objective_id, plan_id, position, ref, ref_key, kind, title) "
    "VALUES (1, 1, 1, 1, 'A1', 'A1', 'commissioner', 'Victims Board')",
    "INSERT INTO activity (id, commitment_id, plan_id, position, ref, ref_key, text, oversight, "
    "stands_for_commitment) VALUES (1, 1, 1, 1, 'A1.1', 'A1.1', 'Redesign', '', false), "
    "(2, 1, 1, 2, 'A1.2', 'A1.2', 'Audit', '', false)",
    'INSERT INTO period (id, plan_id, label, start, "end") VALUES '
    "(1, 1, '2020/21 Q2', '2020-07-01', '2020-09-30')",
    "INSERT INTO progress_update (id, activity_id, period_id, text, status, author, "
    "updated_at, version) VALUES (1, 1, 1, 'from b', '', 'imp', '2020-10-02 09:00:00', 3), "
    "(2, 2, 1, 'audit done', '', 'imp', '2020-10-01 09:00:00', 1)",
    "INSERT INTO revision (id, update_id, version, before_text, after_text, before_status, "
    "after_status, author, at, source) VALUES "
    "(1, 1, 1, NULL, 'first', NULL, '', 'imp', '2020-10-01 09:00:00', 'import v1.txt'), "
    "(2, 2, 1, NULL, 'audit done', NULL, '', 'imp', '2020-10-01 09:00:00', 'import v1.txt'), "
    "(3, 1, 2, 'first', 'from a', '', '', 'imp', '2020-10-02 09:00:00', 'import a.txt'), "
    "(4, 1, 2, 'first', 'from b', '', '', 'imp', '2020-10-02 09:00:01', 'import b.txt'), "
    "(5, 1, 3, 'from a', 'again a', '', '', 'imp', '2020-10-02 10:00:00', 'import a.txt'), "
    "(6, 1, 3, 'from a', 'from b', '', '', 'imp', '2020-10-02 10:00:01', 'import b.txt')",
]


def test_upgrade_to_0005_renumbers_duplicate_revision_versions_and_loses_none(db_target):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    engine = db.make_engine(db_target, migrate_schema=False)
    try:
        db.migrate(engine, "0004")
        with engine.begin() as connection:
            for statement in _DUPLICATES:
                connection.execute(text(statement))
            if connection.dialect.name == "postgresql":  # rows were given their ids
                for table in ("plan", "objective", "commitment", "activity", "period"):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f'(SELECT max(id) FROM "{table}"))'
                        )
                    )
                for table in ("progress_update", "revision"):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
        db.migrate(engine)  # must not fail on the duplicates

        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, update_id, version, after_text, source FROM revision ORDER BY id")
            ).all()
            versions = dict(
                connection.execute(text("SELECT id, version FROM progress_update")).all()
            )
        assert [tuple(r) for r in rows] == [
            (1, 1, 1, "first", "import v1.txt"),
            (2, 2, 1, "audit done", "import v1.txt"),
            (3, 1, 2, "from a", "import a.txt"),
            (4, 1, 3, "from b", "import b.txt [v2 before the 0005 upgrade]"),
            (5, 1, 4, "again a", "import a.txt [v3 before the 0005 upgrade]"),
            (6, 1, 5, "from b", "import b.txt [v3 before the 0005 upgrade]"),
        ]
        assert versions == {1: 5, 2: 1}
        with pytest.raises(
            IntegrityError, match="uq_revision_update_version|revision.update_id, revision.version"
        ):
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO revision (update_id, version, after_text, after_status, "
                        "author, at, source) VALUES (2, 1, 'x', '', 'x', '2020-10-03 09:00:00', "
                        "'x')"
                    )
                )
    finally:
        engine.dispose()

    store = PlanStore.open(db_target)
    try:
        plan = store.resolve_plan("Raced Plan")
        activity = store.resolve_activity(plan.id, "A1.1")
        assert [r.version for r in store.history(activity.id)] == [1, 2, 3, 4, 5]
        period = store.resolve_period(plan.id)
        saved = store.save_update(
            activity.id, period.id, "after the upgrade", author="ann", expected_version=5
        )
        assert saved.version == 6
    finally:
        store.close()
