"""Automatic backups kept per database, never sharing a name, and what killed processes leave."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.backup import auto_backup, list_backups
from plandesk.store.locations import backup_dir
from tests.databases import sqlite_rows as dump

runner = CliRunner()


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def _wait_for(condition, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


# ------------------------------------------------------------------------- one pool per database


def test_databases_with_the_same_name_keep_their_own_backups(tmp_path, monkeypatch):
    """Issue 11 item 4: `teamA/plandesk.db` and `teamB/plandesk.db` used to share one pool, so
    each pruned the other's backups."""
    monkeypatch.setenv("PLANDESK_BACKUPS_KEEP", "2")
    team_a, team_b = tmp_path / "teamA" / "plandesk.db", tmp_path / "teamB" / "plandesk.db"
    states: dict[Path, list[list[str]]] = {team_a: [], team_b: []}
    for path in (team_a, team_b):
        path.parent.mkdir()
        ok(run(path, "import", str(QUARTERLY_EXTRACT)))
    for n in range(3):
        for path in (team_a, team_b):
            states[path].append(dump(path))
            ok(run(path, "import", "--plan", f"{path.parent.name} {n}", str(PANEL_REPORT)))
    a_backups, b_backups = list_backups(team_a), list_backups(team_b)
    assert len(a_backups) == 2 and len(b_backups) == 2
    assert not set(a_backups) & set(b_backups)
    assert [dump(b) for b in a_backups] == states[team_a][-2:]
    assert [dump(b) for b in b_backups] == states[team_b][-2:]
    assert all(b.name.startswith("plandesk-") for b in a_backups + b_backups)


def _take_backup(db: str, barrier, results) -> None:
    barrier.wait()
    results.put(str(auto_backup(db, "before-import", prune=False)))


def test_backups_taken_at_the_same_moment_never_overwrite_each_other(db):
    """Issue 11 item 4: processes backing up within one second chose the same name and the
    last one's rename replaced the others' files. Six processes start together."""
    # Spawned, not forked: a fork would share this process's open SQLite connections.
    context = multiprocessing.get_context("spawn")
    count = 6
    barrier, results = context.Barrier(count), context.Queue()
    workers = [
        context.Process(target=_take_backup, args=(str(db), barrier, results)) for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    made = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(set(made)) == count, made
    assert sorted(map(str, list_backups(db))) == sorted(made)
    assert all(dump(Path(path)) == dump(db) for path in made)


def test_backups_named_by_earlier_versions_are_never_pruned(db, monkeypatch):
    """Old names (`STEM-STAMP-REASON.db`) cannot say which `plans.db` they came from, so they
    are left alone rather than counted against (or deleted for) this database's limit."""
    monkeypatch.setenv("PLANDESK_BACKUPS_KEEP", "1")
    folder = backup_dir()
    folder.mkdir(parents=True)
    old = folder / "plans-20200101T000000Z-before-import.db"
    old.write_bytes(db.read_bytes())
    for n in range(2):
        ok(run(db, "import", "--plan", f"Copy {n}", str(PANEL_REPORT)))
    assert old.exists()
    assert len(list_backups(db)) == 1


# ------------------------------------------------------------------------- killed processes


def test_an_import_killed_after_its_backup_is_pruned_by_the_next_import(db, monkeypatch):
    """Issue 11 item 16: a `plandesk import` killed between taking its backup and pruning left
    one backup more than the keep setting, and a later import that changed nothing (or failed)
    never pruned it."""
    monkeypatch.setenv("PLANDESK_BACKUPS_KEEP", "1")
    ok(run(db, "import", "--plan", "Second", str(PANEL_REPORT)))
    assert len(list_backups(db)) == 1
    # Hold the write lock so the import, once it has taken its backup, waits to write.
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        importer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "plandesk",
                "--db",
                str(db),
                "import",
                "--plan",
                "Third",
                str(PANEL_REPORT),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(lambda: len(list_backups(db)) == 2, what="the import's backup")
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(list_backups(db)) == 2
    result = ok(run(db, "import", str(QUARTERLY_EXTRACT)))  # already there: nothing changes
    assert "nothing created or changed" in result.output
    assert len(list_backups(db)) == 1


def _big_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE filler (x BLOB)")
    connection.executemany(
        "INSERT INTO filler VALUES (?)", ((os.urandom(2000),) for _ in range(25_000))
    )
    connection.commit()
    connection.close()


def test_a_killed_backup_leaves_leftovers_that_the_next_backup_removes(db, tmp_path):
    """Issue 11 item 16: `plandesk backup /some/dir/x.db` killed mid-copy left
    `.x.db.PID….partial` and its `-journal` in /some/dir for ever. A process is killed while
    SQLite writes the copy (its journal is there), and the next backup into that folder cleans
    up after it; a live process's files are left alone."""
    big = tmp_path / "big.sqlite"
    _big_database(big)
    folder = tmp_path / "some-dir"
    folder.mkdir()
    code = (
        "import sys; from plandesk.store.backup import backup_sqlite; "
        "backup_sqlite(sys.argv[1], sys.argv[2])"
    )
    for _attempt in range(10):
        copier = subprocess.Popen([sys.executable, "-c", code, str(big), str(folder / "x.db")])
        while copier.poll() is None and not list(folder.glob(".x.db.*.partial-journal")):
            pass
        copier.send_signal(signal.SIGKILL)
        copier.wait(timeout=30)
        leftovers = sorted(p.name for p in folder.iterdir())
        if any(name.endswith("-journal") for name in leftovers):
            break
        for path in folder.iterdir():  # too quick this time: try again
            path.unlink()
    else:
        pytest.fail("never caught the copy half-written in 10 attempts")
    assert [n.rsplit(".", 1)[1] for n in leftovers] == ["partial", "partial-journal"]
    assert all(n.startswith(f".x.db.{copier.pid}-") for n in leftovers)
    live = folder / f".y.db.{os.getpid()}-01234567.partial"
    live.write_bytes(b"being written")
    # Named as earlier versions did (no token): removed only if it is SQLite's.
    older = folder / f".old.db.{copier.pid}.partial"
    older.write_bytes(big.read_bytes()[:4096])
    notes = folder / f".notes.{copier.pid}.partial"
    notes.write_text("someone else's file\n")

    ok(run(db, "backup", str(folder / "y.db")))

    assert sorted(p.name for p in folder.iterdir()) == sorted([live.name, notes.name, "y.db"])
    assert dump(folder / "y.db") == dump(db)


def test_a_live_process_copy_is_never_taken_for_a_leftover(tmp_path):
    """A copy being written by a live process stays, whatever its random token looks like (a
    token of decimal digits was once read as a dead process id, and another import deleted the
    journal under a running backup: 'disk I/O error')."""
    from plandesk.store.safe_files import clean_leftovers

    live = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=60)
    try:
        names = []
        for pid in (live.pid, dead.pid):
            for token in ("12345678", "0123abcd"):
                for suffix in ("", "-journal"):
                    path = tmp_path / f".plans-0a1b2c3d.{pid}-{token}.partial{suffix}"
                    path.write_bytes(b"SQLite format 3\x00" + bytes(100))
                    names.append(path.name)
        removed = clean_leftovers(tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            n for n in names if f".{live.pid}-" in n
        )
        assert sorted(p.name for p in removed) == sorted(n for n in names if f".{dead.pid}-" in n)
    finally:
        live.stdin.close()
        live.wait(timeout=60)
