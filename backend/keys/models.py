"""Per-site signing keys (design.md section 6)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base


class SiteKey(Base):
    """A site's ES256 key. `root` keys certify the list of signing keys phones
    trust; `signing` keys sign passes, permits and box countersigns, one active
    at a time, the previous ones still verifying until `valid_until`."""

    __tablename__ = "site_keys"
    kid: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))  # root | signing
    private_key: Mapped[str] = mapped_column(Text)  # PKCS#8 PEM, sealed (backend/keys/sealed.py)
    public_jwk: Mapped[dict]
    created_at: Mapped[datetime]
    valid_until: Mapped[datetime | None]  # set when a newer key takes over: verifies until then
