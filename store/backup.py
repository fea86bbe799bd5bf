"""Backups of a SQLite database: on demand, automatically before imports and migrations, and
restoring one.

Copies are made with SQLite's online backup API, so they are consistent even while another
process writes, and they are checked (`PRAGMA quick_check`) before they are kept. Every copy is
a single self-contained file (rollback journal, no `-wal` beside it), readable by its owner only
(0600), written under a temporary name and renamed into place, so a crash never leaves half a
backup behind.

Automatic backups go to `backup_dir()` as `STEM-20261125T101500Z-before-import.db`, where STEM
is the database file's name (`plandesk` for the default database); the newest N of each
database are kept (N from `settings.toml` `[backups] keep`, or `PLANDESK_BACKUPS_KEEP`;
default 10; 0 turns automatic backups off). Backups made with `plandesk backup` are never
pruned.

PostgreSQL is backed up with its own tools; `postgres_commands` says how.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from plandesk.store.locations import backup_dir
from plandesk.store.settings import SettingsError, load_settings

__all__ = [
    "BackupError",
    "PendingBackup",
    "RestoreResult",
    "auto_backup",
    "backup_before",
    "backup_name",
    "backup_sqlite",
    "check_backup",
    "ensure_backup_dir",
    "list_backups",
    "postgres_commands",
    "prune_backups",
    "restore_sqlite",
    "sqlite_path",
]

BUSY_TIMEOUT_S = 10.0
_SIDE_FILES = ("-wal", "-shm", "-journal")
_STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """A backup or restore that could not be done, with a message for the user."""


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLAlchemy URL, or None for PostgreSQL and in-memory databases."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _create_private(path: Path) -> None:
    """Create an empty file readable by the owner only; fails if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
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


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    return connection


def _quick_check(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA quick_check").fetchall()
    return "; ".join(str(r[0]) for r in rows[:3])


def backup_sqlite(db_path: Path | str, dest: Path | str) -> Path:
    """Copy the SQLite database at `db_path` to the new file `dest`; returns `dest`.

    Consistent while other processes write (online backup API). `dest` must not exist; it is
    created 0600 and appears only once complete and checked. Raises `BackupError`.
    """
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise BackupError(f"no database at {db_path}")
    if dest.exists():
        raise BackupError(f"{dest} exists already; choose another name")
    if not dest.parent.is_dir():
        raise BackupError(f"cannot write {dest}: the folder {dest.parent} does not exist")
    partial = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    try:
        _create_private(partial)
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
        _fsync_file(partial)
        os.replace(partial, dest)
        _fsync_dir(dest.parent)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {db_path}: {exc}") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write {dest}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dest


def _stem(db_path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", db_path.stem) or "database"


def backup_name(db_path: Path | str, reason: str, when: datetime | None = None) -> str:
    """`STEM-20261125T101500Z-REASON.db` for a backup of `db_path` taken `when` (default now)."""
    when = when or datetime.now(UTC)
    return f"{_stem(Path(db_path))}-{when.astimezone(UTC).strftime(_STAMP)}-{reason}.db"


def _next_path(folder: Path, db_path: Path, reason: str) -> Path:
    """A new backup file name that sorts after every automatic backup of `db_path`.

    Backups taken within one second are numbered (`…-before-import-2.db`) past the highest
    number used in that second, even if older ones were pruned meanwhile.
    """
    name = backup_name(db_path, reason)
    stamp = _pattern(db_path).match(name)["stamp"]
    used = [
        int(match["n"] or 1)
        for entry in (folder.iterdir() if folder.is_dir() else ())
        if (match := _pattern(db_path).match(entry.name)) and match["stamp"] == stamp
    ]
    candidate = folder / name
    n = max(used, default=0) + 1
    if n > 1 or candidate.exists():
        candidate = folder / f"{name.removesuffix('.db')}-{max(n, 2)}.db"
    return candidate


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


def _keep_setting() -> int:
    try:
        return load_settings().backups_keep
    except SettingsError as exc:
        raise BackupError(str(exc)) from None


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(_stem(db_path))}-(?P<stamp>\d{{8}}T\d{{6}}Z)-(?P<reason>before-[a-z-]+?)"
        rf"(?:-(?P<n>\d+))?\.db$"
    )


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


