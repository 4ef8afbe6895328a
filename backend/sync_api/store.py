"""The SQL Store for the sync core: all sync SQL lives here (sync/store.py is the contract)."""
from __future__ import annotations

import copy
import functools
import json
import time
import uuid
from contextlib import contextmanager
from typing import Iterator

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from backend.db import Database, insert as dialect_insert
from backend.identity import models as im
from backend.identity.models import DEFAULT_TZ
from backend.identity.proof import open_proof_key
from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import Counter, EntityRow, LedgerRow, Meta, Space
from sync.signature import public_key_from_jwk
from sync.types import BatchWrite, Device, Entity, LedgerEntry, Page, StorageUnavailable, User


def now_ms() -> int:
    """The server's clock, in ms (P4)."""
    return int(time.time() * 1000)


def _entity(row) -> Entity:
    return Entity(row.kind, row.id, row.space, row.version, row.data, row.deleted, row.closes_at)


def user_record(user: im.User, s: Session) -> User:
    """The sync core's view of a user; admins work at every site."""
    sites = (frozenset(s.scalars(select(im.Site.id))) if user.role == "admin" else user.site_ids())
    return User(user.id, user.name, user.role, sites, user.active)


def epoch(s: Session) -> str:
    value = s.get(Meta, "epoch")
    if value is None:
        raise RuntimeError("the database has no epoch: run `gatehouse migrate`")
    return value.value


ENTITIES, LEDGER, COUNTERS = EntityRow.__table__, LedgerRow.__table__, Counter.__table__


def storage_errors(method):
    """Reads that handlers reach: a database failure is an outage (503), never
    the mutation's fault, so it must not be parked as a handler error."""
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except OperationalError as exc:
            raise StorageUnavailable(str(exc.orig)) from exc
    return wrapper


