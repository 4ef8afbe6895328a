"""Passwords, tokens, enrollment codes and who may do what."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from functools import wraps

from flask import current_app, g, request
from sqlalchemy import delete, select, update
from werkzeug.security import generate_password_hash

from backend.db import session
from backend.errors import ApiError
from backend.identity.models import Device, DeviceUser, Site, Token, User

ANY_ROLE = ("guard", "packer", "frontdesk", "supervisor", "admin")


def utcnow() -> datetime:
    """Naive UTC, as stored in the database."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    # scrypt (werkzeug's default cost); tests lower the cost through config.
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def issue_token(s, user: User, device: Device | None) -> tuple[str, datetime]:
    token = new_secret()
    expires = utcnow() + timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])
    s.add(Token(token_hash=digest(token), user_id=user.id,
                        device_id=device.id if device else None,
                        created_at=utcnow(), expires_at=expires))
    return token, expires


def bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.startswith("Bearer ") else None


def current_token() -> Token:
    raw = bearer()
    if not raw:
        raise ApiError(401, "token_missing", "Sign in first.")
    token = session().scalar(select(Token).where(Token.token_hash == digest(raw)))
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        raise ApiError(401, "token_invalid", "Your sign-in has expired. Sign in again.")
    return token


def current_user() -> User:
    if "user" not in g:
        token = current_token()
        user = session().get(User, token.user_id)
        if user is None or not user.active:
            raise ApiError(401, "token_invalid", "This account is disabled.")
        if token.device_id is not None:
            # A sign-in made on a phone is bound to it: it works only beside that
            # phone's device token, so revoking the phone ends it at once.
            device = current_device()
            if device.id != token.device_id:
                raise ApiError(401, "token_invalid", "This sign-in belongs to another phone.")
        g.user, g.token, g.user_id = user, token, user.id  # plain id: the log reads it after a rollback
    return g.user


def current_device(required: bool = True) -> Device | None:
    raw = request.headers.get("X-Device-Token")
    if not raw:
        if required:
            raise ApiError(401, "device_token_missing", "This phone is not enrolled.")
        return None
    device = session().scalar(select(Device).where(Device.token_hash == digest(raw)))
    if device is None:
        raise ApiError(401, "device_unknown", "This phone is not enrolled.")
    if device.revoked_at is not None:
        raise ApiError(401, "device_revoked", "This phone has been revoked. Ask a supervisor.")
    g.device, g.device_id = device, device.id
    return device


def requires(*roles: str):
    """View decorator: a signed-in user with one of `roles`."""
    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            user = current_user()
            if user.role not in roles:
                raise ApiError(403, "forbidden", "Your role may not do this.")
            return view(*args, **kwargs)
        return inner
    return wrap


def check_site(user: User, site_id: str) -> None:
    """The user works at the site (admins work everywhere)."""
    if user.role != "admin" and site_id not in user.site_ids():
        raise ApiError(403, "site_forbidden", "You do not work at this site.")


def get_site(s, site_id: str, user: User | None = None) -> Site:
    """The site, or 404 `site_unknown`; with `user`, first 403 unless they work there."""
    if user is not None:
        check_site(user, site_id)
    site = s.get(Site, site_id)
    if site is None:
        raise ApiError(404, "site_unknown", f"No site {site_id}.")
    return site


def end_sign_ins(s, device_id: str, user_id: int | None = None) -> None:
    """Every sign-in made on a phone (of one user, or of everyone) stops working."""
    where = [Token.device_id == device_id, Token.revoked_at.is_(None)]
    if user_id is not None:
        where.append(Token.user_id == user_id)
    s.execute(update(Token).where(*where).values(revoked_at=utcnow()))


def forget_user_on_device(s, device_id: str, user_id: int) -> None:
    """Sign-out on a phone: the user's sign-ins there end and the link goes,
    with the proof key that made their records provably theirs."""
    end_sign_ins(s, device_id, user_id)
    s.execute(delete(DeviceUser).where(DeviceUser.device_id == device_id, DeviceUser.user_id == user_id))
