"""living plan: closed periods, leads and due dates, retired items, plan history, preferences

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

The plan stops being a copy of imported documents: periods can be closed once they have gone
to the Panel, activities get a lead and a due date, activities and commitments can be retired
(never deleted), a done activity can be reopened, and every change to the plan itself (not to
an update, which has `revision`) is a `plan_change` row. `preference` keeps each officer's
place in the app per database. Every new column has a default, so no row changes meaning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _retirement(batch_op: object) -> None:
    batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
    batch_op.add_column(sa.Column("retired_reason", sa.Text(), nullable=False, server_default=""))


def upgrade() -> None:
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.String(), nullable=True))
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lead", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("due", sa.Date(), nullable=True))
        _retirement(batch_op)
        batch_op.add_column(sa.Column("reopened_after_period_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_activity_reopened_after_period_id_period",
            "period",
            ["reopened_after_period_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        _retirement(batch_op)
    op.create_table(
        "plan_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["objective_id"], ["objective.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitment.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_change_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_plan_change_activity_id"), ["activity_id"], unique=False
        )
    op.create_table(
        "preference",
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("author", "name"),
    )


def downgrade() -> None:
    op.drop_table("preference")
    with op.batch_alter_table("plan_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_change_activity_id"))
        batch_op.drop_index(batch_op.f("ix_plan_change_plan_id"))
    op.drop_table("plan_change")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_column("retired_reason")
        batch_op.drop_column("retired_at")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_constraint("fk_activity_reopened_after_period_id_period", type_="foreignkey")
        batch_op.drop_column("reopened_after_period_id")
        batch_op.drop_column("retired_reason")
        batch_op.drop_column("retired_at")
        batch_op.drop_column("due")
        batch_op.drop_column("lead")
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.drop_column("closed_by")
        batch_op.drop_column("closed_at")
