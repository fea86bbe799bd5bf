"""Exports are written whole or not at all, never through a symlink, and the app asks before
replacing a file. Full disks are real: a small tmpfs, or RLIMIT_FSIZE where mounting is not
allowed."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.exports.writing import suggested_name, write_atomically
from plandesk.samples import QUARTERLY_EXTRACT
from tests.disks import fill, limited_run, small_disk

runner = CliRunner()
OLD = "# The report circulated last week\n"


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "plans.db"
    result = runner.invoke(app, ["--db", str(path), "import", str(QUARTERLY_EXTRACT)])
    assert result.exit_code == 0, result.output
    return path


def export(db: Path, target: Path | str, *more: str):
    return runner.invoke(app, ["--db", str(db), "export", "-o", str(target), *more])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_keeps_the_old_report(db, tmp_path):
    with small_disk(tmp_path, 64) as disk:
        report = disk / "report.md"
        report.write_text(OLD)
        fill(disk, leave_kb=16)  # the report is about 53 kB
        result = export(db, report)
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"error: cannot write {report}: No space left")
        assert "unchanged" in result.output
        assert report.read_text() == OLD
        assert leftovers(disk) == []
        (disk / "filler.bin").unlink()
        assert export(db, report).exit_code == 0
        assert report.read_text().startswith("# Safer West Mercia Plan 2020")


def test_a_file_size_limit_keeps_the_old_report(db, tmp_path):
    # The same failure anywhere, without root: the kernel refuses to grow a file past 40 kB
    # (SQLite's 32 kB shared-memory file still fits) while the report is about 53 kB.
    report = tmp_path / "report.md"
    report.write_text(OLD)
    result = limited_run(
        [sys.executable, "-m", "plandesk", "--db", str(db), "export", "-o", str(report)],
        40_000,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"error: cannot write {report}: File too large")
    assert "Traceback" not in result.stderr
    assert report.read_text() == OLD
    assert leftovers(tmp_path) == []


def test_a_symlink_is_replaced_not_written_through(db, tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=/usr/bin\n")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    result = export(db, link)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "export PATH=/usr/bin\n"
    assert not link.is_symlink()
    assert link.read_text().startswith("# Safer West Mercia Plan 2020")
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere" / "x.md")
    assert export(db, dangling).exit_code == 0
    assert not dangling.is_symlink() and not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_replaced_report_keeps_its_permissions_and_a_new_one_follows_the_umask(db, tmp_path):
    report = tmp_path / "report.md"
    report.write_text(OLD)
    os.chmod(report, 0o640)
    assert export(db, report).exit_code == 0
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    old_umask = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.md"
        assert export(db, fresh).exit_code == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    finally:
        os.umask(old_umask)


@pytest.mark.skipif(os.name == "nt", reason="device files and FIFOs")
def test_streams_are_written_to_not_replaced(db, tmp_path):
    assert export(db, "/dev/null").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = export(db, fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"# Safer West Mercia Plan 2020")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_is_refused(db, tmp_path):
    result = export(db, tmp_path)
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot write")


def test_a_folder_at_the_target_is_left_alone(tmp_path):
    target = tmp_path / "report.md"
    target.mkdir()  # a folder where the file should go
    (target / "inside").write_text("keep")
    with pytest.raises(IsADirectoryError):
        write_atomically(target, "text")
    assert leftovers(tmp_path) == []
    assert (target / "inside").read_text() == "keep"


def test_suggested_names_say_what_is_in_view():
    assert suggested_name("Safer West Mercia Plan 2020", "2020/21 Q2") == (
        "safer-west-mercia-plan-2020-2020-21-q2.md"
    )
    assert suggested_name("Plan", "Q1", "flagged", "search victims’ board") == (
        "plan-q1-flagged-search-victims-board.md"
    )
    assert len(suggested_name("x" * 500)) <= 123
