"""Writing an export file whole or not at all: the one writer the CLI and the app share.

The text goes to a new temporary file beside the target, is flushed to the disk, then renamed
over the target, so a full disk or a crash leaves the old report as it was, never a truncated
one. A symlink at the target is replaced, not written through: `-o link` must not overwrite
whatever file the link points at. The exceptions are streams (a terminal, `/dev/null`, a named
pipe, `/dev/stdout`), which are written to as they are: renaming over them would replace a
device node, and they hold no old report to keep.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "atomic_stream",
    "is_stream",
    "suggested_name",
    "write_atomically",
    "write_bytes_atomically",
]


def suggested_name(*parts: str, suffix: str = ".md") -> str:
    """A file name made of what an export holds, e.g. `safer-plan-2020-21-q2-flagged.md`.

    Letters and digits of every part, lower case, anything else a single hyphen; empty parts
    are left out and a long search is cut, so the name stays short enough for any disk.
    """
    words = []
    for part in parts:
        slug = "".join(ch if ch.isalnum() else "-" for ch in part.lower())
        words.extend(word for word in slug.split("-") if word)
    return "-".join(words)[:120].rstrip("-") + suffix


def is_stream(path: Path) -> bool:
    """Whether `path` is (or links to) a device, a pipe or a socket: written to, not replaced."""
    try:
        mode = path.stat().st_mode  # follows links: /dev/stdout → /proc/self/fd/1 → a pipe
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISBLK(mode)


def write_atomically(path: Path | str, text: str) -> int:
    """Write `text` (UTF-8) to `path` all at once; the number of bytes written.

    A file already there keeps its permissions and is replaced only once the new text is
    safely on disk; on any failure it is left untouched and no temporary file stays behind.
    Raises `OSError` (`IsADirectoryError` for a folder), `ValueError` for a NUL in the name.
    """
    return write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path | str, data: bytes) -> int:
    """`write_atomically` for bytes (a Word or Excel file): the same guarantees."""
    with atomic_stream(path) as stream:
        stream.write(data)
    return len(data)


@contextlib.contextmanager
def atomic_stream(path: Path | str) -> Iterator[BinaryIO]:
    """A binary stream whose bytes replace `path` whole once the block ends without error
    (`write_atomically`'s guarantees), so a big document is written as it is made instead of
    being held in memory first. A stream target (`is_stream`) is written to directly."""
    path = Path(path)
    if is_stream(path):
        with open(path, "wb") as stream:
            yield stream
        return
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(21, "is a folder", str(path))
    folder = path.parent
    temporary, fd = _create_beside(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if existing is not None and stat.S_ISREG(existing.st_mode):
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
        os.replace(temporary, path)  # over a symlink: replaces the link, not its target
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _create_beside(folder: Path, name: str) -> tuple[Path, int]:
    """A new, empty, hidden file in `folder` (mode 0666 less the umask, like any new file)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = folder / f".{name[:200]}.{secrets.token_hex(4)}.tmp"
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible, nor needed, on Windows."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
