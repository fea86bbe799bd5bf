"""An officer's settings kept in the database: the app's last plan, period and place.

Values are JSON text, written and read by the caller. Remembering is a convenience: a database
that cannot be written (a read-only file, a lock held past the timeout) raises `StoreError` so
the caller can carry on without it.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from plandesk.core.text import clean_line
from plandesk.store.errors import StoreError
from plandesk.store.models import Preference
from plandesk.store.rows import begin_write

__all__ = ["recall", "remember"]


def remember(engine: Engine, author: str, name: str, value: str) -> None:
    """Keep `value` (JSON text) as the author's setting `name`, replacing it."""
    author, name = clean_line(author), clean_line(name)
    if not author or not name:
        raise StoreError("a setting needs an author and a name")
    try:
        json.loads(value)
    except ValueError:
        raise StoreError(f"the setting {name!r} must be JSON text") from None
    text = value
    try:
        with Session(engine) as session:
            begin_write(session)
            row = session.get(Preference, (author, name))
            if row is None:
                session.add(Preference(author=author, name=name, value=text))
            elif row.value != text:
                row.value = text
            else:
                return
            session.commit()
    except DBAPIError as exc:
        raise StoreError(f"could not keep the setting {name!r}: {exc.orig or exc}") from None


def recall(engine: Engine, author: str, name: str) -> str | None:
    """The author's setting `name` (JSON text), or None when it was never kept."""
    try:
        with Session(engine) as session:
            row = session.get(Preference, (clean_line(author), clean_line(name)))
            text = row.value if row is not None else None
    except DBAPIError as exc:
        raise StoreError(f"could not read the setting {name!r}: {exc.orig or exc}") from None
    return text
