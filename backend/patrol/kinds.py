"""Names shared by the patrol modules: entity kinds and who may do what."""
from __future__ import annotations

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
# The equipment domain's posts and their equipment lists, read by kind name (never imported).
POST = "equipment.post"

GUARDS = frozenset({"guard", "supervisor", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})

QR_PREFIX = "gatehouse:checkpoint:"