def _upsert(s: Session, table, rows: list[dict], keys: list[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, for SQLite and PostgreSQL alike."""
    if not rows:
        return
    stmt = dialect_insert(s, table)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={
        c: stmt.excluded[c] for c in rows[0] if c not in keys})
    s.execute(stmt, rows)


def _plain(conn, sql: str) -> str:
    """Plain SQL written with `?` marks, in the driver's own style (psycopg: `%s`)."""
    return sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _many(s: Session, table, columns: tuple[str, ...], rows: list[tuple], keys: tuple[str, ...] = ()) -> None:
    """One driver-level executemany of a batch's rows (with `keys`, an upsert).

    A push writes two rows per mutation; SQLAlchemy's per-row parameter handling cost
    more than the database's own work, so the hot path hands the driver plain tuples
    (JSON columns already as text, written as SQLAlchemy's JSON type writes them:
    `json.dumps`, None as `null`). The SQL is the same on SQLite and PostgreSQL.
    """
    if not rows:
        return
    conn = s.connection()
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    if keys:
        sql += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET " + ", ".join(
            f"{c} = excluded.{c}" for c in columns if c not in keys)
    conn.exec_driver_sql(_plain(conn, sql), rows)


ENTITY_COLUMNS = ("kind", "id", "space", "version", "deleted", "data", "closes_at")
LEDGER_COLUMNS = ("device_id", "seq", "mutation_id", "hash", "status", "result", "kind", "space",
                  "user_id", "mutation", "received_at", "prev")


# A pull's keys of one kind (store.changes); a crawl also leaves out, at versions up to the
# head it began at, what closed before the window's start (P5.6).
_KEYS = "SELECT space, version, kind, id FROM entities WHERE space = ? AND kind = ? "
_CRAWLED = "AND (version > ? OR closes_at IS NULL OR closes_at >= ?) "


class SqlTx:
    """Sync reads and writes in Core SQL: one statement per read, one bulk write per batch."""

    def __init__(self, session: Session):
        self.s = session
        self._known: dict[tuple[str, str], Entity | None] = {}
        self._absent: tuple[str | None, set[str]] = (None, set())  # (space, ids prefetched and not there)

    # ReadTx
    def epoch(self) -> str:
        return epoch(self.s)

    def device(self, device_id: str) -> Device | None:
        d = self.s.get(im.Device, device_id, populate_existing=True)
        if d is None:
            return None
        return Device(d.id, d.site_id, d.last_seq, d.last_hash, d.last_occurred_at,
                      public_key_from_jwk(d.public_key), d.revoked_at is not None, d.label)

    def horizon(self, space: str) -> int:
        return self.s.scalar(select(Space.horizon).where(Space.id == space)) or 0

    def head(self, space: str) -> int:
        return self.s.scalar(select(Space.version).where(Space.id == space)) or 0

    def changes(self, since: dict[str, int], kinds: list[str], limit: int,
                crawls: dict[str, tuple[int, int]] | None = None) -> Page:
        """One page in (space, version, kind, id) order, reading only rows the caller may see.

        Each visible kind is one range of the (space, kind, version, id) index, cut at
        `limit` keys; the page is the first `limit` keys of their merge, then the rest of
        its last version (P5.4: a page never splits a version). So a page reads at most
        `limit` keys per kind, however long the site's history or however many rows of
        kinds the caller cannot see lie between (issue "Scale": a pull costs what it
        returns); payloads are read for the page's keys only. A crawl (P5.6) leaves out
        the rows it began above that closed before the window's start. Whether more
        follow is known from the ranges, but for a range cut inside the page's last
        version: one probe of one key each.
        """
        # The ranges side by side in one statement (UNION ALL), plain SQL handed to the
        # driver: a statement per kind, each built as a SQLAlchemy expression, cost more
        # than PostgreSQL's own work for a pull at the head.
        conn = self.s.connection()

        def keys(sp: str, kind: str, cond: str, args: tuple, tail: str = "") -> tuple[str, tuple]:
            start, head = (crawls or {}).get(sp, (None, 0))
            crawled, more_args = (_CRAWLED, (head, start)) if start is not None else ("", ())
            return _KEYS + cond + crawled + tail, (sp, kind, *args, *more_args)
        ranges: dict[tuple[str, str], list] = {}
        for sp, v in since.items():
            parts = [keys(sp, kind, "AND version > ? ", (v,), "ORDER BY version, id LIMIT ?") for kind in kinds]
            union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS r{i}" for i, (sql, _) in enumerate(parts))
            for r in conn.exec_driver_sql(_plain(conn, union), tuple(x for _, a in parts for x in (*a, limit))):
                ranges.setdefault((r.space, r.kind), []).append(r)
        for rows in ranges.values():
            rows.sort(key=tuple)  # a union keeps no order
        merged = sorted((r for rows in ranges.values() for r in rows), key=tuple)
        page = merged[:limit]
        if not page:
            return Page()
        last = (page[-1].space, page[-1].version)
        page += [r for r in merged[limit:] if (r.space, r.version) == last]
        more = len(merged) > len(page)
        for (sp, kind), rows in ranges.items():  # a range cut inside the last version
            if len(rows) == limit and (rows[-1].space, rows[-1].version) == last:
                sql, args = keys(sp, kind, "AND version = ? AND id > ? ", (last[1], rows[-1].id))
                page += conn.exec_driver_sql(_plain(conn, sql), args).all()
                sql, args = keys(sp, kind, "AND version > ? ", (last[1],), "LIMIT 1")
                more = more or conn.exec_driver_sql(_plain(conn, sql), args).first() is not None
        page.sort(key=tuple)
        return Page(self._entities(page), more)

    def _entities(self, page) -> list[Entity]:
        """The entities of a page's keys, in the page's order: by id, a site at a time.

        On SQLite the id index is named (INDEXED BY): with no statistics its planner took
        the (space, kind) index and read every row of the kind, so a head pull at a site
        of a million rows took eleven times as long as at ten thousand (bench/pull_history.py)."""
        conn = self.s.connection()
        hint = " INDEXED BY ix_entities_id" if conn.dialect.name == "sqlite" else ""
        wanted: dict[str, set[tuple[str, str]]] = {}
        for r in page:
            wanted.setdefault(r.space, set()).add((r.kind, r.id))
        found = {}
        for space, keys in wanted.items():
            ids = sorted({i for _, i in keys})
            for lo in range(0, len(ids), 500):
                chunk = ids[lo:lo + 500]
                sql = (f"SELECT kind, id, space, version, deleted, data, closes_at FROM entities{hint} "
                       f"WHERE space = ? AND id IN ({', '.join('?' * len(chunk))})")
                for r in conn.exec_driver_sql(_plain(conn, sql), (space, *chunk)):
                    if (r.kind, r.id) in keys:
                        data = json.loads(r.data) if isinstance(r.data, (str, bytes)) else r.data
                        found[(r.kind, r.id)] = Entity(r.kind, r.id, r.space, r.version, data, bool(r.deleted),
                                                       r.closes_at)
        return [found[(r.kind, r.id)] for r in page]

    def leaving(self, space: str, kinds: list[str], since: int, until: int, version: int,
                limit: int) -> list[Entity]:
        """One range of the (space, kind, closes_at) index per kind; no payloads."""
        t = ENTITIES
        out = []
        for kind in kinds:
            out += [Entity(r.kind, r.id, r.space, r.version, {}, False, r.closes_at) for r in self.s.execute(
                select(t.c.kind, t.c.id, t.c.space, t.c.version, t.c.closes_at).where(
                    t.c.space == space, t.c.kind == kind, t.c.closes_at >= since, t.c.closes_at < until,
                    t.c.version <= version, t.c.deleted.is_(False)).order_by(t.c.closes_at).limit(limit))]
        return sorted(out, key=lambda e: (e.closes_at, e.kind, e.id))[:limit]

    # WriteTx
    def user(self, user_id: int) -> User | None:
        u = self.s.get(im.User, user_id)
        return user_record(u, self.s) if u else None

    def device_users(self, space: str, device_id: str) -> dict[int, bytes | None]:
        t = im.DeviceUser
        rows = self.s.execute(select(t.user_id, t.proof_key).where(t.site_id == space, t.device_id == device_id))
        return {user_id: open_proof_key(sealed) if sealed else None for user_id, sealed in rows}

    def ledger(self, space: str, device_id: str, seqs: list[int]) -> dict[int, LedgerEntry]:
        t = LEDGER
        rows = self.s.execute(select(t).where(t.c.space == space, t.c.device_id == device_id, t.c.seq.in_(seqs)))
        return {r.seq: LedgerEntry(r.device_id, r.seq, r.mutation_id, r.hash, r.status, r.result,
                                   r.kind, r.space, r.user_id, r.mutation, r.received_at,
                                   r.prev or "") for r in rows}

    def site_settings(self, space: str) -> dict:
        site = self.s.get(im.Site, space)
        return site.rules() if site is not None else {"tz": DEFAULT_TZ}

    def lock_space(self, space: str) -> int:
        # An UPDATE takes the row lock on every backend (SQLite: the write lock),
        # so versions are handed out in commit order (P3.3).
        lock = update(Space).where(Space.id == space).values(version=Space.version).returning(Space.version)
        version = self.s.scalar(lock)
        if version is None:  # a new space: two first writers must not both insert it
            self.s.execute(dialect_insert(self.s, Space).values(id=space, version=0, horizon=0)
                           .on_conflict_do_nothing(index_elements=["id"]))
            version = self.s.scalar(lock)
        return version

    def prefetch(self, space: str, entity_ids: list[str]) -> None:
        """New records are keyed by their mutation's id: one query says which exist, at
        this site or at another (ids are one namespace: a new record may not take an id
        another site holds, sync/records.py new_record)."""
        if not entity_ids:
            return
        t = ENTITIES
        found = {}
        for r in self.s.execute(select(t).where(t.c.id.in_(entity_ids))):
            found[(r.kind, r.id)] = _entity(r)
        self._known.update(found)
        self._absent = (space, set(entity_ids) - {i for _, i in found})  # at no site

    @storage_errors
    def get_entity(self, kind: str, entity_id: str, space: str | None = None) -> Entity | None:
        known = self._known.get((kind, entity_id))
        if known is not None and space in (None, known.space):
            return copy.deepcopy(known)
        if space in (None, self._absent[0]) and entity_id in self._absent[1]:
            return None
        t = ENTITIES
        where = [t.c.kind == kind, t.c.id == entity_id] + ([t.c.space == space] if space is not None else [])
        r = self.s.execute(select(t).where(*where)).first()
        return _entity(r) if r else None

    @storage_errors
    def number(self, space: str, series: str) -> int:
        t = COUNTERS
        return self.s.scalar(select(t.c.value).where(t.c.space == space, t.c.series == series)) or 0

    def save(self, batch: BatchWrite) -> None:
        dumps = json.dumps
        _many(self.s, ENTITIES, ENTITY_COLUMNS, [
            (e.kind, e.id, e.space, e.version, e.deleted, dumps(e.data), e.closes_at)
            for e in batch.entities.values()],
            keys=("kind", "id"))
        _upsert(self.s, COUNTERS, [{"series": k, "space": batch.space, "value": v}
                                   for k, v in batch.numbers.items()], ["series"])
        _many(self.s, LEDGER, LEDGER_COLUMNS, [
            (e.device_id, e.seq, e.mutation_id, e.hash, e.status, dumps(e.result), e.kind, e.space,
             e.user_id, dumps(e.mutation), e.received_at, e.prev) for e in batch.ledger])
        self.s.execute(update(im.Device).where(im.Device.site_id == batch.space, im.Device.id == batch.device_id).values(
            last_seq=batch.last_seq, last_hash=batch.last_hash,
            last_occurred_at=batch.last_occurred_at, last_seen_at=func.now()))
        self.s.execute(update(Space).where(Space.id == batch.space).values(version=batch.version))
        self._known.clear()
        self._absent = (None, set())


class SqlStore:
    """Store over a Database; storage errors become StorageUnavailable (503)."""

    def __init__(self, db: Database):
        self.db = db

    @contextmanager
    def write(self) -> Iterator[SqlTx]:
        try:
            with self.db.write() as s:
                yield SqlTx(s)
        except OperationalError as exc:
            raise StorageUnavailable(str(exc.orig)) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise StorageUnavailable(str(exc.orig)) from exc
            raise

    @contextmanager
    def read(self) -> Iterator[SqlTx]:
        try:
            with self.db.snapshot() as s:
                yield SqlTx(s)
        except OperationalError as exc:
            raise StorageUnavailable(str(exc.orig)) from exc


def publish(s: Session, space: str, kind: str, entity_id: str, data: dict, deleted: bool = False) -> int:
    """A server-side change (roster, set-up...) at a new version of its space."""
    version = SqlTx(s).lock_space(space) + 1
    entity = Entity(kind, entity_id, space, version, data, deleted)
    closes = current_app.extensions["gatehouse_registry"].closes_at(entity, now_ms())
    _many(s, ENTITIES, ENTITY_COLUMNS, [(kind, entity_id, space, version, deleted, json.dumps(data), closes)],
          keys=("kind", "id"))
    s.execute(update(Space).where(Space.id == space).values(version=version))
    return version


CHUNK = 500


def tombstones(s: Session, space: str, kind: str, ids: list[str], reason: str) -> int:
    """Mark records deleted at one new version of their space, with the reason:
    phones drop them at their next pull (P6). Returns that version."""
    version = SqlTx(s).lock_space(space) + 1
    s.execute(update(EntityRow).where(EntityRow.kind == kind, EntityRow.space == space, EntityRow.id.in_(ids))
              .values(deleted=True, data={"reason": reason}, version=version, closes_at=now_ms()))
    s.execute(update(Space).where(Space.id == space).values(version=version))
    return version


def entities(s: Session, site_id: str, kind: str, *where, newest_first: bool = False,
             limit: int | None = None, **equal) -> list[dict]:
    """A site's live records of one kind, each with its `version`, oldest first.

    `equal` filters top-level data fields by value (or by any of a list of values)
    through `JsonText`, which the expression indexes serve (kind, space, day);
    `where` adds other clauses. With `limit`, the newest (or oldest) that many.
    """
    stmt = select(EntityRow).where(EntityRow.kind == kind, EntityRow.space == site_id,
                                   EntityRow.deleted.is_(False), *where)
    for name, value in equal.items():
        column = JsonText(EntityRow.data, name)
        stmt = stmt.where(column.in_(value) if isinstance(value, (list, tuple)) else column == value)
    if limit is not None:
        order = EntityRow.version.desc() if newest_first else EntityRow.version
        rows = list(s.scalars(stmt.order_by(order).limit(limit)))
    else:
        # Sorted here: ORDER BY version would lead SQLite to walk the (space, version)
        # index over the whole history instead of the day's index.
        rows = sorted(s.scalars(stmt), key=lambda r: r.version, reverse=newest_first)
    return [dict(r.data, version=r.version) for r in rows]


def by_ids(s: Session, kind: str, ids: list[str]) -> dict[str, dict]:
    """Records of one kind by id (any site: callers pass ids they already hold)."""
    out = {}
    for i in range(0, len(ids), CHUNK):
        rows = s.scalars(select(EntityRow).where(EntityRow.kind == kind, EntityRow.id.in_(ids[i:i + CHUNK])))
        out.update({r.id: r.data for r in rows})
    return out


def purge_tombstones(s: Session, older_than_version: dict[str, int]) -> int:
    """Drop tombstones below each space's given version and raise its horizon (P5.3)."""
    removed = 0
    for space, below in older_than_version.items():
        removed += s.execute(delete(EntityRow).where(
            EntityRow.space == space, EntityRow.deleted.is_(True), EntityRow.version < below)).rowcount
        s.execute(update(Space).where(Space.id == space, Space.horizon < below).values(horizon=below))
    return removed


def new_epoch(s: Session) -> str:
    """After restoring a backup: every device's cursor resets (P5.3)."""
    value = uuid.uuid4().hex
    row = s.get(Meta, "epoch")
    if row is None:
        s.add(Meta(key="epoch", value=value))
    else:
        row.value = value
    return value
