"""support operations: agents.role ('agent' | 'supervisor', for /console/insights) and
tickets.handoff_reason (why the bot handed off: asked_human, two_misses, problem_report, not_helpful, other)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="agent"))
        batch.create_check_constraint("ck_agents_role", "role IN ('agent', 'supervisor')")
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("handoff_reason", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("handoff_reason")
    with op.batch_alter_table("agents") as batch:
        batch.drop_constraint("ck_agents_role", type_="check")
        batch.drop_column("role")
