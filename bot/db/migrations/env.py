"""Alembic environment: the URL comes from the config (bot.db.session) or BOT_DB_URL."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from bot import settings
from bot.db.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or settings.tickets_db_url()


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
