"""Names shared by the patrol modules: entity kinds, who may do what, small field types."""
from __future__ import annotations

from marshmallow import fields, validate

# Set-up, published by the server (setup.py)
CHECKPOINT = "patrol.checkpoint"
ROUTE = "patrol.route"
SCHEDULE = "patrol.schedule"
CODE = "patrol.code"          # checkpoint code -> checkpoint; never pulled (codes reach phones on checkpoints)
# Field facts, written by handlers
ROUND = "patrol.round"
SCAN = "patrol.scan"
RECENT = "patrol.recent"      # the last scans of one checkpoint, for the two-devices flag; never pulled
INCIDENT = "incident"
VISIT = "gate.visit"
VEHICLE = "gate.vehicle"
HANDOVER = "handover"

GUARDS = frozenset({"guard", "supervisor", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})

QR_PREFIX = "gatehouse:checkpoint:"

SHA256 = validate.Regexp(r"^[0-9a-f]{64}$", error="a photo is named by the SHA-256 (hex) of its bytes")


def photo_list():
    """Photo references: SHA-256 of images uploaded (or still queued) to /api/media."""
    return fields.List(fields.String(validate=SHA256), load_default=list, validate=validate.Length(max=10))


def who(ctx) -> dict:
    """The author of a fact, as every record carries it (forms 10.5)."""
    return {"user_id": ctx.user.id, "user_name": ctx.user.name, "device_id": ctx.device_id}


def when(ctx, m) -> dict:
    """Device time, corrected time and sync time of a fact (design.md section 5)."""
    return {"device_at": m.occurred_at, "corrected_at": ctx.corrected_at, "received_at": ctx.received_at}
