"""Alembic migrations of the escalation schema."""
