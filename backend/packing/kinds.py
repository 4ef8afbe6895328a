"""Names shared by the packing modules: entity kinds and who may do what."""
from __future__ import annotations

# Records, written by handlers and pulled by PACKERS
ORDER = "packing.order"
BOX = "packing.box"
DISPATCH = "packing.dispatch"
ARRIVAL = "packing.arrival"
RETURN = "packing.return"       # a return slip (退貨單)
NOTICE = "packing.notice"       # a customer's dispatch email: queued, retrying, sent or failed
SEAL_USE = "packing.seal_use"   # "<site>:<seal number>" -> the box it closed; never pulled
SEAL = "packing.seal"           # a numbered seal (封條) of the registry, id `<site>:<number>`
# Customer files belong to the customers domain; packing reads them by kind name only.
CUSTOMER = "customer"
MEMBER = "site.member"          # the site's roster (backend/admin): whom a seal is issued to
DEVICE = "site.device"          # every phone's public key (backend/keys), to check box labels

PACKERS = frozenset({"packer", "supervisor", "admin"})
ORDER_TAKERS = PACKERS | {"frontdesk"}       # orders are taken at the counter too
MANAGERS = frozenset({"supervisor", "admin"})  # the department manager approves return slips
EVERYONE = frozenset({"guard", "packer", "frontdesk", "supervisor", "admin"})  # any phone checks a label

DEFAULT_CARRIERS = ("China Railway Express", "SF Express", "STO Express", "Road freight")
DEFAULT_CLOSING = "18:00"
