"""Push: apply a device's batch of mutations exactly once (PROTOCOL.md section 3).

Comments cite the protocol's steps (P3.1 ... P3.5).
"""
from __future__ import annotations

import copy
import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from sync.canonical import hash_with_proof_bytes, mutation_hash
from sync.clock import offset_ms, time_flags
from sync import records, wire
from sync.kinds import KindSpec, Registry
from sync.signature import proven, verify
from sync.store import Store, WriteTx
from sync.types import (
    APPLIED, FLAGGED, MISMATCH, REJECTED, AuthError, BatchWrite, Device, Entity, LedgerEntry,
    Mutation, PushResult, Reason, Rejected, StorageUnavailable, User,
)

log = logging.getLogger(__name__)

MAX_BATCH = 500
REVIEW = "review.item"
UNPROVEN = "no valid user_sig: the user's own PIN did not unlock this on the phone (P8)"


class BadBatch(ValueError):
    """The request itself cannot be read; nothing recorded. 400 `invalid_batch`, or
    413 `batch_too_large` for more than MAX_BATCH mutations (P3)."""

    def __init__(self, errors: dict, status: int = 400, reason: str = "invalid_batch"):
        super().__init__("the batch is malformed")
        self.errors, self.status, self.reason = errors, status, reason


def parse_batch(raw_mutations: Any) -> list[Mutation]:
    """Read the wire mutations, sorted by seq; raise BadBatch naming each one without a seq.

    Only what places a mutation in the device's log (an object with a seq) is
    needed here; the gate checks the rest of each mutation on its own, and one it
    refuses is answered per item (P1.1, P3.4)."""
    if not isinstance(raw_mutations, list):
        raise BadBatch({"mutations": ["must be a list"]})
    if len(raw_mutations) > MAX_BATCH:
        raise BadBatch({"mutations": [f"at most {MAX_BATCH} per push"]}, 413, "batch_too_large")
    parsed, errors = [], {}
    for index, raw in enumerate(raw_mutations):
        try:
            wire.seq_of(raw)
        except ValueError as exc:
            errors[str(index)] = [str(exc)]
            continue
        parsed.append(wire.read_mutation(raw))
    seqs = [m.seq for m in parsed]
    if len(seqs) != len(set(seqs)):
        errors["mutations"] = ["the same seq appears twice in one batch"]
    if errors:
        raise BadBatch(errors)
    return sorted(parsed, key=lambda m: m.seq)  # P3.2: take them in seq order


def authenticate(tx, device_id: str, user: User) -> Device:
    """P3.1: the device is enrolled, not revoked, and the user works at its site."""
    device = tx.device(device_id)
    if device is None:
        raise AuthError(401, "device_unknown", "This device is not enrolled.")
    if device.revoked:
        raise AuthError(401, "device_revoked", "This device has been revoked.")
    if not user.active:
        raise AuthError(401, "token_invalid", "This account is disabled.")
    if device.site_id not in user.sites:
        raise AuthError(403, "site_forbidden", "You do not work at this device's site.")
    return device


