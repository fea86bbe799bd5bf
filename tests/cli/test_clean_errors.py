"""Failures of the disk, the database or the input end in `error: …` and exit 1 or 2, never a
traceback or a hang, and change nothing. Every case is real: device files and FIFOs, a full
tmpfs (or RLIMIT_FSIZE), a file the process may not write, a PostgreSQL backend terminated
while an import writes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plandesk.samples import QUARTERLY_EXTRACT
from tests.databases import PG_ADMIN_URL
from tests.disks import fill, limited_run, small_disk

NEW_TEXT = "A new update that must not be half saved."


def plandesk(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The real command in its own process (a hang or a runaway read cannot stall the suite)."""

    def bounded() -> None:
        import resource

        # Reading /dev/zero whole would eat the machine's memory: 2 GB and it fails instead.
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "plandesk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=bounded if sys.platform == "linux" else None,
        **kwargs,
    )


def assert_clean(result: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    assert words in result.stderr, result.stderr


def rows(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def current_text(db: Path, ref: str = "A3.1") -> str:
    [(text,)] = rows(
        db,
        "SELECT u.text FROM progress_update u JOIN activity a ON a.id = u.activity_id "
        f"WHERE a.ref = '{ref}'",
    )
    return text


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "plans.db"
    assert plandesk("--db", str(path), "import", str(QUARTERLY_EXTRACT)).returncode == 0
    return path


# ------------------------------------------------------------------ what import reads


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_importing_a_device_is_refused_before_reading(db):
    before = rows(db, "SELECT count(*) FROM revision")
    started = time.monotonic()
    result = plandesk("--db", str(db), "import", "/dev/zero")
    assert_clean(result, 2, "not a document file")
    assert time.monotonic() - started < 30
    assert rows(db, "SELECT count(*) FROM revision") == before


@pytest.mark.skipif(os.name == "nt", reason="FIFOs")
def test_importing_a_fifo_is_refused_without_waiting_for_a_writer(db, tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    result = plandesk("--db", str(db), "import", str(fifo), timeout=30)
    assert_clean(result, 2, "named pipe (FIFO)")


def test_importing_a_huge_file_is_refused_before_reading(db, tmp_path):
    huge = tmp_path / "plan.txt"
    with open(huge, "wb") as stream:
        stream.truncate(60 * 1024 * 1024)  # sparse: no disk used
    result = plandesk("--db", str(db), "import", str(huge))
    assert_clean(result, 2, "the file is 60 MB")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_update_from_a_device_or_fifo_is_refused_before_reading(db, tmp_path):
    fifo = tmp_path / "words.txt"
    os.mkfifo(fifo)
    before = current_text(db)
    for source, words in (("/dev/zero", "not a document file"), (str(fifo), "named pipe")):
        result = plandesk("--db", str(db), "update", "A3.1", "--file", source, timeout=30)
        assert_clean(result, 2, words)
    assert current_text(db) == before


def test_an_update_from_endless_standard_input_stops_at_the_limit(db):
    before = current_text(db)
    with open("/dev/zero", "rb") as zeros:
        result = plandesk("--db", str(db), "update", "A3.1", "--file", "-", stdin=zeros)
    assert_clean(result, 2, "more than 50 MB")
    assert current_text(db) == before


# ------------------------------------------------------------------ a full disk


def test_a_full_disk_during_an_import_changes_nothing(tmp_path):
    with small_disk(tmp_path, 300) as disk:  # room for the schema, not for the plan
        target = disk / "plans.db"
        result = plandesk("--db", str(target), "import", str(QUARTERLY_EXTRACT))
        assert_clean(result, 1, "the disk holding the database is full; nothing was changed")
        plans = plandesk("--db", str(target), "plans")
        assert plans.returncode == 0, plans.stderr
        assert "No plans yet" in plans.stdout


def test_a_full_disk_during_an_update_changes_nothing(db, tmp_path):
    before = current_text(db)
    with small_disk(tmp_path, 1024) as disk:
        target = disk / "plans.db"
        shutil.copy(db, target)
        fill(disk, leave_kb=36)  # SQLite's shared-memory file takes 32 kB of it
        result = plandesk("--db", str(target), "update", "A3.1", "--text", NEW_TEXT)
        assert_clean(result, 1, "the disk holding the database is full; nothing was changed")
        (disk / "filler.bin").unlink()
        assert current_text(target) == before


def test_a_file_size_limit_during_an_update_changes_nothing(db):
    # The same without root: the kernel refuses any write past the first 8 kB of a file (with
    # the rollback journal, which needs no 32 kB shared-memory file), so the update fails as
    # its pages are written; the journal left behind is rolled back on the next open.
    before = current_text(db)
    delete = {**os.environ, "PLANDESK_JOURNAL_MODE": "delete"}
    assert plandesk("--db", str(db), "plans", env=delete).returncode == 0  # switch it first
    result = limited_run(
        [sys.executable, "-m", "plandesk", "--db", str(db), "update", "A3.1", "--text", NEW_TEXT],
        8192,
        env=delete,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "nothing was changed" in result.stderr
    assert plandesk("--db", str(db), "plans").returncode == 0
    assert current_text(db) == before


# ------------------------------------------------------------------ a read-only database


def without_root_powers() -> list[str]:
    """A prefix that runs a command as root would run but bound by file modes (or nothing)."""
    if os.name == "nt" or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root ignores file modes, and setpriv is not installed to drop that power")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_read_only_database_file_is_a_clean_error(db):
    before = current_text(db)
    os.chmod(db, 0o400)
    result = subprocess.run(
        [*without_root_powers(), sys.executable, "-m", "plandesk", "--db", str(db)]
        + ["update", "A3.1", "--text", NEW_TEXT],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_clean(result, 1, "read-only")
    os.chmod(db, 0o600)
    assert current_text(db) == before


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_database_in_a_read_only_folder_is_a_clean_error(db):
    before = current_text(db)
    folder = db.parent
    for leftover in folder.glob("plans.db-*"):
        leftover.unlink()
    os.chmod(folder, 0o555)
    try:
        for args in (["plans"], ["update", "A3.1", "--text", NEW_TEXT]):
            result = subprocess.run(
                [*without_root_powers(), sys.executable, "-m", "plandesk", "--db", str(db), *args],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert_clean(result, 1, "readonly database")
    finally:
        os.chmod(folder, 0o755)
    assert current_text(db) == before


# ------------------------------------------------------------------ PostgreSQL goes away


def big_extract(commitments: int, per_commitment: int) -> str:
    """A quarterly extract with commitments × activities rows, each with an update."""
    lines = []
    for o in range(4):
        lines.append(f"OBJ{o}\tOBJECTIVE NUMBER {o}\t\t\t")
        lines.append(
            "No\tSWP Commitment\tSupporting activity\tQuarter 2 Update July to September 2020\t"
        )
        for c in range(commitments // 4):
            ref = f"{'ABCD'[o]}{c + 1}"
            for a in range(per_commitment):
                activity = f"({ref}.{a + 1}) Activity {a + 1} of commitment {ref}"
                update = f"Update for {ref}.{a + 1}: a report went to the board this quarter."
                first = f"{ref}\tCommitment {ref}" if a == 0 else "\t"
                lines.append(f"{first}\t{activity}\t{update}\t")
    return "\n".join(lines) + "\n"


ROUNDS = 2  # rounds in which the import's backend is terminated while it holds its writes
ATTEMPTS = 8  # a termination can land just after the commit: that attempt does not count


def _pg_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("plan", "activity", "progress_update", "revision")
        }


@pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)
def test_a_postgresql_backend_terminated_mid_import_leaves_nothing(db_target, tmp_path):
    import psycopg

    document = tmp_path / "big.txt"
    document.write_text(big_extract(400, 10), encoding="utf-8")  # 4000 activities
    url = f"{db_target}?application_name=plandesk_import_victim"
    assert plandesk("--db", url, "plans").returncode == 0  # the schema exists beforehand
    interrupted = 0
    for _ in range(ATTEMPTS):
        victim = subprocess.Popen(
            [sys.executable, "-m", "plandesk", "--db", url, "import", str(document)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        terminated = False
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            while victim.poll() is None and not terminated:
                # A backend with a transaction id has written rows: stop it mid-import.
                row = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = "
                    "'plandesk_import_victim' AND backend_xid IS NOT NULL"
                ).fetchone()
                if row:
                    terminated = admin.execute(
                        "SELECT pg_terminate_backend(%s)", (row[0],)
                    ).fetchone()[0]
        _out, err = victim.communicate(timeout=120)
        assert "Traceback" not in err
        if victim.returncode == 0:
            # The signal arrived after the commit: then the import is there whole.
            assert _pg_counts(db_target)["activity"] == 4000
            with psycopg.connect(db_target, autocommit=True) as connection:
                connection.execute("TRUNCATE plan CASCADE")
            continue
        assert terminated, err
        assert victim.returncode == 1, err
        assert err.startswith("error: lost the connection to the database"), err
        assert "nothing was changed" in err
        assert set(_pg_counts(db_target).values()) == {0}
        interrupted += 1
        if interrupted == ROUNDS:
            break
    assert interrupted == ROUNDS, f"only {interrupted} of {ATTEMPTS} imports were cut mid-write"
