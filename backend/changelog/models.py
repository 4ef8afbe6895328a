"""One row per change to a set-up thing: its version, what changed, why, who, when."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db import Base


class SetupChange(Base):
    """`subject` is what changed ("site", "user", "checkpoint", "route", "schedule", "post"),
    `version` counts its changes from 1 (its creation); `changes` maps each field
    changed to [before, after]. `site_id` is empty for a user (people span sites)."""

    __tablename__ = "setup_changes"
    __table_args__ = (UniqueConstraint("subject", "subject_id", "version"),
                      Index("ix_setup_changes_site_id_id", "site_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[str | None] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict]
    reason: Mapped[str] = mapped_column(Text)
    by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str] = mapped_column(String(200))  # as it read then: names change too
    at: Mapped[datetime]

    def as_dict(self) -> dict:
        return {"id": self.id, "site_id": self.site_id, "subject": self.subject, "subject_id": self.subject_id,
                "version": self.version, "action": self.action, "changes": self.changes, "reason": self.reason,
                "by": {"user_id": self.by_user_id, "name": self.by_name}, "at": self.at.isoformat() + "Z"}
