"""Data types of the sync protocol (PROTOCOL.md sections 2-5)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Mutation statuses (P3.4)
APPLIED = "applied"
FLAGGED = "flagged"
REJECTED = "rejected"
MISMATCH = "mismatch"


@dataclass(frozen=True)
class Reason:
    """Why a mutation was flagged or rejected: a stable code and a detail."""

    code: str
    detail: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "detail": self.detail}


class Rejected(Exception):
    """Raised by a handler for a mutation that cannot be applied (P3.4)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.reason = Reason(code, detail)


class AuthError(Exception):
    """The push or pull is not allowed at all (P3.1); nothing is recorded."""

    def __init__(self, status: int, reason: str, message: str):
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message


class StorageUnavailable(Exception):
    """The store cannot be reached; the push answers 503 and nothing advances."""


@dataclass(frozen=True)
class Mutation:
    """One immutable change made on a device (P2). `raw` is the object as sent.

    Build it with `sync.wire.read_mutation`, which checks it first: a mutation
    the gate refuses keeps its seq and whatever fields could be read, and carries
    the reason in `unreadable` (it is then answered `rejected` and parked)."""

    seq: int
    id: str
    kind: str
    space: str
    occurred_at: int
    user_id: int | None
    prev: str
    payload: dict
    raw: dict
    base_version: int | None = None
    unreadable: Reason | None = None
    user_sig: str | None = None  # P8: the user's proof; checked under the lock


@dataclass
class Entity:
    """The current state of one record as pulled by devices (P5.4)."""

    kind: str
    id: str
    space: str
    version: int
    data: dict
    deleted: bool = False
    closes_at: int | None = None  # when it leaves phones' windows (sync/window.py); None: kept

    def as_change(self) -> dict:
        return {"space": self.space, "kind": self.kind, "id": self.id,
                "version": self.version, "deleted": self.deleted, "data": self.data}


class Page(list):
    """A pull page's entities (a list), and whether more follow it (`more`)."""

    def __init__(self, entities=(), more: bool = False):
        super().__init__(entities)
        self.more = more


@dataclass
class Device:
    """What the server knows of an enrolled device's log."""

    id: str
    site_id: str
    last_seq: int
    last_hash: str
    last_occurred_at: int | None
    public_key: Any  # a cryptography EllipticCurvePublicKey, or None
    revoked: bool = False
    label: str = ""  # what people call the phone ("Gate A phone")


@dataclass
class User:
    id: int
    name: str
    role: str
    sites: frozenset[str]
    active: bool = True


@dataclass
class LedgerEntry:
    """One processed mutation: `(device_id, seq)` is unique (P3.3)."""

    device_id: str
    seq: int
    mutation_id: str
    hash: str
    status: str
    result: dict  # the answer item returned for this seq, stored for retries
    kind: str = ""
    space: str = ""
    user_id: int | None = None
    mutation: dict | None = None  # kept for parked (rejected) and flagged ones
    received_at: int = 0
    prev: str = ""  # the mutation's `prev`: with `hash`, the device's chain stays verifiable
                    # after retention drops payloads (backend/records/retention.py)


@dataclass
class BatchWrite:
    """Everything one push writes, handed to the store in one call (P3.3).

    Handlers never touch the database directly: each mutation's writes are
    staged in memory and join this batch only if the mutation is kept, which
    is what a savepoint per mutation promises, without a round trip per write.
    """

    space: str
    version: int
    device_id: str
    last_seq: int
    last_hash: str
    last_occurred_at: int | None
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    ledger: list[LedgerEntry] = field(default_factory=list)
    tallies: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (day, kind) -> [total, reviewed]


@dataclass
class PushResult:
    results: list[dict] = field(default_factory=list)
    last_seq: int = 0
    expected_seq: int = 1
    server_time: int = 0
    epoch: str = ""

    def as_dict(self) -> dict:
        return {"results": self.results, "last_seq": self.last_seq,
                "expected_seq": self.expected_seq, "server_time": self.server_time,
                "epoch": self.epoch}
