"""Names shared by the passes modules: entity kinds, roles, token types."""
from __future__ import annotations

PASS = "pass"                  # the desk's record: holder, private phone, approval (desk and supervisors)
ROSTER = "pass.roster"         # what a gate needs of a pass: no phone number, no owner's details (guards too)
USE = "pass.use"               # one scan at a gate, with the phone's and the server's verdicts
PRESENCE = "pass.presence"     # a pass's uses in time order: who is on site now, passback
PERMIT = "permit"              # a goods release: goods, owner's consent (desk and supervisors)
PERMIT_GATE = "permit.gate"    # what the exit needs of a permit: goods, holder, status, uses
PERMIT_USE = "permit.use"      # one scan of a permit at the exit: items ticked, photo

DESK = frozenset({"frontdesk", "supervisor", "admin"})
GUARDS = frozenset({"guard", "supervisor", "admin"})
GATE_READERS = DESK | GUARDS

# Token claims beyond those backend/keys shares (1 type, 2 id, 3 site, 4 from, 5 until).
HOURS, GATES, UNIT = 6, 7, 8
DEFAULT_GATES = ("main",)
