"""Helpers for tests, browser tests and benchmarks: a migrated, seeded app."""
from __future__ import annotations

from backend import create_app
from backend.cli import DEMO_PASSWORD, seed_demo
from backend.db import database
from backend.migrate import upgrade


def make_demo_app(database_url: str, **config):
    """Migrate `database_url`, seed the demo site and users, return the app."""
    upgrade(database_url)
    # Demo passwords are hashed at a low scrypt cost so that test logins are quick.
    config = {"TESTING": True, "DATABASE_URL": database_url,
              "PASSWORD_HASH_METHOD": "scrypt:1024:8:1", **config}
    app = create_app(config)
    with app.app_context(), database().write() as s:
        seed_demo(s)
    return app


__all__ = ["make_demo_app", "DEMO_PASSWORD"]
