"""One map from failures to the command line's `error: …` message and exit code.

Commands raise; `clean_errors` (wrapped around every command by the root app) prints what
`describe` says and exits with its code. Exit codes: 1 the database (or the disk) could not be
used, or an edit conflicted; 2 bad input (a file, an argument, an unknown plan, period or ref).
Anything that reaches here has been rolled back by the store (each change is one transaction),
so messages about the database can say that nothing was changed. Messages from the database
layer are passed through `mask_url`: a driver's words may quote the connection URL.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from plandesk.cli.output import echo
from plandesk.core.errors import PlandeskError
from plandesk.core.secrets import mask_url

__all__ = [
    "BAD_INPUT",
    "DISK_ERRNOS",
    "FAILED",
    "CommandError",
    "clean_errors",
    "describe",
    "exit_code",
]

FAILED = 1
BAD_INPUT = 2
# Exits the command line already worded: passed on untouched, without the lazy imports below.
_WORDED = (typer.Exit, typer.Abort)

_NOTHING_CHANGED = "nothing was changed"

# SQLite's words (the start of its message) → what to tell the officer.
_SQLITE = (
    ("database or disk is full", "the disk holding the database is full"),
    ("attempt to write a readonly database", "the database is read-only (file or folder)"),
    ("unable to open database file", "cannot open the database file (its folder is read-only?)"),
    ("disk i/o error", "the disk holding the database failed to read or write"),
    ("database is locked", "the database is busy: another program holds its lock"),
    ("database disk image is malformed", "the database file is damaged; restore a backup"),
    ("file is not a database", "the database file is not a SQLite database"),
)

_OS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EFBIG: "the file would be too large",
}
# The disk failed, not the name given: the database/disk exit code (1), not bad input (2).
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


class CommandError(PlandeskError):
    """A failure a command words itself (a bad argument, a file it cannot write)."""

    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@contextmanager
def clean_errors(*, bad_input: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Turn a failure `describe` knows into `error: …` on stderr and its exit code.

    A failure of a `bad_input` type exits 2 whatever its usual code: the same backup error
    means a bad file when it is the one given, a failing disk when plandesk writes it.
    """
    try:
        yield
    except _WORDED:
        raise
    except Exception as exc:
        described = describe(exc)
        if described is None:
            raise
        message, code = described
        echo(f"error: {message}", err=True)
        raise typer.Exit(BAD_INPUT if isinstance(exc, bad_input) else code) from None


def exit_code(exc: BaseException) -> int:
    """The exit code for a failure `describe` knows (1 when it does not)."""
    described = describe(exc)
    return described[1] if described else FAILED


def describe(exc: BaseException) -> tuple[str, int] | None:
    """`(message, exit code)` for a failure the user can act on; None for a bug.

    Imports lazily: the store's modules are not needed to print an argument error.
    """
    if isinstance(exc, CommandError):
        return exc.message, exc.code
    from plandesk.core.statuses import UnknownStatus

    if isinstance(exc, UnknownStatus):
        return str(exc), BAD_INPUT
    from plandesk.core.records import ImportProblem
    from plandesk.store.backup import BackupError
    from plandesk.store.db import BadDatabaseTarget, DatabaseError

    if isinstance(exc, BadDatabaseTarget):
        return mask_url(str(exc)), BAD_INPUT
    if isinstance(exc, DatabaseError | BackupError):
        return mask_url(str(exc)), FAILED
    if isinstance(exc, ImportProblem):
        return mask_url(str(exc)), BAD_INPUT
    from plandesk.store.importing import ImportRaceLost
    from plandesk.store.service import StoreError, UpdateConflict

    if isinstance(exc, UpdateConflict | ImportRaceLost):
        return str(exc), FAILED
    if isinstance(exc, StoreError):
        return str(exc), BAD_INPUT
    from plandesk.core.rules.config import ConfigError
    from plandesk.exports import ExportError

    if isinstance(exc, ExportError | ConfigError):
        return str(exc), BAD_INPUT
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        return _database_failure(exc), FAILED
    if isinstance(exc, sqlite3.Error):
        return _sqlite_words(str(exc)), FAILED
    if isinstance(exc, OSError) and exc.errno in _OS:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{_OS[exc.errno]}{where}; {_NOTHING_CHANGED}", FAILED
    return None


def _sqlite_words(text: str) -> str:
    lowered = text.lower()
    for start, meaning in _SQLITE:
        if lowered.startswith(start):
            return f"{meaning}; {_NOTHING_CHANGED}"
    return f"the database failed: {mask_url(text)}; {_NOTHING_CHANGED}"


def _database_failure(exc) -> str:
    """A driver failure in words: SQLite's by its message, PostgreSQL's by its class."""
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        return _sqlite_words(str(original))
    words = mask_url(" ".join(str(original).split()))
    if exc.connection_invalidated or _connection_lost(original):
        return (
            f"lost the connection to the database ({words}); {_NOTHING_CHANGED}: "
            "run the command again once the server is back"
        )
    return f"the database refused the change ({words}); {_NOTHING_CHANGED}"


def _connection_lost(original: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg ships with plandesk
        return False
    if isinstance(original, psycopg.OperationalError):
        return True
    connection = getattr(original, "connection", None)
    return bool(connection is not None and getattr(connection, "closed", False))
