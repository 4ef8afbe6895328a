"""Alembic, driven from code: `gatehouse migrate`, and the start-up check."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from backend.db import Database, normalise_url

HERE = Path(__file__).parent


class NotMigrated(RuntimeError):
    pass


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def check_current(db: Database) -> None:
    """Refuse to start on a database that is not at the latest migration."""
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current != head_revision():
        raise NotMigrated(
            f"The database is at migration {current or 'none'}, the code needs {head_revision()}. "
            "Run `gatehouse migrate` (or `make run`, which does it) first.")
