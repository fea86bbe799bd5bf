"""Crash safety: a real process saving updates is SIGKILLed mid-stream, again and again.

After every kill the SQLite file must open cleanly, pass `PRAGMA integrity_check`, hold every
update the writer reported as committed, and hold no partial one: each update's revisions run
1, 2, … its version without a gap, each revision starts from the text the one before ended
with, and the update's text is its last revision's. At most one save per kill (the one in
flight) may have landed unreported. Both journal modes are tried: WAL, and the rollback journal
used on network drives.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore
from tests.paths import WORKERS

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL"
)

WRITER = WORKERS / "writer.py"
CYCLES = {"wal": 40, "delete": 25}
#: Filled in by the tests, for the closing report (`pytest -s` prints it).
FIGURES: dict[str, int] = {}


class Writer:
    """The warm writer process; each `spawn` forks a child that writes until killed."""

    def __init__(self, db: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        assert self.next_line(60) == "warm", self.stderr()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("")

    def next_line(self, timeout: float) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"the writer said nothing for {timeout} s: {self.stderr()}")

    def stderr(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        assert self.proc.stderr is not None
        return self.proc.stderr.read()

    def spawn(self, seed: int) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"spawn {seed}\n")
        self.proc.stdin.flush()
        first = self.next_line(30)
        assert first.startswith("pid "), first
        return int(first.split()[1])

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()


def _check(db: Path, reported: dict[tuple[int, int], str]) -> int:
    """Check the database after a kill; returns how many crash-test revisions it holds."""
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        updates = connection.execute(
            "SELECT id, activity_id, version, text, status FROM progress_update"
        ).fetchall()
        revisions: dict[int, list[tuple]] = {}
        for row in connection.execute(
            "SELECT update_id, version, before_text, after_text, after_status, source"
            " FROM revision ORDER BY update_id, version, id"
        ):
            revisions.setdefault(row[0], []).append(row[1:])
        found: dict[tuple[int, int], str] = {}
        for update_id, activity_id, version, text, status in updates:
            chain = revisions.get(update_id, [])
            assert [r[0] for r in chain] == list(range(1, version + 1)), (
                f"update {update_id}: revisions {[r[0] for r in chain]} for version {version}"
            )
            assert (chain[-1][2], chain[-1][3]) == (text, status), "update differs from history"
            for before, after in zip(chain, chain[1:], strict=False):
                assert after[1] == before[2], f"update {update_id} v{after[0]} starts elsewhere"
            for r in chain:
                found[(activity_id, r[0])] = r[2]
        for key, text in reported.items():
            assert key in found, f"committed update {key} was lost"
            assert found[key] == text, f"committed update {key} has other text"
        return sum(1 for chain in revisions.values() for r in chain if r[4] == "crash-test")
    finally:
        connection.close()


def _record(line: str, into: dict[tuple[int, int], str], writer: Writer) -> None:
    assert line.startswith("committed "), line or writer.stderr()
    _, activity, version, text = line.split(" ", 3)
    into[(int(activity), int(version))] = text


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_sigkill_mid_stream_loses_nothing_committed(tmp_path, monkeypatch, journal):
    db = tmp_path / "crash.db"
    monkeypatch.setenv("PLANDESK_JOURNAL_MODE", journal)
    store = PlanStore.open(str(db))
    from plandesk.importers import read_document

    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="sample import")
    store.close()

    rng = random.Random(20261125 + len(journal))
    writer = Writer(db, dict(os.environ))
    reported: dict[tuple[int, int], str] = {}
    in_db = 0
    killed = 0
    try:
        for cycle in range(CYCLES[journal]):
            pid = writer.spawn(cycle)
            new: dict[tuple[int, int], str] = {}
            if rng.random() < 0.15:
                # Now and then while it is still opening the database...
                time.sleep(rng.uniform(0, 0.08))
            else:
                # ...mostly at a random moment inside a stream of saves.
                opened = writer.next_line(30)
                assert opened == "open", opened or writer.stderr()
                deadline = time.monotonic() + rng.uniform(0.0, 0.25)
                while (left := deadline - time.monotonic()) > 0:
                    try:
                        line = writer.lines.get(timeout=left)
                    except queue.Empty:
                        break
                    _record(line, new, writer)
            os.kill(pid, signal.SIGKILL)
            while not (line := writer.next_line(30)).startswith("exit "):
                if line != "open":
                    _record(line, new, writer)
            status = int(line.split()[2])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                f"the writer died by itself (status {status}): {writer.stderr()}"
            )
            killed += 1
            reported.update(new)
            now = _check(db, reported)
            assert now - in_db <= len(new) + 1, "more saves landed than were in flight"
            in_db = now
    finally:
        writer.close()

    assert killed == CYCLES[journal]
    assert len(reported) > killed, "the writer hardly wrote: the test proves nothing"
    # The service reads it all back too, after the last kill.
    store = PlanStore.open(str(db))
    try:
        plan = store.resolve_plan(None)
        period = store.resolve_period(plan.id)
        # One read of each activity's history (the writer saves to three), not one per save:
        # every reported version is looked up in it.
        by_activity: dict[int, dict[int, str]] = {}
        for (activity, version), text in reported.items():
            by_activity.setdefault(activity, {})[version] = text
        for activity, saved in by_activity.items():
            history = {r.version: r.after_text for r in store.history(activity)}
            assert {version: history.get(version) for version in saved} == saved
        last = max(reported)
        assert store.update_for(last[0], period.id).version >= last[1]
    finally:
        store.close()
    FIGURES[f"kill cycles ({journal})"] = killed
    FIGURES[f"committed saves checked ({journal})"] = len(reported)
    print(f"\n{journal}: {killed} kills, {len(reported)} committed saves, all kept")


# ------------------------------------------------------------------------- shared drives

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
40 27 0:50 / /srv/team rw,relatime shared:7 - nfs4 fileserver:/export/team rw,vers=4.2
41 40 0:51 / /srv/team/local\040copy rw,relatime - ext4 /dev/vdb rw
42 27 0:52 / /mnt/finance rw,relatime - cifs //filer/finance rw,vers=3.0
43 27 0:53 / /home/ann/remote rw,nosuid - fuse.sshfs ann@host:/plans rw
44 27 0:54 / /mnt/c rw,noatime - 9p C:\134 rw
"""
PROC_MOUNTS = """/dev/vda / ext4 rw 0 0
fileserver:/export /srv/team nfs rw,vers=3 0 0
"""


