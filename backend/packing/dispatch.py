"""Dispatch (ch. 6) and the arrival check (design.md section 6).

`packing.dispatch`: carrier from the site's list, checked against the way the
customer asked to be sent; waybill; a photo of the carrier's receipt; expected
days. The record keeps time, customer, goods, quantities and waybill. The call
to the customer afterwards is an `order.call` with purpose `dispatch`; a
customer with an email address also gets one (notices.py).
`packing.arrival`: any enrolled phone scans a box label offline and records what
it found; the server checks the label again, and anything but intact is flagged
for the supervisor; the box's seal is marked verified or broken in the registry.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.media.fields import photo_list
from backend import mail
from backend.packing import labels, notices, seals
from backend.packing.kinds import ARRIVAL, BOX, CUSTOMER, DEFAULT_CARRIERS, DISPATCH, NOTICE, ORDER
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

ID = validate.Length(1, 80)


class DispatchIn(Schema):
    order_id = fields.String(required=True, validate=ID)
    carrier = fields.String(required=True, validate=validate.Length(1, 60))
    waybill = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9-]{4,40}$",
                                                                    error="letters, digits and -, 4 to 40"))
    expected_days = fields.Integer(required=True, strict=True, validate=validate.Range(0, 60))
    photos = photo_list()


class ArrivalIn(Schema):
    label = fields.String(required=True, validate=validate.Length(1, 2000))
    seal_seen = fields.String(load_default="", validate=validate.Length(max=40))
    seal_broken = fields.Boolean(load_default=False)
    result = fields.String(required=True, validate=validate.OneOf(labels.RESULTS))  # what the phone found
    note = fields.String(load_default="", validate=validate.Length(max=2000))


def dispatch(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    order = ctx.existing(ORDER, p["order_id"])
    o = order.data
    if o["dispatch_id"]:
        raise Rejected("already_dispatched", "this order has gone out already")
    carriers = ctx.setting("carriers", list(DEFAULT_CARRIERS))
    if p["carrier"] not in carriers:
        raise Rejected("carrier_unknown", f"{p['carrier']} is not one of this site's carriers: {', '.join(carriers)}")
    boxes = [ctx.existing(BOX, i).data for i in o["box_ids"]]
    if not boxes or any(b["sealed"] is None for b in boxes):
        raise Rejected("box_not_sealed", "every box is sealed before it goes out")
    customer = ctx.get(CUSTOMER, o["customer_id"])
    chosen = customer.data.get("shipping") if customer else None
    record = ctx.create(DISPATCH, m.id, {
        "order_id": order.id, "order_number": o.get("number"), "customer_id": o["customer_id"],
        "customer_name": o["customer_name"], "carrier": p["carrier"], "chosen": chosen,
        "waybill": p["waybill"], "expected_days": p["expected_days"], "photos": p["photos"],
        "goods": [{"code": x["code"], "name": x["name"], "name_zh": x["name_zh"], "quantity": x["ticked"]}
                  for x in o["lines"] if x["ticked"]],
        "boxes": [{"id": b["id"], "number": b.get("number"), "seal_number": b["sealed"]["seal_number"]} for b in boxes],
        "dispatched": ctx.stamp(),
    })
    if chosen and chosen != p["carrier"]:
        ctx.flag("carrier_not_chosen", f"the customer asked for {chosen}, sent by {p['carrier']}")
    if customer and customer.data.get("email"):
        facts = notices.facts(o.get("number") or "", o["customer_name"], p["carrier"], p["waybill"],
                              p["expected_days"], len(boxes))
        ctx.put(NOTICE, m.id, {**mail.queued(customer.data["email"], customer.data.get("language", "zh-Hant"), facts,
                                             ctx.received_at), "order_id": order.id, "dispatch_id": m.id})
    o["dispatch_id"], o["status"] = m.id, "dispatched"
    o["dispatch"] = {"carrier": p["carrier"], "waybill": p["waybill"], "expected_days": p["expected_days"],
                     "number": record["number"]}
    ctx.put(ORDER, order.id, o)
    ctx.result(dispatch_id=m.id, number=record["number"])


def arrival(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    result, found = labels.check(p["label"], labels.devices(ctx), m.space)
    result = labels.arrival(result, found, p["seal_seen"], p["seal_broken"])
    box_id = found.get(2) if found else None
    box = ctx.get(BOX, box_id) if box_id else None
    ctx.create(ARRIVAL, m.id, {
        "box_id": box_id, "box_number": box.data.get("number") if box else None,
        "order_id": found.get(12) if found else None, "items": found.get(9) if found else None,
        "seal_on_label": found.get(10) if found else None, "seal_seen": p["seal_seen"],
        "seal_broken": p["seal_broken"], "result": result, "phone_result": p["result"], "note": p["note"],
    })
    if found and box_id:
        seals.checked(ctx, found.get(10) or "", result, box_id)
    if result != "intact":
        ctx.flag(result, f"arrival check of box {box_id or '(unreadable label)'}: {result}")
    if result != p["result"]:
        ctx.flag("arrival_result_differs", f"the phone found {p['result']}, the server {result}")
    ctx.result(result=result)


class DispatchChangesIn(Schema):
    """A waybill typed wrongly is corrected with a stamp, never overwritten."""
    waybill = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9-]{4,40}$"))
    expected_days = fields.Integer(strict=True, validate=validate.Range(0, 60))
