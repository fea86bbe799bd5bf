"""revision versions unique: one revision per (update, version)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Two imports at once (before this release) could leave an update with two revisions of the same
version, one of them for a change that never happened. Nothing is deleted: within each update
that has such a pair, revisions are numbered again 1, 2, 3… in their (version, id) order, each
renumbered one says so in its source ("… [v5 before the 0005 upgrade]"), and the update's own
version is raised to its newest revision's, so the next save follows on. An editor or draft
that started from the old version then gets the usual conflict (nothing lost).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_REVISION = sa.table(
    "revision",
    sa.column("id", sa.Integer),
    sa.column("update_id", sa.Integer),
    sa.column("version", sa.Integer),
    sa.column("source", sa.String),
)
_UPDATE = sa.table("progress_update", sa.column("id", sa.Integer), sa.column("version", sa.Integer))


def upgrade() -> None:
    _renumber_duplicates(op.get_bind())
    op.create_index("uq_revision_update_version", "revision", ["update_id", "version"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_revision_update_version", table_name="revision")


def _renumber_duplicates(connection: sa.Connection) -> None:
    """Number again the revisions of every update that has two of one version."""
    r = _REVISION.c
    updates = sorted(
        set(
            connection.execute(
                sa.select(r.update_id).group_by(r.update_id, r.version).having(sa.func.count() > 1)
            ).scalars()
        )
    )
    for update_id in updates:
        rows = connection.execute(
            sa.select(r.id, r.version, r.source)
            .where(r.update_id == update_id)
            .order_by(r.version, r.id)
        ).all()
        changes = [
            {
                "b_id": row.id,
                "new_version": number,
                "new_source": f"{row.source} [v{row.version} before the 0005 upgrade]",
            }
            for number, row in enumerate(rows, start=1)
            if number != row.version
        ]
        if changes:
            connection.execute(
                _REVISION.update()
                .where(r.id == sa.bindparam("b_id"))
                .values(version=sa.bindparam("new_version"), source=sa.bindparam("new_source")),
                changes,
            )
        u = _UPDATE.c
        connection.execute(
            _UPDATE.update()
            .where(u.id == update_id, u.version < len(rows))
            .values(version=len(rows))
        )
