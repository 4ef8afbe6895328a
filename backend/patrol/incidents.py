"""Incidents (guards report, supervisors close): `incident.report`, `incident.note`, `incident.close`.

Rulebook: security 2.11, 2.13 (suspicious persons and vehicles, protect the
scene, report), 2.3/3.1 (anything wrong goes to the supervisor at once). Text
is corrected through `record.amend` (the original stays readable).
"""
from __future__ import annotations

from functools import partial

from marshmallow import Schema, fields, validate

from backend.dutylog.handlers import amendable
from backend.patrol import kinds
from backend.patrol.kinds import CHECKPOINT, INCIDENT, photo_list, when, who
from backend.sync_api.kinds import local_time, validator
from sync.kinds import HandlerContext, KindSpec, Registry
from sync.types import Mutation, Rejected

CATEGORIES = ("suspicious_person", "suspicious_vehicle", "damage", "fire_safety", "public_order", "other")
SEVERITIES = ("low", "medium", "high", "critical")
EDITABLE = ("category", "description", "severity", "place")


class IncidentIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    description = fields.String(required=True, validate=validate.Length(1, 4000))
    severity = fields.String(load_default="medium", validate=validate.OneOf(SEVERITIES))
    checkpoint_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 40))
    place = fields.String(load_default="", validate=validate.Length(max=300))
    photos = photo_list()
    report_now = fields.Boolean(load_default=False)


class IncidentChangesIn(Schema):
    """What a correction of an incident may change (`record.amend`)."""

    category = fields.String(validate=validate.OneOf(CATEGORIES))
    description = fields.String(validate=validate.Length(1, 4000))
    severity = fields.String(validate=validate.OneOf(SEVERITIES))
    place = fields.String(validate=validate.Length(max=300))


class NoteIn(Schema):
    incident_id = fields.String(required=True, validate=validate.Length(1, 80))
    text = fields.String(required=True, validate=validate.Length(1, 4000))
    photos = photo_list()


class CloseIn(Schema):
    incident_id = fields.String(required=True, validate=validate.Length(1, 80))
    outcome = fields.String(required=True, validate=validate.Length(1, 2000))


def report(tz: str, ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    if ctx.get(INCIDENT, m.id) is not None:
        raise Rejected("duplicate_id", f"an incident {m.id} already exists")
    checkpoint = ctx.get(CHECKPOINT, p["checkpoint_id"]) if p["checkpoint_id"] else None
    if p["checkpoint_id"] and checkpoint is None:
        raise Rejected("checkpoint_unknown", f"no checkpoint {p['checkpoint_id']} at this site")
    month = local_time(ctx.received_at, tz)
    number = f"INC-{month:%Y-%m}-{ctx.next_number(f'INC-{m.space}-{month:%Y-%m}'):04d}"
    place = p["place"] or (checkpoint.data["name"] if checkpoint else "")
    ctx.put(INCIDENT, m.id, {
        "id": m.id, "site_id": m.space, "number": number, "category": p["category"],
        "description": p["description"], "severity": p["severity"], "place": place,
        "checkpoint_id": p["checkpoint_id"], "photos": p["photos"], "report_now": p["report_now"],
        "status": "open", "author_id": ctx.user.id, "author_name": ctx.user.name, **who(ctx), **when(ctx, m),
        "day": local_time(ctx.corrected_at, tz).date().isoformat(), "notes": [], "closed": None,
        "created_version": ctx.version, "field_versions": {},
        "original": {"category": p["category"], "description": p["description"],
                     "severity": p["severity"], "place": place},
        "amendments": [],
    })
    ctx.result(number=number, escalated=p["report_now"])


def _incident(ctx: HandlerContext, incident_id: str):
    incident = ctx.get(INCIDENT, incident_id)
    if incident is None or incident.deleted:
        raise Rejected("not_found", f"no incident {incident_id} at this site")
    return incident


def note(ctx: HandlerContext, m: Mutation) -> None:
    """A follow-up note: appended, never replacing what was written."""
    incident = _incident(ctx, m.payload["incident_id"])
    incident.data["notes"].append({"id": m.id, "text": m.payload["text"], "photos": m.payload["photos"],
                                   **who(ctx), **when(ctx, m)})
    ctx.put(INCIDENT, incident.id, incident.data)


def close(ctx: HandlerContext, m: Mutation) -> None:
    incident = _incident(ctx, m.payload["incident_id"])
    data = incident.data
    if data["closed"]:
        ctx.flag("already_closed", f"closed already by {data['closed']['user_name']}")
        return
    data["status"] = "closed"
    data["closed"] = {"outcome": m.payload["outcome"], **who(ctx), **when(ctx, m)}
    ctx.put(INCIDENT, incident.id, data)


def register(registry: Registry, tz: str) -> None:
    registry.add(KindSpec("incident.report", validator(IncidentIn()), partial(report, tz), kinds.GUARDS))
    registry.add(KindSpec("incident.note", validator(NoteIn()), note, kinds.GUARDS))
    registry.add(KindSpec("incident.close", validator(CloseIn()), close, kinds.SUPERVISORS))
    amendable(INCIDENT, IncidentChangesIn())
    registry.show(INCIDENT, kinds.GUARDS)
