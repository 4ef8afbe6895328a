"""Sites and people: created by an admin (CLI or API), published to phones' rosters."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.errors import ApiError
from backend.identity.models import ROLES, Membership, Site, User
from backend.identity.service import hash_password, utcnow
from backend.sync_api.store import publish

ROSTER = "site.member"


def create_site(s: Session, site_id: str, name: str, name_zh: str = "", tz: str | None = None) -> Site:
    if s.get(Site, site_id) is not None:
        raise ApiError(409, "site_exists", f"Site {site_id} exists already.")
    site = Site(id=site_id, name=name, name_zh=name_zh, created_at=utcnow(),
                tz=tz or current_app.config["GATEHOUSE_TZ"], settings={})
    s.add(site)
    s.flush()
    return site


def create_user(s: Session, username: str, name: str, password: str, role: str,
                site_ids: list[str]) -> User:
    if role not in ROLES:
        raise ApiError(422, "role_unknown", f"Role must be one of {', '.join(ROLES)}.")
    if len(password) < 8:
        raise ApiError(422, "password_too_short", "A password has at least 8 characters.")
    if s.scalar(select(User).where(User.username == username)) is not None:
        raise ApiError(409, "username_taken", f"{username} is taken.")
    unknown = [sid for sid in site_ids if s.get(Site, sid) is None]
    if unknown:
        raise ApiError(404, "site_unknown", f"No site {', '.join(unknown)}.")
    user = User(username=username, name=name, password_hash=hash_password(password), role=role,
                active=True, created_at=utcnow())
    s.add(user)
    s.flush()
    for sid in site_ids:
        s.add(Membership(user_id=user.id, site_id=sid))
        # Phones show names from the roster, so a user id in a record is readable offline.
        publish(s, sid, ROSTER, f"{sid}:{user.id}", {"user_id": user.id, "username": username,
                                               "name": name, "role": role})
    s.flush()
    s.expire(user, ["sites"])
    return user


def deactivate_user(s: Session, user: User, reason: str) -> None:
    """Someone leaves: sign-ins stop now, and phones drop them from the roster
    (a tombstone with the reason) so they cannot unlock a phone offline."""
    from sqlalchemy import update
    from backend.identity.models import Token
    user.active = False
    s.execute(update(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None))
              .values(revoked_at=utcnow()))
    for site in user.sites:
        publish(s, site.id, ROSTER, f"{site.id}:{user.id}", {"reason": reason}, deleted=True)
