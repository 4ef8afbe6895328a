"""Request shapes of the equipment set-up API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.changelog.schemas import reason_field
from backend.equipment.kinds import TYPES


class SiteQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))


class ExpiringQuery(SiteQuery):
    days = fields.Integer(load_default=30, validate=validate.Range(0, 366))


class LabelQuery(SiteQuery):
    ids = fields.List(fields.String(), load_default=list)


class ItemIn(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = fields.String(load_default="", validate=validate.Length(max=200))
    checkpoint_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 40))
    location = fields.String(load_default="", validate=validate.Length(max=300))
    floor = fields.String(load_default="", validate=validate.Length(max=20))
    expires_on = fields.Date(load_default=None, allow_none=True)  # expiry or next service


class ItemPatch(Schema):
    type = fields.String(validate=validate.OneOf(TYPES))
    name = fields.String(validate=validate.Length(1, 200))
    name_zh = fields.String(validate=validate.Length(max=200))
    checkpoint_id = fields.String(allow_none=True, validate=validate.Length(1, 40))
    location = fields.String(validate=validate.Length(max=300))
    floor = fields.String(validate=validate.Length(max=20))
    expires_on = fields.Date(allow_none=True)
    active = fields.Boolean()


class PostItemIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    name_zh = fields.String(load_default="", validate=validate.Length(max=100))


class PostIn(Schema):
    reason = reason_field(False)
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = fields.String(load_default="", validate=validate.Length(max=200))
    items = fields.List(fields.Nested(PostItemIn), required=True, validate=validate.Length(1, 50))
    desk = fields.Boolean(load_default=False)  # the front desk: its list is the desk's handover checklist


class PostPatch(Schema):
    reason = reason_field(True)
    name = fields.String(validate=validate.Length(1, 200))
    name_zh = fields.String(validate=validate.Length(max=200))
    items = fields.List(fields.Nested(PostItemIn), validate=validate.Length(1, 50))
    desk = fields.Boolean()
    active = fields.Boolean()
