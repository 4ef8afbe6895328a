"""Gate log (guards): visitors in, out and refused; vehicles in and out.

Rulebook: security 3.3/3.7 (visitors registered; no identification or acting
suspiciously: refused, and the refusal recorded), 2.12/3.8 (vehicles: plate,
time, purpose). Only the type of identification seen and its last four
characters are kept; the gate holds no resident's personal data, only units.
"""
from __future__ import annotations

from functools import partial

from marshmallow import Schema, fields, post_load, validate

from backend.patrol import kinds
from backend.patrol.kinds import VEHICLE, VISIT, photo_list, when, who
from backend.sync_api.kinds import local_time, validator
from sync.kinds import HandlerContext, KindSpec, Registry
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


def _new(ctx: HandlerContext, kind: str, m: Mutation, tz: str, data: dict) -> None:
    if ctx.get(kind, m.id) is not None:
        raise Rejected("duplicate_id", f"a {kind} {m.id} already exists")
    ctx.put(kind, m.id, {"id": m.id, "site_id": m.space, **data,
                         "day": local_time(ctx.corrected_at, tz).date().isoformat(),
                         "time_in": {**who(ctx), **when(ctx, m)}, "time_out": None})


def visitor_in(tz: str, ctx: HandlerContext, m: Mutation) -> None:
    _new(ctx, VISIT, m, tz, {"status": "inside", **m.payload})


def visitor_refused(tz: str, ctx: HandlerContext, m: Mutation) -> None:
    _new(ctx, VISIT, m, tz, {"status": "refused", **m.payload})


def vehicle_in(tz: str, ctx: HandlerContext, m: Mutation) -> None:
    _new(ctx, VEHICLE, m, tz, {"status": "inside", **m.payload})


def _out(kind: str, key: str, ctx: HandlerContext, m: Mutation) -> None:
    entity = ctx.get(kind, m.payload[key])
    if entity is None:
        raise Rejected("not_found", f"no {kind} {m.payload[key]} at this site")
    data = entity.data
    if data["status"] == "refused":
        raise Rejected("refused_visitor", "this visitor was refused entry, so no time out can be recorded")
    if data["time_out"]:
        ctx.flag("already_out", "recorded as left already; the first time out is kept")
        return
    if ctx.corrected_at < data["time_in"]["corrected_at"]:
        ctx.flag("out_before_in", "time out is before time in")
    data["status"], data["time_out"] = "left", {**who(ctx), **when(ctx, m)}
    ctx.put(kind, entity.id, data)


def register(registry: Registry, tz: str) -> None:
    add = registry.add
    add(KindSpec("gate.visitor_in", validator(VisitorIn()), partial(visitor_in, tz), kinds.GUARDS))
    add(KindSpec("gate.visitor_out", validator(VisitOutIn()), partial(_out, VISIT, "visit_id"), kinds.GUARDS))
    add(KindSpec("gate.visitor_refused", validator(RefusedIn()), partial(visitor_refused, tz), kinds.GUARDS))
    add(KindSpec("gate.vehicle_in", validator(VehicleIn()), partial(vehicle_in, tz), kinds.GUARDS))
    add(KindSpec("gate.vehicle_out", validator(VehicleOutIn()), partial(_out, VEHICLE, "vehicle_id"), kinds.GUARDS))
    registry.show(VISIT, kinds.GUARDS)
    registry.show(VEHICLE, kinds.GUARDS)
