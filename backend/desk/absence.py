"""Leaving the desk (front desk rule 2): the desk is never left unattended.

The person at the desk asks to leave (`desk.leave`: why, for how long, who
covers); a superior approves or refuses it with their own PIN proof
(`desk.leave_approve`, an approval kind: PROTOCOL.md P8); coming back is recorded
(`desk.back`). Leaving and coming back without a superior's approval is kept and
flagged `left_without_approval`, a review item for the supervisor.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

ABSENCE = "desk.absence"
ID = validate.Length(1, 80)


class LeaveIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(1, 500))
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(1, 480))
    cover_name = fields.String(required=True, validate=validate.Length(1, 200))
    cover_user_id = fields.Integer(load_default=None, allow_none=True, strict=True)


class ApproveIn(Schema):
    absence_id = fields.String(required=True, validate=ID)
    approved = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=500))


class BackIn(Schema):
    absence_id = fields.String(required=True, validate=ID)


def leave(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    if p["cover_user_id"] == ctx.user.id:
        raise Rejected("same_person", "someone else covers the desk")
    ctx.create(ABSENCE, m.id, {
        "status": "asked", "reason": p["reason"], "minutes": p["minutes"],
        "cover": {"user_id": p["cover_user_id"], "name": p["cover_name"]},
        "left": ctx.stamp(), "approval": None, "back": None,
    })


def approve(ctx: HandlerContext, m: Mutation) -> None:
    a = ctx.existing(ABSENCE, m.payload["absence_id"])
    data = a.data
    if data["left"]["user_id"] == ctx.user.id:
        raise Rejected("same_person", "a superior approves leaving the desk, not the person leaving")
    if data["approval"]:
        ctx.flag("already_decided", f"decided already by {data['approval']['user_name']}; the first answer is kept")
        return
    data["approval"] = {"approved": m.payload["approved"], "note": m.payload["note"], **ctx.stamp()}
    if data["status"] == "asked":
        data["status"] = "approved" if m.payload["approved"] else "refused"
    ctx.put(ABSENCE, a.id, data)


def back(ctx: HandlerContext, m: Mutation) -> None:
    a = ctx.existing(ABSENCE, m.payload["absence_id"])
    data = a.data
    if data["back"]:
        ctx.flag("already_back", "back at the desk was recorded already; the first is kept")
        return
    data["back"] = ctx.stamp()
    if not (data["approval"] and data["approval"]["approved"]):
        ctx.flag("left_without_approval", f"{data['left']['user_name']} left the desk ({data['reason'][:100]}), "
                 f"covered by {data['cover']['name']}, without a superior's approval")
    data["status"] = "back"
    ctx.put(ABSENCE, a.id, data)
