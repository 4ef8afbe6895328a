"""Goods release (front desk 3): goods go out only with the unit owner's consent.

The desk records the goods (list, counts, photos) for a pass holder or a named
person of a unit (a tenant moving out holds no pass), then the owner's answer
(`permit.consent`: by phone, who called the number on file and when, or in
person, signed). Only a yes makes the single-use signed permit. At the exit the
guard scans it offline, ticks the items, takes a photo (`permit.scan`); the
permit is used; a second use is flagged `permit_used_twice`, the first
timestamp winning. Site setting `permit_valid_hours` (default 24).
"""
from __future__ import annotations

import uuid

from marshmallow import Schema, fields, validate

from backend.media.fields import photo_list
from backend.passes import signed
from backend.passes.kinds import PERMIT, PERMIT_GATE, PERMIT_USE, UNIT
from backend.passes.passes import ConsentIn, consent
from backend.passes.rules import VALID, token_id, verdict
from sync.kinds import HandlerContext
from sync.types import Mutation


def window(p: dict) -> int | None:
    """A permit's window on phones (sync/window.py), for the desk's and the gate's
    copy: open while awaiting the owner's consent, needed while approved until
    it expires, closed once used or refused."""
    if p.get("status") == "awaiting_consent":
        return None
    return p["valid_until_s"] * 1000 if p.get("status") == "approved" and p.get("valid_until_s") else 0


SINGLE_USE = 9


class GoodsLine(Schema):
    item = fields.String(required=True, validate=validate.Length(1, 200))
    count = fields.Integer(required=True, strict=True, validate=validate.Range(1, 10_000))


class RequestIn(Schema):
    goods = fields.List(fields.Nested(GoodsLine), required=True, validate=validate.Length(1, 50))
    photos = photo_list()
    unit = fields.String(required=True, validate=validate.Length(1, 40))
    holder_name = fields.String(required=True, validate=validate.Length(1, 200))
    pass_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 80))
    note = fields.String(load_default="", validate=validate.Length(max=500))


class ChangesIn(Schema):
    """What a correction of a permit record may change (the goods are signed off by the owner)."""

    note = fields.String(validate=validate.Length(max=500))


class PermitConsentIn(ConsentIn):
    permit_id = fields.String(required=True, validate=validate.Length(1, 80))


class ScanIn(Schema):
    token = fields.String(required=True, validate=validate.Length(1, 2000))
    gate = fields.String(required=True, validate=validate.Length(1, 40))
    shown = fields.String(required=True, validate=validate.Length(1, 40))
    ticked = fields.List(fields.Integer(strict=True, validate=validate.Range(0, 49)), load_default=list)
    photos = photo_list()


def claims(p: dict) -> dict:
    """A permit's signed claims: no names, no goods (the exit reads them from `permit.gate`)."""
    return {1: "permit", 2: uuid.UUID(p["id"]).bytes, 3: p["site_id"], 4: p["valid_from_s"],
            5: p["valid_until_s"], UNIT: p["unit"], SINGLE_USE: 1}


def gate_view(p: dict) -> dict:
    return {k: p.get(k) for k in ("id", "site_id", "number", "unit", "holder_name", "pass_id", "goods",
                                  "photos", "status", "valid_from_s", "valid_until_s", "used", "uses")}


def _save(ctx: HandlerContext, p: dict) -> None:
    ctx.put(PERMIT, p["id"], p)
    ctx.put(PERMIT_GATE, p["id"], gate_view(p))


def request(ctx: HandlerContext, m: Mutation) -> None:
    p = ctx.create(PERMIT, m.id, {**m.payload, "status": "awaiting_consent", "consent": None,
                                  "valid_from_s": None, "valid_until_s": None, "used": None, "uses": []})
    ctx.put(PERMIT_GATE, m.id, gate_view(p))


def give_consent(ctx: HandlerContext, m: Mutation) -> None:
    p = ctx.existing(PERMIT, m.payload["permit_id"]).data
    if p["status"] != "awaiting_consent":
        ctx.flag("already_decided", f"the permit is {p['status']}; the first answer is kept")
        return
    p["consent"] = consent(ctx, m.payload)
    if m.payload["answer"] == "yes":
        start = min(ctx.corrected_at, ctx.received_at) // 1000
        p["status"], p["valid_from_s"] = "approved", start
        p["valid_until_s"] = start + 3600 * ctx.setting("permit_valid_hours", 24)
    else:
        p["status"] = "refused"
    _save(ctx, p)


def scan(ctx: HandlerContext, m: Mutation) -> None:
    pl = m.payload
    found, reason = signed.check(ctx, pl["token"], ctx.corrected_at)
    permit_id = token_id(found) if found else ""
    entity = ctx.get(PERMIT, permit_id) if permit_id else None
    if found:
        reason = verdict(found, kind="permit", site_id=ctx.mutation.space, gate=pl["gate"],
                         now_ms=ctx.corrected_at, tz=ctx.tz, revoked_at=None)
    if entity is None and found:
        reason = "not_found"
    ctx.create(PERMIT_USE, m.id, {"permit_id": permit_id, "gate": pl["gate"], "shown": pl["shown"],
                                  "verdict": reason, "ticked": pl["ticked"], "photos": pl["photos"],
                                  "at": ctx.stamp()})
    ctx.result(verdict=reason)
    if pl["shown"] != VALID or entity is None:
        return
    p = entity.data
    if reason != VALID:
        ctx.flag("outside_window" if reason in ("expired", "not_yet_valid") else "invalid_pass", reason)
    use = {"use_id": m.id, "at": ctx.corrected_at, "gate": pl["gate"], "ticked": pl["ticked"]}
    earlier = p["uses"]
    p["uses"] = sorted(earlier + [use], key=lambda u: (u["at"], u["use_id"]))
    p["used"] = p["uses"][0]          # the first timestamp wins
    p["status"] = "used"
    if earlier:
        first, second = p["uses"][0], p["uses"][1]
        ctx.flag("permit_used_twice", f"used {ctx.local(first['at']):%Y-%m-%d %H:%M:%S} at {first['gate']} and "
                                      f"{ctx.local(second['at']):%Y-%m-%d %H:%M:%S} at {second['gate']}")
    _save(ctx, p)
