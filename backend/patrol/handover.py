"""Shift handover: `handover.write`, `handover.accept`, `handover.refuse`, `handover.review`.

Rulebook: security 3.5 and front desk handover 1-7. The outgoing guard writes
and signs; the incoming guard (another person) accepts or refuses with a
reason, which alerts the supervisor and keeps the outgoing guard on duty; the
supervisor countersigns each day's handovers, and a handover that was not
accepted is countersigned only with a reason. Status only moves forward:
written -> refused -> accepted; a refusal after acceptance is kept but flagged.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.media.fields import image_ref
from backend.patrol.kinds import HANDOVER
from sync import records
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected


class OpenItemIn(Schema):
    text = fields.String(required=True, validate=validate.Length(1, 1000))
    incident_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 80))


class EquipmentIn(Schema):
    item = fields.String(required=True, validate=validate.Length(1, 200))
    ok = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=500))


class SignatureIn(Schema):
    signature = image_ref(required=True)  # the drawn signature, uploaded as an image
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


class ChangesIn(Schema):
    """What a correction of a handover may change (`record.amend`); signatures never."""

    text = fields.String(validate=validate.Length(1, 4000))
    open_items = fields.List(fields.Nested(OpenItemIn), validate=validate.Length(max=50))


def signers(data: dict) -> set[int]:
    """Who signed a handover: neither may give it the supervisor's review signature."""
    return {data["outgoing"]["user_id"]} | ({data["incoming"]["user_id"]} if data["incoming"] else set())


def needs_note(data: dict) -> bool:
    """A handover that was never accepted is countersigned only with a reason."""
    return data["status"] != "accepted"


def _signed(ctx: HandlerContext, m: Mutation) -> dict:
    if not m.payload["pin_confirmed"]:
        raise Rejected("pin_required", "a handover is signed with the signer's PIN")
    return {**ctx.stamp(), "signature": m.payload["signature"], "pin_confirmed": True}


def write(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    ctx.create(HANDOVER, m.id, {
        "status": "written", "text": p["text"], "open_items": p["open_items"], "equipment": p["equipment"],
        "outgoing": _signed(ctx, m), "incoming": None, "refusals": [],
    })


def _handover(ctx: HandlerContext, m: Mutation):
    h = ctx.existing(HANDOVER, m.payload["handover_id"])
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
    data["refusals"].append({"reason": m.payload["reason"], **ctx.stamp()})
    if data["incoming"]:
        ctx.flag("already_accepted", "refused to take over after it was taken over already; it stays taken over")
    else:
        data["status"] = "refused"
        # A refusal goes to the supervisor at once: the review item is the alert.
        ctx.flag("handover_refused", m.payload["reason"])
    ctx.put(HANDOVER, h.id, data)


def review(ctx: HandlerContext, m: Mutation) -> None:
    """`handover.review`: the handover's own name for `record.review`."""
    h = ctx.existing(HANDOVER, m.payload["handover_id"])
    records.review(ctx, ctx.rules(HANDOVER), h, True, m.payload["note"].strip())
