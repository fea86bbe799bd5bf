"""Engines, connection settings and schema migrations.

`make_engine(url)` is the only way the project gets an engine; nothing is created at import
time. SQLite files get WAL (the rollback journal on a network drive, or as `journal_mode` in
`settings.toml` / `PLANDESK_JOURNAL_MODE` says), foreign keys and a busy timeout; PostgreSQL
needs nothing extra. Upgrading the schema of an existing SQLite file takes an automatic backup
first (`plandesk.store.backup`).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from plandesk.core.errors import PlandeskError
from plandesk.core.secrets import (
    MASK,
    ambiguous_password,
    mask_url,
    strip_password,
    url_secrets,
)
from plandesk.store.filesystems import choose_journal_mode
from plandesk.store.locations import default_database_path
from plandesk.store.ownership import SCHEMA_HEAD, foreign_database, foreign_file
from plandesk.store.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "BadDatabaseTarget",
    "DatabaseError",
    "MissingDatabase",
    "database_url",
    "known_revisions",
    "make_engine",
    "migrate",
    "redact",
    "schema_head",
    "sqlite_target",
]

_MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
# PostgreSQL advisory lock held while the schema is upgraded ("plandesk" in ASCII).
_MIGRATION_LOCK = 0x706C616E6465736B


class DatabaseError(PlandeskError):
    """A database that cannot be opened, with a message fit for the user."""


class BadDatabaseTarget(DatabaseError):
    """`--db` / `PLANDESK_DB` names no database plandesk can keep data in (bad input)."""


class MissingDatabase(BadDatabaseTarget):
    """A command that only reads was pointed at a SQLite file that does not exist."""


def database_url(target: str | None) -> str:
    """Turn `--db`/`PLANDESK_DB` (a path or a URL) into a SQLAlchemy URL.

    No target means the default file under the user's data directory. An empty target (`--db ""`
    or `PLANDESK_DB=` set but empty) and an in-memory SQLite database, where nothing would be
    kept, raise `DatabaseError`.
    """
    if target is None:
        target = os.environ.get("PLANDESK_DB")
        if target is not None and not target.strip():
            raise BadDatabaseTarget(
                "PLANDESK_DB is set but empty: give a database file or URL, or unset it"
            )
    if target is not None and not target.strip():
        raise BadDatabaseTarget("--db is empty: give a database file or URL")
    if target is None:
        return _sqlite_url(default_database_path())
    if "://" in target:
        if target.startswith("postgres://"):
            target = "postgresql://" + target[len("postgres://") :]
        if target.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; SQLAlchemy's default is psycopg2.
            target = "postgresql+psycopg://" + target[len("postgresql://") :]
        _refuse_in_memory(target)
        return target
    if target.strip() == ":memory:":
        raise BadDatabaseTarget(
            ":memory: is an in-memory database: nothing would be kept; give a database file"
        )
    return _sqlite_url(Path(target).expanduser().resolve())


def sqlite_target(target: str | None) -> tuple[str, Path | None]:
    """The URL for `--db` (pass it on, never print it) and its SQLite file (None: PostgreSQL).

    Raises `DatabaseError` for a target that is no database path or URL.
    """
    from plandesk.store.backup import sqlite_path

    url = database_url(target)
    try:
        # Parsed without its password, which may hold an `@` or `/` no parser reads right.
        return url, sqlite_path(strip_password(url))
    except (ArgumentError, ValueError):
        raise DatabaseError(f"not a database path or URL: {mask_url(repr(target))}") from None


def _refuse_in_memory(url: str) -> None:
    scheme, _, rest = url.partition("://")
    if not scheme.lower().startswith("sqlite"):
        return
    database = rest.split("?", 1)[0].lstrip("/")
    if database in ("", ":memory:") or "mode=memory" in url:
        raise BadDatabaseTarget(
            f"{url} is an in-memory database: nothing would be kept; give a database file"
        )


def _sqlite_url(path: Path) -> str:
    # Rendered by SQLAlchemy so that `?`, `#` and `%` in a file name are escaped: pasted into
    # the URL as they are, `plans?.db` would open a file called `plans`.
    return URL.create("sqlite", database=str(path)).render_as_string()


def redact(text: str) -> str:
    """`text` with every password in it masked (see `plandesk.core.secrets.mask_url`)."""
    return mask_url(text)


def _prepare_sqlite_file(path: Path) -> None:
    if not path.parent.exists():
        if path.parent != default_database_path().parent:
            # A typo in --db must not quietly start a new, empty database somewhere else.
            raise DatabaseError(
                f"cannot create the database {path}: the folder {path.parent} does not exist"
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Created by us, readable by the owner only: entries can be sensitive.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        return
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        # SQLite would block on a FIFO, and write its journal beside a device.
        raise DatabaseError(f"{path} is not a regular file: choose a database file")
    if info.st_size == 0 and os.name != "nt":
        # An empty file we are about to initialise is ours to make private.
        os.chmod(path, 0o600)


def _warn_if_readable(path: Path, warn: Callable[[str], None]) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if os.name != "nt" and mode & 0o044:
        warn(
            f"the database {path} can be read by other users (mode {mode:04o}); "
            f"run: chmod 600 {path}"
        )


_warned: set[str] = set()


def _print_warning(message: str) -> None:
    """Show a warning once per process on stderr (before any app takes the screen)."""
    if message not in _warned:
        _warned.add(message)
        print(f"warning: {message}", file=sys.stderr, flush=True)


def _set_journal_mode(cursor, journal_mode: str) -> None:
    """Set the journal mode, waiting for another process's lock as the busy timeout would.

    SQLite changes the mode under an exclusive lock without calling the busy handler: a process
    opening a new database while another creates its schema was told "locked" at once.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute(f"PRAGMA journal_mode={journal_mode}")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_connect_listener(journal_mode: str) -> Callable:
    # WAL with synchronous=NORMAL never loses a committed transaction when a process dies and
    # never corrupts on power loss; the rollback journal needs FULL for the same guarantee.
    synchronous = "NORMAL" if journal_mode == "WAL" else "FULL"

    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _set_journal_mode(cursor, journal_mode)
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    return on_connect


