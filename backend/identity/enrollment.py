"""One-time enrollment codes and enrolling a phone (design.md section 2)."""
from __future__ import annotations

import json
import secrets
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import Session

from backend.errors import ApiError
from backend.identity.models import Device, EnrollCode
from backend.identity.service import digest, new_secret, utcnow
from sync.canonical import GENESIS
from sync.signature import public_key_from_jwk

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed by hand as a fallback


def make_enroll_code(s: Session, site_id: str, user_id: int, ttl_minutes: int | None = None):
    code = "".join(secrets.choice(ALPHABET) for _ in range(12))
    ttl = ttl_minutes or current_app.config["ENROLL_TTL_MINUTES"]
    expires = utcnow() + timedelta(minutes=ttl)
    s.add(EnrollCode(code_hash=digest(code), site_id=site_id, created_by=user_id,
                     created_at=utcnow(), expires_at=expires))
    return code, expires


def enroll_device(s: Session, code: str, jwk: dict, label: str) -> tuple[Device, str]:
    """Use the code once (a conditional UPDATE, so two phones cannot both win)."""
    try:
        public_key_from_jwk(jwk)
    except (ValueError, KeyError) as exc:
        raise ApiError(422, "public_key_invalid", "The phone's public key is not a valid P-256 key.") from exc
    device_id = str(uuid.uuid4())
    now = utcnow()
    claimed = s.execute(update(EnrollCode).where(
        EnrollCode.code_hash == digest(code.strip().upper()), EnrollCode.used_at.is_(None),
        EnrollCode.expires_at > now).values(used_at=now, device_id=device_id)
        .returning(EnrollCode.site_id)).scalar()
    if claimed is None:
        raise ApiError(400, "enroll_code_invalid", "This enrollment code is unknown, used or expired.")
    token = new_secret()
    device = Device(id=device_id, site_id=claimed, label=label,
                    public_key=json.dumps({k: jwk[k] for k in ("kty", "crv", "x", "y")}),
                    token_hash=digest(token), enrolled_at=now, last_seq=0, last_hash=GENESIS)
    s.add(device)
    s.flush()
    return device, token
