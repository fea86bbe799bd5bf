"""Restoring a backup: the source is never touched, and a racing import is never lost."""

from __future__ import annotations

import os
import random
import select
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.backup import backup_sqlite, list_backups
from plandesk.store.restore import restore_sqlite
from tests.databases import sqlite_rows
from tests.paths import WORKERS

runner = CliRunner()
IMPORTER = WORKERS / "importer.py"


def run(db, *args, stdin=None):
    return runner.invoke(app, ["--db", str(db), *args], input=stdin)


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def _names(path: Path, table: str, column: str = "name") -> set[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute(f"SELECT {column} FROM {table}")}
    finally:
        connection.close()


def plan_names(path: Path) -> set[str]:
    return _names(path, "plan")


def period_names(path: Path) -> set[str]:
    return _names(path, "period", "label")


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# ------------------------------------------------------------------------- the source is safe


def test_restoring_the_oldest_automatic_backup_at_the_keep_limit(tmp_path, monkeypatch):
    """Issue 11 item 1: the before-restore backup used to prune the very file being restored,
    and the restore then created an empty file in its place and restored that (exit 0)."""
    monkeypatch.setenv("PLANDESK_BACKUPS_KEEP", "1")
    db = tmp_path / "p.db"
    ok(run(db, "import", str(PANEL_REPORT)))
    ok(run(db, "import", str(QUARTERLY_EXTRACT)))
    [source] = list_backups(db)
    assert len(period_names(source)) == 1
    kept = fingerprint(source)

    result = ok(run(db, "restore", "--yes", str(source)))

    assert period_names(db) == period_names(source)
    assert "No plans yet" not in ok(run(db, "plans")).output
    assert fingerprint(source) == kept
    previous = [b for b in list_backups(db) if b != source]
    assert ["-before-restore" in b.name for b in previous] == [True]
    assert str(previous[0]) in result.output
    assert len(period_names(previous[0])) == 2


@pytest.mark.parametrize("kind", ["missing", "empty", "folder"])
def test_restore_refuses_a_missing_or_empty_source_and_creates_nothing(db, tmp_path, kind):
    source = tmp_path / "source.db"
    if kind == "empty":
        source.touch()
    elif kind == "folder":
        source.mkdir()
    before = fingerprint(db)
    result = run(db, "restore", "--yes", str(source))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ") and "Traceback" not in result.output
    assert fingerprint(db) == before
    assert list_backups(db) == []
    assert source.exists() == (kind != "missing")
    if kind == "empty":
        assert source.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["plans.db", *(["source.db"] if kind != "missing" else [])]
    )


def test_restore_refuses_a_database_with_tables_that_are_not_plandesks(db, tmp_path):
    source = tmp_path / "mixed.db"
    backup_sqlite(db, source)
    connection = sqlite3.connect(source)
    connection.execute("CREATE TABLE invoices (n INTEGER)")
    connection.commit()
    connection.close()
    before = fingerprint(db)
    result = run(db, "restore", "--yes", str(source))
    assert result.exit_code == 2, result.output
    assert "not a plandesk" in result.output and "invoices" in result.output
    assert fingerprint(db) == before
    assert list_backups(db) == []


def test_restore_reads_its_source_without_writing_beside_it(db, tmp_path):
    """A read-only backup, in a read-only folder, in WAL mode: read as it is, nothing created."""
    folder = tmp_path / "archive"
    folder.mkdir()
    source = folder / "wal-copy.db"
    backup_sqlite(db, source)
    connection = sqlite3.connect(source)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
    assert sorted(p.name for p in folder.iterdir()) == ["wal-copy.db"]
    ok(run(db, "update", "A3.1", "--text", "After the backup"))
    source.chmod(0o400)
    folder.chmod(0o500)
    try:
        kept = fingerprint(source)
        ok(run(db, "restore", "--yes", str(source)))
        assert fingerprint(source) == kept
        assert sorted(p.name for p in folder.iterdir()) == ["wal-copy.db"]
    finally:
        folder.chmod(0o700)
    assert "After the backup" not in ok(run(db, "show")).output


# ------------------------------------------------------------------------- racing an import


def _line(process: subprocess.Popen, timeout: float = 120.0) -> str:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, "the import worker said nothing"
    line = process.stdout.readline()
    assert line, f"the import worker died: {process.stderr.read() if process.stderr else ''}"
    return line.strip()