def _journal_mode(path: Path | None, warn: Callable[[str], None]) -> str:
    try:
        setting = load_settings().journal_mode
    except SettingsError as exc:
        raise DatabaseError(str(exc)) from None
    if path is None:
        return (setting or "WAL").upper()
    mode, warning = choose_journal_mode(path, setting)
    if warning:
        warn(warning)
    return mode


def _where(url, url_text: str) -> str:
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return mask_url(url_text)


def _reason(exc: BaseException, url_text: str) -> str:
    """The driver's own words for a failure, without SQLAlchemy's boilerplate or a password."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    for secret in url_secrets(url_text):
        if len(secret) >= 4:  # a shorter one would mangle the words around it
            text = text.replace(secret, MASK)
    return mask_url(text)


def make_engine(
    target: str | None = None,
    *,
    migrate_schema: bool = True,
    warn: Callable[[str], None] = _print_warning,
    create: bool = True,
) -> Engine:
    """An engine on `target` (path, URL or None for the default), schema brought to the latest.

    Raises `DatabaseError` with a readable message (never a password) when the database cannot
    be opened. `warn` receives one-line notices, e.g. that the file is on a network drive.
    With `create` False a SQLite file that does not exist is an error, not a new database (a
    command that only reads must not leave an empty database behind a mistyped `--db`).
    """
    url_text = database_url(target)
    if ambiguous_password(url_text):
        # Drivers cut such a password at its first `@` and take the rest for the host name.
        raise DatabaseError(
            f"the password in {mask_url(url_text)} holds an '@': write it as %40 in the URL, "
            "or leave it out and set PGPASSWORD or ~/.pgpass"
        )
    try:
        url = make_url(url_text)
    except (ArgumentError, ValueError):
        shown = target or os.environ.get("PLANDESK_DB") or url_text
        raise DatabaseError(f"not a database path or URL: {redact(repr(shown))}") from None
    if url.get_backend_name() == "sqlite":
        path = None
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            if not create and not path.exists():
                named = target or os.environ.get("PLANDESK_DB")
                raise MissingDatabase(
                    f"no database at {path}: check --db (or PLANDESK_DB)"
                    if named
                    else f"no plans yet (nothing at {path}): `plandesk import FILE` adds one, "
                    "`plandesk demo` shows a sample"
                )
            try:
                _prepare_sqlite_file(path)
            except OSError as exc:
                raise DatabaseError(f"cannot create the database {path}: {exc.strerror}") from None
        if path is not None:
            reason = foreign_file(path)
            if reason:
                raise DatabaseError(reason)
            _warn_if_readable(path, warn)
        journal_mode = _journal_mode(path, warn)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect_listener(journal_mode))
    elif url.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
    else:
        raise DatabaseError(
            f"unsupported database {url.get_backend_name()!r}: use SQLite or PostgreSQL"
        )
    if migrate_schema:
        try:
            migrate(engine)
        except DatabaseError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise DatabaseError(
                f"cannot open {_where(url, url_text)}: {_reason(exc, url_text)}"
            ) from None
    return engine


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def schema_head() -> str:
    """The newest migration's revision id, as the migrations folder says."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision id this plandesk knows."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def _backup_before_migration(engine: Engine, current: str, target: str) -> None:
    from plandesk.store.backup import BackupError, auto_backup

    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    try:
        auto_backup(Path(engine.url.database), "before-migration")
    except BackupError as exc:
        raise DatabaseError(
            f"the schema was left at {current} (this plandesk needs {target}) because no "
            f"backup could be taken first: {exc}"
        ) from None


