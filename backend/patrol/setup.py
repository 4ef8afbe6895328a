"""Patrol set-up (online, supervisors): checkpoints, routes, schedules.

Rows in the patrol tables are the source of truth; every change is published
to the phones as an entity, so a guard offline can check every scanned code
against its checkpoint's salted hash (and refuse unknown ones on the spot), and
knows every route and schedule. The codes themselves reach supervisors and
admins only (set-up answers, labels).
"""
from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.changelog import service as changelog
from backend.errors import ApiError
from backend.identity.models import User
from backend.identity.service import get_site, utcnow
from backend.patrol import kinds
from backend.patrol.models import Checkpoint, Route, Schedule
from backend.sync_api.store import publish

CHECKPOINT_FIELDS = ("name", "name_zh", "location", "checks", "lat", "lng", "active")
ROUTE_FIELDS = ("name", "name_zh", "ordered", "checkpoint_ids", "active")
SCHEDULE_FIELDS = ("name", "route_id", "times", "every_hours", "first_at", "window_minutes",
                   "grace_minutes", "random_order", "active")


def new_code() -> str:
    """96 random bits, URL-safe: printed on the label, never guessable from the id."""
    return secrets.token_urlsafe(12)


def code_hash(checkpoint_id: str, code: str) -> str:
    """What phones hold of a code: SHA-256 of "<checkpoint id>:<code>" (hex). The
    id (a random UUID) is the salt, so one code hashes differently everywhere; a
    phone hashes what it scans to check it offline, yet cannot print the label."""
    return hashlib.sha256(f"{checkpoint_id}:{code}".encode()).hexdigest()


def checkpoint_data(c: Checkpoint, codes: bool = False) -> dict:
    """A checkpoint as phones see it (its code's salted hash); with `codes`, as
    supervisors and admins see it (the code and its QR text too)."""
    data = {"id": c.id, "site_id": c.site_id, "name": c.name, "name_zh": c.name_zh,
            "location": c.location, "checks": c.checks, "lat": c.lat, "lng": c.lng,
            "code_hash": code_hash(c.id, c.code), "active": c.active}
    if codes:
        data.update(code=c.code, qr=kinds.QR_PREFIX + c.code)
    return data


def route_data(r: Route, retired: set[str] | frozenset[str] = frozenset()) -> dict:
    """A route as phones see it; `due_checkpoint_ids` leaves out retired checkpoints."""
    return {"id": r.id, "site_id": r.site_id, "name": r.name, "name_zh": r.name_zh,
            "ordered": r.ordered, "checkpoint_ids": list(r.checkpoint_ids),
            "due_checkpoint_ids": [c for c in r.checkpoint_ids if c not in retired], "active": r.active}


def _retired(s: Session, site_id: str) -> set[str]:
    return set(s.scalars(select(Checkpoint.id).where(Checkpoint.site_id == site_id, Checkpoint.active.is_(False))))


def _publish_route(s: Session, r: Route) -> None:
    publish(s, r.site_id, kinds.ROUTE, r.id, route_data(r, _retired(s, r.site_id)))


def schedule_data(sc: Schedule) -> dict:
    return {"id": sc.id, "site_id": sc.site_id, "route_id": sc.route_id, "name": sc.name,
            "times": list(sc.times), "every_hours": sc.every_hours, "first_at": sc.first_at,
            "window_minutes": sc.window_minutes, "grace_minutes": sc.grace_minutes,
            "random_order": sc.random_order, "active": sc.active}



def _publish_checkpoint(s: Session, c: Checkpoint) -> None:
    publish(s, c.site_id, kinds.CHECKPOINT, c.id, checkpoint_data(c))
    publish(s, c.site_id, kinds.CODE, c.code, {"checkpoint_id": c.id, "site_id": c.site_id})


def _log(s: Session, actor: User | None, subject: str, row, action: str, reason: str,
         before: dict | None, after: dict) -> None:
    """The change log entry of `row` (backend/changelog): who, when, why, the new version."""
    changelog.record(s, actor, subject, row.id, action, reason, before, after, row.site_id)


def _fields(row, names: tuple[str, ...]) -> dict:
    return {k: getattr(row, k) for k in names}


def create_checkpoint(s: Session, site_id: str, by: int, *, actor: User | None = None, reason: str = "",
                      **values) -> Checkpoint:
    get_site(s, site_id)
    c = Checkpoint(id=str(uuid.uuid4()), site_id=site_id, code=new_code(), created_at=utcnow(),
                   created_by=by, **{k: values.get(k) for k in CHECKPOINT_FIELDS if k in values})
    s.add(c)
    s.flush()
    _publish_checkpoint(s, c)
    _log(s, actor, "checkpoint", c, "created", reason, None, _fields(c, CHECKPOINT_FIELDS))
    return c


