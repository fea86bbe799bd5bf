"""plan links: cross-references between items, oversight links with how they were made, aliases

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Plans point at themselves ("Refer to C7", "Refer to 3.1 - 3.8"): `cross_reference` keeps each
ref an item points at, resolved to a commitment or activity when the plan has one (kept as
written when it does not). `period_id` is set when the ref was read from that period's update,
empty when it is part of the plan's own text. Oversight links record how they were made
(`how`: exact, initials, variant, alias, manual; `unlinked` keeps an officer's removal so a
re-import does not bring the link back), and `oversight_alias` holds the other names officers
use for a body. Every new column has a default, so no row changes meaning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activityoversight", schema=None) as batch_op:
        batch_op.add_column(sa.Column("how", sa.String(), nullable=False, server_default="exact"))
    op.create_table(
        "cross_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("found_in", sa.String(), nullable=False),
        sa.Column("written", sa.Text(), nullable=False),
        sa.Column("target_ref", sa.String(), nullable=False),
        sa.Column("target_commitment_id", sa.Integer(), nullable=True),
        sa.Column("target_activity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_commitment_id"], ["commitment.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["target_activity_id"], ["activity.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cross_reference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cross_reference_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cross_reference_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cross_reference_target_commitment_id"),
            ["target_commitment_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_cross_reference_target_activity_id"),
            ["target_activity_id"],
            unique=False,
        )
    op.create_table(
        "oversight_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("alias_key", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["body_id"], ["oversightbody.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "alias_key"),
    )
    with op.batch_alter_table("oversight_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oversight_alias_body_id"), ["body_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("oversight_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oversight_alias_body_id"))
    op.drop_table("oversight_alias")
    with op.batch_alter_table("cross_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cross_reference_target_activity_id"))
        batch_op.drop_index(batch_op.f("ix_cross_reference_target_commitment_id"))
        batch_op.drop_index(batch_op.f("ix_cross_reference_activity_id"))
        batch_op.drop_index(batch_op.f("ix_cross_reference_plan_id"))
    op.drop_table("cross_reference")
    with op.batch_alter_table("activityoversight", schema=None) as batch_op:
        batch_op.drop_column("how")
