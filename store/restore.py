"""Restoring a SQLite database from a backup, without losing what it replaces or its source.

The backup is checked first and only ever opened read-only (`file:…?mode=ro`), so a missing
backup is never created and the backup is never written to or pruned. Then, on one connection
to the database: ATTACH the backup, BEGIN IMMEDIATE (the write lock: an import or save either
committed before, or waits until after), copy the database as it is to a `before-restore`
backup (read by a second connection, which the lock allows), replace plandesk's tables with the
backup's (drop, recreate from its schema, copy the rows) and COMMIT. Nothing can be written
between the copy and the replacement; a crash before COMMIT rolls the whole restore back; and
processes that have the database open keep their file and read the restored rows next time.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from plandesk.store.backup import (
    BUSY_TIMEOUT_S,
    BackupError,
    auto_backup,
    ensure_backup_dir,
    keep_setting,
    next_backup_paths,
    prune_backups,
)
from plandesk.store.safe_files import create_private, fsync_dir

__all__ = ["LOCK_TIMEOUT_S", "RestoreResult", "check_backup", "restore_sqlite", "source_uri"]

# How long a restore waits for an import or save to finish before giving up (nothing changed).
LOCK_TIMEOUT_S = 60.0
_SIDE_FILES = ("-wal", "-shm", "-journal")
_SCHEMA_ORDER = "CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END"
_OURS = "substr(name, 1, 7) != 'sqlite_'"  # SQLite's own tables come with the others


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the schema it brought back, and where the replaced database went."""

    schema: str
    previous: Path | None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def source_uri(path: Path | str) -> str:
    """A read-only SQLite URI for the backup at `path`: never creates or changes a file.

    A file in WAL mode with no `-wal` beside it is opened as immutable, since a read-only
    connection would otherwise create (and leave) `-wal` and `-shm` files next to it.
    """
    path = Path(path).resolve()
    uri = f"{path.as_uri()}?mode=ro"
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) == 100 and header[18] == 2 and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def _plandesk_tables() -> set[str]:
    from plandesk.store.models import SQLModel

    # Migrations only ever add tables, so today's models name every table of every schema.
    return {*SQLModel.metadata.tables, "alembic_version"}


def check_backup(path: Path | str) -> str:
    """Check that `path` is a sound plandesk database this version can open; its schema id.

    Raises `BackupError` saying what is wrong: missing, empty, not SQLite, damaged, not
    plandesk's (another program's tables in it), or made by a newer plandesk. Read-only.
    """
    from plandesk.store.db import known_revisions

    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    if path.stat().st_size == 0:
        raise BackupError(f"{path} is empty: it is not a plandesk backup")
    try:
        with closing(sqlite3.connect(source_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)) as db:
            verdict = "; ".join(
                str(r[0]) for r in db.execute("PRAGMA integrity_check").fetchall()[:3]
            )
            if verdict != "ok":
                raise BackupError(f"{path} is damaged ({verdict}); it cannot be restored")
            tables = {
                row[0]
                for row in db.execute(
                    f"SELECT name FROM sqlite_master WHERE type = 'table' AND {_OURS}"
                )
            }
            row = None
            if "alembic_version" in tables:
                row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a plandesk backup: {exc}") from None
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}") from None
    foreign = sorted(tables - _plandesk_tables())
    if foreign:
        raise BackupError(
            f"{path} is not a plandesk database (it has other tables, such as {foreign[0]!r})"
        )
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
        with closing(sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_S)) as connection:
            return connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


def _raw_copy(db_path: Path, reason: str) -> Path:
    """Copy a database that SQLite cannot read (and its WAL) byte for byte, privately."""
    folder = ensure_backup_dir()
    try:
        for dest in next_backup_paths(folder, db_path, reason):
            try:
                create_private(dest)
            except FileExistsError:
                continue
            break
        for suffix in ("", "-wal"):
            source = Path(f"{db_path}{suffix}")
            if not source.exists():
                continue
            target = Path(f"{dest}{suffix}")
            if suffix:
                create_private(target)
            with source.open("rb") as reading, target.open("wb") as writing:
                while chunk := reading.read(1 << 20):
                    writing.write(chunk)
                writing.flush()
                os.fsync(writing.fileno())
        fsync_dir(folder)
    except OSError as exc:
        raise BackupError(f"cannot copy {db_path} aside: {exc.strerror or exc}") from None
    return dest


