"""Backups and restores, automatic backups, private files, and passwords kept out of sight."""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store import db as store_db
from plandesk.store.backup import (
    BackupError,
    auto_backup,
    backup_sqlite,
    list_backups,
    postgres_commands,
)
from plandesk.store.locations import backup_dir, config_dir, data_dir
from plandesk.store.restore import check_backup, restore_sqlite
from plandesk.store.service import PlanStore
from tests.databases import PG_ADMIN_URL
from tests.databases import sqlite_fingerprint as content
from tests.paths import WORKERS

runner = CliRunner()
EDITOR = WORKERS / "editor.py"


def run(db, *args, stdin=None):
    return runner.invoke(app, ["--db", str(db), *args], input=stdin)


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _history(db: Path, ref: str = "A3.1") -> list[dict]:
    return json.loads(ok(run(db, "history", ref, "--format", "json")).output)


# ------------------------------------------------------------------------- plandesk backup


def test_backup_command_writes_a_private_checked_copy(db):
    ok(run(db, "update", "A3.1", "--text", "Board met in September."))
    result = ok(run(db, "backup"))
    [copy] = backup_dir().glob("plans-*-manual.db")
    assert str(copy) in result.output
    assert mode(copy) == 0o600
    assert mode(backup_dir()) == 0o700
    assert content(copy) == content(db)
    assert check_backup(copy) == store_db.schema_head()
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    assert not Path(f"{copy}-wal").exists()
    # A manual backup is not an automatic one: pruning never touches it.
    assert list_backups(db) == []


def test_backup_to_a_path_or_folder_and_refusals(db, tmp_path):
    target = tmp_path / "copy.db"
    ok(run(db, "backup", str(target)))
    assert content(target) == content(db)
    folder = tmp_path / "shelf"
    folder.mkdir()
    ok(run(db, "backup", str(folder)))
    [inside] = folder.glob("plans-*-manual.db")
    assert mode(inside) == 0o600

    again = run(db, "backup", str(target))
    assert again.exit_code == 2 and "exists already" in again.output
    missing = run(db, "backup", str(tmp_path / "nowhere" / "copy.db"))
    assert missing.exit_code == 2 and "does not exist" in missing.output
    nothing = run(tmp_path / "never.db", "backup")
    assert nothing.exit_code == 1 and "no database" in nothing.output
    assert not (tmp_path / "never.db").exists()


def test_backup_while_another_process_writes_is_consistent(db, tmp_path):
    store = PlanStore.open(str(db))
    plan = store.resolve_plan(None)
    period = store.resolve_period(plan.id)
    activity = store.resolve_activity(plan.id, "A3.1").id
    store.close()
    writer = subprocess.Popen(
        [sys.executable, str(EDITOR), str(db), "clerk"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        writer.stdin.write(f"hammer {activity} {period.id} 400\n")
        writer.stdin.flush()
        copies = []
        for n in range(8):
            copies.append(backup_sqlite(db, tmp_path / f"during-{n}.db"))
        assert writer.stdout.readline().strip() == "hammered 400"
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
    versions_seen = set()
    for copy in copies:
        connection = sqlite3.connect(copy)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (update_id, version, text_) = connection.execute(
            "SELECT id, version, text FROM progress_update WHERE activity_id = ?", (activity,)
        ).fetchone()
        chain = connection.execute(
            "SELECT version, after_text FROM revision WHERE update_id = ? ORDER BY version",
            (update_id,),
        ).fetchall()
        connection.close()
        # Each copy is one moment: the update and its history agree.
        assert [v for v, _ in chain] == list(range(1, version + 1))
        assert chain[-1][1] == text_
        versions_seen.add(version)
    assert len(versions_seen) > 1, "the copies were not taken while the writer wrote"


def test_backup_of_postgresql_says_how_to_use_pg_dump_without_the_password():
    url = "postgresql://officer:hunter2secret@db.example.org:5433/plans?sslmode=require"
    result = runner.invoke(app, ["--db", url, "backup"])
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output
    assert "pg_restore" in result.output
    assert "postgresql://officer@db.example.org:5433/plans?sslmode=require" in result.output
    assert "hunter2secret" not in result.output
    restore = runner.invoke(app, ["--db", url, "restore", "x.dump"])
    assert restore.exit_code == 1
    assert "pg_restore --clean --if-exists --no-owner" in restore.output
    assert "hunter2secret" not in restore.output


@pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)
def test_the_printed_pg_dump_and_pg_restore_commands_work(db_target, tmp_path):
    import shutil

    import psycopg

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    store = PlanStore.open(db_target)
    from plandesk.importers import read_document

    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="sample import")
    plan = store.resolve_plan(None)
    store.close()
    dump_file = tmp_path / "plans.dump"
    dump, restore = postgres_commands(store_db.database_url(db_target), str(dump_file))
    subprocess.run(shlex.split(dump), check=True, capture_output=True)
    assert dump_file.stat().st_size > 0
    # Wreck the data, then restore it with the printed command.
    with psycopg.connect(db_target, autocommit=True) as connection:
        connection.execute("DELETE FROM plan")
    subprocess.run(shlex.split(restore), check=True, capture_output=True)
    store = PlanStore.open(db_target)
    try:
        assert store.resolve_plan(None).title == plan.title
        assert store.resolve_plan(None).activity_count == plan.activity_count
    finally:
        store.close()


