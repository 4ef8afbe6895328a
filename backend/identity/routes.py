"""Sign-in, enrollment of phones, and revocation."""
from __future__ import annotations

import base64
import io

import qrcode
from flask_smorest import Blueprint
from sqlalchemy import select

from backend.db import session
from backend.errors import ApiError
from backend.identity import schemas
from backend.identity.models import Device, Site
from backend.identity.service import (
    check_site, current_token, current_user, forget_user_on_device, requires, utcnow,
)
from backend.identity.proof import wire
from backend.identity.signin import sign_in
from backend.identity.enrollment import enroll_device, make_enroll_code
from backend.sync_api.store import epoch

bp = Blueprint("identity", __name__, url_prefix="/api", description="Sign-in and devices")


@bp.post("/auth/login")
@bp.arguments(schemas.LoginIn)
@bp.response(200, schemas.LoginOut)
def login(body):
    """Sign in with a password (online); on an enrolled phone, send X-Device-Token too.

    On a phone the answer carries `proof_key`: the key that user's mutations from
    this phone are signed with (`user_sig`, PROTOCOL.md P8). The phone keeps it
    only wrapped by a key derived from the user's PIN.

    With a one-time code from an administrator's password reset as `password`,
    send `new_password` too (409 `password_change_required` without it).

    Failed sign-ins are throttled per client address and per name (per phone and
    name when X-Device-Token is sent): 429 `login_throttled` with Retry-After.
    """
    user, token, expires, proof = sign_in(body["username"], body["password"], body["new_password"])
    answer = {"token": token, "expires_at": expires.isoformat() + "Z", "user": user.as_dict()}
    if proof is not None:
        answer["proof_key"] = wire(proof)
    return answer


@bp.post("/auth/logout")
@bp.response(204)
def logout():
    """Sign out: the token stops working at once. On a phone, every sign-in of
    this user there ends too, and the phone's link to the user (with their proof
    key) is forgotten: nothing pushed later can be proved as theirs."""
    token = current_token()
    token.revoked_at = utcnow()
    if token.device_id is not None:
        forget_user_on_device(session(), token.device_id, token.user_id)
    session().commit()


@bp.get("/auth/me")
@bp.response(200, schemas.UserOut)
def me():
    """Who the token belongs to."""
    return current_user().as_dict()


@bp.post("/devices/enroll-codes")
@bp.arguments(schemas.EnrollCodeIn)
@bp.response(201, schemas.EnrollCodeOut)
@requires("supervisor", "admin")
def create_enroll_code(body):
    """A one-time enrollment code for a phone at a site (expires in 10 minutes), with its QR image."""
    user = current_user()
    if session().get(Site, body["site_id"]) is None:
        raise ApiError(404, "site_unknown", "No such site.")
    check_site(user, body["site_id"])
    code, expires = make_enroll_code(session(), body["site_id"], user.id)
    session().commit()
    qr = f"gatehouse:enroll:{code}"
    return {"code": code, "qr": qr, "expires_at": expires.isoformat() + "Z", "qr_image": qr_data_url(qr)}


def qr_data_url(text: str) -> str:
    """The QR as a PNG data: URL, inside the answer: no URL (so no request log) ever holds the code."""
    buf = io.BytesIO()
    qrcode.make(text, box_size=8, border=4).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


@bp.post("/devices/enroll")
@bp.arguments(schemas.EnrollIn)
@bp.response(201, schemas.EnrollOut)
def enroll(body):
    """Enroll this phone with a one-time code and its P-256 public key (online)."""
    from backend.keys.service import publish_device, root_key  # keys sit on identity: imported late
    device, token = enroll_device(session(), body["code"], body["public_key"], body["label"])
    site = session().get(Site, device.site_id)
    publish_device(session(), device)
    result = {"device_id": device.id, "device_token": token, "site": site.as_dict(),
              "epoch": epoch(session()), "site_root_key": root_key(session(), site.id)}
    session().commit()
    return result


@bp.get("/devices")
@bp.arguments(schemas.DeviceQuery, location="query")
@bp.response(200, schemas.DeviceOut(many=True))
@requires("supervisor", "admin")
def list_devices(query):
    """The phones enrolled at a site."""
    check_site(current_user(), query["site_id"])
    rows = session().scalars(select(Device).where(Device.site_id == query["site_id"]).order_by(Device.enrolled_at))
    return [d.as_dict() for d in rows]


@bp.post("/devices/<device_id>/revoke")
@bp.response(200, schemas.DeviceOut)
@requires("supervisor", "admin")
def revoke(device_id):
    """Revoke a lost phone: its later pushes and pulls fail, and every sign-in made
    on it ends at once (such a token works only beside its phone's device token)."""
    from backend.keys.service import publish_device  # keys sit on identity: imported late
    device = session().get(Device, device_id) or _not_found()
    check_site(current_user(), device.site_id)
    if device.revoked_at is None:
        device.revoked_at, device.revoked_by = utcnow(), current_user().id
        publish_device(session(), device)  # phones then refuse what it signs after now
        session().commit()
    return device.as_dict()


def _not_found():
    raise ApiError(404, "not_found", "No such device.")

