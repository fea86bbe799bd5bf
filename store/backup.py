"""Backups of a SQLite database: on demand, and automatically before imports, migrations and
restores (restoring is `plandesk.store.restore`).

Copies are made with SQLite's online backup API, so they are consistent even while another
process writes, and they are checked (`PRAGMA quick_check`) before they are kept. Every copy is
a single self-contained file (rollback journal, no `-wal` beside it), readable by its owner only
(0600), written under a temporary name (`.NAME.PID-TOKEN.partial`) and then linked into place
without ever replacing an existing file, so a crash never leaves half a backup behind and two
backups never share a name. Leftovers of a killed backup are removed by the next backup into
the same folder.

Automatic backups go to `backup_dir()` as `STEM-HASH-20261125T101500Z-before-import.db`, where
STEM is the database file's name and HASH a short digest of its resolved path, so databases
with the same file name in different folders keep separate backups. The newest N of each
database are kept (N from `settings.toml` `[backups] keep`, or `PLANDESK_BACKUPS_KEEP`;
default 10; 0 turns automatic backups off). Backups made with `plandesk backup`, and those
named by earlier versions (`STEM-STAMP-REASON.db`, which cannot be told apart between
databases of the same name), are never pruned.

PostgreSQL is backed up with its own tools; `postgres_commands` says how.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shlex
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from plandesk.core.errors import PlandeskError
from plandesk.store.locations import backup_dir
from plandesk.store.safe_files import clean_leftovers, create_private, fsync_file, publish
from plandesk.store.settings import SettingsError, load_settings

__all__ = [
    "BUSY_TIMEOUT_S",
    "BackupError",
    "PendingBackup",
    "auto_backup",
    "backup_before",
    "backup_before_import",
    "backup_into",
    "backup_name",
    "backup_sqlite",
    "clean_leftovers",
    "ensure_backup_dir",
    "keep_setting",
    "list_backups",
    "next_backup_paths",
    "postgres_commands",
    "prune_backups",
    "sqlite_path",
]

BUSY_TIMEOUT_S = 10.0
_STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(PlandeskError):
    """A backup or restore that could not be done, with a message for the user."""


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLAlchemy URL, or None for PostgreSQL and in-memory databases."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    return connection


def _quick_check(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA quick_check").fetchall()
    return "; ".join(str(r[0]) for r in rows[:3])


def _copy(db_path: Path, folder: Path, label: str) -> Path:
    """A checked private copy of `db_path` under a temporary name in `folder`."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise BackupError(f"no database at {db_path}")
    if not folder.is_dir():
        raise BackupError(f"cannot write into {folder}: the folder does not exist")
    clean_leftovers(folder)
    # The journal SQLite writes beside the copy is `….partial-journal`: found and removed
    # by `clean_leftovers` if this process is killed.
    partial = folder / f".{label}.{os.getpid()}-{secrets.token_hex(4)}.partial"
    try:
        create_private(partial)
        with closing(_connect(db_path)) as source, closing(sqlite3.connect(partial)) as copy:
            # One step (pages=-1): a single read transaction, so the copy is one consistent
            # snapshot; in WAL mode writers carry on meanwhile.
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            verdict = _quick_check(copy)
            if verdict != "ok":
                raise BackupError(
                    f"the database {db_path} looks damaged ({verdict}); no backup was kept"
                )
        fsync_file(partial)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {db_path}: {exc}") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def _copy_as(db_path: Path, folder: Path, label: str, names: Iterable[Path]) -> Path:
    """Copy `db_path` into `folder` under the first of `names` that is free; returns it."""
    partial = _copy(db_path, folder, label)
    try:
        for dest in names:
            if publish(partial, dest):
                return dest
    except OSError as exc:
        raise BackupError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    raise BackupError(f"no free name for a backup of {db_path} in {folder}")


def backup_sqlite(db_path: Path | str, dest: Path | str) -> Path:
    """Copy the SQLite database at `db_path` to the new file `dest`; returns `dest`.

    Consistent while other processes write (online backup API). `dest` must not exist; it is
    created 0600 and appears only once complete and checked. Raises `BackupError`.
    """
    db_path, dest = Path(db_path), Path(dest)
    if dest.exists():
        raise BackupError(f"{dest} exists already; choose another name")
    if not dest.parent.is_dir():
        raise BackupError(f"cannot write {dest}: the folder {dest.parent} does not exist")
    return _copy_as(db_path, dest.parent, dest.name, [dest])