# ------------------------------------------------------------------------- automatic backups


def test_import_into_a_database_with_plans_is_backed_up_first(db):
    before = content(db)
    result = ok(run(db, "import", str(PANEL_REPORT)))
    [backup] = list_backups(db)
    assert backup.name.startswith("plans-") and backup.name.endswith("-before-import.db")
    assert str(backup) in result.output
    assert content(backup) == before
    assert mode(backup) == 0o600


def test_no_backup_for_a_new_database_a_dry_run_a_no_op_or_a_failed_import(tmp_path, db):
    fresh = tmp_path / "fresh.db"
    ok(run(fresh, "import", str(QUARTERLY_EXTRACT)))
    assert list_backups(fresh) == []
    ok(run(db, "import", "--dry-run", str(PANEL_REPORT)))
    ok(run(db, "import", str(QUARTERLY_EXTRACT)))  # already there: nothing changes
    bad = tmp_path / "bad.txt"
    bad.write_text("Minutes of the parish council\n")
    assert run(db, "import", str(bad)).exit_code == 2
    assert list_backups(db) == []


def test_only_the_newest_backups_are_kept(db, monkeypatch):
    monkeypatch.setenv("PLANDESK_BACKUPS_KEEP", "3")
    states = []
    for n in range(5):
        states.append(content(db))
        ok(run(db, "import", "--plan", f"Copy {n}", str(QUARTERLY_EXTRACT)))
    backups = list_backups(db)
    assert len(backups) == 3
    assert [content(b) for b in backups] == states[-3:]


def test_keep_setting_from_settings_toml_and_zero_turns_backups_off(db):
    settings = config_dir() / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[backups]\nkeep = 0\n")
    ok(run(db, "import", str(PANEL_REPORT)))
    assert list_backups(db) == []
    settings.write_text("[backups]\nkeep = 1\n")
    ok(run(db, "import", "--plan", "Another", str(PANEL_REPORT)))
    ok(run(db, "import", "--plan", "A third", str(PANEL_REPORT)))
    assert len(list_backups(db)) == 1


def test_a_bad_keep_setting_is_a_clean_error_and_nothing_is_imported(db, monkeypatch):
    before = content(db)
    monkeypatch.setenv("PLANDESK_BACKUPS_KEEP", "lots")
    result = run(db, "import", str(PANEL_REPORT))
    assert result.exit_code == 1
    assert result.output.startswith("error: PLANDESK_BACKUPS_KEEP: keep must be a whole number")
    assert content(db) == before


def test_migrating_an_existing_database_backs_it_up_first(tmp_path):
    path = tmp_path / "old.db"
    engine = store_db.make_engine(str(path), migrate_schema=False)
    store_db.migrate(engine, "0001")
    engine.dispose()
    assert list_backups(path) == []  # a brand-new file is not backed up
    PlanStore.open(str(path)).close()
    [backup] = list_backups(path)
    assert backup.name.endswith("-before-migration.db")
    assert check_backup(backup) == "0001"
    PlanStore.open(str(path)).close()
    assert len(list_backups(path)) == 1


