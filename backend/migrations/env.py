"""Alembic environment: the models' metadata, the URL from the config."""
from alembic import context
from sqlalchemy import create_engine, pool

from backend.db import Base
import backend.models  # noqa: F401  (every table registers on Base.metadata)

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