def _numbered(folder: Path, name: str) -> Iterator[Path]:
    """`name`, then `name-2`, `name-3`… (before `.db`)."""
    yield folder / name
    for n in range(2, 10_000):
        yield folder / f"{name.removesuffix('.db')}-{n}.db"


def backup_into(db_path: Path | str, folder: Path | str) -> Path:
    """A manual backup of `db_path` in `folder` as `STEM-STAMP-manual.db` (numbered when taken
    within the same second); never pruned. Raises `BackupError`."""
    db_path, folder = Path(db_path), Path(folder)
    stamp = datetime.now(UTC).strftime(_STAMP)
    name = f"{_stem(db_path)}-{stamp}-manual.db"
    return _copy_as(db_path, folder, name, _numbered(folder, name))


def _stem(db_path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", db_path.stem) or "database"


def _pool(db_path: Path) -> str:
    """`STEM-HASH`: what the automatic backups of this one database are named by."""
    digest = hashlib.sha256(os.fsencode(db_path.resolve())).hexdigest()[:8]
    return f"{_stem(db_path)}-{digest}"


def backup_name(db_path: Path | str, reason: str, when: datetime | None = None) -> str:
    """`STEM-HASH-20261125T101500Z-REASON.db` for a backup of `db_path` taken `when`."""
    when = when or datetime.now(UTC)
    return f"{_pool(Path(db_path))}-{when.astimezone(UTC).strftime(_STAMP)}-{reason}.db"


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(_pool(db_path))}-(?P<stamp>\d{{8}}T\d{{6}}Z)-(?P<reason>before-[a-z-]+?)"
        rf"(?:-(?P<n>\d+))?\.db$"
    )


def next_backup_paths(folder: Path, db_path: Path, reason: str) -> Iterator[Path]:
    """New automatic backup names that sort after every automatic backup of `db_path`.

    Backups taken within one second are numbered (`…-before-import-2.db`) past the highest
    number used in that second, even if older ones were pruned meanwhile.
    """
    name = backup_name(db_path, reason)
    pattern = _pattern(db_path)
    stamp = pattern.match(name)["stamp"]
    used = [
        int(match["n"] or 1)
        for entry in (folder.iterdir() if folder.is_dir() else ())
        if (match := pattern.match(entry.name)) and match["stamp"] == stamp
    ]
    start = max(used, default=0) + 1
    for n in range(start, start + 10_000):
        yield folder / (name if n == 1 else f"{name.removesuffix('.db')}-{n}.db")


def ensure_backup_dir() -> Path:
    """The backup folder, created (with any missing parents) readable by the owner only."""
    folder = backup_dir()
    missing = []
    step = folder
    while not step.exists() and step != step.parent:
        missing.append(step)
        step = step.parent
    try:
        for path in reversed(missing):
            path.mkdir(mode=0o700, exist_ok=True)
        if not folder.is_dir():
            raise NotADirectoryError(20, "Not a directory")
    except OSError as exc:
        raise BackupError(f"cannot create the backup folder {folder}: {exc.strerror}") from None
    return folder


def keep_setting() -> int:
    """How many automatic backups to keep per database (0: none are taken)."""
    try:
        return load_settings().backups_keep
    except SettingsError as exc:
        raise BackupError(str(exc)) from None


def list_backups(db_path: Path | str) -> list[Path]:
    """The automatic backups of `db_path` in the backup folder, oldest first."""
    folder = backup_dir()
    pattern = _pattern(Path(db_path))
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and entry.is_file():
            found.append(((match["stamp"], int(match["n"] or 1)), entry))
    return [entry for _, entry in sorted(found)]


