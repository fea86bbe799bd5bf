"""Private files written safely: created exclusively, made durable, given their final name
without ever replacing another file, and the leftovers of killed writers cleaned up."""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

__all__ = ["clean_leftovers", "create_private", "fsync_dir", "fsync_file", "publish"]

# Ours: `.NAME.PID-TOKEN.partial`, or `.NAME.PID.partial` as earlier versions named them, and
# the journal or WAL files SQLite puts beside one while the copy is written. The `-` keeps a
# token of decimal digits from being read as the process id.
_LEFTOVER = re.compile(
    r"^\..+\.(?P<pid>\d+)(?P<token>-[0-9a-f]{8})?\.partial(?:-journal|-wal|-shm)?$"
)
_STALE_S = 3600
# How an older (untokened) leftover starts: a database, a rollback journal or a WAL file.
_MAGIC = (
    b"SQLite format 3\x00",
    bytes.fromhex("d9d505f920a163d7"),
    bytes.fromhex("377f0682"),
    bytes.fromhex("377f0683"),
)


def create_private(path: Path) -> None:
    """Create an empty file readable by the owner only; fails if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def fsync_file(path: Path) -> None:
    """Make the file's contents durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or new name in the folder durable (where the platform allows it)."""
    if os.name != "posix":  # pragma: no cover
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def clean_leftovers(folder: Path | str) -> list[Path]:
    """Remove what killed backups left in `folder`: their `.partial` files and SQLite's journal
    beside them, once the process that wrote them is gone (or an hour has passed); the removed.
    """
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    stale = time.time() - _STALE_S
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if not match:
            continue
        try:
            if _alive(int(match["pid"])) and entry.stat().st_mtime >= stale:
                continue
            if not match["token"] and not _sqlite_or_empty(entry):
                continue  # an older name, but not SQLite's: perhaps someone else's file
            entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def _sqlite_or_empty(path: Path) -> bool:
    with path.open("rb") as file:
        start = file.read(16)
    return not start or start.startswith(_MAGIC)


def publish(partial: Path, dest: Path) -> bool:
    """Give the finished copy `partial` the name `dest` unless that name is taken (False).

    A hard link never replaces an existing file, so two processes choosing the same name at
    once cannot overwrite each other; where links are not supported, the name is claimed with
    an exclusive create first.
    """
    try:
        os.link(partial, dest)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        try:
            create_private(dest)
        except FileExistsError:
            return False
        os.replace(partial, dest)
    else:
        partial.unlink()
    fsync_dir(dest.parent)
    return True
