"""Customer files (客戶檔案, ch. 9.1, 2.2, 4.1): a new customer is registered
(name, phone, address) before settlement. Wholesale or franchise; a franchise
carries its contract's return ratio. `customer.register`; corrections through
`record.amend` (the original stays readable)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from sync.kinds import HandlerContext
from sync.types import Mutation

CUSTOMER = "customer"
READERS = frozenset({"packer", "frontdesk", "supervisor", "admin"})  # never guards (archives 11.2.6)
LANGUAGES = ["en", "zh-Hant"]
EMAIL = validate.Regexp(r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", error="an email address, or nothing")


class CustomerIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    phone = fields.String(required=True, validate=validate.Regexp(r"^\+?[0-9 ()-]{6,30}$",
                                                                  error="a phone number: digits, spaces, + ( ) -"))
    address = fields.String(required=True, validate=validate.Length(1, 500))
    email = fields.String(load_default="", validate=[EMAIL, validate.Length(max=200)])
    type = fields.String(required=True, validate=validate.OneOf(["wholesale", "franchise"]))
    return_ratio = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 1))
    shipping = fields.String(load_default="self_collect", validate=validate.Length(1, 60))
    language = fields.String(load_default="zh-Hant", validate=validate.OneOf(LANGUAGES))

    @validates_schema
    def _ratio(self, data, **_):
        if data["type"] == "franchise" and data.get("return_ratio") is None:
            raise ValidationError("a franchise carries its contract's return ratio", "return_ratio")
        if data["type"] == "wholesale" and data.get("return_ratio") is not None:
            raise ValidationError("only a franchise has a return ratio", "return_ratio")


class CustomerChangesIn(Schema):
    name = fields.String(validate=validate.Length(1, 200))
    phone = fields.String(validate=validate.Regexp(r"^\+?[0-9 ()-]{6,30}$"))
    address = fields.String(validate=validate.Length(1, 500))
    email = fields.String(validate=[EMAIL, validate.Length(max=200)])
    return_ratio = fields.Float(allow_none=True, validate=validate.Range(0, 1))
    shipping = fields.String(validate=validate.Length(1, 60))
    language = fields.String(validate=validate.OneOf(LANGUAGES))


def register(ctx: HandlerContext, m: Mutation) -> None:
    ctx.create(CUSTOMER, m.id, dict(m.payload))
    ctx.result(customer_id=m.id)