def test_the_file_system_of_a_path_is_read_from_the_mount_table():
    from plandesk.store.filesystems import filesystem_type, parse_mount_table

    assert ("/srv/team/local copy", "ext4") in parse_mount_table(MOUNTINFO)
    cases = {
        "/home/ann/plandesk.db": "ext4",
        "/srv/team/plans/plandesk.db": "nfs4",
        "/srv/team": "nfs4",
        "/srv/teamwork/plandesk.db": "ext4",
        "/srv/team/local copy/plandesk.db": "ext4",
        "/mnt/finance/q2.db": "cifs",
        "/home/ann/remote/plans.db": "fuse.sshfs",
        "/mnt/c/Users/ann/plans.db": "9p",
    }
    for path, expected in cases.items():
        assert filesystem_type(path, MOUNTINFO) == expected, path
    assert filesystem_type("/srv/team/x.db", PROC_MOUNTS) == "nfs"
    assert filesystem_type("/x.db", "") is None
    # On this machine: whatever it is, it is answered without error.
    filesystem_type(__file__)


def test_a_network_drive_gets_the_rollback_journal_and_one_warning():
    from plandesk.store.filesystems import choose_journal_mode

    assert choose_journal_mode("/home/ann/p.db", None, MOUNTINFO) == ("WAL", None)
    for path, kind in (("/srv/team/p.db", "nfs4"), ("/mnt/finance/p.db", "cifs")):
        mode, warning = choose_journal_mode(path, None, MOUNTINFO)
        assert mode == "DELETE"
        assert f"network drive ({kind})" in warning and "PostgreSQL" in warning
        assert "\n" not in warning
    # The setting wins, both ways.
    assert choose_journal_mode("/srv/team/p.db", "wal", MOUNTINFO) == ("WAL", None)
    assert choose_journal_mode("/home/ann/p.db", "truncate", MOUNTINFO) == ("TRUNCATE", None)


@pytest.fixture
def on_nfs(monkeypatch, tmp_path):
    """Pretend tmp_path is an NFS mount."""
    from plandesk.store import filesystems

    table = MOUNTINFO + f"90 27 0:90 / {tmp_path} rw - nfs4 filer:/plans rw\n"
    monkeypatch.setattr(filesystems, "_read_mount_table", lambda: table)
    monkeypatch.setattr(filesystems.sys, "platform", "linux")
    return tmp_path


def _journal(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


def test_a_database_on_nfs_uses_the_rollback_journal_and_says_so_once(on_nfs, capsys):
    from plandesk.store import db

    db._warned.clear()
    path = on_nfs / "team.db"
    for _ in range(2):
        store = PlanStore.open(str(path))
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        store.close()
    assert not Path(f"{path}-wal").exists()
    err = capsys.readouterr().err
    assert err.count("warning: ") == 1, err
    assert "network drive (nfs4)" in err and "PostgreSQL" in err


def test_the_cli_warns_on_stderr_for_a_network_drive(on_nfs):
    from typer.testing import CliRunner

    from plandesk.cli import app
    from plandesk.store import db

    db._warned.clear()
    result = CliRunner().invoke(
        app, ["--db", str(on_nfs / "team.db"), "import", "--dry-run", str(QUARTERLY_EXTRACT)]
    )
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: the database")
    assert "warning" not in result.stdout


def test_journal_mode_setting_from_the_environment_and_settings_toml(tmp_path, monkeypatch):
    from plandesk.store import db
    from plandesk.store.locations import config_dir

    def journal_of(name: str) -> str:
        engine = db.make_engine(str(tmp_path / name))
        try:
            with engine.connect() as connection:
                return connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        finally:
            engine.dispose()

    monkeypatch.setenv("PLANDESK_JOURNAL_MODE", "truncate")
    assert journal_of("a.db") == "truncate"
    monkeypatch.delenv("PLANDESK_JOURNAL_MODE")
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.toml").write_text('[database]\njournal_mode = "persist"\n')
    assert journal_of("b.db") == "persist"
    monkeypatch.setenv("PLANDESK_JOURNAL_MODE", "Delete")
    assert journal_of("b.db") == "delete"
    monkeypatch.setenv("PLANDESK_JOURNAL_MODE", "fast")
    with pytest.raises(db.DatabaseError, match="journal_mode must be one of wal, delete"):
        db.make_engine(str(tmp_path / "c.db"))


def test_a_wal_database_opened_from_a_network_drive_is_switched(on_nfs, monkeypatch):
    from plandesk.store import db

    path = on_nfs / "moved.db"
    monkeypatch.setenv("PLANDESK_JOURNAL_MODE", "wal")
    PlanStore.open(str(path)).close()
    assert _journal(path) == "wal"
    monkeypatch.delenv("PLANDESK_JOURNAL_MODE")
    db.make_engine(str(path), warn=lambda message: None).dispose()
    assert _journal(path) == "delete"
