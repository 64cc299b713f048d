"""answer_feedback (thumbs per answer topic) and satisfaction_scores (one CSAT per ticket)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
        sa.Column("user_sub", sa.String(200)),
        sa.Column("answer_topic", sa.String(64), nullable=False),
        sa.Column("rating", sa.SmallInteger, nullable=False),
        sa.Column("bot_text", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("rating IN (-1, 1)", name="ck_answer_feedback_rating"),
    )
    op.create_table(
        "satisfaction_scores",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, unique=True),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("score", sa.SmallInteger, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_satisfaction_scores_score"),
    )


def downgrade() -> None:
    op.drop_table("satisfaction_scores")
    op.drop_table("answer_feedback")
