"""Names shared by the cases modules: entity kinds, roles, the words of a case."""
from __future__ import annotations

from backend.domain import EVERYONE, SUPERVISORS

CASE = "case"            # one case of the register (numbered CAS-YYYY-MM-NNNN)
NOTE = "case.note"       # an internal note: never shown to the person, pulled by STAFF only
PLAN = "case.plan"       # a line of the callback plan not tied to a case: an area, its owner, its callbacks
MAIL = "case.mail"       # a major case's email to a manager: queued, retrying, sent or failed (backend/mail.py)
CUSTOMER = "customer"    # the customers domain's customer file: linked by id, read by kind name only

# Who does what (domain-rules.md section 4): anyone on duty registers a case and
# owns it first; the front desk (customer service) calls back and closes; a
# supervisor reviews the result; internal notes stay with the desk and supervisors.
ON_DUTY = EVERYONE
STAFF = frozenset({"frontdesk"}) | SUPERVISORS
PLANNERS = SUPERVISORS  # who keeps the callback plan

# Forward-only states (issue 12 item 6), in order: a case merges to the furthest.
STATES = ("received", "assigned", "in_hand", "answered", "called_back", "closed")
RANK = {s: i for i, s in enumerate(STATES)}

CHANNELS = ("phone", "letter", "visit", "patrol", "callback")
TYPES = ("complaint", "repair_request", "help_request", "suggestion", "enquiry",
         "product_complaint", "product_repair")
PEOPLE = ("resident", "customer", "other")
SEVERITIES = ("normal", "major")
PRODUCT_CLASSES = ("quality", "human_factor")
REPLY_HOW = ("phone", "letter", "visit", "message", "email")
RESPONSIBLE = ("department", "person", "supplier", "third_party", "none")
# Records a case may come from (by kind name only: no domain imports another).
SOURCES = ("patrol.scan", "incident", "gate.visit", "gate.vehicle", "log.entry")
