"""Temporary passes and goods release (front desk 2-3; security 3.3/3.7 at the gate).
See README.md."""
from backend.domain import Domain, Kind, Record
from sync.window import closed
from backend.passes import gate, passes, permits
from backend.passes.kinds import (
    DESK, GATE_READERS, GUARDS, PASS, PERMIT, PERMIT_GATE, PERMIT_USE, PRESENCE, ROSTER, USE,
)
from backend.passes.page import bp as page_bp
from backend.passes.routes import bp

DOMAIN = Domain(
    "passes",
    kinds=(
        Kind("pass.issue", passes.IssueIn(), passes.issue, DESK),
        Kind("pass.approve", passes.ApproveIn(), passes.approve, DESK, approval=True),
        Kind("pass.revoke", passes.RevokeIn(), passes.revoke, DESK),
        Kind("pass.scan", gate.ScanIn(), gate.scan, GUARDS),
        Kind("permit.request", permits.RequestIn(), permits.request, DESK),
        Kind("permit.consent", permits.PermitConsentIn(), permits.give_consent, DESK, approval=True),
        Kind("permit.scan", permits.ScanIn(), permits.scan, GUARDS),
    ),
    records=(
        Record(PASS, readers=DESK, number="PAS", amendable=passes.ChangesIn(), reviewed=True,
               window=passes.window),
        Record(ROSTER, readers=GATE_READERS),
        Record(USE, readers=GATE_READERS, reviewed=True, window=closed),
        Record(PRESENCE, readers=GATE_READERS, window=closed),
        Record(PERMIT, readers=DESK, number="PRM", amendable=permits.ChangesIn(), reviewed=True,
               window=permits.window),
        Record(PERMIT_GATE, readers=GATE_READERS, window=permits.window),
        Record(PERMIT_USE, readers=GATE_READERS, reviewed=True, window=closed),
    ),
    blueprints=(bp, page_bp),
    media={"pass": GATE_READERS, "permit": GATE_READERS},
)