def push(store: Store, registry: Registry, *, device_id: str, user: User,
         client_time: int, mutations: list[Mutation], signature: str | None,
         now: int) -> PushResult:
    """Apply `mutations` (already parsed and sorted) from `device_id` for `user`.

    Retries return their stored result; nothing is applied twice. Raises
    AuthError (nothing recorded) or StorageUnavailable (nothing advanced).
    """
    offset = offset_ms(now, client_time)  # P4
    # P3.3: the space's row lock serialises a site's pushes, so it is held only for
    # what needs it. Before it, from a read snapshot and then with no transaction
    # open: hashing and payload checks, the batch signature, each user's proof (P8),
    # the authors, the site's settings. None of these can change what a retry would
    # answer: whether a seq is new is decided under the lock, from the device re-read there.
    prepared = {m.seq: _prepare(registry, m) for m in mutations}
    with store.read() as rx:
        device = authenticate(rx, device_id, user)
        space = device.site_id
        proof_keys = rx.device_users(space, device_id)  # user id -> proof key (P8)
        users: dict[int, User | None] = {user.id: user}
        for m in mutations:
            if m.unreadable is None and m.user_id not in users:
                users[m.user_id] = rx.user(m.user_id)
        site = rx.site_settings(space)
        epoch = rx.epoch()
    signed_ok = (not mutations) or verify(device.public_key, prepared[mutations[-1].seq].digest, signature)
    on_device = set(proof_keys) | {user.id}
    proven_seqs = {m.seq for m in mutations if m.unreadable is None and proven(
        proof_keys.get(m.user_id), prepared[m.seq].signed, m.user_sig)}

    with store.write() as tx:
        version = tx.lock_space(space)  # P3.3: first write, a row lock, held to the commit
        device = tx.device(device_id)   # re-read under the lock: a concurrent retry may have advanced it
        if device is None or device.revoked:  # revoked since the snapshot
            raise AuthError(401, "device_revoked", "This device has been revoked.")
        retried = [m.seq for m in mutations if m.seq <= device.last_seq]
        stored = tx.ledger(space, device_id, retried) if retried else {}
        tx.prefetch(space, [m.id for m in mutations if m.seq > device.last_seq])
        batch = BatchWrite(space, version, device.id, device.last_seq, device.last_hash,
                           device.last_occurred_at)

        results: list[dict] = []
        for m in mutations:
            digest = prepared[m.seq].digest
            if m.seq <= device.last_seq:  # P3.2: a retry
                results.append(_retry_answer(stored.get(m.seq), m, digest))
                continue
            if m.seq != batch.last_seq + 1:  # P3.2: a gap stops the batch
                break
            batch.version += 1
            readable = m.unreadable is None
            reasons = time_flags(offset, m.occurred_at, batch.last_occurred_at, now) if readable else []
            if m.prev != batch.last_hash:
                reasons.append(Reason("chain_broken", "prev does not match the previous mutation's hash"))
            if not signed_ok:
                reasons.append(Reason("bad_signature", "the batch signature does not verify"))
            results.append(_apply(tx, registry, site, batch, prepared[m.seq], reasons, device,
                                  users.get(m.user_id) if readable else None, on_device,
                                  m.seq in proven_seqs, offset, now))
            batch.last_seq, batch.last_hash = m.seq, digest
            if readable:
                batch.last_occurred_at = m.occurred_at

        if batch.tallies:  # the review tallies of the batch, one write per site-day
            for e in records.write_tallies(lambda k, i: _held(tx, batch, k, i), space, batch.version, batch.tallies):
                batch.entities[(e.kind, e.id)] = e
        if batch.ledger:
            tx.save(batch)  # P3.3: one write of everything kept
    # P3.5
    return PushResult(results=results, last_seq=batch.last_seq, expected_seq=batch.last_seq + 1,
                      server_time=now, epoch=epoch)


def _retry_answer(entry: LedgerEntry | None, m: Mutation, digest: str) -> dict:
    if entry is not None and entry.hash == digest:
        return entry.result
    return {"seq": m.seq, "id": m.id, "status": MISMATCH, "code": 409, "version": None,
            "reasons": [Reason("seq_reused", "this seq was already recorded with other content").as_dict()],
            "result": {}}


def _check_author(m: Mutation, author: User | None, device: Device, on_device: set[int]) -> None:
    """The mutation's user may act at this site on this device (design.md section 2)."""
    if m.space != device.site_id:
        raise Rejected("wrong_space", f"device belongs to {device.site_id}, not {m.space}")
    if author is None or not author.active:
        raise Rejected("unknown_user", f"user {m.user_id} is unknown or disabled")
    if device.site_id not in author.sites:
        raise Rejected("site_forbidden", f"user {m.user_id} does not work at {device.site_id}")
    if author.id not in on_device:
        raise Rejected("user_not_on_device", f"user {m.user_id} never signed in on this device")


@dataclass(frozen=True)
class _Prepared:
    """What can be known of a mutation without the database."""

    mutation: Mutation
    digest: str
    signed: bytes  # what the user's proof signs (P8)
    spec: KindSpec | None
    payload: dict | None
    problem: Rejected | None


def _prepare(registry: Registry, m: Mutation) -> _Prepared:
    if m.unreadable is not None:  # the gate refused it (P1.1): nothing more is read
        return _Prepared(m, mutation_hash(m.raw), b"", None, None, Rejected(m.unreadable.code, m.unreadable.detail))
    digest, signed = hash_with_proof_bytes(m.raw)
    try:
        spec, clean = registry.read(m)
        return _Prepared(m, digest, signed, spec, clean, None)
    except Rejected as exc:
        return _Prepared(m, digest, signed, registry.kinds.get(m.kind), None, exc)


