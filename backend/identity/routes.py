"""Sign-in, enrollment of phones, and revocation."""
from __future__ import annotations

import io

import qrcode
from flask import send_file
from flask_smorest import Blueprint
from sqlalchemy import select

from backend.db import session
from backend.errors import ApiError
from backend.identity import schemas
from backend.identity.models import Device, DeviceUser, EnrollCode, Site
from backend.identity.service import (
    check_login, check_site, current_device, current_token, current_user, digest, issue_token,
    requires, utcnow,
)
from backend.identity.enrollment import enroll_device, make_enroll_code
from backend.sync_api.store import epoch

bp = Blueprint("identity", __name__, url_prefix="/api", description="Sign-in and devices")


@bp.post("/auth/login")
@bp.arguments(schemas.LoginIn)
@bp.response(200, schemas.LoginOut)
def login(body):
    """Sign in with a password (online); on an enrolled phone, send X-Device-Token too."""
    device = current_device(required=False)
    user = check_login(body["username"], body["password"])
    if user is None:
        raise ApiError(401, "login_failed", "Wrong username or password.")
    if device is not None:
        check_site(user, device.site_id)
        if session().get(DeviceUser, (device.id, user.id)) is None:
            session().add(DeviceUser(device_id=device.id, user_id=user.id))
    token, expires = issue_token(user, device)
    session().commit()
    return {"token": token, "expires_at": expires.isoformat() + "Z", "user": user.as_dict()}


@bp.post("/auth/logout")
@bp.response(204)
def logout():
    """Sign out: the token stops working at once."""
    token = current_token()
    token.revoked_at = utcnow()
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
    """A one-time enrollment code for a phone at a site (expires in 10 minutes)."""
    user = current_user()
    if session().get(Site, body["site_id"]) is None:
        raise ApiError(404, "site_unknown", "No such site.")
    check_site(user, body["site_id"])
    code, expires = make_enroll_code(session(), body["site_id"], user.id)
    session().commit()
    return {"code": code, "qr": f"gatehouse:enroll:{code}", "expires_at": expires.isoformat() + "Z",
            "png_url": f"/api/devices/enroll-codes/{code}.png"}


@bp.get("/devices/enroll-codes/<code>.png")
@bp.response(200, content_type="image/png")
@requires("supervisor", "admin")
def enroll_code_png(code):
    """The enrollment code as a QR image to show on the supervisor's screen."""
    row = session().get(EnrollCode, digest(code))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        raise ApiError(404, "enroll_code_invalid", "This enrollment code is unknown, used or expired.")
    check_site(current_user(), row.site_id)
    image = qrcode.make(f"gatehouse:enroll:{code}", box_size=8, border=4)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    return send_file(buf, mimetype="image/png", max_age=0)


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
    """Revoke a lost phone: its later pushes and pulls fail."""
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