def prune_backups(db_path: Path | str, keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` automatic backups of `db_path`; returns those deleted.

    Leftovers of backups interrupted more than an hour ago are removed too.
    """
    keep = _keep_setting() if keep is None else keep
    backups = list_backups(db_path)
    doomed = backups[: max(len(backups) - keep, 0)]
    for path in doomed:
        path.unlink(missing_ok=True)
    folder = backup_dir()
    if folder.is_dir():
        stale = time.time() - 3600
        for leftover in folder.glob(f".{_stem(Path(db_path))}-*.partial"):
            try:
                if leftover.stat().st_mtime < stale:
                    leftover.unlink()
            except OSError:
                pass
    return doomed


def auto_backup(
    db_path: Path | str, reason: str, *, prune: bool = True, keep: int | None = None
) -> Path | None:
    """Back up `db_path` into the backup folder as `STEM-STAMP-REASON.db`; returns the copy.

    `reason` is like `before-import`. None when automatic backups are off (keep = 0) or there
    is no database yet. With `prune`, only the newest `keep` (default: the setting) remain.
    """
    if not reason.startswith("before-"):
        raise ValueError(f"an automatic backup's reason starts with 'before-', not {reason!r}")
    db_path = Path(db_path)
    keep = _keep_setting() if keep is None else keep
    if keep <= 0 or not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    folder = ensure_backup_dir()
    dest = backup_sqlite(db_path, _next_path(folder, db_path, reason))
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
    """
    db_path = Path(db_path) if db_path is not None else None
    path = auto_backup(db_path, reason, prune=False) if db_path is not None else None
    pending = PendingBackup(path, db_path)
    try:
        yield pending
    except BaseException:
        pending.discard()
        raise
    if pending.path is None or db_path is None:
        return
    if pending.changed:
        prune_backups(db_path)
    else:
        pending.discard()


# ------------------------------------------------------------------------------ restoring


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the schema it brought back, and where the replaced database went."""

    schema: str
    previous: Path | None


def check_backup(path: Path | str) -> str:
    """Check that `path` is a sound plandesk database this version can open; its schema id.

    Raises `BackupError` saying what is wrong: missing, not SQLite, damaged, not plandesk's,
    or made by a newer plandesk.
    """
    from plandesk.store.db import known_revisions

    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)) as connection:
            verdict = "; ".join(
                str(r[0]) for r in connection.execute("PRAGMA integrity_check").fetchall()[:3]
            )
            if verdict != "ok":
                raise BackupError(f"{path} is damaged ({verdict}); it cannot be restored")
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_version:
                raise BackupError(f"{path} is not a plandesk database (it has no schema version)")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a plandesk backup: {exc}") from None
    if row is None:
        raise BackupError(f"{path} is not a plandesk database (it has no schema version)")
    schema = str(row[0])
    if schema not in known_revisions():
        raise BackupError(
            f"{path} has schema {schema}, newer than this plandesk knows; upgrade plandesk"
        )
    return schema


def _opens_cleanly(db_path: Path) -> bool:
    try:
        with closing(_connect(db_path)) as connection:
            return _quick_check(connection) == "ok"
    except sqlite3.Error:
        return False


def _raw_copy(db_path: Path, reason: str) -> Path:
    """Copy a database that SQLite cannot read (and its WAL) byte for byte, privately."""
    folder = ensure_backup_dir()
    dest = _next_path(folder, db_path, reason)
    try:
        for suffix in ("", "-wal"):
            source = Path(f"{db_path}{suffix}")
            if not source.exists():
                continue
            target = Path(f"{dest}{suffix}")
            _create_private(target)
            with source.open("rb") as reading, target.open("wb") as writing:
                shutil.copyfileobj(reading, writing)
                writing.flush()
                os.fsync(writing.fileno())
    except OSError as exc:
        raise BackupError(f"cannot copy {db_path} aside: {exc.strerror or exc}") from None
    return dest


def restore_sqlite(backup: Path | str, db_path: Path | str) -> RestoreResult:
    """Replace the database at `db_path` with the backup at `backup`.

    The backup is checked first (`check_backup`); the database as it was is backed up
    automatically (`before-restore`, kept whatever the keep setting), then overwritten in place
    with the backup API, so processes that have it open see the restored data on their next
    read. A database too damaged to open is copied aside byte for byte and replaced.
    """
    backup, db_path = Path(backup), Path(db_path)
    schema = check_backup(backup)
    if db_path.exists() and db_path.resolve() == backup.resolve():
        raise BackupError(f"{backup} is the database itself")
    if not db_path.parent.is_dir():
        raise BackupError(
            f"cannot restore to {db_path}: the folder {db_path.parent} does not exist"
        )
    previous = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        if _opens_cleanly(db_path):
            # Kept even when automatic backups are off: a restore is the one change that
            # overwrites everything.
            keep = _keep_setting()
            previous = auto_backup(db_path, "before-restore", keep=max(keep, 1), prune=keep > 0)
        else:
            previous = _raw_copy(db_path, "before-restore")
            for suffix in ("", *_SIDE_FILES):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    try:
        if not db_path.exists():
            _create_private(db_path)
        with closing(sqlite3.connect(backup, timeout=BUSY_TIMEOUT_S)) as source:
            with closing(_connect(db_path)) as target:
                source.backup(target)
                verdict = _quick_check(target)
    except sqlite3.Error as exc:
        where = f"; the database as it was is in {previous}" if previous else ""
        raise BackupError(f"cannot restore {db_path}: {exc}{where}") from None
    except OSError as exc:
        raise BackupError(f"cannot restore {db_path}: {exc.strerror or exc}") from None
    if verdict != "ok":  # pragma: no cover - the backup was checked just before
        raise BackupError(f"the restored database fails its check ({verdict})")
    return RestoreResult(schema, previous)


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
