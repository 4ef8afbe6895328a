"""Signing the bill and sealing the boxes (ch. 5.1-5.2, 5.1E).

`packing.sign` (an approval: only the signer's own PIN proof will do): the
checker signs the bill; with the customer absent a second, different staff
member signs too. The same person twice is refused. `packing.customer_sign`:
the present customer checks the box and signs on the packer's screen.
`packing.seal`: the box's contents are fixed and its label, signed offline by
this phone, is checked; the seal is applied (seals.py: a number used on another
box, or one the site's registry does not hold or did not issue, is flagged).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.media.fields import image_ref
from backend.packing import labels, seals
from backend.packing.kinds import BOX, ORDER
from backend.packing.rules import may_seal, signatures_complete
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

ID = validate.Length(1, 80)


class SignIn(Schema):
    order_id = fields.String(required=True, validate=ID)
    name_checked = fields.Boolean(required=True, validate=validate.Equal(True, error="check the customer's name first"))


class CustomerSignIn(Schema):
    order_id = fields.String(required=True, validate=ID)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    signature = image_ref(load_default=None, allow_none=True)  # drawn on the packer's screen (a PNG in /api/media)


class SealIn(Schema):
    box_id = fields.String(required=True, validate=ID)
    seal_number = fields.String(load_default="", validate=validate.Length(max=40))
    label = fields.String(required=True, validate=validate.Length(1, 2000))


def sign(ctx: HandlerContext, m: Mutation) -> None:
    order = ctx.existing(ORDER, m.payload["order_id"])
    o = order.data
    if not any(x["ticked"] for x in o["lines"]):
        raise Rejected("nothing_counted", "count the goods before signing the bill")
    if any(s["user_id"] == ctx.user.id for s in o["signatures"]):
        raise Rejected("same_signer", f"{ctx.user.name} has signed this bill already: a second person signs")
    needed = 1 if o["customer_present"] else 2
    if len(o["signatures"]) >= needed:
        raise Rejected("already_signed", "the bill has all its staff signatures")
    o["signatures"].append({"role": "checker" if not o["signatures"] else "second_checker", **ctx.stamp()})
    if signatures_complete(o):
        o["status"] = "signed"
    ctx.put(ORDER, order.id, o)
    ctx.result(signatures=len(o["signatures"]), complete=signatures_complete(o))


def customer_sign(ctx: HandlerContext, m: Mutation) -> None:
    order = ctx.existing(ORDER, m.payload["order_id"])
    o = order.data
    if not o["customer_present"]:
        raise Rejected("customer_absent", "an absent customer's bill is signed by two staff")
    o["customer_signature"] = {"name": m.payload["name"], "signature": m.payload["signature"], **ctx.stamp()}
    if signatures_complete(o):
        o["status"] = "signed"
    ctx.put(ORDER, order.id, o)


def seal(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    box = ctx.existing(BOX, p["box_id"])
    b = box.data
    order = ctx.existing(ORDER, b["order_id"])
    o = order.data
    refusal = may_seal(o, b)
    if refusal:
        raise Rejected(refusal, {"already_sealed": "this box is sealed already", "box_empty": "nothing is in this box",
                                 "unpaid": "record the payment before sealing",
                                 "not_signed": "the bill is not signed yet"}[refusal])
    result, found = labels.check(p["label"], labels.devices(ctx), m.space)
    if result != "intact" or labels.signer(p["label"]) != ctx.device_id:
        raise Rejected("label_forged", "the label is not signed by this phone")
    if found.get(2) != box.id or found.get(12) != order.id or found.get(10) != p["seal_number"]:
        raise Rejected("label_mismatch", "the label names another box, order or seal")
    if found.get(11) != labels.digest(box.id, b["contents"]) or found.get(9) != sum(b["contents"].values()):
        # Another phone's ticks reached the server first: the label is kept, the difference shown.
        ctx.flag("label_mismatch", "the box holds other goods than its label says")
    b["sealed"] = {"seal_number": p["seal_number"], "label": p["label"], "items": found.get(9),
                   "digest": found.get(11).hex(), **ctx.stamp()}
    ctx.put(BOX, box.id, b)
    if p["seal_number"]:
        seals.apply(ctx, p["seal_number"], box.id, order.id)
    if o["open_box_id"] == box.id:
        o["open_box_id"] = None
    if all(ctx.existing(BOX, i).data["sealed"] is not None for i in o["box_ids"] if i != box.id):
        o["status"] = "sealed"
    ctx.put(ORDER, order.id, o)
    ctx.result(box_id=box.id, sealed=True)