def _replace_contents(target: sqlite3.Connection) -> None:
    """Inside the caller's transaction: make `main` hold exactly what `source` holds."""
    for kind, name in target.execute(
        f"SELECT type, name FROM main.sqlite_master WHERE type IN ('table', 'view') AND {_OURS}"
    ).fetchall():
        target.execute(f"DROP {kind.upper()} IF EXISTS main.{_quote(name)}")
    schema = target.execute(
        f"SELECT type, name, sql FROM source.sqlite_master WHERE sql IS NOT NULL AND {_OURS} "
        f"ORDER BY {_SCHEMA_ORDER}, rowid"
    ).fetchall()
    # Tables, then their rows, then indexes, views and triggers (no trigger fires on the copy).
    for kind, _name, sql in schema:
        if kind == "table":
            target.execute(sql)
    for kind, name, _sql in schema:
        if kind == "table":
            target.execute(f"INSERT INTO main.{_quote(name)} SELECT * FROM source.{_quote(name)}")
    for kind, _name, sql in schema:
        if kind != "table":
            target.execute(sql)
    has = "SELECT 1 FROM {}.sqlite_master WHERE name = 'sqlite_sequence'"
    if target.execute(has.format("main")).fetchone():
        target.execute("DELETE FROM main.sqlite_sequence")
        if target.execute(has.format("source")).fetchone():
            target.execute("INSERT INTO main.sqlite_sequence SELECT * FROM source.sqlite_sequence")
    user_version = int(target.execute("PRAGMA source.user_version").fetchone()[0])
    target.execute(f"PRAGMA main.user_version = {user_version}")


def _restore_locked(backup: Path, db_path: Path, keep_previous: bool) -> Path | None:
    """Copy the database aside and replace its contents, all under one write lock."""
    target = sqlite3.connect(
        f"{db_path.resolve().as_uri()}?mode=rw",
        uri=True,
        timeout=LOCK_TIMEOUT_S,
        isolation_level=None,
    )
    previous = None
    with closing(target):
        target.execute(f"PRAGMA busy_timeout={int(LOCK_TIMEOUT_S * 1000)}")
        target.execute("ATTACH DATABASE ? AS source", (source_uri(backup),))
        target.execute("BEGIN IMMEDIATE")
        try:
            if (
                keep_previous
                and target.execute("SELECT count(*) FROM main.sqlite_master").fetchone()[0]
            ):
                # Kept even when automatic backups are off: a restore is the one change that
                # overwrites everything. Another connection may read while this one holds
                # the write lock, and what it reads is what is about to be replaced.
                previous = auto_backup(db_path, "before-restore", prune=False, keep=1)
            _replace_contents(target)
            verdict = target.execute("PRAGMA main.quick_check").fetchone()[0]
            if verdict != "ok":  # pragma: no cover - the backup was checked just before
                raise BackupError(f"the restored database fails its check ({verdict})")
            target.execute("COMMIT")
        except BaseException:
            if target.in_transaction:
                with suppress(sqlite3.Error):
                    target.execute("ROLLBACK")
            if previous is not None:
                previous.unlink(missing_ok=True)
            raise
    return previous


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def restore_sqlite(backup: Path | str, db_path: Path | str) -> RestoreResult:
    """Replace the contents of the database at `db_path` with the backup at `backup`.

    The backup is checked first (`check_backup`) and never changed. Under the database's write
    lock, the database as it was is backed up automatically (`before-restore`, kept whatever
    the keep setting) and its tables replaced with the backup's in one transaction. A database
    too damaged to open is copied aside byte for byte and replaced. Raises `BackupError`.
    """
    backup, db_path = Path(backup), Path(db_path)
    schema = check_backup(backup)
    if _same_file(db_path, backup):
        raise BackupError(f"{backup} is the database itself")
    if not db_path.parent.is_dir():
        raise BackupError(
            f"cannot restore to {db_path}: the folder {db_path.parent} does not exist"
        )
    if db_path.exists() and not db_path.is_file():
        raise BackupError(f"cannot restore to {db_path}: it is not a file")
    keep = keep_setting()
    previous = None
    if db_path.is_file() and db_path.stat().st_size > 0 and not _opens_cleanly(db_path):
        previous = _raw_copy(db_path, "before-restore")
        for suffix in ("", *_SIDE_FILES):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    try:
        with suppress(FileExistsError):
            create_private(db_path)
        copied = _restore_locked(backup, db_path, keep_previous=previous is None)
    except sqlite3.Error as exc:
        busy = "locked" in str(exc) or "busy" in str(exc)
        reason = "it stayed busy (an import or a save)" if busy else str(exc)
        where = f"; the database as it was is in {previous}" if previous else "; nothing changed"
        raise BackupError(f"cannot restore {db_path}: {reason}{where}") from None
    except OSError as exc:
        raise BackupError(f"cannot restore {db_path}: {exc.strerror or exc}") from None
    if keep > 0:
        prune_backups(db_path, keep, spare=[backup])
    return RestoreResult(schema, previous or copied)
