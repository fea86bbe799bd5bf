"""Which file system a database file lives on, and the SQLite journal mode that suits it.

SQLite's WAL mode keeps its index in shared memory beside the database, which network file
systems (NFS, SMB/CIFS, sshfs…) cannot share between machines: two officers on a shared drive
could corrupt the file. There the classic rollback journal is used instead, with a one-line
warning that a team should share a PostgreSQL database.

Pure apart from reading the mount table (`/proc/self/mountinfo` on Linux; on Windows, UNC paths
and mapped network drives); tests pass the table text in.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "NETWORK_FS_TYPES",
    "choose_journal_mode",
    "filesystem_type",
    "is_network_filesystem",
    "parse_mount_table",
]

# Kernel file-system type names (as /proc/self/mountinfo writes them) of network and cluster
# file systems, where WAL's shared memory index is not shared between machines. 9p and drvfs
# are how WSL mounts Windows drives, where WAL is known to fail as well.
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "coda",
        "9p",
        "drvfs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "gfs2",
        "ocfs2",
        "davfs",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.glusterfs",
        "fuse.ceph-fuse",
        "fuse.davfs2",
        "fuse.gvfsd-fuse",
        "fuse.smbnetfs",
        "fuse.curlftpfs",
        "network",  # a Windows network drive (no type name is available there)
    }
)


def _unescape(field: str) -> str:
    r"""Mount points escape space, tab, newline and backslash as octal (`\040`)."""
    if "\\" not in field:
        return field
    out = []
    i = 0
    while i < len(field):
        code = field[i + 1 : i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mount_table(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) for each line of `/proc/self/mountinfo` or `/proc/mounts`.

    Lines in a later position win for the same mount point (a later mount hides an earlier
    one), so the order is kept.
    """
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if not fields:
            continue
        if " - " in line and len(fields) >= 7:
            # mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL…] - TYPE SOURCE …
            try:
                dash = fields.index("-", 6)
            except ValueError:
                continue
            if dash + 1 >= len(fields):
                continue
            mounts.append((_unescape(fields[4]), fields[dash + 1]))
        elif len(fields) >= 3:
            # /proc/mounts: SOURCE MOUNTPOINT TYPE OPTIONS …
            mounts.append((_unescape(fields[1]), fields[2]))
    return mounts


def _existing_ancestor(path: Path) -> Path:
    """The path itself when it exists, else its nearest existing parent (fully resolved)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve()
    return Path(path.anchor or "/")


def _read_mount_table() -> str | None:
    for name in ("/proc/self/mountinfo", "/proc/mounts"):
        try:
            return Path(name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return None


def _windows_type(path: Path) -> str | None:  # pragma: no cover - exercised on Windows only
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "smb"
    try:
        import ctypes

        root = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        drive_remote = 4
        if ctypes.windll.kernel32.GetDriveTypeW(root) == drive_remote:  # type: ignore[attr-defined]
            return "network"
    except (AttributeError, OSError):
        return None
    return None


def filesystem_type(path: Path | str, mount_table: str | None = None) -> str | None:
    """The type of the file system holding `path` (`ext4`, `nfs4`, `cifs`…), or None if unknown.

    `path` need not exist yet: its nearest existing parent decides. `mount_table` is the text
    of `/proc/self/mountinfo` (or `/proc/mounts`); by default the running system's is read.
    """
    if mount_table is None and sys.platform == "win32":  # pragma: no cover
        return _windows_type(Path(path))
    if mount_table is None:
        mount_table = _read_mount_table()
        if mount_table is None:
            return None
        where = _existing_ancestor(Path(path))
    else:
        where = Path(os.path.abspath(path))
    text = where.as_posix()
    best: tuple[int, str] | None = None
    for mount_point, fs_type in parse_mount_table(mount_table):
        point = mount_point.rstrip("/") or "/"
        inside = point == "/" or text == point or text.startswith(point + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fs_type)
    return best[1] if best else None


def is_network_filesystem(fs_type: str | None) -> bool:
    """Whether a file-system type names a network or cluster file system."""
    if not fs_type:
        return False
    fs_type = fs_type.lower()
    return fs_type in NETWORK_FS_TYPES or fs_type.split(".", 1)[-1] in NETWORK_FS_TYPES


def choose_journal_mode(
    path: Path | str, setting: str | None = None, mount_table: str | None = None
) -> tuple[str, str | None]:
    """The journal mode for a SQLite file, and a one-line warning to show (or None).

    `setting` (wal, delete, truncate or persist) wins when given. Otherwise WAL, except on a
    network file system, where the rollback journal (`delete`) is the safe choice.
    """
    if setting:
        return setting.upper(), None
    fs_type = filesystem_type(path, mount_table)
    if is_network_filesystem(fs_type):
        return "DELETE", (
            f"the database {path} is on a network drive ({fs_type}); using the rollback "
            "journal. A team should share a PostgreSQL database instead."
        )
    return "WAL", None
