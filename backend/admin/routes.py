"""Sites, people and health."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from backend.admin.service import create_user, deactivate_user
from backend.db import session
from backend.errors import ApiError
from backend.identity.models import ROLES, Site, User
from backend.identity.schemas import SiteOut, UserOut
from backend.identity.service import ANY_ROLE, current_user, requires
from backend.sync_api.store import epoch

bp = Blueprint("admin", __name__, url_prefix="/api", description="Sites, people, health")


class UserIn(Schema):
    username = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_.-]{2,80}$"))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    password = fields.String(required=True, load_only=True, validate=validate.Length(8, 200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    site_ids = fields.List(fields.String(), required=True)


@bp.get("/health")
def health():
    """Liveness and the server's epoch (no sign-in needed)."""
    return {"ok": True, "epoch": epoch(session())}


@bp.get("/sites")
@bp.response(200, SiteOut(many=True))
@requires(*ANY_ROLE)
def sites():
    """The sites the caller works at (all of them for an admin)."""
    user = current_user()
    if user.role == "admin":
        return [s.as_dict() for s in session().scalars(select(Site).order_by(Site.id))]
    return [s.as_dict() for s in sorted(user.sites, key=lambda s: s.id)]


@bp.get("/users")
@bp.response(200, UserOut(many=True))
@requires("admin")
def users():
    """Everyone with an account."""
    return [u.as_dict() for u in session().scalars(select(User).order_by(User.username))]


@bp.post("/users")
@bp.arguments(UserIn)
@bp.response(201, UserOut)
@requires("admin")
def add_user(body):
    """Create an account and add it to its sites' rosters."""
    user = create_user(session(), body["username"], body["name"], body["password"], body["role"],
                       body["site_ids"])
    session().commit()
    return user.as_dict()


class DeactivateIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(1, 500))


@bp.post("/users/<int:user_id>/deactivate")
@bp.arguments(DeactivateIn)
@bp.response(200, UserOut)
@requires("admin")
def deactivate(body, user_id):
    """Deactivate an account: its sign-ins end and phones drop it from the roster."""
    user = session().get(User, user_id)
    if user is None:
        raise ApiError(404, "not_found", "No such user.")
    if user.id == current_user().id:
        raise ApiError(409, "self_deactivation", "You cannot deactivate your own account.")
    deactivate_user(session(), user, body["reason"])
    session().commit()
    return user.as_dict()
