"""Pure decisions of the gate check, shared word for word with the phone
(pwa/domains/desk/verdict.js): a token's claims against the place, the time and
the revocation list. Table-tested in tests/passes/test_rules.py.

Order matters only for which reason is shown first: the site, then the window,
the daily hours, the gate, then revocation.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import cbor2

from backend.keys import tokens
from backend.passes.kinds import GATES, HOURS

VALID = "valid"


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def window(valid_from: str, valid_until: str, tz: str) -> tuple[int, int]:
    """Unix seconds of the first day's start and the last day's end, in the site's time zone."""
    zone = ZoneInfo(tz)
    start = datetime.fromisoformat(valid_from).replace(tzinfo=zone)
    end = datetime.fromisoformat(valid_until).replace(tzinfo=zone) + timedelta(days=1)
    return int(start.timestamp()), int(end.timestamp())


def hours(hours_from: str, hours_until: str) -> list[int]:
    """Daily hours as local minutes [from, until); until before from spans midnight."""
    return [_minutes(hours_from), _minutes(hours_until)]


def pass_claims(p: dict, tz: str) -> dict:
    """The signed claims of a pass record: no personal data (design.md section 6)."""
    start, end = window(p["valid_from"], p["valid_until"], tz)
    return {1: "pass", 2: uuid.UUID(p["id"]).bytes, 3: p["site_id"], 4: start, 5: end,
            HOURS: hours(p["hours_from"], p["hours_until"]), GATES: list(p["gates"]), 8: p["unit"]}


QR_V10_M_ALPHANUMERIC = 311  # characters a version 10 QR holds at error correction M


def token_chars(claims: dict, kid: str) -> int:
    """The length of the QR text of `claims` signed under `kid` (a signature is always 64 bytes)."""
    protected = cbor2.dumps({1: tokens.ES256, 4: kid.encode()})
    body = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(claims), bytes(64)]))
    return len(tokens.PREFIX) + len(tokens.b45encode(body))


def fits_qr(claims: dict, site_id: str) -> bool:
    """Whether the token fits QR version 10 at M, whatever key of the site signs it
    (key ids are `<site>-<n>`; room is left for n up to 9999)."""
    return token_chars(claims, f"{site_id}-9999") <= QR_V10_M_ALPHANUMERIC


def token_id(claims: dict) -> str:
    raw = claims.get(2)
    return str(uuid.UUID(bytes=raw)) if isinstance(raw, bytes) and len(raw) == 16 else ""


def in_hours(span: list[int] | None, minute: int) -> bool:
    if not span:
        return True
    start, end = span
    if start == end:
        return True
    return start <= minute < end if start < end else minute >= start or minute < end


def verdict(claims: dict, *, kind: str, site_id: str, gate: str, now_ms: int, tz: str,
            revoked_at: int | None) -> str:
    """`valid`, or the first reason the holder may not pass: `wrong_kind`, `other_site`,
    `not_yet_valid`, `expired`, `outside_hours`, `wrong_gate`, `revoked`."""
    if claims.get(1) != kind:
        return "wrong_kind"
    if claims.get(3) != site_id:
        return "other_site"
    now_s = now_ms / 1000
    if now_s < claims.get(4, 0):
        return "not_yet_valid"
    if now_s >= claims.get(5, 0):
        return "expired"
    at = datetime.fromtimestamp(now_s, ZoneInfo(tz))
    if not in_hours(claims.get(HOURS), at.hour * 60 + at.minute):
        return "outside_hours"
    gates = claims.get(GATES)
    if gates and gate not in gates:
        return "wrong_gate"
    if revoked_at is not None and revoked_at <= now_ms:
        return "revoked"
    return VALID
