"""Shift handover: `handover.write`, `handover.accept`, `handover.refuse`, `handover.review`.

Rulebook: security 3.5 and front desk handover 1-7. The outgoing guard writes
and signs; the incoming guard (another person) accepts or refuses with a
reason, which alerts the supervisor and keeps the outgoing guard on duty; the
supervisor countersigns each day's handovers, and a handover that was not
accepted is countersigned only with a reason. Status only moves forward:
written -> refused -> accepted; a refusal after acceptance is kept but flagged.
"""
from __future__ import annotations

from functools import partial

from marshmallow import Schema, fields, validate

from backend.patrol import kinds
from backend.patrol.kinds import HANDOVER, SHA256, when, who
from backend.sync_api.kinds import local_time, validator
from sync.kinds import HandlerContext, KindSpec, Registry
from sync.types import Mutation, Rejected


class OpenItemIn(Schema):
    text = fields.String(required=True, validate=validate.Length(1, 1000))
    incident_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 80))


class EquipmentIn(Schema):
    item = fields.String(required=True, validate=validate.Length(1, 200))
    ok = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=500))


class SignatureIn(Schema):
    signature = fields.String(required=True, validate=SHA256)  # the drawn signature, uploaded as an image
    pin_confirmed = fields.Boolean(required=True)


class WriteIn(SignatureIn):
    text = fields.String(required=True, validate=validate.Length(1, 4000))
    open_items = fields.List(fields.Nested(OpenItemIn), load_default=list, validate=validate.Length(max=50))
    equipment = fields.List(fields.Nested(EquipmentIn), load_default=list, validate=validate.Length(max=50))


class AcceptIn(SignatureIn):
    handover_id = fields.String(required=True, validate=validate.Length(1, 80))


class RefuseIn(Schema):
    handover_id = fields.String(required=True, validate=validate.Length(1, 80))
    reason = fields.String(required=True, validate=validate.Length(1, 1000))


class ReviewIn(Schema):
    handover_id = fields.String(required=True, validate=validate.Length(1, 80))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


def _signed(ctx: HandlerContext, m: Mutation) -> dict:
    if not m.payload["pin_confirmed"]:
        raise Rejected("pin_required", "a handover is signed with the signer's PIN")
    return {**who(ctx), **when(ctx, m), "signature": m.payload["signature"], "pin_confirmed": True}


def write(tz: str, ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    if ctx.get(HANDOVER, m.id) is not None:
        raise Rejected("duplicate_id", f"a handover {m.id} already exists")
    ctx.put(HANDOVER, m.id, {
        "id": m.id, "site_id": m.space, "status": "written", "text": p["text"],
        "open_items": p["open_items"], "equipment": p["equipment"], "outgoing": _signed(ctx, m),
        "incoming": None, "refusals": [], "review": None,
        "day": local_time(ctx.corrected_at, tz).date().isoformat(),
    })


def _handover(ctx: HandlerContext, m: Mutation):
    h = ctx.get(HANDOVER, m.payload["handover_id"])
    if h is None:
        raise Rejected("not_found", f"no handover {m.payload['handover_id']} at this site")
    if h.data["outgoing"]["user_id"] == ctx.user.id:
        raise Rejected("same_person", "the outgoing person cannot also take over")
    return h


def accept(ctx: HandlerContext, m: Mutation) -> None:
    h = _handover(ctx, m)
    data = h.data
    if data["incoming"]:
        ctx.flag("already_accepted", f"taken over already by {data['incoming']['user_name']}")
        return
    data["status"], data["incoming"] = "accepted", _signed(ctx, m)
    ctx.put(HANDOVER, h.id, data)


def refuse(ctx: HandlerContext, m: Mutation) -> None:
    h = _handover(ctx, m)
    data = h.data
    data["refusals"].append({"reason": m.payload["reason"], **who(ctx), **when(ctx, m)})
    if data["incoming"]:
        ctx.flag("already_accepted", "refused to take over after it was taken over already; it stays taken over")
    else:
        data["status"] = "refused"
        # A refusal goes to the supervisor at once: the review item is the alert.
        ctx.flag("handover_refused", m.payload["reason"])
    ctx.put(HANDOVER, h.id, data)


def review(ctx: HandlerContext, m: Mutation) -> None:
    h = ctx.get(HANDOVER, m.payload["handover_id"])
    if h is None:
        raise Rejected("not_found", f"no handover {m.payload['handover_id']} at this site")
    data, note = h.data, m.payload["note"].strip()
    signers = {data["outgoing"]["user_id"]} | ({data["incoming"]["user_id"]} if data["incoming"] else set())
    if ctx.user.id in signers:
        raise Rejected("self_review", "a supervisor cannot countersign a handover they signed")
    if data["status"] != "accepted" and not note:
        raise Rejected("reason_required", f"this handover is {data['status']}, not taken over: give a reason")
    if data["review"]:
        ctx.flag("already_countersigned", f"countersigned already by {data['review']['user_name']}")
        return
    data["review"] = {"note": note, "status_at_review": data["status"], **who(ctx), **when(ctx, m)}
    ctx.put(HANDOVER, h.id, data)


def register(registry: Registry, tz: str) -> None:
    registry.add(KindSpec("handover.write", validator(WriteIn()), partial(write, tz), kinds.GUARDS))
    registry.add(KindSpec("handover.accept", validator(AcceptIn()), accept, kinds.GUARDS))
    registry.add(KindSpec("handover.refuse", validator(RefuseIn()), refuse, kinds.GUARDS))
    registry.add(KindSpec("handover.review", validator(ReviewIn()), review, kinds.SUPERVISORS))
    registry.show(HANDOVER, kinds.GUARDS)
