"""The customer file's service side (客戶檔案, ch. 13; issue 12 item 9): contact
person, interests, opinion of the company, suggestions; purchase, service and
demand records; the urgency of an enquirer; "notify when in stock" for an item
they want. Seen by the front desk and customer service (supervisors) only, so it
is a record of its own (`customer.profile`, one per customer file, the same id):
packers, who see the customer's name and address for their orders, never pull it.

`customer.profile` sets the descriptive fields given (the others stay);
`customer.record` adds a purchase, service, demand or enquiry record (kept in the
order of their corrected time); `customer.notified` marks a wanted item as told.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

PROFILE = "customer.profile"
CUSTOMER = "customer"
PROFILE_READERS = frozenset({"frontdesk", "supervisor", "admin"})  # desk and customer service; never packers, guards
RECORDS = ("purchase", "service", "demand", "enquiry")
URGENCY = ("low", "normal", "urgent")
ID = validate.Length(1, 80)
EMPTY = {"contact_person": "", "interests": [], "opinion": "", "suggestions": "", "records": []}


class ProfileIn(Schema):
    customer_id = fields.String(required=True, validate=ID)
    contact_person = fields.String(validate=validate.Length(max=200))
    interests = fields.List(fields.String(validate=validate.Length(1, 100)), validate=validate.Length(max=30))
    opinion = fields.String(validate=validate.Length(max=2000))       # their opinion of the company
    suggestions = fields.String(validate=validate.Length(max=2000))

    @validates_schema
    def _something(self, data, **kw):
        if len(data) == 1:
            raise ValidationError("change at least one field of the customer file", "customer_id")


class RecordIn(Schema):
    customer_id = fields.String(required=True, validate=ID)
    type = fields.String(required=True, validate=validate.OneOf(RECORDS))
    text = fields.String(required=True, validate=validate.Length(1, 2000))
    item_code = fields.String(load_default="", validate=validate.Length(max=60))
    amount = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 100_000_000))  # a purchase
    urgency = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(URGENCY))  # an enquirer's
    notify_when_in_stock = fields.Boolean(load_default=False)  # a demand for an item not in stock

    @validates_schema
    def _fits(self, data, **kw):
        if data["type"] == "enquiry" and data["urgency"] is None:
            raise ValidationError("an enquirer's urgency: low, normal or urgent", "urgency")
        if data["type"] != "enquiry" and data["urgency"] is not None:
            raise ValidationError("only an enquiry has an urgency", "urgency")
        if data["notify_when_in_stock"] and (data["type"] != "demand" or not data["item_code"].strip()):
            raise ValidationError("notify when in stock: a demand for an item, by its code", "item_code")


class NotifiedIn(Schema):
    customer_id = fields.String(required=True, validate=ID)
    record_id = fields.String(required=True, validate=ID)
    note = fields.String(load_default="", validate=validate.Length(max=500))


def _profile(ctx: HandlerContext, customer_id: str) -> tuple[dict, bool]:
    """The customer's profile (new when it has none); the customer file must exist."""
    ctx.existing(CUSTOMER, customer_id)
    found = ctx.get(PROFILE, customer_id)
    return (found.data, True) if found is not None else ({"customer_id": customer_id, **EMPTY}, False)


def _save(ctx: HandlerContext, customer_id: str, data: dict, existed: bool) -> None:
    (ctx.put if existed else ctx.create)(PROFILE, customer_id, data)


def set_profile(ctx: HandlerContext, m: Mutation) -> None:
    data, existed = _profile(ctx, m.payload["customer_id"])
    changes = {k: v for k, v in m.payload.items() if k != "customer_id"}
    if "interests" in changes:
        changes["interests"] = list(dict.fromkeys(i.strip() for i in changes["interests"] if i.strip()))
    _save(ctx, m.payload["customer_id"], data | changes, existed)


def add_record(ctx: HandlerContext, m: Mutation) -> None:
    p, s = m.payload, ctx.stamp()
    data, existed = _profile(ctx, p["customer_id"])
    at = min(s["corrected_at"], s["received_at"])
    record = {k: p[k] for k in ("type", "text", "item_code", "amount", "urgency", "notify_when_in_stock")} | {
        "id": m.id, "at": at, "day": ctx.day(at), "user_id": s["user_id"], "user_name": s["user_name"],
        "notified": None}
    data["records"] = sorted(data["records"] + [record], key=lambda r: r["at"])
    _save(ctx, p["customer_id"], data, existed)


def notified(ctx: HandlerContext, m: Mutation) -> None:
    """The customer was told the item they wanted is in stock."""
    p, s = m.payload, ctx.stamp()
    data, existed = _profile(ctx, p["customer_id"])
    wanted = next((r for r in data["records"] if r["id"] == p["record_id"] and r["notify_when_in_stock"]), None)
    if wanted is None:
        raise Rejected("not_found", "no wanted item with that id in this customer file")
    if wanted["notified"] is not None:
        ctx.flag("already_notified", f"told already by {wanted['notified']['user_name']}; kept")
        return
    wanted["notified"] = {"at": min(s["corrected_at"], s["received_at"]), "user_id": s["user_id"],
                          "user_name": s["user_name"], "note": p["note"]}
    _save(ctx, p["customer_id"], data, existed)


def waiting(profiles: list[dict], item_code: str | None = None) -> list[dict]:
    """The wanted items not yet told, oldest first (optionally of one item): whom to call when it comes in."""
    out = [{"customer_id": p["customer_id"], **r} for p in profiles for r in p["records"]
           if r["notify_when_in_stock"] and r["notified"] is None
           and (item_code is None or r["item_code"].casefold() == item_code.casefold())]
    return sorted(out, key=lambda r: r["at"])
