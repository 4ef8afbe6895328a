"""Who read or made which archive, when: the audit log (records 11.2.6)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from backend.identity.service import utcnow
from backend.sync_api.models import AuditEntry


def log(s: Session, actor: str, action: str, site_id: str | None, **detail) -> None:
    s.add(AuditEntry(at=utcnow(), actor=actor, action=action, site_id=site_id, detail=detail))
