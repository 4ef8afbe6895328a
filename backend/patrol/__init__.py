"""Patrol: rounds of checkpoints, incidents, the gate log and shift handovers
(security chapters, domain-rules.md section 1). See README.md."""
from backend.domain import Domain, Kind, Record, open_while
from backend.patrol import gate, handover, incidents, report, rounds
from backend.patrol.board_routes import bp as board_bp
from backend.patrol.kinds import (
    CHECKPOINT, GUARDS, HANDOVER, INCIDENT, ON_POST, ROUND, ROUTE, SCAN, SCHEDULE, SUPERVISORS, VEHICLE, VISIT,
)
from backend.patrol.setup_routes import bp as setup_bp

INSIDE = open_while("status", "inside")  # a visitor or vehicle on site

DOMAIN = Domain(
    "patrol",
    kinds=(
        Kind("patrol.round_start", rounds.RoundStartIn(), rounds.start_round, GUARDS),
        Kind("patrol.scan", rounds.ScanIn(), rounds.scan, GUARDS),
        Kind("incident.report", incidents.IncidentIn(), incidents.report, ON_POST),
        Kind("incident.note", incidents.NoteIn(), incidents.note, GUARDS),
        Kind("incident.close", incidents.CloseIn(), incidents.close, SUPERVISORS, approval=True),
        Kind("gate.visitor_in", gate.VisitorIn(), gate.visitor_in, GUARDS),
        Kind("gate.visitor_out", gate.VisitOutIn(), gate.visitor_out, GUARDS),
        Kind("gate.visitor_refused", gate.RefusedIn(), gate.visitor_refused, GUARDS),
        Kind("gate.vehicle_in", gate.VehicleIn(), gate.vehicle_in, GUARDS),
        Kind("gate.vehicle_out", gate.VehicleOutIn(), gate.vehicle_out, GUARDS),
        Kind("handover.write", handover.WriteIn(), handover.write, ON_POST),
        Kind("handover.accept", handover.AcceptIn(), handover.accept, ON_POST),
        Kind("handover.refuse", handover.RefuseIn(), handover.refuse, ON_POST),
        Kind("handover.review", handover.ReviewIn(), handover.review, SUPERVISORS, approval=True),
    ),
    records=(
        # Set-up, published by the server (setup.py); scans are read online, never pulled.
        Record(CHECKPOINT, readers=GUARDS),
        Record(ROUTE, readers=GUARDS),
        Record(SCHEDULE, readers=GUARDS),
        Record(ROUND, readers=GUARDS, number="RND", reviewed=True, window=rounds.window),
        Record(SCAN, readers=GUARDS, listed=True, pulled=False),  # listed at a desk, never pulled
        Record(INCIDENT, readers=ON_POST, number="INC", amendable=incidents.IncidentChangesIn(), reviewed=True,
               window=open_while("status", "open")),
        Record(VISIT, readers=GUARDS, number=gate.visit_number, amendable=gate.VisitChangesIn(), reviewed=True,
               window=INSIDE),
        Record(VEHICLE, readers=GUARDS, number="VEH", amendable=gate.VehicleChangesIn(), reviewed=True,
               window=INSIDE),
        Record(HANDOVER, readers=ON_POST, number="HO", amendable=handover.ChangesIn(), reviewed=True,
               note_required=handover.needs_note, signers=handover.signers,
               window=open_while("status", "written"))  # until the incoming guard answers,
    ),
    blueprints=(setup_bp, board_bp),
    # The front desk signs its handovers and reads the incidents and handovers it may read.
    media={"patrol": ON_POST},
    archive_day=report.archive_day,
)
