"""The SQL Store for the sync core: all sync SQL lives here (sync/store.py is the contract)."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from backend.db import Database
from backend.identity import models as im
from backend.sync_api.models import Counter, EntityRow, LedgerRow, Meta, Space
from sync.signature import public_key_from_jwk
from sync.types import Device, Entity, LedgerEntry, StorageUnavailable, User


def _entity(row: EntityRow) -> Entity:
    return Entity(row.kind, row.id, row.space, row.version, row.data, row.deleted)


def user_record(user: im.User, s: Session) -> User:
    """The sync core's view of a user; admins work at every site."""
    sites = (frozenset(s.scalars(select(im.Site.id))) if user.role == "admin" else user.site_ids())
    return User(user.id, user.name, user.role, sites, user.active)


def epoch(s: Session) -> str:
    value = s.get(Meta, "epoch")
    if value is None:
        raise RuntimeError("the database has no epoch: run `gatehouse migrate`")
    return value.value


class SqlTx:
    def __init__(self, session: Session):
        self.s = session

    # ReadTx
    def epoch(self) -> str:
        return epoch(self.s)

    def device(self, device_id: str) -> Device | None:
        d = self.s.get(im.Device, device_id, populate_existing=True)
        if d is None:
            return None
        return Device(d.id, d.site_id, d.last_seq, d.last_hash, d.last_occurred_at,
                      public_key_from_jwk(d.public_key), d.revoked_at is not None)

    def horizon(self, space: str) -> int:
        return self.s.scalar(select(Space.horizon).where(Space.id == space)) or 0

    def changes(self, since: dict[str, int], kinds: list[str], limit: int) -> list[Entity]:
        after = or_(*(and_(EntityRow.space == sp, EntityRow.version > v) for sp, v in since.items()))
        base = select(EntityRow).where(after, EntityRow.kind.in_(kinds))
        order = (EntityRow.space, EntityRow.version, EntityRow.kind, EntityRow.id)
        rows = list(self.s.scalars(base.order_by(*order).limit(limit)))
        if rows:  # finish the last version so a page never splits one (P5.4)
            last = rows[-1]
            rows += self.s.scalars(base.where(
                EntityRow.space == last.space, EntityRow.version == last.version,
                or_(EntityRow.kind > last.kind, and_(EntityRow.kind == last.kind, EntityRow.id > last.id)),
            ).order_by(*order))
        return [_entity(r) for r in rows]

    # WriteTx
    def user(self, user_id: int) -> User | None:
        u = self.s.get(im.User, user_id)
        return user_record(u, self.s) if u else None

    def device_users(self, device_id: str) -> set[int]:
        return set(self.s.scalars(select(im.DeviceUser.user_id).where(im.DeviceUser.device_id == device_id)))

    def ledger(self, device_id: str, seqs: list[int]) -> dict[int, LedgerEntry]:
        rows = self.s.scalars(select(LedgerRow).where(LedgerRow.device_id == device_id, LedgerRow.seq.in_(seqs)))
        return {r.seq: LedgerEntry(r.device_id, r.seq, r.mutation_id, r.hash, r.status, r.result,
                                   r.kind, r.space, r.user_id, r.mutation, r.received_at) for r in rows}

    def lock_space(self, space: str) -> int:
        # An UPDATE takes the row lock on every backend (SQLite: the write lock),
        # so versions are handed out in commit order (P3.3).
        version = self.s.scalar(update(Space).where(Space.id == space)
                                .values(version=Space.version).returning(Space.version))
        if version is None:
            self.s.add(Space(id=space, version=0, horizon=0))
            self.s.flush()
            version = 0
        return version

    def set_space_version(self, space: str, version: int) -> None:
        self.s.execute(update(Space).where(Space.id == space).values(version=version))

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        try:
            with self.s.begin_nested():
                yield
        except OperationalError as exc:
            # The database, not the mutation, failed: the whole push answers 503.
            raise StorageUnavailable(str(exc.orig)) from exc

    def add_ledger(self, e: LedgerEntry) -> None:
        self.s.add(LedgerRow(device_id=e.device_id, seq=e.seq, mutation_id=e.mutation_id, hash=e.hash,
                             status=e.status, result=e.result, kind=e.kind, space=e.space,
                             user_id=e.user_id, mutation=e.mutation, received_at=e.received_at))

    def set_device_progress(self, device_id, last_seq, last_hash, last_occurred_at) -> None:
        self.s.execute(update(im.Device).where(im.Device.id == device_id).values(
            last_seq=last_seq, last_hash=last_hash, last_occurred_at=last_occurred_at,
            last_seen_at=func.now()))

    def get_entity(self, kind: str, entity_id: str) -> Entity | None:
        row = self.s.get(EntityRow, (kind, entity_id))
        return _entity(row) if row else None

    def put_entity(self, e: Entity) -> None:
        row = self.s.get(EntityRow, (e.kind, e.id))
        if row is None:
            self.s.add(EntityRow(kind=e.kind, id=e.id, space=e.space, version=e.version,
                                 deleted=e.deleted, data=e.data))
        else:
            row.space, row.version, row.deleted, row.data = e.space, e.version, e.deleted, e.data
        self.s.flush()

    def next_number(self, series: str) -> int:
        value = self.s.scalar(update(Counter).where(Counter.series == series)
                              .values(value=Counter.value + 1).returning(Counter.value))
        if value is None:
            self.s.add(Counter(series=series, value=1))
            self.s.flush()
            value = 1
        return value


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
    """A server-side change (roster, revocation...) at a new version of its space."""
    tx = SqlTx(s)
    version = tx.lock_space(space) + 1
    tx.put_entity(Entity(kind, entity_id, space, version, data, deleted))
    tx.set_space_version(space, version)
    return version


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
