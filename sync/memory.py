"""An in-memory Store for tests and simulations (same contract as the SQL store)."""
from __future__ import annotations

import copy
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from sync.canonical import GENESIS
from sync.types import BatchWrite, Device, Entity, LedgerEntry, Page, StorageUnavailable, User


DEFAULT_SITE = {"tz": "Asia/Hong_Kong"}


@dataclass
class _State:
    epoch: str = field(default_factory=lambda: uuid.uuid4().hex)
    spaces: dict[str, int] = field(default_factory=dict)
    horizons: dict[str, int] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    device_users: dict[str, dict[int, bytes | None]] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    ledger: dict[tuple[str, int], LedgerEntry] = field(default_factory=dict)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)  # (space, series) -> last
    sites: dict[str, dict] = field(default_factory=dict)  # site -> its settings, "tz" among them


class _Tx:
    def __init__(self, state: _State):
        self.s = state

    # ReadTx
    def epoch(self) -> str:
        return self.s.epoch

    def device(self, device_id: str) -> Device | None:
        d = self.s.devices.get(device_id)
        return copy.copy(d) if d else None

    def horizon(self, space: str) -> int:
        return self.s.horizons.get(space, 0)

    def head(self, space: str) -> int:
        return self.s.spaces.get(space, 0)

    def changes(self, since: dict[str, int], kinds: list[str], limit: int,
                crawls: dict[str, tuple[int, int]] | None = None) -> Page:
        def crawled_past(e: Entity) -> bool:  # P5.6: closed before the start, at a version the crawl began above
            start, head = (crawls or {}).get(e.space, (None, 0))
            return start is not None and e.version <= head and e.closes_at is not None and e.closes_at < start
        rows = sorted((e for e in self.s.entities.values()
                       if e.space in since and e.version > since[e.space] and e.kind in kinds
                       and not crawled_past(e)),
                      key=lambda e: (e.space, e.version, e.kind, e.id))
        page = rows[:limit]
        if page:
            last = page[-1]
            page += [e for e in rows[limit:] if (e.space, e.version) == (last.space, last.version)]
        return Page([copy.deepcopy(e) for e in page], more=len(rows) > len(page))

    def leaving(self, space: str, kinds: list[str], since: int, until: int, version: int,
                limit: int) -> list[Entity]:
        rows = sorted((e for e in self.s.entities.values()
                       if e.space == space and e.kind in kinds and not e.deleted and e.version <= version
                       and e.closes_at is not None and since <= e.closes_at < until),
                      key=lambda e: (e.closes_at, e.kind, e.id))
        return [copy.deepcopy(e) for e in rows[:limit]]

    # WriteTx
    def user(self, user_id: int) -> User | None:
        return self.s.users.get(user_id)

    def device_users(self, space: str, device_id: str) -> dict[int, bytes | None]:
        d = self.s.devices.get(device_id)
        return dict(self.s.device_users.get(device_id, {})) if d and d.site_id == space else {}

    def ledger(self, space: str, device_id: str, seqs: list[int]) -> dict[int, LedgerEntry]:
        rows = (self.s.ledger.get((device_id, s)) for s in seqs)
        return {e.seq: e for e in rows if e is not None and e.space == space}

    def site_settings(self, space: str) -> dict:
        return {**DEFAULT_SITE, **self.s.sites.get(space, {})}

    def lock_space(self, space: str) -> int:
        return self.s.spaces.setdefault(space, 0)

    def prefetch(self, space: str, entity_ids: list[str]) -> None:
        pass

    def get_entity(self, kind: str, entity_id: str, space: str | None = None) -> Entity | None:
        e = self.s.entities.get((kind, entity_id))
        return copy.deepcopy(e) if e and space in (None, e.space) else None

    def number(self, space: str, series: str) -> int:
        return self.s.numbers.get((space, series), 0)

    def save(self, batch: BatchWrite) -> None:
        for entry in batch.ledger:
            key = (entry.device_id, entry.seq)
            if key in self.s.ledger:
                raise RuntimeError(f"ledger already holds {key}")
            self.s.ledger[key] = entry
        for key, entity in batch.entities.items():
            self.s.entities[key] = copy.deepcopy(entity)
        self.s.numbers.update({(batch.space, k): v for k, v in batch.numbers.items()})
        d = self.s.devices[batch.device_id]
        d.last_seq, d.last_hash, d.last_occurred_at = batch.last_seq, batch.last_hash, batch.last_occurred_at
        self.s.spaces[batch.space] = batch.version


class MemoryStore:
    """Transactions copy the state and swap it in on success, under one lock."""

    def __init__(self) -> None:
        self.state = _State()
        self.lock = threading.Lock()
        self.down = False  # set True to simulate a storage outage

    @contextmanager
    def write(self) -> Iterator[_Tx]:
        if self.down:
            raise StorageUnavailable("memory store is down")
        with self.lock:
            work = copy.deepcopy(self.state)
            yield _Tx(work)
            if self.down:
                raise StorageUnavailable("memory store went down before commit")
            self.state = work

    @contextmanager
    def read(self) -> Iterator[_Tx]:
        if self.down:
            raise StorageUnavailable("memory store is down")
        with self.lock:
            snapshot = copy.deepcopy(self.state)
        yield _Tx(snapshot)

    # set-up helpers (the SQL store has admin functions for these)
    def add_user(self, user: User) -> None:
        self.state.users[user.id] = user

    def add_device(self, device_id: str, site_id: str, public_key=None,
                   users: dict[int, bytes | None] | None = None) -> None:
        """`users`: who signed in on it, each with their proof key (P8) or None."""
        self.state.devices[device_id] = Device(device_id, site_id, 0, GENESIS, None, public_key)
        self.state.device_users[device_id] = dict(users or {})

    def revoke(self, device_id: str) -> None:
        self.state.devices[device_id].revoked = True

    def new_epoch(self) -> None:
        self.state.epoch = uuid.uuid4().hex

    def purge_tombstones(self, space: str, below_version: int) -> int:
        dead = [k for k, e in self.state.entities.items()
                if e.space == space and e.deleted and e.version < below_version]
        for k in dead:
            del self.state.entities[k]
        self.state.horizons[space] = max(self.state.horizons.get(space, 0), below_version)
        return len(dead)
