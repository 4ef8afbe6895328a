"""Online work of the desk on passes and permits: their signed tokens, the pass
page's link. Tokens are signed on demand by the site's active key
(backend/keys): the same claims every time, so any printing of a card is the pass.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

import qrcode
from flask import current_app
from sqlalchemy.orm import Session

from backend.errors import ApiError
from backend.identity.models import Site
from backend.keys.service import sign_token
from backend.passes import permits, rules
from backend.passes.kinds import PASS, PERMIT
from backend.sync_api.store import by_ids


def record(s: Session, kind: str, record_id: str) -> dict:
    """A pass or permit record by id, or 404."""
    found = by_ids(s, kind, [record_id]).get(record_id)
    if found is None:
        raise ApiError(404, "not_found", f"No such {kind}.")
    return found


def pass_token(s: Session, p: dict) -> str:
    if p["status"] != "active":
        raise ApiError(409, f"pass_{p['status']}", f"This pass is {p['status'].replace('_', ' ')}: it has no QR.")
    return sign_token(s, p["site_id"], rules.pass_claims(p, s.get(Site, p["site_id"]).tz))


def permit_token(s: Session, p: dict) -> str:
    if p["status"] not in ("approved", "used"):
        raise ApiError(409, f"permit_{p['status']}",
                       f"This goods release is {p['status'].replace('_', ' ')}: the owner's consent comes first.")
    return sign_token(s, p["site_id"], permits.claims(p))


def qr_version(text: str) -> int:
    """The smallest QR version holding `text` at error correction M (the printed one)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return code.version


def link_key(pass_id: str) -> str:
    """The unguessable part of a pass page's address: whoever holds the link holds the
    pass, as whoever holds the card does; nothing personal is in the address."""
    secret = hashlib.sha256(b"pass-link:" + current_app.config["SECRET_KEY"].encode()).digest()
    mac = hmac.new(secret, pass_id.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def pass_by_link(s: Session, pass_id: str, key: str) -> dict:
    if not hmac.compare_digest(link_key(pass_id).encode(), key.encode("utf-8", "surrogatepass")):
        raise ApiError(404, "not_found", "No such pass.")
    return record(s, PASS, pass_id)


def link(pass_id: str) -> str:
    return f"/pass/{pass_id}/{link_key(pass_id)}"


def permit_record(s: Session, permit_id: str) -> dict:
    return record(s, PERMIT, permit_id)
