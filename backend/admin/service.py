"""Sites and people: created by an admin (CLI or API), published to phones' rosters."""
from __future__ import annotations

import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from backend.changelog import service as changelog
from backend.errors import ApiError
from backend.identity.models import ROLES, DeviceUser, Device, Membership, Site, Token, User
from backend.identity.service import hash_password, utcnow
from backend.sync_api.store import publish

SITE_FIELDS = ("name", "name_zh", "tz", "settings")
USER_FIELDS = ("name", "role", "site_ids", "active")
RESET_HOURS = 24  # how long a one-time reset code signs in

ROSTER = "site.member"
SITE_INFO = "site.info"


def check_tz(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ApiError(422, "tz_unknown", f"No time zone {tz}.", {"tz": ["unknown"]}) from None
    return tz


def _site_fields(site: Site) -> dict:
    return {"name": site.name, "name_zh": site.name_zh, "tz": site.tz, "settings": dict(site.settings or {})}


def create_site(s: Session, site_id: str, name: str, name_zh: str = "", tz: str | None = None, *,
                settings: dict | None = None, actor: User | None = None, reason: str = "") -> Site:
    if s.get(Site, site_id) is not None:
        raise ApiError(409, "site_exists", f"Site {site_id} exists already.", {"id": ["taken"]})
    site = Site(id=site_id, name=name, name_zh=name_zh, created_at=utcnow(),
                tz=check_tz(tz or current_app.config["GATEHOUSE_TZ"]), settings=dict(settings or {}))
    s.add(site)
    s.flush()
    publish(s, site.id, SITE_INFO, site.id, site.as_dict())
    changelog.record(s, actor, "site", site.id, "created", reason, None, _site_fields(site), site.id)
    return site


def update_site(s: Session, site: Site, actor: User, reason: str, **values) -> Site:
    """Names, time zone, rule settings (merged key by key; a null value removes a key)."""
    before = _site_fields(site)
    for k in ("name", "name_zh"):
        if k in values:
            setattr(site, k, values[k])
    if "tz" in values:
        site.tz = check_tz(values["tz"])
    if "settings" in values:
        merged = dict(site.settings or {})
        for k, v in values["settings"].items():
            if v is None:
                merged.pop(k, None)
            else:
                merged[k] = v
        site.settings = merged
    s.flush()
    publish(s, site.id, SITE_INFO, site.id, site.as_dict())  # phones adopt it at their next pull
    changelog.record(s, actor, "site", site.id, "edited", reason, before, _site_fields(site), site.id)
    return site


def _publish_member(s: Session, user: User, site_id: str) -> None:
    # Phones show names from the roster, so a user id in a record is readable offline.
    publish(s, site_id, ROSTER, f"{site_id}:{user.id}", {"user_id": user.id, "username": user.username,
                                                     "name": user.name, "role": user.role})


def _user_fields(user: User) -> dict:
    return {"name": user.name, "role": user.role, "site_ids": sorted(user.site_ids()), "active": user.active}


def _check_sites(s: Session, site_ids: list[str]) -> None:
    unknown = [sid for sid in site_ids if s.get(Site, sid) is None]
    if unknown:
        raise ApiError(404, "site_unknown", f"No site {', '.join(unknown)}.")


def create_user(s: Session, username: str, name: str, password: str, role: str,
                site_ids: list[str], *, actor: User | None = None, reason: str = "") -> User:
    if role not in ROLES:
        raise ApiError(422, "role_unknown", f"Role must be one of {', '.join(ROLES)}.")
    if len(password) < 8:
        raise ApiError(422, "password_too_short", "A password has at least 8 characters.")
    if s.scalar(select(User).where(User.username == username)) is not None:
        raise ApiError(409, "username_taken", f"{username} is taken.")
    _check_sites(s, site_ids)
    user = User(username=username, name=name, password_hash=hash_password(password), role=role,
                active=True, created_at=utcnow())
    s.add(user)
    s.flush()
    for sid in site_ids:
        s.add(Membership(user_id=user.id, site_id=sid))
        _publish_member(s, user, sid)
    s.flush()
    s.expire(user, ["sites"])
    changelog.record(s, actor, "user", str(user.id), "created", reason, None, _user_fields(user), None)
    return user


def update_user(s: Session, user: User, actor: User, reason: str, **values) -> User:
    """Name, role, sites: every site's roster follows (a site left gets a tombstone)."""
    before = _user_fields(user)
    if "role" in values and values["role"] not in ROLES:
        raise ApiError(422, "role_unknown", f"Role must be one of {', '.join(ROLES)}.")
    for k in ("name", "role"):
        if k in values:
            setattr(user, k, values[k])
    old = set(user.site_ids())
    new = set(values.get("site_ids", old))
    _check_sites(s, sorted(new))
    for sid in old - new:
        s.execute(delete(Membership).where(Membership.user_id == user.id, Membership.site_id == sid))
        publish(s, sid, ROSTER, f"{sid}:{user.id}", {"reason": reason}, deleted=True)
    for sid in new - old:
        s.add(Membership(user_id=user.id, site_id=sid))
    s.flush()
    s.expire(user, ["sites"])
    if user.active:
        for sid in sorted(new):
            _publish_member(s, user, sid)
    changelog.record(s, actor, "user", str(user.id), "edited", reason, before, _user_fields(user), None)
    return user


def reset_password(s: Session, user: User, actor: User, reason: str) -> tuple[str, object]:
    """A one-time code in place of the password, good for RESET_HOURS: it signs in
    once, together with the new password it is replaced by. Sign-ins end now."""
    code = "-".join(secrets.token_hex(2) for _ in range(4))  # 64 bits, read out or written down
    user.password_hash = hash_password(code)
    user.password_reset_until = utcnow() + timedelta(hours=RESET_HOURS)
    s.execute(update(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None)).values(revoked_at=utcnow()))
    changelog.record(s, actor, "user", str(user.id), "password_reset", reason, {"password_reset": False},
                     {"password_reset": True}, None)
    return code, user.password_reset_until


def phones_of(s: Session, user_ids: list[int]) -> dict[int, list[dict]]:
    """The phones each user has signed in on (and not signed out of)."""
    rows = s.execute(select(DeviceUser.user_id, Device).join(Device, Device.id == DeviceUser.device_id)
                     .where(DeviceUser.user_id.in_(user_ids)).order_by(Device.enrolled_at))
    phones: dict[int, list[dict]] = {}
    for uid, device in rows:
        phones.setdefault(uid, []).append(device.as_dict())
    return phones


def deactivate_user(s: Session, user: User, reason: str, actor: User | None = None) -> None:
    """Someone leaves: sign-ins stop now, and phones drop them from the roster
    (a tombstone with the reason) so they cannot unlock a phone offline."""
    before = _user_fields(user)
    user.active = False
    s.execute(update(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None))
              .values(revoked_at=utcnow()))
    for site in user.sites:
        publish(s, site.id, ROSTER, f"{site.id}:{user.id}", {"reason": reason}, deleted=True)
    changelog.record(s, actor, "user", str(user.id), "deactivated", reason, before, _user_fields(user), None)
