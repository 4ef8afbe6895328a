"""The migrations build exactly the tables the models describe, on every backend."""
import warnings

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

import backend.models  # noqa: F401  (registers every table)
from backend.db import Base, normalise_url

# Built per dialect in migrations 0002, 0012 and 0018 (JSON expressions); models cannot say them portably.
MIGRATION_ONLY_INDEXES = {"ix_entities_kind_space_day", "ix_entities_kind_space_status",
                          "ix_entities_kind_space_accepted_day", "ix_entities_kind_space_closed_day",
                          "ix_entities_kind_space_corrected_at", "ix_entities_kind_space_created_at"}


def test_models_and_migrations_agree(database_url):
    engine = create_engine(normalise_url(database_url))
    with warnings.catch_warnings(), engine.connect() as conn:
        warnings.simplefilter("ignore")  # SQLite cannot reflect expression indexes
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    diff = [d for d in diff if not (d[0] == "remove_index" and d[1].name in MIGRATION_ONLY_INDEXES)]
    assert diff == []