def _apply(tx: WriteTx, registry: Registry, site: dict, batch: BatchWrite, p: _Prepared,
           reasons: list[Reason], device: Device, author: User | None, on_device: set[int],
           signer_proven: bool, offset: int, now: int) -> dict:
    """P3.3-P3.4: one mutation, its writes staged apart; always leaves a ledger row."""
    m, digest = p.mutation, p.digest
    ctx = _Context(tx, batch, m, author, m.occurred_at + offset, now, device, registry, site)
    try:
        if m.unreadable is not None:
            raise p.problem
        _check_author(m, author, device, on_device)
        if p.spec is not None:
            Registry.allow(p.spec, author)  # who may send it comes before what it says
        if not signer_proven:  # P8
            if p.spec is not None and p.spec.approval:
                raise Rejected("signer_unproven", UNPROVEN)
            reasons = reasons + [Reason("signer_unproven", UNPROVEN)]
        if p.problem is not None:
            raise p.problem
        p.spec.handle(ctx, dataclasses.replace(m, payload=p.payload))
        reasons = reasons + ctx.flags
        status = FLAGGED if reasons else APPLIED
    except Rejected as exc:
        ctx.discard()  # the "savepoint" rolls back: nothing this mutation staged is kept
        reasons, status = [exc.reason] + reasons, REJECTED
    except StorageUnavailable:
        raise
    except Exception as exc:  # a handler bug must not block the queue (style.md)
        log.exception("handler for %s failed on %s", m.kind, m.id)
        ctx.discard()
        reasons, status = [Reason("handler_error", type(exc).__name__)] + reasons, REJECTED
    if status != APPLIED:
        _open_review(ctx, status, reasons)
    ctx.keep()
    answer = {"seq": m.seq, "id": m.id, "status": status, "version": ctx.version,
              "reasons": [r.as_dict() for r in reasons], "result": ctx.results}
    batch.ledger.append(LedgerEntry(
        device_id=device.id, seq=m.seq, mutation_id=m.id, hash=digest, status=status,
        result=answer, kind=m.kind, space=device.site_id, user_id=m.user_id,
        mutation=wire.storable(m.raw) if status != APPLIED else None, received_at=now, prev=m.prev))
    return answer


def _open_review(ctx: "_Context", status: str, reasons: list[Reason]) -> None:
    """A flagged or parked mutation opens a review item for a supervisor (P3.4)."""
    item = review_item(ctx.mutation, ctx.device, status, reasons, ctx.received_at, target=ctx.target)
    ctx.put(REVIEW, item["id"], item)


def review_item(m: Mutation, device: Device, kind: str, reasons: list[Reason], now: int,
                target: dict | None = None, field: str | None = None,
                kept: Any = None, other: Any = None) -> dict:
    """The data of a `review.item` entity (PROTOCOL.md section 6)."""
    return {
        "id": (m.id or f"{device.id}:{m.seq}") if field is None else f"{m.id}:{field}",
        "site_id": device.site_id, "type": kind,
        "reasons": [r.as_dict() for r in reasons],
        "mutation": {"id": m.id, "kind": m.kind, "seq": m.seq, "device_id": device.id,
                     "device_label": device.label, "user_id": m.user_id, "occurred_at": m.occurred_at},
        "target": target, "field": field, "kept": kept, "other": other,
        "status": "open", "resolution": None, "note": None, "resolved_by": None,
        "resolved_at": None, "created_at": now,
    }


