"""Orders (ch. 9.3-9.4, 8.9): taken at the counter or remotely, entered on a phone
or imported from CSV; payment recorded with who recorded it; calls to the customer.

`order.create`, `order.import`, `order.payment`, `order.call`.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.packing import csvimport
from backend.packing.kinds import CUSTOMER, DEFAULT_CLOSING, ORDER
from backend.packing.rules import picking_due
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected


class LineIn(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 60))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = fields.String(load_default="", validate=validate.Length(max=200))
    category = fields.String(required=True, validate=validate.Length(1, 60))
    unit_price = fields.Integer(required=True, strict=True, validate=validate.Range(0, csvimport.MAX_PRICE))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(1, csvimport.MAX_QUANTITY))


class OrderIn(Schema):
    customer_id = fields.String(required=True, validate=validate.Length(1, 80))
    channel = fields.String(required=True, validate=validate.OneOf(["counter", "remote"]))
    ref = fields.String(load_default="", validate=validate.Length(max=60))
    lines = fields.List(fields.Nested(LineIn), required=True, validate=validate.Length(1, 500))


class ImportIn(Schema):
    csv = fields.String(required=True, validate=validate.Length(1, 1_000_000))


class PaymentIn(Schema):
    order_id = fields.String(required=True, validate=validate.Length(1, 80))
    state = fields.String(required=True, validate=validate.OneOf(["paid", "unpaid"]))
    note = fields.String(load_default="", validate=validate.Length(max=500))


class CallIn(Schema):
    order_id = fields.String(required=True, validate=validate.Length(1, 80))
    purpose = fields.String(required=True, validate=validate.OneOf(["after_picking", "dispatch", "return"]))
    reached = fields.Boolean(required=True)
    agreed = fields.String(load_default="", validate=validate.Length(max=2000))


def order_data(ctx: HandlerContext, customer: dict, channel: str, ref: str, lines: list[dict]) -> dict:
    """A new order's record: lines with amounts and counts, payment, picking due."""
    if len({x["code"] for x in lines}) != len(lines):
        raise Rejected("invalid_payload", "lines: an item code is listed twice")
    target, latest = picking_due(ctx.corrected_at, ctx.tz, ctx.setting("closing", DEFAULT_CLOSING))
    out = [{**x, "amount": x["unit_price"] * x["quantity"], "ticked": 0, "defects": [], "crossed": 0,
            "boxes": {}} for x in lines]
    return {
        "ref": ref, "customer_id": customer["id"], "customer_name": customer["name"],
        "channel": channel, "customer_present": channel == "counter",
        "lines": sorted(out, key=lambda x: (x["category"], x["code"])),  # packed sorted by category (ch. 4.5)
        "total": sum(x["amount"] for x in out),
        "payment": {"state": "unpaid"}, "picking_target": target, "picking_due": latest,
        "status": "open", "signatures": [], "customer_signature": None, "calls": [], "box_ids": [],
        "open_box_id": None, "dispatch_id": None,
    }


def _customer(ctx: HandlerContext, customer_id: str) -> dict:
    c = ctx.get(CUSTOMER, customer_id)
    if c is None or c.deleted:
        raise Rejected("customer_unknown", f"no customer {customer_id} at this site")
    return c.data


def create(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    ctx.create(ORDER, m.id, order_data(ctx, _customer(ctx, p["customer_id"]), p["channel"], p["ref"], p["lines"]))
    ctx.result(order_id=m.id)


def import_csv(ctx: HandlerContext, m: Mutation) -> None:
    """All the file's orders, or none: a bad row rejects the whole mutation."""
    def known(cid: str) -> bool:
        c = ctx.get(CUSTOMER, cid) if cid else None
        return c is not None and not c.deleted

    orders, errors = csvimport.parse(m.payload["csv"], known)
    if errors:
        raise Rejected("csv_invalid", "; ".join(f"line {e['line']} {e['field']}: {e['message']}" for e in errors))
    made = []
    for i, o in enumerate(orders):
        order_id = f"{m.id}-{i + 1}"
        record = ctx.create(ORDER, order_id, order_data(ctx, _customer(ctx, o["customer_id"]), o["channel"],
                                                        o["ref"], o["lines"]))
        made.append({"ref": o["ref"], "order_id": order_id, "number": record["number"]})
    ctx.result(orders=made)


def payment(ctx: HandlerContext, m: Mutation) -> None:
    order = ctx.existing(ORDER, m.payload["order_id"])
    o = order.data
    o["payment"] = {"state": m.payload["state"], "note": m.payload["note"], **ctx.stamp()}
    ctx.put(ORDER, order.id, o)


def call(ctx: HandlerContext, m: Mutation) -> None:
    """A phone call to the customer: who, when, reached or not, what was agreed (ch. 9.3, 6)."""
    order = ctx.existing(ORDER, m.payload["order_id"])
    o = order.data
    o["calls"].append({"id": m.id, "purpose": m.payload["purpose"], "reached": m.payload["reached"],
                       "agreed": m.payload["agreed"], **ctx.stamp()})
    ctx.put(ORDER, order.id, o)
    ctx.result(call_id=m.id)
