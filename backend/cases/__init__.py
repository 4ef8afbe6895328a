"""Cases: complaints, repair requests and requests for help, from first contact to
callback, with numbers, deadlines and monthly statistics (domain-rules.md
section 4, issue 12). See README.md."""
from backend.cases import handling, intake, plan, repairs
from backend.cases.kinds import CASE, MAIL, NOTE, ON_DUTY, PLAN, PLANNERS, STAFF
from backend.cases.routes import bp
from backend.domain import Domain, Kind, Record
from backend.mail import SENDING
from sync.window import closed

DOMAIN = Domain(
    "cases",
    kinds=(
        Kind("case.open", intake.CaseIn(), intake.open_case, ON_DUTY),
        Kind("case.hand_on", handling.HandOnIn(), handling.hand_on, ON_DUTY),
        Kind("case.progress", handling.ProgressIn(), handling.progress, ON_DUTY),
        Kind("case.reply", handling.ReplyIn(), handling.reply, ON_DUTY),
        Kind("case.reopen", handling.ReopenIn(), handling.reopen, ON_DUTY),
        Kind("case.callback", handling.CallbackIn(), handling.callback, STAFF),
        Kind("case.close", handling.CloseIn(), handling.close, STAFF),
        Kind("case.note", handling.NoteIn(), handling.note, STAFF),
        Kind("case.repair", repairs.RepairIn(), repairs.repair, STAFF),
        Kind("case.plan_set", plan.PlanIn(), plan.plan_set, PLANNERS),
        Kind("case.plan_call", plan.PlanCallIn(), plan.plan_call, STAFF),
    ),
    records=(
        Record(CASE, readers=ON_DUTY, number="CAS", amendable=intake.CaseChangesIn(), reviewed=True,
               window=lambda case: 0 if case.get("status") == "closed" else None),
        Record(NOTE, readers=STAFF, listed=True, window=closed),
        Record(PLAN, readers=STAFF),  # the callback plan: its owners see their due callbacks
        Record(MAIL, readers=STAFF, window=SENDING),  # a major case's email: its status shows on the case
    ),
    blueprints=(bp,),
    media={"cases": ON_DUTY},
)