def prune_backups(
    db_path: Path | str, keep: int | None = None, *, spare: Iterable[Path] = ()
) -> list[Path]:
    """Delete all but the newest `keep` automatic backups of `db_path`; returns those deleted.

    Files in `spare` (a backup being restored) are never deleted. Leftovers of backups that
    were interrupted are removed too.
    """
    keep = keep_setting() if keep is None else keep
    spared = {_identity(path) for path in spare}
    # A spared file does not count towards `keep`: the newest `keep` others remain.
    backups = [path for path in list_backups(db_path) if _identity(path) not in spared]
    doomed = backups[: max(len(backups) - keep, 0)]
    for path in doomed:
        path.unlink(missing_ok=True)
    clean_leftovers(backup_dir())
    return doomed


def _identity(path: Path) -> tuple[int, int] | Path:
    try:
        info = path.stat()
    except OSError:
        return path.resolve()
    return (info.st_dev, info.st_ino)


def auto_backup(
    db_path: Path | str, reason: str, *, prune: bool = True, keep: int | None = None
) -> Path | None:
    """Back up `db_path` into the backup folder as `STEM-HASH-STAMP-REASON.db`; the copy.

    `reason` is like `before-import`. None when automatic backups are off (keep = 0) or there
    is no database yet. With `prune`, only the newest `keep` (default: the setting) remain.
    """
    if not reason.startswith("before-"):
        raise ValueError(f"an automatic backup's reason starts with 'before-', not {reason!r}")
    db_path = Path(db_path)
    keep = keep_setting() if keep is None else keep
    if keep <= 0 or not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    folder = ensure_backup_dir()
    dest = _copy_as(db_path, folder, _pool(db_path), next_backup_paths(folder, db_path, reason))
    if prune:
        prune_backups(db_path, keep)
    return dest


@dataclass
class PendingBackup:
    """A backup taken before a change; dropped again when the change wrote nothing."""

    path: Path | None
    db_path: Path | None
    changed: bool = True

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


@contextmanager
def backup_before(db_path: Path | str | None, reason: str) -> Iterator[PendingBackup]:
    """Take an automatic backup, run the block, keep the backup only if the block changed data.

    The block sets `pending.changed = False` when it wrote nothing (an import of a file already
    in the database); an exception means the change was rolled back, so the backup goes too.
    Whatever happens, the backups are pruned back to the keep setting afterwards, which also
    removes the extra backup of an earlier change whose process was killed.
    """
    db_path = Path(db_path) if db_path is not None else None
    path = auto_backup(db_path, reason, prune=False) if db_path is not None else None
    pending = PendingBackup(path, db_path)
    try:
        yield pending
        if not pending.changed:
            pending.discard()
    except BaseException:
        pending.discard()
        raise
    finally:
        if path is not None and db_path is not None:
            with suppress(BackupError, OSError):
                prune_backups(db_path)


@contextmanager
def backup_before_import(
    url: str, *, dry_run: bool, has_data: Callable[[], bool]
) -> Iterator[PendingBackup]:
    """`backup_before` for an import into the database at `url`: SQLite files only, not for a
    dry run, and not while the database holds nothing an import could spoil (`has_data` is
    asked only when a backup could be taken). A backup that fails stops the import."""
    path = None if dry_run else sqlite_path(url)
    if path is not None and not has_data():
        path = None
    try:
        with backup_before(path, "before-import") as pending:
            yield pending
    except BackupError as exc:
        raise BackupError(f"{exc}; nothing was imported") from None


# ------------------------------------------------------------------------------ PostgreSQL


def postgres_commands(url: str, file: str) -> tuple[str, str]:
    """The `pg_dump` and `pg_restore` command lines for a PostgreSQL URL, without a password.

    The tools take the password from `PGPASSWORD` or `~/.pgpass`, never from the command line.
    """
    from sqlalchemy.engine import URL, make_url

    from plandesk.core.secrets import strip_password

    # The password is cut from the raw text first: parsed, one holding an `@` would leave its
    # tail in the host name.
    parsed = make_url(strip_password(url))
    bare = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=dict(parsed.query),
    )
    uri = bare.render_as_string(hide_password=False)
    dump = f"pg_dump --format=custom --file={shlex.quote(file)} --dbname={shlex.quote(uri)}"
    restore = (
        f"pg_restore --clean --if-exists --no-owner --dbname={shlex.quote(uri)} {shlex.quote(file)}"
    )
    return dump, restore
