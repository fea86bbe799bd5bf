"""Engines, connection settings and schema migrations.

`make_engine(url)` is the only way the project gets an engine; nothing is created at import
time. SQLite files get WAL, foreign keys and a busy timeout; PostgreSQL needs nothing extra.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from plandesk.store.locations import default_database_path

__all__ = ["DatabaseError", "database_url", "make_engine", "migrate", "schema_head"]

_MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(Exception):
    """A database that cannot be opened, with a message fit for the user."""


def database_url(target: str | None) -> str:
    """Turn `--db`/`PLANDESK_DB` (a path or a URL) into a SQLAlchemy URL.

    No target means the default file under the user's data directory.
    """
    target = target or os.environ.get("PLANDESK_DB") or None
    if target is None:
        return f"sqlite:///{default_database_path()}"
    if "://" in target:
        if target.startswith("postgres://"):
            target = "postgresql://" + target[len("postgres://") :]
        if target.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; SQLAlchemy's default is psycopg2.
            target = "postgresql+psycopg://" + target[len("postgresql://") :]
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def _prepare_sqlite_file(path: Path) -> None:
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Created by us, readable by the owner only: entries can be sensitive.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(target: str | None = None, *, migrate_schema: bool = True) -> Engine:
    """An engine on `target` (path, URL or None for the default), schema brought to the latest.

    Raises `DatabaseError` with a readable message when the database cannot be opened.
    """
    url_text = database_url(target)
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise DatabaseError(f"not a database path or URL: {target!r}") from None
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            try:
                _prepare_sqlite_file(path)
            except OSError as exc:
                raise DatabaseError(f"cannot create the database {path}: {exc.strerror}") from None
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
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
                f"cannot open {url.render_as_string(hide_password=True)}: {exc}"
            ) from exc
    return engine


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def schema_head() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default the latest); a no-op when already there."""
    target = schema_head() if revision == "head" else revision
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == target:
        return
    known = {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"the database has schema {current}, newer than this plandesk knows; upgrade plandesk"
        )
    with engine.begin() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
