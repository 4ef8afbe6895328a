"""Sites, users, tokens and enrolled devices (design.md section 2)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db import Base
from sync import window

ROLES = ("guard", "packer", "frontdesk", "supervisor", "admin")
DEFAULT_TZ = "Asia/Hong_Kong"


PHOTO_KEEP_DAYS = 7


class Site(Base):
    """An estate or a warehouse: the unit of ordering, with its time zone and rule settings."""

    __tablename__ = "sites"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    # Days, deadlines and monthly numbers count in the site's own time zone.
    tz: Mapped[str] = mapped_column(String(64), default=DEFAULT_TZ, server_default=DEFAULT_TZ)
    settings: Mapped[dict] = mapped_column(default=dict)  # rule settings; each domain documents its own

    def rules(self) -> dict:
        """What handlers read with `ctx.setting` (and `ctx.tz`)."""
        return {**(self.settings or {}), "tz": self.tz}

    def as_dict(self) -> dict:
        # photo_keep_days: how long a phone keeps photos it has uploaded (the site's setting, default 7);
        # phone_window_days: how long it keeps closed records (sync/window.py).
        return {"id": self.id, "name": self.name, "name_zh": self.name_zh, "tz": self.tz,
                "photo_keep_days": int((self.settings or {}).get("photo_keep_days", PHOTO_KEEP_DAYS)),
                "phone_window_days": window.days(self.settings or {})}


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    # After an administrator's reset the password is a one-time code: it signs in
    # once before this time, and that sign-in may only choose a new password.
    password_reset_until: Mapped[datetime | None]
    sites: Mapped[list[Site]] = relationship(secondary="memberships", lazy="selectin")

    def site_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.sites)

    def as_dict(self) -> dict:
        return {"id": self.id, "username": self.username, "name": self.name, "role": self.role,
                "sites": [s.as_dict() for s in sorted(self.sites, key=lambda s: s.id)]}


class Membership(Base):
    __tablename__ = "memberships"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)


class Token(Base):
    """A signed-in session. Only the SHA-256 of the token is stored."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    device_id: Mapped[str | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class EnrollCode(Base):
    """A one-time code a supervisor shows as a QR to enroll a phone."""

    __tablename__ = "enroll_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[str | None] = mapped_column(String(40))


class Device(Base):
    """An enrolled phone: its public key, its token, and how far its log has come."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[str] = mapped_column(Text)  # JWK
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    last_occurred_at: Mapped[int | None] = mapped_column(BigInteger)
    last_seen_at: Mapped[datetime | None]

    def as_dict(self) -> dict:
        return {"id": self.id, "site_id": self.site_id, "label": self.label,
                "enrolled_at": self.enrolled_at.isoformat() + "Z",
                "revoked": self.revoked_at is not None, "last_seq": self.last_seq,
                "last_seen_at": self.last_seen_at.isoformat() + "Z" if self.last_seen_at else None}


class DeviceUser(Base):
    """A user who has signed in online on a device, so may act on it offline.

    `proof_key`: the random key this user's mutations from this phone are
    HMAC-signed with (PROTOCOL.md P8), sealed under SECRET_KEY (keys/sealed.py).
    The phone keeps it only wrapped by a key derived from the user's PIN. Signing
    out on the phone deletes the row, and with it the key."""

    __tablename__ = "device_users"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(40))  # the phone's site (the site key, tests/test_site_key.py)
    proof_key: Mapped[str | None] = mapped_column(Text)


class LoginFailures(Base):
    """Failed sign-ins counted in one bucket (an address, a name, a phone: see signin.py).

    Kept in the database so that every worker counts in the same place; changed
    only by single UPDATE/upsert statements, never read-modify-write.
    """

    __tablename__ = "login_failures"
    bucket: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int]
    last_failed_at: Mapped[datetime] = mapped_column(index=True)
    blocked_until: Mapped[datetime | None]
