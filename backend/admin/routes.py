"""Sites, people and health."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select

from backend.admin import service
from backend.admin.service import create_user, deactivate_user
from backend.changelog.schemas import reason_field
from backend.db import session
from backend.errors import ApiError
from backend.identity.models import ROLES, Site, User
from backend.identity.schemas import DeviceOut, SiteOut, UserOut
from backend.identity.service import ANY_ROLE, current_user, get_site, requires
from backend.sync_api.store import epoch
from sync import window

bp = Blueprint("admin", __name__, url_prefix="/api", description="Sites, people, health")


class UserIn(Schema):
    username = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_.-]{2,80}$"))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    password = fields.String(required=True, load_only=True, validate=validate.Length(8, 200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    site_ids = fields.List(fields.String(), required=True)
    reason = reason_field(False)


REASON = reason_field(True)
SETTING_KEY = validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$")


class UserAdminOut(UserOut):
    active = fields.Boolean()
    password_reset_until = fields.String(allow_none=True, metadata={"description": "a one-time code is pending until"})
    phones = fields.List(fields.Nested(DeviceOut), metadata={"description": "phones the user is signed in on"})


class UserPatch(Schema):
    name = fields.String(validate=validate.Length(1, 200))
    role = fields.String(validate=validate.OneOf(ROLES))
    site_ids = fields.List(fields.String(), validate=validate.Length(max=100))
    reason = REASON


class ResetIn(Schema):
    reason = REASON


class ResetOut(Schema):
    code = fields.String(metadata={"description": "shown once: signs in once, with a new password"})
    expires_at = fields.String()


def _settings_values(settings: dict) -> None:
    """A rule setting is a JSON value; the ones the platform reads itself have their own type."""
    for name, most in (("photo_keep_days", 365), (window.SETTING, window.MAX_DAYS)):
        days = settings.get(name)
        if days is not None and (not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= most):
            raise ValidationError(f"{name} is a whole number of days, 1 to {most}", "settings")


class SiteIn(Schema):
    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,39}$"))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = fields.String(load_default="", validate=validate.Length(max=200))
    tz = fields.String(load_default=None, validate=validate.Length(1, 64))
    settings = fields.Dict(keys=fields.String(validate=SETTING_KEY), load_default=dict, validate=_settings_values)
    reason = reason_field(False)


class SitePatch(Schema):
    name = fields.String(validate=validate.Length(1, 200))
    name_zh = fields.String(validate=validate.Length(max=200))
    tz = fields.String(validate=validate.Length(1, 64))
    settings = fields.Dict(keys=fields.String(validate=SETTING_KEY), validate=_settings_values,
                           metadata={"description": "rule settings, merged key by key; null removes a key"})
    reason = REASON


class SiteAdminOut(SiteOut):
    settings = fields.Dict()


def _user_out(users: list[User]) -> list[dict]:
    phones = service.phones_of(session(), [u.id for u in users])
    return [u.as_dict() | {"active": u.active, "phones": phones.get(u.id, []),
                           "password_reset_until": u.password_reset_until.isoformat() + "Z"
                           if u.password_reset_until else None} for u in users]


def _user(user_id: int) -> User:
    user = session().get(User, user_id)
    if user is None:
        raise ApiError(404, "not_found", "No such user.")
    return user


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


@bp.post("/sites")
@bp.arguments(SiteIn)
@bp.response(201, SiteAdminOut)
@requires("admin")
def add_site(body):
    """Create a site: names in English and Chinese, time zone (default GATEHOUSE_TZ), rule settings."""
    site = service.create_site(session(), body["id"], body["name"], body["name_zh"], body["tz"],
                               settings=body["settings"], actor=current_user(), reason=body["reason"])
    session().commit()
    return site.as_dict() | {"settings": site.settings}


@bp.get("/sites/<site_id>")
@bp.response(200, SiteAdminOut)
@requires("supervisor", "admin")
def site_detail(site_id):
    """One site with its rule settings (a supervisor's own sites)."""
    site = get_site(session(), site_id, current_user())
    return site.as_dict() | {"settings": site.settings or {}}


@bp.patch("/sites/<site_id>")
@bp.arguments(SitePatch)
@bp.response(200, SiteAdminOut)
@requires("admin")
def edit_site(body, site_id):
    """Change a site's names, time zone or rule settings, saying why."""
    site = get_site(session(), site_id)
    service.update_site(session(), site, current_user(), body.pop("reason"), **body)
    session().commit()
    return site.as_dict() | {"settings": site.settings}


@bp.get("/users")
@bp.response(200, UserAdminOut(many=True))
@requires("admin")
def users():
    """Everyone with an account, with the phones each is signed in on."""
    return _user_out(list(session().scalars(select(User).order_by(User.username))))


@bp.post("/users")
@bp.arguments(UserIn)
@bp.response(201, UserAdminOut)
@requires("admin")
def add_user(body):
    """Create an account and add it to its sites' rosters."""
    user = create_user(session(), body["username"], body["name"], body["password"], body["role"],
                       body["site_ids"], actor=current_user(), reason=body["reason"])
    session().commit()
    return _user_out([user])[0]


@bp.patch("/users/<int:user_id>")
@bp.arguments(UserPatch)
@bp.response(200, UserAdminOut)
@requires("admin")
def edit_user(body, user_id):
    """Change a user's name, role or sites, saying why; the sites' rosters follow at the phones' next pull."""
    user = _user(user_id)
    if user.id == current_user().id and body.get("role", user.role) != user.role:
        raise ApiError(409, "self_role_change", "You cannot change your own role.")
    service.update_user(session(), user, current_user(), body.pop("reason"), **body)
    session().commit()
    return _user_out([user])[0]


@bp.post("/users/<int:user_id>/reset-password")
@bp.arguments(ResetIn)
@bp.response(200, ResetOut)
@requires("admin")
def reset_password(body, user_id):
    """Reset a forgotten password, saying why: a one-time code, shown once, that signs in once
    (with the new password the user chooses) within 24 hours. Their sign-ins end now."""
    user = _user(user_id)
    if user.id == current_user().id:
        raise ApiError(409, "self_reset", "You cannot reset your own password here.")
    code, until = service.reset_password(session(), user, current_user(), body["reason"])
    session().commit()
    return {"code": code, "expires_at": until.isoformat() + "Z"}


class DeactivateIn(Schema):
    reason = REASON


@bp.post("/users/<int:user_id>/deactivate")
@bp.arguments(DeactivateIn)
@bp.response(200, UserAdminOut)
@requires("admin")
def deactivate(body, user_id):
    """Deactivate an account: its sign-ins end and phones drop it from the roster."""
    user = session().get(User, user_id)
    if user is None:
        raise ApiError(404, "not_found", "No such user.")
    if user.id == current_user().id:
        raise ApiError(409, "self_deactivation", "You cannot deactivate your own account.")
    deactivate_user(session(), user, body["reason"], actor=current_user())
    session().commit()
    return _user_out([user])[0]
