"""Incidents (guards report, supervisors close): `incident.report`, `incident.note`, `incident.close`.

Rulebook: security 2.11, 2.13 (suspicious persons and vehicles, protect the
scene, report), 2.3/3.1 (anything wrong goes to the supervisor at once). Text
is corrected through `record.amend` (the original stays readable).
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.media.fields import photo_list
from backend.patrol.kinds import CHECKPOINT, INCIDENT
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

CATEGORIES = ("suspicious_person", "suspicious_vehicle", "damage", "fire_safety", "public_order", "other")
SEVERITIES = ("low", "medium", "high", "critical")


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


class PoliceIn(Schema):
    """Handed to the police (security duties 1.4): which station, their report number, who, when."""

    station = fields.String(required=True, validate=validate.Length(1, 200))
    report_number = fields.String(required=True, validate=validate.Length(1, 100))
    officer = fields.String(required=True, validate=validate.Length(1, 200))
    at = fields.Integer(required=True, strict=True, validate=validate.Range(0))  # ms since the epoch


class CloseIn(Schema):
    """Closing an incident: the outcome text as before (phones in the field send only it), and
    the outcome as record (duties 1.4, 1.5): police hand-over, cause, impact, staff negligence and
    who investigated it, corrective and preventive measures, and whether it was a major incident."""

    incident_id = fields.String(required=True, validate=validate.Length(1, 80))
    outcome = fields.String(required=True, validate=validate.Length(1, 2000))
    police = fields.Nested(PoliceIn, load_default=None, allow_none=True)
    cause = fields.String(load_default="", validate=validate.Length(max=2000))
    impact = fields.String(load_default="", validate=validate.Length(max=2000))
    negligence = fields.Boolean(load_default=False)   # was staff negligence involved?
    investigator = fields.String(load_default="", validate=validate.Length(max=200))
    corrective = fields.String(load_default="", validate=validate.Length(max=2000))
    preventive = fields.String(load_default="", validate=validate.Length(max=2000))
    major = fields.Boolean(load_default=None, allow_none=True)  # default: a critical incident is major

    @validates_schema
    def _investigated(self, data, **_):
        if data.get("negligence") and not data.get("investigator", "").strip():
            raise ValidationError("staff negligence names who investigated it", "investigator")


def report(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    checkpoint = ctx.get(CHECKPOINT, p["checkpoint_id"]) if p["checkpoint_id"] else None
    if p["checkpoint_id"] and checkpoint is None:
        raise Rejected("checkpoint_unknown", f"no checkpoint {p['checkpoint_id']} at this site")
    place = p["place"] or (checkpoint.data["name"] if checkpoint else "")
    ctx.create(INCIDENT, m.id, {
        "category": p["category"], "description": p["description"], "severity": p["severity"],
        "place": place, "checkpoint_id": p["checkpoint_id"], "photos": p["photos"],
        "report_now": p["report_now"], "status": "open", **ctx.stamp(), "notes": [], "closed": None,
    })
    ctx.result(escalated=p["report_now"])


def note(ctx: HandlerContext, m: Mutation) -> None:
    """A follow-up note: appended, never replacing what was written."""
    incident = ctx.existing(INCIDENT, m.payload["incident_id"])
    incident.data["notes"].append({"id": m.id, "text": m.payload["text"], "photos": m.payload["photos"],
                                   **ctx.stamp()})
    ctx.put(INCIDENT, incident.id, incident.data)


def close(ctx: HandlerContext, m: Mutation) -> None:
    incident = ctx.existing(INCIDENT, m.payload["incident_id"])
    data = incident.data
    if data["closed"]:
        ctx.flag("already_closed", f"closed already by {data['closed']['user_name']}")
        return
    p = m.payload
    data["status"] = "closed"
    data["closed"] = {"outcome": p["outcome"], "police": p["police"], "cause": p["cause"], "impact": p["impact"],
                      "negligence": p["negligence"], "investigator": p["investigator"].strip(),
                      "corrective": p["corrective"], "preventive": p["preventive"],
                      "major": p["major"] if p["major"] is not None else data["severity"] == "critical",
                      **ctx.stamp()}
    ctx.put(INCIDENT, incident.id, data)
