"""A reference device: the outbox side of the protocol, as pwa/lib does it in JS.

Tests, simulations and benchmarks use it to speak the protocol exactly: seq
without gaps, UUIDv7 ids, the hash chain, the batch signature (P2, P3), each
user's proof (P8).
"""
from __future__ import annotations

import base64
import os
import time
import uuid
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from sync.canonical import GENESIS, mutation_hash, proof_bytes
from sync.signature import user_signature


SENT_RETENTION_MS = 7 * 24 * 3600 * 1000  # longer than backups are restored from


def uuid7(ms: int | None = None) -> str:
    """A UUIDv7: 48 bits of milliseconds, then randomness (RFC 9562)."""
    ms = int(time.time() * 1000) if ms is None else ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64 | 0b10 << 62 | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def public_jwk(key: ec.EllipticCurvePrivateKey) -> dict:
    numbers = key.public_key().public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": _b64url(numbers.x.to_bytes(32, "big")),
            "y": _b64url(numbers.y.to_bytes(32, "big"))}


def sign(key: ec.EllipticCurvePrivateKey, message: str) -> str:
    """ECDSA P-256 / SHA-256, raw r||s, base64url (WebCrypto's format)."""
    r, s = decode_dss_signature(key.sign(message.encode(), ec.ECDSA(hashes.SHA256())))
    return _b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


@dataclass
class Replica:
    """A device's copy of what it may see, kept current by pull pages (P5.3-P5.5)."""

    cursor: str | None = None
    entities: dict[tuple[str, str], tuple[int, dict]] = field(default_factory=dict)  # -> (version, data)

    def apply(self, page: dict) -> None:
        if page["reset"]:  # another epoch: start over from what this page brings
            self.entities.clear()
        for change in page["changes"]:
            key = (change["kind"], change["id"])
            held = self.entities.get(key)
            if held is not None and held[0] > change["version"]:
                continue  # a late answer never undoes a newer one
            if change["deleted"]:
                self.entities.pop(key, None)
            else:
                self.entities[key] = (change["version"], change["data"])
        self.cursor = page["cursor"]


@dataclass
class Device:
    """An outbox of mutations; entries leave it only when a pull acknowledges them."""

    space: str
    id: str = ""
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    clock_offset_ms: int = 0  # a wrong clock: added to the real time
    outbox: list[dict] = field(default_factory=list)
    sent: list[dict] = field(default_factory=list)  # acknowledged, kept in case the server is restored
    replica: Replica = field(default_factory=Replica)
    next_seq: int = 1
    last_hash: str = GENESIS

    def now(self) -> int:
        return int(time.time() * 1000) + self.clock_offset_ms

    def record(self, kind: str, user_id: int, payload: dict, base_version: int | None = None,
               occurred_at: int | None = None, mutation_id: str | None = None,
               proof_key: bytes | None = None) -> dict:
        """Write a mutation to the outbox (before anything is shown as done), signed
        with the user's proof key when given (`user_sig`, P8)."""
        m = {"seq": self.next_seq, "id": mutation_id or uuid7(), "kind": kind, "space": self.space,
             "occurred_at": self.now() if occurred_at is None else occurred_at,
             "user_id": user_id, "prev": self.last_hash, "payload": payload}
        if base_version is not None:
            m["base_version"] = base_version
        if proof_key is not None:
            m["user_sig"] = user_signature(proof_key, proof_bytes(m))
        self.outbox.append(m)
        self.next_seq += 1
        self.last_hash = mutation_hash(m)
        return m

    def batch(self, limit: int = 200) -> dict:
        """The next push body: the oldest `limit` outbox entries, signed."""
        mutations = self.outbox[:limit]
        signature = sign(self.key, mutation_hash(mutations[-1])) if mutations else None
        return {"device_id": self.id, "client_time": self.now(), "mutations": mutations,
                "signature": signature}

    def acknowledge(self, last_seq: int) -> None:
        """A pull's `acks` moves what the server holds from the outbox to `sent` (P5.5)."""
        acked = [m for m in self.outbox if m["seq"] <= last_seq]
        self.outbox = [m for m in self.outbox if m["seq"] > last_seq]
        now = self.now()
        self.sent = [m for m in self.sent if m["_acked_at"] > now - SENT_RETENTION_MS]
        self.sent += [dict(m, _acked_at=now) for m in acked]

    def apply_pull(self, page: dict) -> None:
        """Take in one pull page: the changes, the new cursor, and the acks.

        On a reset (another epoch: the server's database was restored) what was
        acknowledged goes back to the outbox: the server answers the ones it still
        holds as retries and applies the ones the restore lost (P5.3)."""
        self.replica.apply(page)
        if page["reset"]:
            known = {m["seq"] for m in self.outbox}
            back = [{k: v for k, v in m.items() if k != "_acked_at"} for m in self.sent if m["seq"] not in known]
            self.outbox = sorted(self.outbox + back, key=lambda m: m["seq"])
            self.sent = []
        self.acknowledge(page["acks"]["last_seq"])
