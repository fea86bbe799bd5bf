"""Who is making a change: the author recorded with every write.

Kept apart from `service` so that the app's first screen can name its author before the SQL
stack is imported.
"""

from __future__ import annotations

import getpass
import os

from plandesk.core.text import clean_line

__all__ = ["current_user"]


def current_user(explicit: str | None = None) -> str:
    """Who is making a change: `--as`, else `PLANDESK_USER`, else the OS user (on one line,
    without control characters)."""
    for given in (explicit, os.environ.get("PLANDESK_USER")):
        name = clean_line(given or "")
        if name:
            return name
    try:
        return clean_line(getpass.getuser()) or "unknown"
    except (OSError, KeyError):  # no passwd entry, e.g. in a container
        return "unknown"
