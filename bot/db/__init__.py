"""Tickets, agents and their event log: SQLAlchemy 1.4 models, sessions, Alembic migrations."""
