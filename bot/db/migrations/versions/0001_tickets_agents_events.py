"""tickets, agents, ticket messages and the ticket event log

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

OPEN = "status IN ('queued', 'assigned', 'waiting_on_user')"


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("online", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_seen_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(16), unique=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer),
        sa.Column("priority", sa.String(2), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("contact_email", sa.String(254)),
        sa.Column("identity", sa.JSON, nullable=False),
        sa.Column("transcript", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("first_response_due", sa.DateTime),
        sa.Column("resolution_due", sa.DateTime),
        sa.Column("first_response_at", sa.DateTime),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("assigned_agent_id", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("escalated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("escalated_at", sa.DateTime),
        sa.CheckConstraint(
            "status IN ('queued', 'assigned', 'waiting_on_user', 'resolved', 'closed')", name="ck_tickets_status"
        ),
        sa.CheckConstraint("channel IN ('live_chat', 'webticket')", name="ck_tickets_channel"),
        sa.CheckConstraint("priority IN ('P1', 'P2', 'P3', 'P4')", name="ck_tickets_priority"),
    )
    op.create_index(
        "uq_tickets_open_conversation",
        "tickets",
        ["conversation_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index("ix_tickets_status_level", "tickets", ["status", "level"])
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, index=True),
        sa.Column("sender", sa.String(16), nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("delivered_at", sa.DateTime),
    )
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, index=True),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ticket_events")
    op.drop_table("ticket_messages")
    op.drop_index("ix_tickets_status_level", "tickets")
    op.drop_index("uq_tickets_open_conversation", "tickets")
    op.drop_table("tickets")
    op.drop_table("agents")
