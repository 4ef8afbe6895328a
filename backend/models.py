"""Every table, for Alembic: importing the domains imports their models."""
from backend.db import Base
from backend.domains import DOMAINS  # noqa: F401

metadata = Base.metadata