class _Context:
    """HandlerContext over a batch (see sync/kinds.py): reads see what earlier
    mutations of the batch wrote; writes are staged until `keep` or `discard`."""

    def __init__(self, tx: WriteTx, batch: BatchWrite, mutation: Mutation, user: User | None,
                 corrected_at: int, received_at: int, device: Device, registry: Registry,
                 site: dict):
        self.tx, self.batch, self.mutation, self.user = tx, batch, mutation, user
        self.version, self.corrected_at = batch.version, corrected_at
        self.received_at, self.device = received_at, device
        self.registry, self.site, self.tz = registry, site, site["tz"]
        self.flags: list[Reason] = []
        self.results: dict = {}
        self.target: dict | None = None
        self.staged: dict[tuple[str, str], Entity] = {}
        self.numbers: dict[str, int] = {}
        self.counts: dict[tuple[str, str], list[int]] = {}

    @property
    def device_id(self) -> str:
        return self.device.id

    def get(self, kind: str, entity_id: str) -> Entity | None:
        entity = self._lookup(kind, entity_id, self.mutation.space)
        return entity if entity is not None and entity.space == self.mutation.space else None

    def existing(self, kind: str, entity_id: str) -> Entity:
        entity = self.get(kind, entity_id)
        if entity is None or entity.deleted:
            raise Rejected("not_found", f"no {kind} {entity_id} at this site")
        return entity

    def create(self, kind: str, entity_id: str, data: dict) -> dict:
        record = records.new_record(self, self.registry.records.get(kind), kind, entity_id, data)
        self.put(kind, entity_id, record)
        return record

    def lookup_any_site(self, kind: str, entity_id: str) -> Entity | None:
        return self._lookup(kind, entity_id, None)

    def _lookup(self, kind: str, entity_id: str, space: str | None) -> Entity | None:
        key = (kind, entity_id)
        for layer in (self.staged, self.batch.entities):
            if key in layer:
                return copy.deepcopy(layer[key])  # handlers edit what they get
        return self.tx.get_entity(kind, entity_id, space)

    def put(self, kind: str, entity_id: str, data: dict) -> Entity:
        _storable_id(entity_id)
        entity = Entity(kind, entity_id, self.device.site_id, self.version, data)  # the locked space
        entity.closes_at = self.registry.closes_at(entity, self.received_at)
        self.staged[(kind, entity_id)] = entity
        if kind not in _BOOKKEEPING and self.target is None:
            self.target = {"kind": kind, "id": entity_id}
        return entity

    def delete(self, kind: str, entity_id: str, reason: str) -> Entity:
        _storable_id(entity_id)
        entity = Entity(kind, entity_id, self.device.site_id, self.version, {"reason": reason}, True,
                        self.received_at)
        self.staged[(kind, entity_id)] = entity
        return entity

    def next_number(self, series: str) -> int:
        # Series live inside the space, so the space's lock serialises them.
        key = f"{self.mutation.space}/{series}"
        current = self.numbers.get(key) or self.batch.numbers.get(key) or self.tx.number(self.mutation.space, key)
        self.numbers[key] = current + 1
        return current + 1

    def flag(self, code: str, detail: str = "") -> None:
        self.flags.append(Reason(code, detail))

    def conflict(self, target: Entity, field: str, kept: Any, other: Any) -> None:
        m = self.mutation
        reason = Reason("edit_conflict", f"{field} was changed since version {m.base_version}")
        data = review_item(m, self.device, "conflict", [reason], self.received_at,
                           target={"kind": target.kind, "id": target.id}, field=field,
                           kept=kept, other=other)
        self.put(REVIEW, data["id"], data)

    def result(self, **values: Any) -> None:
        self.results.update(values)

    def stamp(self) -> dict:
        return records.stamp(self)

    def local(self, ms: int | None = None):
        return records.local(self.corrected_at if ms is None else ms, self.tz)

    def day(self, ms: int | None = None) -> str:
        return self.local(ms).date().isoformat()

    def setting(self, name: str, default: Any = None) -> Any:
        return self.site.get(name, default)

    def rules(self, kind: str) -> records.RecordRules | None:
        return self.registry.records.get(kind)

    def count(self, day: str, kind: str, total: int, reviewed: int) -> None:
        c = self.counts.setdefault((day, kind), [0, 0])
        c[0] += total
        c[1] += reviewed

    def discard(self) -> None:
        self.staged, self.numbers, self.results, self.target, self.counts = {}, {}, {}, None, {}

    def keep(self) -> None:
        self.batch.entities.update(self.staged)
        self.batch.numbers.update(self.numbers)
        for key, (total, reviewed) in self.counts.items():
            c = self.batch.tallies.setdefault(key, [0, 0])
            c[0] += total
            c[1] += reviewed


def _storable_id(entity_id: str) -> None:
    """A record id a handler took from a payload must fit its column (P1.1)."""
    if not isinstance(entity_id, str) or not 1 <= len(entity_id) <= wire.ENTITY_ID_LENGTH:
        raise Rejected("invalid_payload", f"a record id must be 1 to {wire.ENTITY_ID_LENGTH} characters")


def _held(tx: WriteTx, batch: BatchWrite, kind: str, entity_id: str) -> Entity | None:
    """An entity as the batch leaves it (its own writes first), for a copy to change."""
    held = batch.entities.get((kind, entity_id))
    return copy.deepcopy(held) if held is not None else tx.get_entity(kind, entity_id, batch.space)


# Entities the core keeps for supervisors; a review item points past them at the record.
_BOOKKEEPING = frozenset({REVIEW, records.DAY})
