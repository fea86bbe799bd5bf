"""Whose database is this? Refusing another program's before anything in it changes.

Another Alembic-based program's database has an `alembic_version` table too, often with ids
like plandesk's (`0001`), so the revision alone proves nothing: the tables must be plandesk's.
`plandesk.store.db` asks when it opens a database, before the journal mode or the schema is
touched, and refuses with the reason given here.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

__all__ = [
    "PLANDESK_TABLES",
    "SCHEMA_HEAD",
    "foreign_database",
    "foreign_file",
    "foreign_schema",
    "known_revision_ids",
]

# The newest migration. Written out so that opening an up-to-date database does not import
# Alembic (a tenth of a second of start-up); a test checks it against the migrations folder.
SCHEMA_HEAD = "0007"


def known_revision_ids() -> frozenset[str]:
    """The ids of plandesk's migrations (`0001`…), known without importing Alembic."""
    return frozenset(f"{n:04d}" for n in range(1, int(SCHEMA_HEAD) + 1))


# Every table any plandesk schema has had. A test checks it against the models.
PLANDESK_TABLES = frozenset(
    {
        "plan",
        "objective",
        "commitment",
        "period",
        "oversightbody",
        "activity",
        "activityoversight",
        "progress_update",
        "revision",
        "draft",
        "acknowledgement",
        "review_cache",
        "plan_change",
        "preference",
        "cross_reference",
        "oversight_alias",
    }
)


def foreign_schema(where: str, tables: set[str], revisions: list[str] | None) -> str | None:
    """Why a database is another program's (a message), or None when plandesk may use it.

    `tables` are its tables and views (SQLite's own left out); `revisions` what its
    `alembic_version` table holds, None without one. An empty database is plandesk's to take;
    one whose schema revision is unknown but has plandesk's tables is a newer plandesk's
    (`migrate` says so).
    """
    tables = tables - {"alembic_version"}
    if revisions is None:
        if not tables:
            return None
        return (
            f"{where} is another program's database (it has tables such as "
            f"{sorted(tables)[0]!r} but no plandesk schema); choose another database"
        )
    recorded = ", ".join(revisions) or "no revision"
    if "plan" not in tables:
        return (
            f"{where} is another program's database (its schema records {recorded} "
            "but it has no plandesk tables); choose another database"
        )
    known = set(revisions) <= known_revision_ids()
    extra = sorted(tables - PLANDESK_TABLES)
    if known and extra:
        return (
            f"{where} holds tables that are not plandesk's ({', '.join(extra[:3])}): it "
            "belongs to another program too; choose another database"
        )
    return None


def foreign_file(path: Path) -> str | None:
    """Why a file may not be opened (not SQLite, or another program's database), or None.

    Checked with a bare connection before anything touches the file, so nothing (not even the
    journal mode) is changed.
    """
    if path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(path)) as connection:
            tables = {
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                )
            }
            revisions = None
            if "alembic_version" in tables:
                revisions = [
                    row[0] for row in connection.execute("SELECT version_num FROM alembic_version")
                ]
    except sqlite3.Error as exc:
        return f"cannot open {path}: {exc}"
    return foreign_schema(str(path), tables, revisions)


def foreign_database(connection, where: str, current: str | None) -> str | None:
    """`foreign_file`'s check through SQLAlchemy, for PostgreSQL (and SQLite once more)."""
    # Imported here: the app's first screen reads SCHEMA_HEAD before SQLAlchemy is loaded.
    from sqlalchemy import inspect

    inspector = inspect(connection)
    names = set(inspector.get_table_names()) | set(inspector.get_view_names())
    names = {name for name in names if not name.startswith("sqlite_")}
    revisions = None
    if "alembic_version" in names:
        revisions = [current] if current is not None else []
    return foreign_schema(where, names, revisions)
