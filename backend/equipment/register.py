"""The equipment register and the posts (online, supervisors).

The register lives as published entities (`equipment.item`, `equipment.post`):
each change is published at a new version of the site, so a guard offline has
every item, its place, floor and expiry, and every post's list. Like checkpoints,
phones hold only a salted hash of each label's code (`code_hash`); the code
itself is kept apart (`equipment.code`, never pulled) and shown to supervisors.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import date, timedelta

from sqlalchemy.orm import Session

from backend.changelog import service as changelog
from backend.equipment.kinds import CODE, EXPIRY_SOON_DAYS, ITEM, POST, QR_PREFIX
from backend.errors import ApiError
from backend.identity.models import User
from backend.identity.service import get_site
from backend.sync_api.models import EntityRow
from backend.sync_api.store import entities, publish

ITEM_FIELDS = ("type", "name", "name_zh", "checkpoint_id", "location", "floor", "expires_on", "active")
POST_FIELDS = ("name", "name_zh", "items", "desk", "active")


def new_code() -> str:
    """96 random bits, URL-safe: printed on the label, never guessable from the id."""
    return secrets.token_urlsafe(12)


def code_hash(item_id: str, code: str) -> str:
    """What phones hold of a code: SHA-256 of "<item id>:<code>" (hex), as for checkpoints."""
    return hashlib.sha256(f"{item_id}:{code}".encode()).hexdigest()


def with_code(s: Session, item: dict) -> dict:
    """An item as supervisors see it: with its label's code and QR text."""
    r = s.get(EntityRow, (CODE, item["id"]))
    return dict(item, code=r.data["code"], qr=QR_PREFIX + r.data["code"]) if r is not None else dict(item)


def _new_code(s: Session, item: dict) -> None:
    code = new_code()
    publish(s, item["site_id"], CODE, item["id"], {"code": code, "site_id": item["site_id"]})
    item["code_hash"] = code_hash(item["id"], code)



def _checkpoint(s: Session, site_id: str, checkpoint_id: str | None) -> None:
    """A place given as a checkpoint must be one of this site's (read by kind name)."""
    if checkpoint_id is None:
        return
    row = s.get(EntityRow, ("patrol.checkpoint", checkpoint_id))
    if row is None or row.deleted or row.space != site_id:
        raise ApiError(422, "checkpoint_unknown", "No such checkpoint at this site.",
                       {"checkpoint_id": ["unknown"]})


def row(s: Session, kind: str, entity_id: str) -> dict:
    r = s.get(EntityRow, (kind, entity_id))
    if r is None or r.deleted:
        raise ApiError(404, "not_found", "No such record.")
    return dict(r.data, version=r.version)


def _publish(s: Session, kind: str, data: dict) -> dict:
    data.pop("version", None)
    version = publish(s, data["site_id"], kind, data["id"], data)
    return dict(data, version=version)


def create_item(s: Session, site_id: str, **values) -> dict:
    get_site(s, site_id)
    _checkpoint(s, site_id, values.get("checkpoint_id"))
    data = {"id": str(uuid.uuid4()), "site_id": site_id, "type": values["type"], "name": values["name"],
            "name_zh": values.get("name_zh", ""), "checkpoint_id": values.get("checkpoint_id"),
            "location": values.get("location", ""), "floor": values.get("floor", ""),
            "expires_on": values["expires_on"].isoformat() if values.get("expires_on") else None,
            "active": True}
    _new_code(s, data)
    return _publish(s, ITEM, data)


def update_item(s: Session, data: dict, **values) -> dict:
    if "checkpoint_id" in values:
        _checkpoint(s, data["site_id"], values["checkpoint_id"])
    if isinstance(values.get("expires_on"), date):
        values["expires_on"] = values["expires_on"].isoformat()
    data.update({k: values[k] for k in ITEM_FIELDS if k in values})
    return _publish(s, ITEM, data)


def replace_code(s: Session, data: dict) -> dict:
    """A new code for a lost or copied label: checks with the old code are refused."""
    _new_code(s, data)
    return _publish(s, ITEM, data)


def expiring(s: Session, site_id: str, today: date, days: int = EXPIRY_SOON_DAYS) -> list[dict]:
    """Active items whose expiry or next service falls within `days` (or is past), soonest first."""
    until = (today + timedelta(days=days)).isoformat()
    rows = [i for i in entities(s, site_id, ITEM) if i["active"] and i["expires_on"] and i["expires_on"] <= until]
    rows.sort(key=lambda i: (i["expires_on"], i["name"]))
    return [dict(i, days_left=(date.fromisoformat(i["expires_on"]) - today).days,
                 expired=i["expires_on"] < today.isoformat()) for i in rows]


def _log_post(s: Session, actor: User | None, action: str, reason: str, before: dict | None, after: dict) -> None:
    """The change log entry (backend/changelog): who, when, why, the post's new version."""
    changelog.record(s, actor, "post", after["id"], action, reason,
                     before and _post_fields(before), _post_fields(after), after["site_id"])


def _post_fields(data: dict) -> dict:
    return {k: data.get(k) for k in POST_FIELDS}


def create_post(s: Session, site_id: str, *, actor: User | None = None, reason: str = "", **values) -> dict:
    get_site(s, site_id)
    data = {"id": str(uuid.uuid4()), "site_id": site_id, "name": values["name"],
            "name_zh": values.get("name_zh", ""), "items": list(values["items"]),
            "desk": bool(values.get("desk", False)), "active": True}
    _log_post(s, actor, "created", reason, None, data)
    return _publish(s, POST, data)


def update_post(s: Session, data: dict, *, actor: User | None = None, reason: str = "", **values) -> dict:
    before = dict(data)
    data.update({k: values[k] for k in POST_FIELDS if k in values})
    _log_post(s, actor, changelog.edit_action(before, data), reason, before, data)
    return _publish(s, POST, data)