def _current_revision(connection) -> str | None:
    """The schema revision Alembic recorded, read without importing Alembic."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise DatabaseError(f"the database records {len(rows)} schema versions: {rows}")
    return rows[0] if rows else None


def _display(engine: Engine) -> str:
    if engine.dialect.name == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=False)


def _lock_for_migration(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


@contextmanager
def _foreign_keys_off(connection):
    """SQLite: no foreign-key actions while the schema changes.

    A batch migration rebuilds a table (copy, drop the old, rename): with foreign keys on,
    dropping the old `activity` would cascade and delete every update. The pragma only
    takes effect outside a transaction, and is set back before the connection is pooled again.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def _dangling_rows(connection) -> set[tuple]:
    """SQLite rows whose foreign key points at nothing (none, unless edited by hand)."""
    if connection.dialect.name != "sqlite":
        return set()
    return {tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def _check_foreign_keys(connection, before: set[tuple]) -> None:
    """Refuse (roll back) an upgrade that leaves a row pointing at nothing that did not
    before: with foreign keys off, a migration's mistake would otherwise go unseen."""
    broken = sorted(_dangling_rows(connection) - before, key=str)
    if broken:
        raise DatabaseError(
            f"the schema upgrade would leave {len(broken)} rows pointing at nothing "
            f"(first: {broken[0][0]} row {broken[0][1]}); nothing was changed"
        )


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default the latest); a no-op when already there.

    An existing SQLite database is backed up automatically before its schema is upgraded.
    """
    with engine.connect() as connection:
        current = _current_revision(connection)
        reason = foreign_database(connection, mask_url(_display(engine)), current)
    if reason:
        raise DatabaseError(reason)
    if revision == "head" and current == SCHEMA_HEAD:
        return
    target = schema_head() if revision == "head" else revision
    if current == target:
        return
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"the database has schema {current}, newer than this plandesk knows; upgrade plandesk"
        )
    if current is not None:
        _backup_before_migration(engine, current, target)
    from alembic import command

    with engine.connect() as connection, _foreign_keys_off(connection):
        with connection.begin():
            # Two processes opening a new database at once must not both create the tables:
            # the second waits for the first's lock, then finds the schema already there. On
            # SQLite the explicit BEGIN also makes the DDL one transaction (Python's sqlite3
            # would run it outside any), so a full disk half-way leaves no half schema.
            _lock_for_migration(connection)
            if _current_revision(connection) == target:
                return
            config = _config()
            config.attributes["connection"] = connection
            dangling = _dangling_rows(connection)
            command.upgrade(config, revision)
            _check_foreign_keys(connection, dangling)
