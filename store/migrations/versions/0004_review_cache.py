"""review cache: the stall rules' verdicts, kept until what they judged changes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_cache",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "period_id"),
    )
    with op.batch_alter_table("review_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_cache_period_id"), ["period_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_cache_period_id"))
    op.drop_table("review_cache")
