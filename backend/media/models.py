"""Stored photos and signature images, addressed by the SHA-256 of their bytes."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base


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
    """Photos uploaded for one site in one day by one phone (`device:<id>`) or, signed
    in without a phone, one user (`user:<id>`): the daily upload quota counts here (routes.py)."""

    __tablename__ = "upload_counts"
    site_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    uploader: Mapped[str] = mapped_column(String(60), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    uploads: Mapped[int]
    bytes: Mapped[int] = mapped_column(BigInteger)
