"""Counting at the bench (ch. 3.11, 4.2, 5.1B): count one, pack one, tick one.

`packing.box_open`: a new box of an order; ticks go to it. `packing.tick`: one
scanned item checked against the order by code, price and quality. A defective
unit is recorded and does not count (a good one replaces it). An item not on the
order, or at a price other than the order's, is refused. Beyond the ordered
quantity: refused on the phone at once; two offline phones that together go
beyond it have both ticks kept and the order flagged (nothing silently dropped).
`packing.cross_out`: a line (or part) the customer does not want; it makes a
return slip for the handler's, the customer's and the manager's signatures.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.packing.kinds import BOX, ORDER, RETURN
from backend.packing.rules import may_pack
from sync.kinds import HandlerContext
from sync.types import Entity, Mutation, Rejected

ID = validate.Length(1, 80)


class BoxOpenIn(Schema):
    order_id = fields.String(required=True, validate=ID)


class TickIn(Schema):
    order_id = fields.String(required=True, validate=ID)
    box_id = fields.String(required=True, validate=ID)
    code = fields.String(required=True, validate=validate.Length(1, 200))
    unit_price = fields.Integer(required=True, strict=True, validate=validate.Range(0, 10**9))
    quality = fields.String(load_default="good", validate=validate.OneOf(["good", "defective"]))
    note = fields.String(load_default="", validate=validate.Length(max=500))


class CrossOutIn(Schema):
    order_id = fields.String(required=True, validate=ID)
    code = fields.String(required=True, validate=validate.Length(1, 60))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(1, 10_000))
    reason = fields.String(required=True, validate=validate.Length(1, 500))


ITEM_PREFIX = "gatehouse:item:"  # item QR labels printed by Gatehouse; a barcode's text is the code itself


def line_of(order: dict, code: str) -> dict | None:
    code = code.removeprefix(ITEM_PREFIX)
    return next((x for x in order["lines"] if x["code"] == code), None)


def _order(ctx: HandlerContext, order_id: str) -> Entity:
    order = ctx.existing(ORDER, order_id)
    if order.data["status"] == "dispatched":
        raise Rejected("order_dispatched", "this order has gone out already")
    return order


def box_open(ctx: HandlerContext, m: Mutation) -> None:
    order = _order(ctx, m.payload["order_id"])
    o = order.data
    refusal = may_pack(o)
    if refusal:
        raise Rejected(refusal, "a remote order is packed only after its payment has arrived")
    box = ctx.create(BOX, m.id, {"order_id": order.id, "order_number": o.get("number"),
                                 "seq": len(o["box_ids"]) + 1, "contents": {}, "sealed": None,
                                 "after_seal": [], "countersign": None})
    o["box_ids"].append(m.id)
    o["open_box_id"] = m.id
    ctx.put(ORDER, order.id, o)
    ctx.result(box_id=m.id, number=box["number"])


def tick(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    order = _order(ctx, p["order_id"])
    o = order.data
    refusal = may_pack(o)
    if refusal:
        raise Rejected(refusal, "a remote order is packed only after its payment has arrived")
    line = line_of(o, p["code"])
    if line is None:
        raise Rejected("not_on_order", f"{p['code']} is not on this order")
    if p["unit_price"] != line["unit_price"]:
        raise Rejected("price_mismatch", f"{line['code']} is {line['unit_price']} on the order, not {p['unit_price']}")
    box = ctx.existing(BOX, p["box_id"])
    if box.data["order_id"] != order.id:
        raise Rejected("box_unknown", "that box belongs to another order")
    if p["quality"] == "defective":
        line["defects"].append({"id": m.id, "note": p["note"], **ctx.stamp()})
        ctx.put(ORDER, order.id, o)
        ctx.result(code=line["code"], ticked=line["ticked"], defects=len(line["defects"]))
        return
    b = box.data
    if b["sealed"] is not None:
        ctx.flag("content_changed_after_sealing", f"{line['code']} went into box {b.get('number')} after it was sealed")
        b["after_seal"].append({"id": m.id, "code": line["code"], **ctx.stamp()})
    b["contents"][line["code"]] = b["contents"].get(line["code"], 0) + 1
    ctx.put(BOX, box.id, b)
    line["ticked"] += 1
    line["boxes"][box.id] = line["boxes"].get(box.id, 0) + 1
    wanted = line["quantity"] - line["crossed"]
    if line["ticked"] > wanted:
        ctx.flag("over_quantity", f"{line['code']}: {line['ticked']} ticked, {wanted} ordered")
    if o["status"] == "open":
        o["status"] = "counting"
    ctx.put(ORDER, order.id, o)
    ctx.result(code=line["code"], ticked=line["ticked"], quantity=wanted)


def cross_out(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    order = _order(ctx, p["order_id"])
    o = order.data
    line = line_of(o, p["code"])
    if line is None:
        raise Rejected("not_on_order", f"{p['code']} is not on this order")
    if line["crossed"] + p["quantity"] > line["quantity"]:
        raise Rejected("invalid_payload", f"quantity: at most {line['quantity'] - line['crossed']} left to cross out")
    line["crossed"] += p["quantity"]
    slip = ctx.create(RETURN, m.id, {
        "order_id": order.id, "order_number": o.get("number"), "customer_id": o["customer_id"],
        "customer_name": o["customer_name"], "reason": "not_wanted", "handling": "cross_out",
        "basis": p["reason"], "lines": [{"code": line["code"], "name": line["name"], "name_zh": line["name_zh"],
                                         "unit_price": line["unit_price"], "quantity": p["quantity"]}],
        "amount": line["unit_price"] * p["quantity"], "video_check": None, "replacement_in_stock": False,
        "status": "awaiting_approval", "customer_signature": None, "approval": None, "received": None,
    })
    o.setdefault("return_ids", []).append(m.id)
    ctx.put(ORDER, order.id, o)
    ctx.result(return_id=m.id, number=slip["number"])