def update_checkpoint(s: Session, c: Checkpoint, *, actor: User | None = None, reason: str = "",
                      **values) -> Checkpoint:
    retiring = "active" in values and values["active"] != c.active
    before = _fields(c, CHECKPOINT_FIELDS)
    for k in CHECKPOINT_FIELDS:
        if k in values:
            setattr(c, k, values[k])
    s.flush()
    _publish_checkpoint(s, c)
    after = _fields(c, CHECKPOINT_FIELDS)
    _log(s, actor, "checkpoint", c, changelog.edit_action(before, after), reason, before, after)
    if retiring:  # routes through it change what is due
        for r in s.scalars(select(Route).where(Route.site_id == c.site_id)):
            if c.id in r.checkpoint_ids:
                _publish_route(s, r)
    return c


def replace_code(s: Session, c: Checkpoint, *, actor: User | None = None, reason: str = "") -> Checkpoint:
    """A new code for a lost or copied label: the old code is refused from now on.
    The log keeps the codes' salted hashes, never the codes."""
    old = c.code
    c.code = new_code()
    s.flush()
    publish(s, c.site_id, kinds.CODE, old, {"reason": "label replaced"}, deleted=True)
    _publish_checkpoint(s, c)
    _log(s, actor, "checkpoint", c, "new_code", reason, {"code_hash": code_hash(c.id, old)},
         {"code_hash": code_hash(c.id, c.code)})
    return c


def _check_checkpoints(s: Session, site_id: str, ids: list[str]) -> None:
    if len(set(ids)) != len(ids):
        raise ApiError(422, "checkpoint_repeated", "A route lists each checkpoint once.")
    found = set(s.scalars(select(Checkpoint.id).where(Checkpoint.site_id == site_id, Checkpoint.id.in_(ids))))
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise ApiError(422, "checkpoint_unknown", f"No checkpoint {', '.join(unknown)} at this site.",
                       {"checkpoint_ids": unknown})


def create_route(s: Session, site_id: str, *, actor: User | None = None, reason: str = "", **values) -> Route:
    get_site(s, site_id)
    _check_checkpoints(s, site_id, values["checkpoint_ids"])
    r = Route(id=str(uuid.uuid4()), site_id=site_id, created_at=utcnow(),
              **{k: values[k] for k in ROUTE_FIELDS if k in values})
    s.add(r)
    s.flush()
    _publish_route(s, r)
    _log(s, actor, "route", r, "created", reason, None, _fields(r, ROUTE_FIELDS))
    return r


def update_route(s: Session, r: Route, *, actor: User | None = None, reason: str = "", **values) -> Route:
    if "checkpoint_ids" in values:
        _check_checkpoints(s, r.site_id, values["checkpoint_ids"])
    before = _fields(r, ROUTE_FIELDS)
    for k in ROUTE_FIELDS:
        if k in values:
            setattr(r, k, values[k])
    s.flush()
    _publish_route(s, r)
    after = _fields(r, ROUTE_FIELDS)
    _log(s, actor, "route", r, changelog.edit_action(before, after), reason, before, after)
    return r


def _check_schedule(s: Session, site_id: str, values: dict) -> None:
    route = s.get(Route, values["route_id"]) if "route_id" in values else None
    if "route_id" in values and (route is None or route.site_id != site_id):
        raise ApiError(422, "route_unknown", "No such route at this site.", {"route_id": ["unknown"]})


def create_schedule(s: Session, site_id: str, *, actor: User | None = None, reason: str = "",
                    **values) -> Schedule:
    get_site(s, site_id)
    _check_schedule(s, site_id, values)
    sc = Schedule(id=str(uuid.uuid4()), site_id=site_id, created_at=utcnow(),
                  **{k: values[k] for k in SCHEDULE_FIELDS if k in values})
    s.add(sc)
    s.flush()
    publish(s, site_id, kinds.SCHEDULE, sc.id, schedule_data(sc))
    _log(s, actor, "schedule", sc, "created", reason, None, _fields(sc, SCHEDULE_FIELDS))
    return sc


def update_schedule(s: Session, sc: Schedule, *, actor: User | None = None, reason: str = "",
                    **values) -> Schedule:
    _check_schedule(s, sc.site_id, values)
    if values.get("times"):  # one way of saying when: setting one clears the other
        values["every_hours"] = None
    elif values.get("every_hours"):
        values["times"] = []
    before = _fields(sc, SCHEDULE_FIELDS)
    for k in SCHEDULE_FIELDS:
        if k in values:
            setattr(sc, k, values[k])
    s.flush()
    publish(s, sc.site_id, kinds.SCHEDULE, sc.id, schedule_data(sc))
    after = _fields(sc, SCHEDULE_FIELDS)
    _log(s, actor, "schedule", sc, changelog.edit_action(before, after), reason, before, after)
    return sc
