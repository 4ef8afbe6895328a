"""Mutation kinds: one validator and one handler per kind (PROTOCOL.md section 2).

Handlers are pure functions of `(ctx, mutation)`: they read and write entities
only through `HandlerContext`, so the same handler runs on the in-memory store in
tests and on SQL in production. A handler raises `Rejected` when the mutation
cannot be applied and calls `ctx.flag` when it applies but breaks a rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Protocol

from sync import window
from sync.records import RecordRules
from sync.types import Entity, Mutation, Rejected, User


class HandlerContext(Protocol):
    """What a handler may do; its writes are kept only if it does not raise.

    The idioms every domain needs are methods here, so no domain writes them again.
    """

    mutation: Mutation
    user: User
    version: int        # the version this mutation writes at
    corrected_at: int   # occurred_at corrected by the device's clock offset
    received_at: int    # server time of the push, ms
    device_id: str
    tz: str             # the site's time zone (IANA name)

    def get(self, kind: str, entity_id: str) -> Entity | None:
        """A record of the mutation's own space (others are invisible)."""
    def existing(self, kind: str, entity_id: str) -> Entity:
        """A live record of this site, or `Rejected("not_found")`."""
    def create(self, kind: str, entity_id: str, data: dict) -> dict:
        """A new record: refused if the id exists (`duplicate_id`); stamped with its
        author, phone and times; numbered, made amendable and reviewable as its
        kind's `RecordRules` declare (sync/records.py). Returns what was stored."""
    def lookup_any_site(self, kind: str, entity_id: str) -> Entity | None:
        """Any space's record, to explain a refusal; never to change it."""
    def put(self, kind: str, entity_id: str, data: dict) -> Entity:
        """Write (stage) a record of this site at this mutation's version."""
    def delete(self, kind: str, entity_id: str, reason: str) -> Entity:
        """A tombstone with its reason (phones drop the record)."""
    def next_number(self, series: str) -> int:
        """The next official number of a series of this site (no gaps, no repeats)."""
    def flag(self, code: str, detail: str = "") -> None:
        """Keep the mutation, but mark a broken rule for a supervisor."""
    def conflict(self, target: Entity, field: str, kept: Any, other: Any) -> None:
        """Log a value an edit overwrote, for a supervisor to settle."""
    def result(self, **values: Any) -> None:
        """What the server assigned, returned to the phone (e.g. the number)."""
    def stamp(self) -> dict:
        """Who (user, phone) and when (device, corrected, received) for an event."""
    def local(self, ms: int | None = None) -> datetime:
        """A time (default: the corrected time) in the site's time zone."""
    def day(self, ms: int | None = None) -> str:
        """The site's local day (ISO) of a time (default: the corrected time)."""
    def setting(self, name: str, default: Any = None) -> Any:
        """A rule setting of this site (sites.settings), or `default`."""
    def rules(self, kind: str) -> RecordRules | None:
        """The record rules `kind` declares, if any."""
    def count(self, day: str, kind: str, total: int, reviewed: int) -> None:
        """Add to a site-day's review tally (`record.day`), written once per batch."""


# validate(payload) -> (clean_payload, errors); errors is a dict, empty when valid.
Validator = Callable[[dict], tuple[dict, dict]]
Handler = Callable[[HandlerContext, Mutation], None]


@dataclass(frozen=True)
class KindSpec:
    """A mutation kind: who may send it, how its payload is checked and applied."""

    kind: str
    validate: Validator
    handle: Handler
    roles: frozenset[str]
    approval: bool = False  # an approval: only its signer's own proof will do (PROTOCOL.md P8)


@dataclass
class Registry:
    """The kinds a server understands, and which entity kinds each role may pull."""

    kinds: dict[str, KindSpec] = field(default_factory=dict)
    visible: dict[str, frozenset[str]] = field(default_factory=dict)
    records: dict[str, RecordRules] = field(default_factory=dict)
    windows: dict[str, window.Window] = field(default_factory=dict)

    def add(self, spec: KindSpec) -> None:
        if spec.kind in self.kinds:
            raise ValueError(f"kind {spec.kind} registered twice")
        self.kinds[spec.kind] = spec

    def show(self, entity_kind: str, roles: set[str] | frozenset[str],
             until: window.Window | None = None) -> None:
        """Let `roles` pull entities of `entity_kind` (P5.4); `until`: when one stops
        being needed on phones (sync/window.py; None: always kept)."""
        self.visible[entity_kind] = frozenset(roles) | self.visible.get(entity_kind, frozenset())
        if until is not None:
            self.windows[entity_kind] = until

    def closes_at(self, entity: Entity, written_at: int) -> int | None:
        """When `entity`, written at `written_at`, leaves phones' windows (P5.6); None: kept."""
        rules = self.records.get(entity.kind)
        return window.closes_at(self.windows.get(entity.kind), bool(rules and rules.reviewed),
                                entity.data, entity.deleted, written_at)

    def declare(self, rules: RecordRules) -> None:
        """Give entities of `rules.kind` the record rules they declare (sync/records.py)."""
        if rules.kind in self.records:
            raise ValueError(f"record kind {rules.kind} declared twice")
        self.records[rules.kind] = rules

    def visible_kinds(self, role: str) -> list[str]:
        return sorted(k for k, roles in self.visible.items() if role in roles)

    def read(self, mutation: Mutation) -> tuple[KindSpec, dict]:
        """The kind's spec and the clean payload, or Rejected. Needs no database,
        so a push does it before taking the space's lock."""
        spec = self.kinds.get(mutation.kind)
        if spec is None:
            raise Rejected("unknown_kind", mutation.kind)
        clean, errors = spec.validate(mutation.payload)
        if errors:
            raise Rejected("invalid_payload", flatten(errors))
        return spec, clean

    @staticmethod
    def allow(spec: KindSpec, user: User) -> None:
        if user.role not in spec.roles:
            raise Rejected("forbidden", f"{user.role} may not send {spec.kind}")


def flatten(errors: Any, prefix: str = "") -> str:
    """Marshmallow-style nested errors as one line: `changes.text: Missing data.`"""
    if isinstance(errors, dict):
        return "; ".join(flatten(v, f"{prefix}{k}.") for k, v in errors.items())
    if isinstance(errors, list):
        return f"{prefix.rstrip('.')}: " + ", ".join(str(e) for e in errors)
    return f"{prefix.rstrip('.')}: {errors}"

