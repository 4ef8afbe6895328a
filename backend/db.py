"""Engine, sessions and the declarative base (SQLite with WAL, or PostgreSQL)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import current_app, g, request
from sqlalchemy import JSON, MetaData, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict: JSON, list: JSON}


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str, transaction_pooler: bool = False) -> Engine:
    """The engine for `url`. Nothing here keeps state in a database session between
    transactions (no session settings, notifications, advisory locks or temporary tables:
    tests/test_scale.py), so PostgreSQL may sit behind a pooler in transaction mode;
    psycopg's server-side prepared statements are then switched off (`transaction_pooler`),
    since the next transaction may run on another server connection."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
            cur = dbapi_conn.cursor()
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                           "busy_timeout=30000"):
                cur.execute(f"PRAGMA {pragma}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # Writers take the lock up front (BEGIN IMMEDIATE) so that a read that
            # later wants to write never fails with SQLITE_BUSY mid-transaction.
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")
        return engine
    connect_args = {"prepare_threshold": None} if transaction_pooler else {}
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, connect_args=connect_args)


class Database:
    """The app's engine and session factories (one per app)."""

    def __init__(self, url: str, transaction_pooler: bool = False):
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, transaction_pooler)
        self.is_sqlite = self.url.startswith("sqlite")
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        self.writers = sessionmaker(writer, expire_on_commit=False)
        reader = self.engine if self.is_sqlite else self.engine.execution_options(
            isolation_level="REPEATABLE READ")
        self.readers = sessionmaker(reader, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed at the end, rolled back on error."""
        with self.writers() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only transaction that sees one consistent snapshot."""
        with self.readers() as session, session.begin():
            yield session
            session.rollback()


def insert(s: Session, table):
    """INSERT that can say ON CONFLICT ... DO UPDATE (an atomic upsert), on SQLite and PostgreSQL alike."""
    return (postgresql if s.get_bind().dialect.name == "postgresql" else sqlite).insert(table)


def database() -> Database:
    return current_app.extensions["gatehouse_db"]


def session() -> Session:
    """The request's session (closed at teardown).

    Requests that may write take SQLite's write lock when their transaction
    begins, so concurrent sign-ins wait their turn instead of failing with
    "database is locked" when a read is upgraded to a write.
    """
    if "db_session" not in g:
        reads_only = request.method in ("GET", "HEAD", "OPTIONS")
        g.db_session = (database().sessions if reads_only else database().writers)()
    return g.db_session


def reading_session() -> Session:
    """Make this request's session a plain reader, whatever its method: for
    requests (push, pull) whose writes happen in a transaction of their own."""
    close_session()
    g.db_session = database().sessions()
    return g.db_session


def close_session(_exc=None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()
