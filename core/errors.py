"""The root of every error plandesk raises on purpose.

Each layer's errors (`core.periods.PeriodError`, `store.db.DatabaseError`,
`exports.scope.ExportError`…) derive from `PlandeskError`: their message is written for the
user, so the CLI prints it as it is and the TUI shows it in a notice. An exception that is not
a `PlandeskError` is a bug (or the machine's: a full disk, a lost connection), and
`cli.errors` says which.
"""

from __future__ import annotations

__all__ = ["PlandeskError"]


class PlandeskError(Exception):
    """An error with a message for the user."""
