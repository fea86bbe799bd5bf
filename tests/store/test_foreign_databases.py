"""Another program's database is refused before anything in it changes; no database that
would keep nothing is accepted; a database plandesk starts is private."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store import db as store_db
from plandesk.store.ownership import PLANDESK_TABLES, known_revision_ids

runner = CliRunner()


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_sqlite(path: Path, *statements: str) -> Path:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


ALEMBIC = "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"
# Other Alembic programs number their migrations too: `0001` is plandesk's first id as well.
FOREIGN_SQLITE = {
    "same-revision-id": (
        ALEMBIC,
        "INSERT INTO alembic_version VALUES ('0001')",
        "CREATE TABLE users (id INT)",
    ),
    "own-revision-id": (
        ALEMBIC,
        "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
        "CREATE TABLE users (id INT)",
    ),
    "only-a-version": (ALEMBIC, "INSERT INTO alembic_version VALUES ('0002')"),
    "empty-version-table": (ALEMBIC,),
    "no-alembic": ("CREATE TABLE users (id INT)",),
    "a-view": ("CREATE VIEW numbers AS SELECT 1 AS n",),
}


@pytest.mark.parametrize("kind", sorted(FOREIGN_SQLITE))
def test_another_programs_sqlite_database_is_refused_unchanged(tmp_path, kind):
    path = make_sqlite(tmp_path / "other.db", *FOREIGN_SQLITE[kind])
    before = fingerprint(path)
    for args in (["plans"], ["import", str(QUARTERLY_EXTRACT)]):
        result = runner.invoke(app, ["--db", str(path), *args])
        assert result.exit_code in (1, 2), result.output
        assert "error: " in result.output
    result = runner.invoke(app, ["--db", str(path), "plans"])
    assert result.exit_code == 1
    assert "another program" in result.output or "not plandesk's" in result.output
    assert fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no journal, no backup


def test_a_plandesk_database_with_a_stranger_table_is_refused(tmp_path):
    path = tmp_path / "plan.db"
    store_db.make_engine(str(path)).dispose()
    make_sqlite(path, "CREATE TABLE invoices (id INT)")
    before = fingerprint(path)
    with pytest.raises(store_db.DatabaseError, match="invoices"):
        store_db.make_engine(str(path))
    assert fingerprint(path) == before


def test_the_known_tables_are_the_models_tables():
    from sqlmodel import SQLModel

    import plandesk.store.models  # noqa: F401

    assert PLANDESK_TABLES == set(SQLModel.metadata.tables)
    assert known_revision_ids() == store_db.known_revisions()


@pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)
@pytest.mark.parametrize("revision", ["0001", "0004", "c0ffee", None])
def test_another_programs_postgresql_database_is_refused_unchanged(db_target, revision):
    import psycopg

    with psycopg.connect(db_target, autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id INT)")
        if revision is not None:
            connection.execute(ALEMBIC)
            connection.execute("INSERT INTO alembic_version VALUES (%s)", (revision,))
    result = runner.invoke(app, ["--db", db_target, "plans"])
    assert result.exit_code == 1
    assert "another program" in result.output
    with psycopg.connect(db_target) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        versions = (
            connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision is not None
            else []
        )
    expected = [("alembic_version",), ("invoices",)] if revision else [("invoices",)]
    assert tables == expected
    assert versions == ([(revision,)] if revision else [])


@pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)
def test_a_plandesk_postgresql_database_still_opens(db_target):
    for _ in range(2):
        result = runner.invoke(app, ["--db", db_target, "plans"])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--db", "", "plans"], {}),
        (["plans", "--db", ""], {}),
        (["plans"], {"PLANDESK_DB": ""}),
        (["plans"], {"PLANDESK_DB": "  "}),
        (["--db", "sqlite://", "plans"], {}),
        (["--db", "sqlite:///:memory:", "import", str(QUARTERLY_EXTRACT)], {}),
        (["--db", ":memory:", "plans"], {}),
        (["--db", "sqlite:///file:x?mode=memory&uri=true", "plans"], {}),
        (["--db", "", "locate"], {}),
        (["--db", "", "backup"], {}),
    ],
)
def test_a_database_that_would_keep_nothing_is_an_error(tmp_path, monkeypatch, args, env):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert not store_db.default_database_path().exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_an_empty_file_initialised_is_made_private(tmp_path):
    path = tmp_path / "new.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    result = runner.invoke(app, ["--db", str(path), "plans"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "warning" not in result.output


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_database_others_can_read_gets_one_warning(tmp_path):
    path = tmp_path / "team.db"
    store_db.make_engine(str(path)).dispose()
    os.chmod(path, 0o644)
    store_db._warned.clear()
    result = runner.invoke(app, ["--db", str(path), "plans"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: the database {path} can be read by other users (mode 0644); "
        f"run: chmod 600 {path}"
    ]
    assert "warning" not in result.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # told, not changed behind their back


@pytest.mark.skipif(os.name == "nt", reason="FIFOs")
def test_a_fifo_as_the_database_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["--db", str(fifo), "plans"])
    assert result.exit_code == 1
    assert "not a regular file" in result.output
