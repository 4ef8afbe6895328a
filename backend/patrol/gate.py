"""Gate log (guards): visitors in, out and refused; vehicles in and out.

Rulebook: security 3.3/3.7 (visitors registered; no identification or acting
suspiciously: refused, and the refusal recorded), 2.12/3.8 (vehicles: plate,
time, purpose). Only the type of identification seen and its last four
characters are kept; the gate holds no resident's personal data, only units.
"""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from backend.media.fields import photo_list
from backend.patrol.kinds import VEHICLE, VISIT
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

ID_TYPES = ("hkid", "passport", "mainland_permit", "driving_licence", "staff_card", "other")
REFUSALS = ("no_identification", "suspicious", "other")
LAST4 = validate.Regexp(r"^[A-Za-z0-9]{1,4}$", error="only the last four letters or digits of the document")
UNIT = validate.Length(1, 40)


class VisitorIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    id_type = fields.String(required=True, validate=validate.OneOf(ID_TYPES))
    id_last4 = fields.String(required=True, validate=LAST4)
    unit = fields.String(required=True, validate=UNIT)
    purpose = fields.String(required=True, validate=validate.Length(1, 300))
    photos = photo_list()


class RefusedIn(Schema):
    name = fields.String(load_default="", validate=validate.Length(max=200))
    id_type = fields.String(load_default="none", validate=validate.OneOf(ID_TYPES + ("none",)))
    id_last4 = fields.String(load_default="", validate=validate.Regexp(r"^[A-Za-z0-9]{0,4}$"))
    unit = fields.String(load_default="", validate=validate.Length(max=40))
    purpose = fields.String(load_default="", validate=validate.Length(max=300))
    reason = fields.String(required=True, validate=validate.OneOf(REFUSALS))
    note = fields.String(load_default="", validate=validate.Length(max=1000))
    photos = photo_list()


class VisitOutIn(Schema):
    visit_id = fields.String(required=True, validate=validate.Length(1, 80))


class VehicleIn(Schema):
    plate = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9 -]{1,12}$"))
    unit = fields.String(required=True, validate=UNIT)
    purpose = fields.String(required=True, validate=validate.Length(1, 300))
    photos = photo_list()

    @post_load
    def _plate(self, data, **_):
        data["plate"] = " ".join(data["plate"].upper().split())
        return data


class VehicleOutIn(Schema):
    vehicle_id = fields.String(required=True, validate=validate.Length(1, 80))


class VisitChangesIn(Schema):
    """What a correction of a visitor or refusal record may change (`record.amend`)."""

    name = fields.String(validate=validate.Length(1, 200))
    id_type = fields.String(validate=validate.OneOf(ID_TYPES + ("none",)))
    id_last4 = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9]{0,4}$"))
    unit = fields.String(validate=validate.Length(max=40))
    purpose = fields.String(validate=validate.Length(max=300))
    note = fields.String(validate=validate.Length(max=1000))


class VehicleChangesIn(Schema):
    """What a correction of a vehicle record may change (`record.amend`)."""

    plate = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9 -]{1,12}$"))
    unit = fields.String(validate=UNIT)
    purpose = fields.String(validate=validate.Length(1, 300))


def visit_number(data: dict) -> str:
    """Refusals are numbered apart: the refusal register is its own form."""
    return "REF" if data["status"] == "refused" else "VIS"


def _new(ctx: HandlerContext, kind: str, m: Mutation, data: dict) -> None:
    ctx.create(kind, m.id, {**data, "time_in": ctx.stamp(), "time_out": None})


def visitor_in(ctx: HandlerContext, m: Mutation) -> None:
    _new(ctx, VISIT, m, {"status": "inside", **m.payload})


def visitor_refused(ctx: HandlerContext, m: Mutation) -> None:
    _new(ctx, VISIT, m, {"status": "refused", **m.payload})


def vehicle_in(ctx: HandlerContext, m: Mutation) -> None:
    _new(ctx, VEHICLE, m, {"status": "inside", **m.payload})


def _out(kind: str, key: str, ctx: HandlerContext, m: Mutation) -> None:
    entity = ctx.existing(kind, m.payload[key])
    data = entity.data
    if data["status"] == "refused":
        raise Rejected("refused_visitor", "this visitor was refused entry, so no time out can be recorded")
    if data["time_out"]:
        ctx.flag("already_out", "recorded as left already; the first time out is kept")
        return
    if ctx.corrected_at < data["time_in"]["corrected_at"]:
        ctx.flag("out_before_in", "time out is before time in")
    data["status"], data["time_out"] = "left", ctx.stamp()
    ctx.put(kind, entity.id, data)


def visitor_out(ctx: HandlerContext, m: Mutation) -> None:
    _out(VISIT, "visit_id", ctx, m)


def vehicle_out(ctx: HandlerContext, m: Mutation) -> None:
    _out(VEHICLE, "vehicle_id", ctx, m)
