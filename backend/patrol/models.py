"""Patrol set-up tables (checkpoints, routes, schedules) and stored photos.

Set-up is edited online by supervisors; these rows are the source of truth and
each change is published to the phones as a pulled entity (see setup.py). What
guards record in the field lives in the sync entities, not here.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base


class Checkpoint(Base):
    """A place a guard must visit; its QR label carries `code`, unguessable."""

    __tablename__ = "patrol_checkpoints"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    checks: Mapped[str] = mapped_column(Text, default="")  # what to check there
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    code: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Route(Base):
    """An ordered or any-order list of checkpoints of one site."""

    __tablename__ = "patrol_routes"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    ordered: Mapped[bool] = mapped_column(default=False)
    checkpoint_ids: Mapped[list]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class Schedule(Base):
    """When a route is due: fixed start times or every N hours, with a window and grace."""

    __tablename__ = "patrol_schedules"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    route_id: Mapped[str] = mapped_column(ForeignKey("patrol_routes.id"))
    name: Mapped[str] = mapped_column(String(200))
    times: Mapped[list]  # ["08:00", "23:30"]; empty when every_hours is set
    every_hours: Mapped[int | None]
    first_at: Mapped[str] = mapped_column(String(5), default="00:00")
    window_minutes: Mapped[int]
    grace_minutes: Mapped[int]
    random_order: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class Media(Base):
    """A photo or signature image, addressed by the SHA-256 of its bytes."""

    __tablename__ = "media"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class MediaUse(Base):
    """Which site and purpose a photo belongs to: who may read it follows from this."""

    __tablename__ = "media_uses"
    sha256: Mapped[str] = mapped_column(ForeignKey("media.sha256", ondelete="CASCADE"), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), primary_key=True)

    __table_args__ = (Index("ix_media_uses_site", "site_id"),)


class UploadCount(Base):
    """Photos uploaded in one day by one phone (`device:<id>`) or, signed in without
    a phone, one user (`user:<id>`): the daily upload quota counts here (media.py)."""

    __tablename__ = "upload_counts"
    uploader: Mapped[str] = mapped_column(String(60), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    uploads: Mapped[int]
    bytes: Mapped[int] = mapped_column(BigInteger)
