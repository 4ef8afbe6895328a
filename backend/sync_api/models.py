"""Tables behind the sync protocol: epoch, spaces, ledger, entities, counters."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base


class Meta(Base):
    """Server-wide facts; `epoch` changes when the database is restored."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Space(Base):
    """The unit of ordering (a site). `version` is bumped under a row lock (P3.3)."""

    __tablename__ = "spaces"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    horizon: Mapped[int] = mapped_column(BigInteger, default=0)  # tombstones purged below


class LedgerRow(Base):
    """Every processed mutation, once: `(device_id, seq)` is the key (P3.3)."""

    __tablename__ = "ledger"
    device_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    mutation_id: Mapped[str] = mapped_column(String(40), index=True)
    hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), index=True)
    result: Mapped[dict]
    kind: Mapped[str] = mapped_column(String(40))
    space: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None]
    mutation: Mapped[dict | None]
    received_at: Mapped[int] = mapped_column(BigInteger)
    prev: Mapped[str | None] = mapped_column(String(64))  # the chain link, kept when payloads are purged


class EntityRow(Base):
    """The current state of every synced record; pulled by `(space, version)`."""

    __tablename__ = "entities"
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    space: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict]
    # When it leaves phones' windows (sync/window.py); NULL: kept (set-up, rosters, open records).
    closes_at: Mapped[int | None] = mapped_column(BigInteger)

    # Pulls read one range per visible kind (store.changes; closes_at in the index, so a
    # crawl skips closed rows without reading them); lists filter by site and kind; a pull
    # finds the records that left the window since its cursor by closes_at (store.leaving).
    __table_args__ = (Index("ix_entities_space_kind_version", "space", "kind", "version", "id", "closes_at"),
                      Index("ix_entities_space_kind_closes", "space", "kind", "closes_at"),
                      Index("ix_entities_id", "id"))  # prefetch looks up new records by id alone


class AuditEntry(Base):
    """What was done to records themselves (purged past retention, archives read):
    kept apart from the records, so removing a record leaves its trace."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))  # "user:12", or "cli" for a command
    action: Mapped[str] = mapped_column(String(40), index=True)
    site_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict]


class Counter(Base):
    """Official number series of a site, e.g. `hv/LOG-2026-11` (design.md section 4)."""

    __tablename__ = "counters"
    series: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<space>/<series>"
    space: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(default=0)
