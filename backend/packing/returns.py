"""Returns and exchanges (ch. 11; complaints art. 13).

`return.slip`: a return slip with reason, handling and basis; the phone applies
the rules (rules.return_refusal) and the server applies them again.
`return.customer_sign`: the customer signs a slip, or, when absent, the recorded
call stands for it. `return.approve` (the department manager; an approval).
`return.receive`: the warehouse counts the goods that actually came back and
signs; approved and actual quantities are reconciled, a difference flagged.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.packing.kinds import CUSTOMER, ORDER, RETURN
from backend.packing.rules import return_refusal
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

ID = validate.Length(1, 80)


class ReturnLineIn(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 60))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(1, 10_000))


class VideoCheckIn(Schema):
    at = fields.Integer(required=True, strict=True)
    outcome = fields.String(required=True, validate=validate.OneOf(["defect_confirmed", "no_defect"]))
    note = fields.String(load_default="", validate=validate.Length(max=500))


class SlipIn(Schema):
    order_id = fields.String(required=True, validate=ID)
    lines = fields.List(fields.Nested(ReturnLineIn), required=True, validate=validate.Length(1, 500))
    reason = fields.String(required=True, validate=validate.OneOf(["wrong_goods", "quality_defect"]))
    handling = fields.String(required=True, validate=validate.OneOf(["exchange", "return"]))
    basis = fields.String(required=True, validate=validate.Length(1, 1000))
    video_check = fields.Nested(VideoCheckIn, load_default=None, allow_none=True)
    replacement_in_stock = fields.Boolean(load_default=True)


class CustomerSignIn(Schema):
    return_id = fields.String(required=True, validate=ID)
    name = fields.String(load_default="", validate=validate.Length(max=200))
    call_id = fields.String(load_default="", validate=validate.Length(max=80))

    @validates_schema
    def _one(self, data, **_):
        if not data["name"] and not data["call_id"]:
            raise ValidationError("the customer's name as signed, or the recorded call", "name")


class ApproveIn(Schema):
    return_id = fields.String(required=True, validate=ID)
    approved = fields.Boolean(load_default=True)
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class ReceiveIn(Schema):
    return_id = fields.String(required=True, validate=ID)
    lines = fields.List(fields.Nested(ReturnLineIn), required=True, validate=validate.Length(0, 500))


def slip(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    order = ctx.existing(ORDER, p["order_id"])
    o = order.data
    customer = ctx.existing(CUSTOMER, o["customer_id"]).data
    lines = []
    for x in p["lines"]:
        line = next((y for y in o["lines"] if y["code"] == x["code"]), None)
        if line is None:
            raise Rejected("not_on_order", f"{x['code']} is not on this order")
        if x["quantity"] > line["ticked"]:
            raise Rejected("invalid_payload", f"lines: {x['code']}: {line['ticked']} were sent")
        lines.append({"code": x["code"], "name": line["name"], "name_zh": line["name_zh"],
                      "unit_price": line["unit_price"], "quantity": x["quantity"]})
    data = {"order_id": order.id, "order_number": o.get("number"), "customer_id": customer["id"],
            "customer_name": customer["name"], "reason": p["reason"], "handling": p["handling"],
            "basis": p["basis"], "lines": lines, "amount": sum(x["unit_price"] * x["quantity"] for x in lines),
            "video_check": p["video_check"], "replacement_in_stock": p["replacement_in_stock"],
            "status": "awaiting_approval", "customer_signature": None, "approval": None, "received": None}
    before = sum(ctx.existing(RETURN, i).data["amount"] for i in o.get("return_ids", []))
    refusal = return_refusal(customer, o, data, before)
    if refusal:
        raise Rejected(refusal, "the returns rules do not allow this slip")
    record = ctx.create(RETURN, m.id, data)
    o.setdefault("return_ids", []).append(m.id)
    ctx.put(ORDER, order.id, o)
    ctx.result(return_id=m.id, number=record["number"])


def customer_sign(ctx: HandlerContext, m: Mutation) -> None:
    target = ctx.existing(RETURN, m.payload["return_id"])
    r = target.data
    if m.payload["call_id"]:
        calls = ctx.existing(ORDER, r["order_id"]).data["calls"]
        if not any(c["id"] == m.payload["call_id"] and c["reached"] for c in calls):
            raise Rejected("call_unknown", "no call that reached the customer has this id")
    r["customer_signature"] = {"name": m.payload["name"], "call_id": m.payload["call_id"] or None, **ctx.stamp()}
    ctx.put(RETURN, target.id, r)


def approve(ctx: HandlerContext, m: Mutation) -> None:
    target = ctx.existing(RETURN, m.payload["return_id"])
    r = target.data
    if r["approval"] is not None:
        raise Rejected("already_approved", "the manager has signed this slip already")
    if r["author_id"] == ctx.user.id:
        raise Rejected("self_review", "the handler does not approve their own slip")
    if not m.payload["approved"] and not m.payload["note"]:
        raise Rejected("note_required", "say why the slip is not approved")
    r["approval"] = {"approved": m.payload["approved"], "note": m.payload["note"], **ctx.stamp()}
    r["status"] = "approved" if m.payload["approved"] else "refused"
    ctx.put(RETURN, target.id, r)


def receive(ctx: HandlerContext, m: Mutation) -> None:
    target = ctx.existing(RETURN, m.payload["return_id"])
    r = target.data
    if r["status"] != "approved":
        raise Rejected("not_approved", "goods come back against an approved slip")
    if r["received"] is not None:
        raise Rejected("already_received", "the goods of this slip were counted already")
    actual = {x["code"]: x["quantity"] for x in m.payload["lines"]}
    approved = {x["code"]: x["quantity"] for x in r["lines"]}
    differences = {c: {"approved": approved.get(c, 0), "actual": actual.get(c, 0)}
                   for c in sorted(set(actual) | set(approved)) if approved.get(c, 0) != actual.get(c, 0)}
    r["received"] = {"lines": m.payload["lines"], "differences": differences, **ctx.stamp()}
    r["status"] = "received"
    ctx.put(RETURN, target.id, r)
    if differences:
        ctx.flag("return_quantity_differs", "; ".join(f"{c}: approved {d['approved']}, came back {d['actual']}"
                                                      for c, d in differences.items()))
