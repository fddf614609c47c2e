"""Alembic environment: uses the app's connection when called from code, else DATABASE_URL."""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, text

from escalation.database import DEFAULT_DATABASE_URL, create_db_engine
from escalation.models import Base

config = context.config
target_metadata = Base.metadata
# Any constant works: it only has to be the same for every process migrating this database.
_MIGRATION_LOCK_ID = 7_260_315


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes starting at once must not both create the tables.
            connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})"))
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = config.get_main_option("sqlalchemy.url") or os.environ.get(
        "DATABASE_URL", DEFAULT_DATABASE_URL
    )
    engine = create_db_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
