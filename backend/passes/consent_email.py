"""The unit owner's consent to a goods release by email (front desk 3, the third way
besides by phone and in person): the desk sends a single-use link; the owner
opens it, sees the goods and the unit, and answers yes or no.

The link's key is 144 random bits kept only as a SHA-256 in the permit, so the
database alone cannot answer for the owner; it is good once, for
CONSENT_LINK_HOURS. The answer is a server-side change of the permit (published
at a new version like any set-up), recorded as `consent.method = "email"`.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy.orm import Session

from backend.errors import ApiError
from backend.identity.models import Site
from backend.identity.service import utcnow
from backend.passes import permits
from backend.passes.kinds import PERMIT, PERMIT_GATE
from backend.sync_api.store import by_ids, publish


def _ms(dt) -> int:
    return int(dt.timestamp() * 1000)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _save(s: Session, p: dict) -> None:
    publish(s, p["site_id"], PERMIT, p["id"], p)
    publish(s, p["site_id"], PERMIT_GATE, p["id"], permits.gate_view(p))


def send(s: Session, p: dict, email: str, base_url: str, by: str) -> dict:
    """Mail the owner a consent link; a new link replaces any earlier one."""
    if p["status"] != "awaiting_consent":
        raise ApiError(409, f"permit_{p['status']}", "The owner has answered already.")
    host = current_app.config["SMTP_HOST"]
    if not host:
        raise ApiError(503, "email_unavailable", "No mail server is set up (SMTP_HOST).")
    key = secrets.token_urlsafe(18)
    now = _ms(utcnow())
    hours = current_app.config["CONSENT_LINK_HOURS"]
    link = f"{base_url.rstrip('/')}/pass/consent/{p['id']}/{key}"
    goods = "\n".join(f"  - {g['count']} × {g['item']}" for g in p["goods"])
    msg = EmailMessage()
    msg["Subject"] = f"Goods release {p['number']} for unit {p['unit']} · 單位 {p['unit']} 物品放行"
    msg["From"], msg["To"] = current_app.config["MAIL_FROM"], email
    msg.set_content(
        f"{p['holder_name']} asks to take these goods out of unit {p['unit']}:\n{goods}\n\n"
        f"Answer here (once, within {hours} hours): {link}\n\n"
        f"{p['holder_name']} 要求把以上物品搬離單位 {p['unit']}。請在 {hours} 小時內按連結回覆（只可使用一次）：{link}\n")
    with smtplib.SMTP(host, current_app.config["SMTP_PORT"], timeout=10) as smtp:
        smtp.send_message(msg)
    p["email_consent"] = {"email": email, "key_sha256": _digest(key), "sent_at": now, "sent_by": by,
                          "expires_at": now + hours * 3_600_000, "used_at": None}
    _save(s, p)
    return {"sent_to": email, "expires_at": p["email_consent"]["expires_at"]}


def opened(s: Session, permit_id: str, key: str) -> dict:
    """The permit the link is for, or a clear error: unknown, used, expired."""
    p = by_ids(s, PERMIT, [permit_id]).get(permit_id)
    request = (p or {}).get("email_consent")
    if not request or not hmac.compare_digest(request["key_sha256"], _digest(key)):
        raise ApiError(404, "link_unknown", "This link is not valid.")
    if request["used_at"] is not None or p["status"] != "awaiting_consent":
        raise ApiError(410, "link_used", "This link has been used already.")
    if _ms(utcnow()) >= request["expires_at"]:
        raise ApiError(410, "link_expired", "This link has expired: ask the front desk for a new one.")
    return p


def answer(s: Session, permit_id: str, key: str, yes: bool) -> dict:
    p = opened(s, permit_id, key)
    now = _ms(utcnow())
    p["email_consent"]["used_at"] = now
    p["consent"] = {"method": "email", "owner_name": "", "phone_on_file": "", "email": p["email_consent"]["email"],
                    "answer": "yes" if yes else "no", "signature": None, "note": "",
                    "recorded": {"user_id": None, "user_name": "", "received_at": now}}
    if yes:
        p["status"], p["valid_from_s"] = "approved", now // 1000
        p["valid_until_s"] = now // 1000 + 3600 * _hours(s, p["site_id"])
    else:
        p["status"] = "refused"
    _save(s, p)
    return p


def _hours(s: Session, site_id: str) -> int:
    return (s.get(Site, site_id).settings or {}).get("permit_valid_hours", 24)
