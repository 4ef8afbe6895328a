"""Names shared by the equipment modules: entity kinds, types and their checklists."""
from __future__ import annotations

ITEM = "equipment.item"      # the register, published by the server (register.py)
CODE = "equipment.code"      # item id -> its label's code; never pulled (phones hold its salted hash)
CHECK = "equipment.check"    # one check of one item, written by a guard's phone
POST = "equipment.post"      # a post (gate, desk, patrol beat) and its equipment list
POST_CHECK = "equipment.post_check"  # the joint check when a post is taken over

# The patrol domain's incident record, created by kind name only (never imported):
# a failed check opens one, exactly as `incident.report` would.
INCIDENT = "incident"

GUARDS = frozenset({"guard", "supervisor", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})

QR_PREFIX = "gatehouse:equipment:"

# Each type's checklist: every answer is "yes" (ok) or "no" (failed).
CHECKLISTS: dict[str, tuple[str, ...]] = {
    "extinguisher": ("pressure_green", "pin_seal_intact", "not_expired", "access_clear"),
    "hose_reel": ("hose_intact", "valve_works", "access_clear"),
    "alarm": ("panel_normal", "call_point_intact", "access_clear"),
    "emergency_light": ("lights_on_test", "battery_ok", "intact"),
    "first_aid": ("stocked", "not_expired", "access_clear"),
    "other": ("intact", "access_clear"),
}
TYPES = tuple(CHECKLISTS)
FIRE_TYPES = frozenset({"extinguisher", "hose_reel", "alarm", "emergency_light"})
EXPIRY_SOON_DAYS = 30
