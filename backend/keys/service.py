"""Site keys: made, rotated, published to phones, used to sign and verify tokens.

Each site has a root key and signing keys (design.md section 6). Phones learn
the root's public key when they enrol and receive, through pull, the site's
current signing keys as one list signed by the root (`site.keys`), so a gate
phone can check a pass offline and knows which keys are still good. A rotation
makes a new signing key at once and keeps the previous one verifying for an
overlap period. Phones also receive every enrolled phone's public key and
whether it was revoked (`site.device`), to check box labels signed offline.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.identity.service import utcnow
from backend.keys import tokens
from backend.keys.models import SiteKey
from backend.keys.sealed import seal, unseal
from backend.sync_api.store import publish
from sync.canonical import canonical_json
from sync.device import public_jwk, sign
from sync.signature import public_key_from_jwk

KEYS, DEVICE = "site.keys", "site.device"
PURPOSE = "site signing key"
OVERLAP_DAYS = 7


def _ms(when: datetime | None) -> int | None:
    return None if when is None else int((when - datetime(1970, 1, 1)).total_seconds() * 1000)


def _new(s: Session, site_id: str, purpose: str) -> SiteKey:
    count = len(list(s.scalars(select(SiteKey.kid).where(SiteKey.site_id == site_id))))
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    key = SiteKey(kid=f"{site_id}-{count + 1}", site_id=site_id, purpose=purpose,
                  private_key=seal(pem, PURPOSE), public_jwk=public_jwk(private), created_at=utcnow())
    s.add(key)
    s.flush()
    return key


def _private(key: SiteKey) -> ec.EllipticCurvePrivateKey:
    return serialization.load_pem_private_key(unseal(key.private_key, PURPOSE), password=None)


def _keys(s: Session, site_id: str, purpose: str) -> list[SiteKey]:
    return list(s.scalars(select(SiteKey).where(SiteKey.site_id == site_id, SiteKey.purpose == purpose)
                          .order_by(SiteKey.created_at, SiteKey.kid)))


def ensure_keys(s: Session, site_id: str) -> None:
    """A site gets its root and first signing key once, and phones the list."""
    if not _keys(s, site_id, "root"):
        _new(s, site_id, "root")
    if not _keys(s, site_id, "signing"):
        _new(s, site_id, "signing")
        publish_keys(s, site_id)


def root_key(s: Session, site_id: str) -> dict:
    """What a phone keeps at enrolment to trust the site's key lists."""
    ensure_keys(s, site_id)
    root = _keys(s, site_id, "root")[0]
    return {"kid": root.kid, "jwk": root.public_jwk}


def active_key(s: Session, site_id: str) -> SiteKey:
    ensure_keys(s, site_id)
    return [k for k in _keys(s, site_id, "signing") if k.valid_until is None][-1]


def rotate(s: Session, site_id: str, overlap_days: int = OVERLAP_DAYS) -> SiteKey:
    """A new signing key now; the previous ones keep verifying for `overlap_days`."""
    ensure_keys(s, site_id)
    until = utcnow() + timedelta(days=overlap_days)
    for old in _keys(s, site_id, "signing"):
        if old.valid_until is None or old.valid_until > until:
            old.valid_until = until
    key = _new(s, site_id, "signing")
    publish_keys(s, site_id)
    return key


def key_list(s: Session, site_id: str) -> dict:
    """The site's signing keys still good, signed by its root (what phones trust)."""
    now = utcnow()
    keys = [{"kid": k.kid, "jwk": k.public_jwk, "valid_until": _ms(k.valid_until)}
            for k in _keys(s, site_id, "signing") if k.valid_until is None or k.valid_until > now]
    body = {"site_id": site_id, "keys": keys, "issued_at": _ms(now)}
    root = _keys(s, site_id, "root")[0]
    return {**body, "root_kid": root.kid, "signature": sign(_private(root), canonical_json(body))}


def publish_keys(s: Session, site_id: str) -> None:
    publish(s, site_id, KEYS, site_id, key_list(s, site_id))


def publish_device(s: Session, device) -> None:
    """An enrolled phone's public key, and its revocation, for offline checks of what it signed."""
    publish(s, device.site_id, DEVICE, device.id, {
        "device_id": device.id, "site_id": device.site_id, "label": device.label,
        "public_jwk": json.loads(device.public_key),
        "revoked_at": _ms(device.revoked_at)})


def sign_token(s: Session, site_id: str, claims: dict) -> str:
    """A token signed by the site's active key (its QR text)."""
    key = active_key(s, site_id)
    return tokens.sign(claims, key.kid, _private(key))


def verify_token(s: Session, site_id: str, text: str, now: datetime | None = None) -> dict:
    """The claims of a token this site signed with a key still good; else BadToken
    with `unreadable`, `unknown_key`, `other_site`, `retired_key` or `forged`."""
    token = tokens.read(text)
    key = s.get(SiteKey, token.kid)
    if key is None or key.purpose != "signing":
        raise tokens.BadToken("unknown_key", token.kid)
    if key.site_id != site_id:
        raise tokens.BadToken("other_site", key.site_id)
    if key.valid_until is not None and key.valid_until <= (now or utcnow()):
        raise tokens.BadToken("retired_key", token.kid)
    return tokens.verify(token, public_key_from_jwk(key.public_jwk))

