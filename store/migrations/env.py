"""Alembic environment: always run from `plandesk.store.db` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from plandesk.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs `alembic` by hand
    raise RuntimeError("plandesk migrations run through plandesk.store.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