def test_a_migration_whose_backup_fails_leaves_the_schema_alone(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    engine = store_db.make_engine(str(path), migrate_schema=False)
    store_db.migrate(engine, "0001")
    engine.dispose()
    blocker = tmp_path / "home-is-a-file"
    blocker.write_text("x")
    monkeypatch.setenv("PLANDESK_HOME", str(blocker))  # the backups folder cannot be made
    result = run(path, "plans")
    assert result.exit_code == 1
    assert "schema was left at 0001" in result.output
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    connection.close()


# ------------------------------------------------------------------------- plandesk restore


def test_restore_brings_back_the_backup_and_keeps_what_it_replaced(db, tmp_path):
    ok(run(db, "backup", str(tmp_path / "monday.db")))
    monday = content(db)
    ok(run(db, "update", "A3.1", "--text", "Tuesday's update", "--as", "ann"))
    tuesday = content(db)
    # Someone has the database open meanwhile (the app, say).
    open_store = PlanStore.open(str(db))

    refused = run(db, "restore", str(tmp_path / "monday.db"), stdin="n\n")
    assert refused.exit_code == 1
    assert "Replace" in refused.output and "Nothing was changed" in refused.output
    assert content(db) == tuesday

    result = ok(run(db, "restore", str(tmp_path / "monday.db"), stdin="y\n"))
    assert content(db) == monday
    [kept] = list_backups(db)
    assert kept.name.endswith("-before-restore.db")
    assert content(kept) == tuesday
    assert str(kept) in result.output
    # The open store reads the restored data.
    plan = open_store.resolve_plan(None)
    assert [
        r.after_text for r in open_store.history(open_store.resolve_activity(plan.id, "A3.1").id)
    ] == [h["after"] for h in _history(db)]
    assert "Tuesday's update" not in json.dumps(_history(db))
    open_store.close()
    ok(run(db, "update", "A3.1", "--text", "Wednesday"))


def test_restore_with_yes_into_a_missing_file_creates_it_private(db, tmp_path):
    ok(run(db, "backup", str(tmp_path / "copy.db")))
    target = tmp_path / "restored.db"
    ok(run(target, "restore", "--yes", str(tmp_path / "copy.db")))
    assert content(target) == content(db)
    assert mode(target) == 0o600


def _foreign_and_broken_files(tmp_path: Path, good: Path) -> dict[str, Path]:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database\n")
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE things (x)")
    connection.commit()
    connection.close()
    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    for offset in range(4096 * 3, len(data), 4096 * 5):
        data[offset + 100 : offset + 400] = os.urandom(300)
    damaged.write_bytes(bytes(data))
    return {
        "missing": tmp_path / "missing.db",
        "text": text_file,
        "other program": other,
        "newer": newer,
        "damaged": damaged,
    }


@pytest.mark.parametrize("kind", ["missing", "text", "other program", "newer", "damaged"])
def test_restore_refuses_what_is_not_a_sound_plandesk_backup(db, tmp_path, kind):
    ok(run(db, "backup", str(tmp_path / "good.db")))
    bad = _foreign_and_broken_files(tmp_path, tmp_path / "good.db")[kind]
    before = content(db)
    result = run(db, "restore", "--yes", str(bad))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert "Traceback" not in result.output
    assert content(db) == before
    assert list_backups(db) == []


def test_restore_over_a_damaged_database_sets_the_wreck_aside(db, tmp_path):
    ok(run(db, "backup", str(tmp_path / "good.db")))
    good = content(db)
    db.write_bytes(b"this used to be a database" * 100)
    result = restore_sqlite(tmp_path / "good.db", db)
    assert content(db) == good
    assert result.previous is not None
    assert result.previous.read_bytes().startswith(b"this used to be")
    assert mode(result.previous) == 0o600


def test_auto_backup_and_restore_functions_directly(tmp_path, db):
    with pytest.raises(BackupError, match="no database"):
        backup_sqlite(tmp_path / "nothing.db", tmp_path / "x.db")
    assert auto_backup(tmp_path / "nothing.db", "before-import") is None
    first = auto_backup(db, "before-import")
    second = auto_backup(db, "before-import")
    assert first != second and first.exists() and second.exists()
    assert list_backups(db) == [first, second]
    # Many within one second, pruned as they go: the newest are always the ones kept.
    made = [auto_backup(db, "before-migration", keep=2) for _ in range(6)]
    assert list_backups(db) == made[-2:]
    with pytest.raises(ValueError):
        auto_backup(db, "manual")


# ------------------------------------------------------------------------- private files


def test_database_wal_and_backups_are_created_readable_by_the_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "private.db"
        store = PlanStore.open(str(path))
        from plandesk.importers import read_document

        store.import_documents([read_document(QUARTERLY_EXTRACT)], author="x")
        # While it is open the WAL and shared-memory files exist.
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{path}{suffix}")) == 0o600, suffix
        ok(run(path, "import", str(PANEL_REPORT)))
        store.close()
        ok(run(path, "backup"))
        ok(run(path, "backup", str(tmp_path / "elsewhere.db")))
        backups = [*backup_dir().iterdir(), tmp_path / "elsewhere.db"]
        assert len(backups) == 3
        for backup in backups:
            assert mode(backup) == 0o600, backup
        assert mode(backup_dir()) == 0o700
        default = runner.invoke(app, ["import", str(QUARTERLY_EXTRACT)])
        assert default.exit_code == 0, default.output
        assert mode(data_dir()) == 0o700
        assert mode(data_dir() / "plandesk.db") == 0o600
    finally:
        os.umask(old)


# ------------------------------------------------------------------------- passwords


SECRET = "s3cr3t-Pa55"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://officer:{SECRET}@127.0.0.1:1/plans",
        f"postgres://officer:{SECRET}@127.0.0.1:1/plans",
        f"postgresql://officer:{SECRET}@127.0.0.1:notaport/plans",
        f"postgresql://officer:{SECRET}@127.0.0.1:1/plans?sslmode=bogus",
    ],
)
def test_a_failed_postgresql_connection_never_shows_the_password(url):
    result = runner.invoke(app, ["--db", url, "plans"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert SECRET not in result.output
    with pytest.raises(store_db.DatabaseError) as caught:
        store_db.make_engine(url)
    assert SECRET not in str(caught.value)


def test_a_refused_login_never_shows_the_password():
    if not PG_ADMIN_URL:
        pytest.skip("PostgreSQL not available (set PLANDESK_TEST_PG to run this)")
    base = PG_ADMIN_URL.split("://", 1)[1].rsplit("@", 1)[-1]
    url = f"postgresql://nobody_here:{SECRET}@{base}"
    result = runner.invoke(app, ["--db", url, "plans"])
    assert result.exit_code == 1
    assert SECRET not in result.output


def test_locate_hides_the_password():
    result = runner.invoke(
        app, ["locate"], env={"PLANDESK_DB": f"postgresql://officer:{SECRET}@db/plans"}
    )
    assert result.exit_code == 0
    assert SECRET not in result.output
    assert "officer:***@db" in result.output


def test_locate_hides_a_password_in_the_query_string():
    result = runner.invoke(
        app, ["locate"], env={"PLANDESK_DB": f"postgresql://officer@db/plans?password={SECRET}"}
    )
    assert SECRET not in result.output


def test_locate_with_an_unparsable_url_is_not_a_traceback():
    result = runner.invoke(
        app, ["locate"], env={"PLANDESK_DB": f"postgresql://officer:{SECRET}@db:port/plans"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert SECRET not in result.output


def test_no_password_is_ever_written_to_the_config_or_data_folders(tmp_path):
    url = f"postgresql://officer:{SECRET}@127.0.0.1:1/plans"
    for args in (["plans"], ["locate"], ["backup"], ["rules", "--init"]):
        runner.invoke(app, ["--db", url, *args])
    for folder in (config_dir(), data_dir()):
        if folder.exists():
            for path in folder.rglob("*"):
                if path.is_file():
                    assert SECRET.encode() not in path.read_bytes(), path


# ------------------------------------------------------------------------- identity


def test_every_change_records_its_author(db, monkeypatch):
    import getpass

    ok(run(db, "update", "A3.1", "--text", "one", "--as", "ann"))
    monkeypatch.setenv("PLANDESK_USER", "bob")
    ok(run(db, "update", "A3.1", "--text", "two: postponed"))  # flagged, so it can be acknowledged
    ok(run(db, "acknowledge", "A3.1", "--note", "chased"))
    monkeypatch.delenv("PLANDESK_USER")
    ok(run(db, "update", "A3.1", "--text", "three"))
    history = _history(db)
    authors = [h["author"] for h in history if "version" in h]
    assert authors[-3:] == ["ann", "bob", getpass.getuser()]
    # The acknowledgement is listed too, in its place between the revisions (issue 14).
    assert [h["author"] for h in history if h.get("action") == "acknowledged"] == ["bob"]
    store = PlanStore.open(str(db))
    try:
        activity = store.resolve_activity(store.resolve_plan(None).id, "A3.1").id
        [(_, acknowledgement, _)] = store.acknowledgements(activity)
    finally:
        store.close()
    assert acknowledgement.author == "bob"


def test_two_backups_in_the_same_second_both_kept(db):
    ok(run(db, "backup"))
    ok(run(db, "backup"))
    assert len(list(backup_dir().glob("plans-*-manual*.db"))) == 2
