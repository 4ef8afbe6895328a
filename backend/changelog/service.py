"""Recording a set-up change: called by every set-up service in the same transaction
as the change itself, so a change without its log entry cannot be committed."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.changelog.models import SetupChange
from backend.identity.models import User
from backend.identity.service import utcnow

SUBJECTS = ("site", "user", "checkpoint", "route", "schedule", "post")


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every field whose value differs (a new thing: before is None)."""
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k)}


def edit_action(before: dict, after: dict) -> str:
    """What an edit did: "retired" or "restored" when it changed `active`, otherwise "edited"."""
    if before.get("active") != after.get("active"):
        return "retired" if not after.get("active") else "restored"
    return "edited"


def record(s: Session, by: User | None, subject: str, subject_id: str, action: str, reason: str,
           before: dict | None, after: dict, site_id: str | None) -> SetupChange | None:
    """Log one change and give the thing its next version; nothing changed: nothing logged.
    Seeds and commands that name no actor (`by` None) are not logged."""
    assert subject in SUBJECTS, subject
    if by is None:
        return None
    changes = diff(before or {}, after)
    if before is not None and not changes:
        return None
    last = s.scalar(select(func.max(SetupChange.version)).where(
        SetupChange.subject == subject, SetupChange.subject_id == subject_id)) or 0
    row = SetupChange(site_id=site_id, subject=subject, subject_id=str(subject_id), version=last + 1,
                      action=action, changes=changes, reason=reason.strip(), by_user_id=by.id,
                      by_name=by.name, at=utcnow())
    s.add(row)
    s.flush()
    return row


def version_of(s: Session, subject: str, subject_id: str) -> int:
    """The thing's current version (0: made before the log existed and never changed since)."""
    return s.scalar(select(func.max(SetupChange.version)).where(
        SetupChange.subject == subject, SetupChange.subject_id == str(subject_id))) or 0
