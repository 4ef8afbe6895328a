"""Packing: orders, count one pack one tick one, signed bills, sealed boxes with
signed labels, dispatch, the arrival check and return slips (domain-rules.md
section 3). See README.md."""
from backend.domain import Domain, Kind, Record, open_while
from backend.mail import SENDING
from sync.window import closed
from backend.packing import counting, dispatch, orders, returns, sealing, seals
from backend.packing.kinds import (
    ARRIVAL, BOX, DISPATCH, EVERYONE, MANAGERS, NOTICE, ORDER, ORDER_TAKERS, PACKERS, RETURN, SEAL,
)
from backend.packing import notices  # noqa: F401 (registers the dispatch email with the mail outbox)
from backend.packing.routes import bp

DOMAIN = Domain(
    "packing",
    kinds=(
        Kind("order.create", orders.OrderIn(), orders.create, ORDER_TAKERS),
        Kind("order.import", orders.ImportIn(), orders.import_csv, ORDER_TAKERS),
        Kind("order.payment", orders.PaymentIn(), orders.payment, ORDER_TAKERS),
        Kind("order.call", orders.CallIn(), orders.call, ORDER_TAKERS),
        Kind("packing.box_open", counting.BoxOpenIn(), counting.box_open, PACKERS),
        Kind("packing.tick", counting.TickIn(), counting.tick, PACKERS),
        Kind("packing.cross_out", counting.CrossOutIn(), counting.cross_out, PACKERS),
        Kind("packing.sign", sealing.SignIn(), sealing.sign, PACKERS, approval=True),
        Kind("packing.customer_sign", sealing.CustomerSignIn(), sealing.customer_sign, PACKERS),
        Kind("packing.seal", sealing.SealIn(), sealing.seal, PACKERS),
        Kind("packing.seal_receive", seals.RangeIn(), seals.receive, PACKERS),
        Kind("packing.seal_issue", seals.IssueIn(), seals.issue, PACKERS),
        Kind("packing.dispatch", dispatch.DispatchIn(), dispatch.dispatch, PACKERS),
        Kind("packing.arrival", dispatch.ArrivalIn(), dispatch.arrival, EVERYONE),
        Kind("return.slip", returns.SlipIn(), returns.slip, PACKERS),
        Kind("return.customer_sign", returns.CustomerSignIn(), returns.customer_sign, PACKERS),
        Kind("return.approve", returns.ApproveIn(), returns.approve, MANAGERS, approval=True),
        Kind("return.receive", returns.ReceiveIn(), returns.receive, PACKERS),
    ),
    records=(
        # Orders are readable by whoever takes them (the front desk too); the rest by packers.
        Record(ORDER, readers=ORDER_TAKERS, number="ORD", window=lambda o: 0 if o.get("status") == "dispatched" else None),
        Record(BOX, readers=PACKERS, number="BOX", window=lambda box: None if box.get("sealed") is None else 0),
        Record(DISPATCH, readers=PACKERS, number="DSP", amendable=dispatch.DispatchChangesIn(), reviewed=True,
               window=closed),
        Record(ARRIVAL, readers=PACKERS, reviewed=True, window=closed),
        Record(RETURN, readers=PACKERS, number="RTN", window=open_while("status", "awaiting_approval", "approved")),
        Record(NOTICE, readers=PACKERS, window=SENDING),
        Record(SEAL, readers=PACKERS, window=open_while("state", "received", "issued")),  # the seal registry: packers pick their issued seals offline
    ),
    blueprints=(bp,),
    media={"packing": PACKERS},
)
