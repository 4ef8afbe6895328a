"""The storage interface the sync core talks to (design.md section 1).

`sync.memory.MemoryStore` implements it for tests; `backend.sync_api.store`
implements it on SQLAlchemy. One contract test suite runs against both.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sync.types import BatchWrite, Device, Entity, LedgerEntry, Page, User


class ReadTx(Protocol):
    """A consistent read snapshot (P5.1)."""

    def epoch(self) -> str: ...
    def device(self, device_id: str) -> Device | None: ...
    def horizon(self, space: str) -> int:
        """Versions at or below this may have lost tombstones (P5.3)."""
    def head(self, space: str) -> int:
        """The space's latest version."""
    def changes(self, since: dict[str, int], kinds: list[str], limit: int,
                crawls: dict[str, tuple[int, int]] | None = None) -> Page:
        """Entities with version > since[space], ordered by (space, version, kind, id),
        each with its `closes_at`; `more` says whether any follow the page.

        Returns at most `limit` rows, then the rest of the last row's version,
        so that a page never splits a version (P5.4). `crawls[space] = (start, head)`
        leaves out the rows at versions up to `head` that closed before `start` (P5.6).
        """
    def leaving(self, space: str, kinds: list[str], since: int, until: int, version: int,
                limit: int) -> list[Entity]:
        """Up to `limit` live entities at versions up to `version` that closed in
        [since, until): they left the window since a cursor was issued (P5.6)."""

    # What a push reads before it takes the space's lock (P3.3)
    def user(self, user_id: int) -> User | None: ...
    def device_users(self, space: str, device_id: str) -> dict[int, bytes | None]:
        """Users who have signed in online on this device of `space`, each with the
        proof key their mutations from it are signed with (P8), or None."""
    def site_settings(self, space: str) -> dict:
        """The site's rule settings, with at least its time zone under "tz"."""


class WriteTx(ReadTx, Protocol):
    """One write transaction (P3.3): reads as it goes, writes once at the end."""

    def ledger(self, space: str, device_id: str, seqs: list[int]) -> dict[int, LedgerEntry]:
        """The ledger rows of these seqs of a device of `space`."""
    def lock_space(self, space: str) -> int:
        """Row-lock the space and return its version (first statement, P3.3)."""
    def prefetch(self, space: str, entity_ids: list[str]) -> None:
        """Hint: entities of `space` with these ids (any kind) are about to be read."""
    def get_entity(self, kind: str, entity_id: str, space: str | None = None) -> Entity | None:
        """The entity of `space`; with None, of any space (only to explain a refusal)."""
    def number(self, space: str, series: str) -> int:
        """The last official number given in a series of `space` (0 if none)."""
    def save(self, batch: BatchWrite) -> None:
        """Write the batch: entities (upsert), numbers (of the batch's space), ledger rows, the device's
        progress and the space's version. Called once, inside the transaction."""


class Store(Protocol):
    def write(self) -> AbstractContextManager[WriteTx]:
        """One transaction; commits when the block ends, rolls back if it raises.

        Raises `StorageUnavailable` when the storage cannot be reached.
        """
    def read(self) -> AbstractContextManager[ReadTx]: ...