ROUNDS = 12


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_restore_racing_an_import_never_loses_it(tmp_path, monkeypatch, journal):
    """Issue 11 item 3. A worker process imports a plan; as soon as the import holds the write
    lock (its first write has run), this process restores an older backup. The import must end
    up either in the database as it was before the restore (the before-restore backup) or in the
    restored database, never nowhere.

    Before the fix the restore copied the database before waiting for the import's lock, so
    every round lost the import. ROUNDS rounds per journal mode; with a random extra delay of
    0-40 ms before the restore, so it also lands later in the import's transaction."""
    monkeypatch.setenv("PLANDESK_JOURNAL_MODE", journal)
    db = tmp_path / "plans.db"
    ok(run(db, "import", str(QUARTERLY_EXTRACT)))
    source = backup_sqlite(db, tmp_path / "source.db")
    worker = subprocess.Popen(
        [sys.executable, str(IMPORTER), str(db), str(PANEL_REPORT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    rng = random.Random(11)
    lost, outcomes = [], []
    try:
        assert _line(worker) == "warm"
        for n in range(ROUNDS):
            name = f"round-{n}"
            worker.stdin.write(f"import {name}\n")
            worker.stdin.flush()
            said = _line(worker)
            assert said == f"writing {name}", said
            delay = rng.uniform(0, 0.04)
            if delay:
                select.select([], [], [], delay)
            result = restore_sqlite(source, db)
            done = _line(worker)
            outcomes.append(done)
            if done != f"done {name} ok":
                continue  # a failed import is reported to its user; nothing was promised
            assert result.previous is not None
            if name not in plan_names(db) | plan_names(result.previous):
                lost.append(name)
    finally:
        worker.stdin.close()
        worker.wait(timeout=60)
    assert lost == [], f"imports lost by a restore: {lost} ({outcomes})"
    assert sum(o.endswith(" ok") for o in outcomes) >= ROUNDS // 2, outcomes
    assert os.path.getsize(db) > 0


# ------------------------------------------------------------------------- a killed restore

RESTORER = """
import sys, time
from plandesk.store.restore import check_backup, restore_sqlite
check_backup(sys.argv[1])  # warm up: the imports are not part of the race
print("ready", flush=True)
sys.stdin.readline()
start = time.monotonic()
restore_sqlite(sys.argv[1], sys.argv[2])
print(f"done {time.monotonic() - start:.4f}", flush=True)
"""


def _rows(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    return sorted(sqlite_rows(path))


def _restore_in_a_process(source: Path, db: Path, kill_after: float | None) -> str | None:
    process = subprocess.Popen(
        [sys.executable, "-c", RESTORER, str(source), str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert _line(process) == "ready"
        process.stdin.write("go\n")
        process.stdin.flush()
        if kill_after is None:
            return _line(process)
        select.select([], [], [], kill_after)
        process.kill()
        return None
    finally:
        process.wait(timeout=60)


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_restore_killed_at_any_moment_leaves_the_old_or_the_new_database(
    tmp_path, monkeypatch, journal
):
    """The replacement is one transaction: a restore process killed (SIGKILL) at a random moment
    leaves the database exactly as it was or exactly as restored, and it still opens."""
    monkeypatch.setenv("PLANDESK_JOURNAL_MODE", journal)
    db = tmp_path / "plans.db"
    ok(run(db, "import", str(PANEL_REPORT)))
    older = backup_sqlite(db, tmp_path / "older.db")
    ok(run(db, "import", str(QUARTERLY_EXTRACT)))
    ok(run(db, "update", "A3.1", "--text", "Newer than the backup"))
    newer = backup_sqlite(db, tmp_path / "newer.db")
    before, restored = _rows(db), _rows(older)
    done = _restore_in_a_process(older, db, None)
    took = float(done.split()[1])
    assert _rows(db) == restored
    rng = random.Random(16)
    for _ in range(10):  # kills spread over the restore: about half land after its COMMIT
        restore_sqlite(newer, db)
        _restore_in_a_process(older, db, rng.uniform(0, took * 1.5))
        after = _rows(db)
        assert after in (before, restored)
    ok(run(db, "show"))
