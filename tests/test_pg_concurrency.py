"""PostgreSQL: concurrent writers, and why the cursor is a per-space version taken
under a row lock rather than an auto-increment id (PROTOCOL.md P3.3, design.md 3).

These tests exist only when TEST_DATABASE_URL is set (CI sets it).
"""
import threading

import pytest
from sqlalchemy import create_engine, text

import sync
from backend.db import Database, normalise_url
from backend.domain import build_registry
from backend.domains import DOMAINS
from backend.sync_api.store import SqlStore
from sync.push import parse_batch
from sync.types import BatchWrite, Entity
from tests.conftest import PG_URL
from tests.phone import Phone



def interleave(begin_a, commit_a, write_b, read_since):
    """A takes its place in the order first but commits last; B writes in between;
    a reader reads between B and A's commit, then reads on from its cursor.
    Returns every row the reader saw."""
    a = begin_a()
    b_done = threading.Event()
    thread = threading.Thread(target=lambda: (write_b(), b_done.set()))
    thread.start()
    b_done.wait(timeout=1.0)              # B commits now if nothing stops it
    seen, cursor = read_since(None)       # the reader reads in between
    commit_a(a)
    thread.join(timeout=10)
    assert not thread.is_alive()
    more, _ = read_since(cursor)
    return seen + more


class VersionCursor:
    """Ours: versions handed out under the space's row lock."""

    def __init__(self, url):
        self.store = SqlStore(Database(url))

    def begin_a(self):
        cm = self.store.write()
        tx = cm.__enter__()
        version = tx.lock_space("race") + 1
        return cm, tx, version

    def commit_a(self, a):
        cm, tx, version = a
        tx.save(BatchWrite("race", version, "none", 0, "", None,
                           entities={("k", "A"): Entity("k", "A", "race", version, {})}))
        cm.__exit__(None, None, None)

    def write_b(self):
        cm = self.store.write()
        tx = cm.__enter__()
        version = tx.lock_space("race") + 1
        tx.save(BatchWrite("race", version, "none", 0, "", None,
                           entities={("k", "B"): Entity("k", "B", "race", version, {})}))
        cm.__exit__(None, None, None)

    def read_since(self, cursor):
        with self.store.read() as rx:
            rows = rx.changes({"race": cursor or 0}, ["k"], 1000)
        return [r.id for r in rows], max([r.version for r in rows], default=cursor or 0)


class AutoIncrementCursor:
    """The naive design the protocol forbids: `id > cursor` over a serial column."""

    def __init__(self, url):
        self.engine = create_engine(normalise_url(url))
        with self.engine.begin() as c:
            c.execute(text("DROP TABLE IF EXISTS naive_changes"))
            c.execute(text("CREATE TABLE naive_changes (id serial PRIMARY KEY, name text)"))

    def begin_a(self):
        conn = self.engine.connect()
        tx = conn.begin()
        conn.execute(text("INSERT INTO naive_changes (name) VALUES ('A')"))  # takes id 1 now
        return conn, tx

    def commit_a(self, a):
        conn, tx = a
        tx.commit()
        conn.close()

    def write_b(self):
        with self.engine.begin() as c:
            c.execute(text("INSERT INTO naive_changes (name) VALUES ('B')"))

    def read_since(self, cursor):
        with self.engine.connect() as c:
            rows = list(c.execute(text("SELECT id, name FROM naive_changes WHERE id > :c ORDER BY id"),
                                  {"c": cursor or 0}))
        return [r.name for r in rows], max([r.id for r in rows], default=cursor or 0)


if PG_URL:
    @pytest.fixture
    def pg(request):
        from tests.conftest import fresh_database
        return fresh_database(request, "postgresql")

    def test_late_committing_writer_is_still_seen_by_a_reader_in_between(pg):
        seen = interleave(**_methods(VersionCursor(pg)))
        assert sorted(seen) == ["A", "B"]

    def test_regression_guard_auto_increment_cursor_loses_the_late_commit(pg):
        """Kept to show why: the same interleaving makes the naive cursor skip A forever."""
        naive = AutoIncrementCursor(pg)
        try:
            seen = interleave(**_methods(naive))
        finally:  # the shared test database keeps only the app's tables (tests/test_site_key.py)
            with naive.engine.begin() as c:
                c.execute(text("DROP TABLE naive_changes"))
            naive.engine.dispose()
        assert sorted(seen) == ["B"]

    def test_concurrent_pushes_from_many_phones_apply_exactly_once(pg):
        from backend import create_app
        app = create_app({"TESTING": True, "DATABASE_URL": pg})
        client = app.test_client()
        phones = [Phone(client) for _ in range(8)]
        for p in phones:
            p.sign_in("guard1")
            for i in range(25):
                p.write("log.entry", {"category": "patrol", "text": f"{p.device.id} {i}"})
        store, registry = SqlStore(Database(pg)), build_registry(DOMAINS)
        user = _user(app, phones[0])
        errors = []

        def hammer(p):
            try:
                with app.app_context():  # the store opens sealed proof keys with the app's secret
                    for _ in range(2):  # every batch twice: the retry races the original
                        batch = p.device.batch(25)
                        sync.push(store, registry, device_id=p.device.id, user=user,
                                  client_time=batch["client_time"], mutations=parse_batch(batch["mutations"]),
                                  signature=batch["signature"], now=batch["client_time"])
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=hammer, args=(p,)) for p in phones for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        with Database(pg).snapshot() as s:
            ledger = s.execute(text("SELECT count(*), count(DISTINCT mutation_id) FROM ledger")).one()
            versions = [r[0] for r in s.execute(text(
                "SELECT version FROM entities WHERE kind = 'log.entry' ORDER BY version"))]
            numbers = s.execute(text(
                "SELECT count(DISTINCT data->>'number') FROM entities WHERE kind = 'log.entry'")).scalar()
        assert tuple(ledger) == (200, 200)
        assert len(versions) == len(set(versions)) == 200 and numbers == 200


def _user(app, phone):
    from backend.db import database
    from backend.identity.models import User
    from backend.sync_api.store import user_record
    with app.app_context(), database().snapshot() as s:
        return user_record(s.get(User, phone.user_id), s)


def _methods(impl):
    return {"begin_a": impl.begin_a, "commit_a": impl.commit_a, "write_b": impl.write_b,
            "read_since": impl.read_since}
