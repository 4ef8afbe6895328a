"""The front desk's own records: the mail log (front desk 4), leaving the desk
(front desk rule 2), evacuation roll calls and the desk's shifts (handover 1-7).
See README.md."""
from backend.desk import absence, mail, rollcall
from backend.desk.kinds import DESK, ON_SITE, SUPERVISORS
from backend.desk.routes import bp
from backend.domain import Domain, Kind, Record, open_while
from sync.window import closed

DOMAIN = Domain(
    "desk",
    kinds=(
        Kind("mail.receive", mail.ReceiveIn(), mail.receive, DESK),
        Kind("mail.notify", mail.NotifyIn(), mail.notify, DESK),
        Kind("mail.collect", mail.CollectIn(), mail.collect, DESK),
        Kind("desk.leave", absence.LeaveIn(), absence.leave, DESK),
        Kind("desk.leave_approve", absence.ApproveIn(), absence.approve, SUPERVISORS, approval=True),
        Kind("desk.back", absence.BackIn(), absence.back, DESK),
        Kind("desk.roll_call", rollcall.RollCallIn(), rollcall.roll_call, ON_SITE),
    ),
    records=(
        Record(mail.MAIL, readers=DESK, number="MAL", amendable=mail.ChangesIn(), reviewed=True,
               window=open_while("status", "waiting")),
        Record(absence.ABSENCE, readers=DESK, window=open_while("status", "asked", "approved")),
        Record(rollcall.ROLL_CALL, readers=ON_SITE, window=closed),
    ),
    blueprints=(bp,),
    media={"mail": DESK},
)
