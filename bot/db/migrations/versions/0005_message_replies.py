"""message_replies: the reply to a message id, so a client's retry is answered once (issue 15.4)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_replies",
        sa.Column("conversation_id", sa.String(255), primary_key=True),
        sa.Column("message_id", sa.String(128), primary_key=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("owner", sa.String(32), nullable=False),
        sa.Column("reply", sa.JSON),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("claimed_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("status IN ('pending', 'done')", name="ck_message_replies_status"),
    )
    op.create_index("ix_message_replies_created_at", "message_replies", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_message_replies_created_at", table_name="message_replies")
    op.drop_table("message_replies")
