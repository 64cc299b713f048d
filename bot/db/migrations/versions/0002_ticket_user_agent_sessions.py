"""tickets.user_sub (open tickets per verified user) and agents.session_version (server-side logout)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("user_sub", sa.String(200)))
        batch.create_index("ix_tickets_user_sub", ["user_sub"])
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("session_version")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_user_sub")
        batch.drop_column("user_sub")
