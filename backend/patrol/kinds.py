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
# The duty log's entries, listed with a handover and acknowledged by the incoming person.
LOG_ENTRY = "log.entry"

GUARDS = frozenset({"guard", "supervisor", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})
# The front desk hands over its own shift with the same handover kinds and reports
# an emergency in the lobby as an incident (front desk handover 1-7; rules 7, 9).
ON_POST = GUARDS | {"frontdesk"}

QR_PREFIX = "gatehouse:checkpoint:"
