"""Fixtures: every storage test runs on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.

Each test gets a migrated database seeded with the demo site: SQLite copies a
template file; PostgreSQL truncates and restores the seeded rows (hashing the
demo passwords once per session, not once per test).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select, text

from backend import create_app
from backend.db import Base, normalise_url
from backend.testing import make_demo_app
from tests.phone import Phone, login

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    app = make_demo_app(f"sqlite:///{path}")
    app.extensions["gatehouse_db"].engine.dispose()  # checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def pg_template():
    """Migrate and seed the PostgreSQL test database once; remember the seeded rows."""
    engine = create_engine(normalise_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    app = make_demo_app(PG_URL)
    app.extensions["gatehouse_db"].engine.dispose()
    engine = create_engine(normalise_url(PG_URL))
    with engine.connect() as conn:
        rows = {t.name: [dict(r._mapping) for r in conn.execute(select(t))]
                for t in Base.metadata.sorted_tables}
    return engine, rows


def _restore_pg(engine, rows: dict) -> None:
    tables = Base.metadata.sorted_tables
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(t.name for t in tables) + " RESTART IDENTITY CASCADE"))
        for t in tables:
            if rows[t.name]:
                conn.execute(insert(t), rows[t.name])
        for t in tables:
            pk = list(t.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement is True or (len(pk) == 1 and pk[0].type.python_type is int and t.name in {"users", "tokens"}):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{t.name}', '{pk[0].name}'), "
                    f"COALESCE((SELECT max({pk[0].name}) FROM {t.name}), 0) + 1, false)"))


def fresh_database(request, backend: str) -> str:
    """A seeded database of `backend` for this test; returns its URL."""
    if backend == "sqlite":
        path = request.getfixturevalue("tmp_path") / "gatehouse.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    engine, rows = request.getfixturevalue("pg_template")
    _restore_pg(engine, rows)
    return PG_URL


def app_for(request, url: str, **config):
    app = create_app({"TESTING": True, "DATABASE_URL": url, **config})
    request.addfinalizer(app.extensions["gatehouse_db"].engine.dispose)
    return app


@pytest.fixture(params=BACKENDS)
def database_url(request) -> str:
    return fresh_database(request, request.param)


@pytest.fixture
def app(request, database_url):
    return app_for(request, database_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def phone(client) -> Phone:
    """An enrolled phone at site hv with guard1 signed in."""
    p = Phone(client)
    p.sign_in("guard1")
    return p


@pytest.fixture
def make_phone(client):
    def make(user: str = "guard1", site: str = "hv") -> Phone:
        p = Phone(client, site=site)
        p.sign_in(user)
        return p
    return make


@pytest.fixture
def token(client):
    """A bearer token for a demo user."""
    return lambda username: login(client, username)["token"]

