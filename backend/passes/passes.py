"""Temporary passes (front desk 2): issued, approved by the unit's owner where the
site asks for it, revoked. The desk's `pass` record keeps the holder's private
phone; guards' phones get `pass.roster`, only what a gate check shows.

Site settings: `pass_owner_approval` (bool, default false: a pass is active when
issued), `gates` (list of gate ids, default ["main"]), `pass_max_days` (90).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.media.fields import image_ref, photo_list
from backend.passes import rules
from backend.passes.kinds import DEFAULT_GATES, PASS, ROSTER
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected


def window(p: dict) -> int | None:
    """A pass's window on phones (sync/window.py): open while awaiting its owner's
    approval, needed while active until its last day is over (UTC, so never early),
    closed once refused or revoked."""
    if p.get("status") == "awaiting_approval":
        return None
    if p.get("status") == "active":
        last = datetime.combine(date.fromisoformat(p["valid_until"]), datetime.min.time(), timezone.utc)
        return int((last + timedelta(days=1)).timestamp() * 1000)
    return 0


def _date(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError("a date, YYYY-MM-DD") from exc


DATE = validate.And(validate.Regexp(r"^\d{4}-\d{2}-\d{2}$", error="a date, YYYY-MM-DD"), _date)
HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="a time of day, HH:MM")
PURPOSES = ("renovation", "contractor", "delivery", "other")


class IssueIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    company = fields.String(load_default="", validate=validate.Length(max=200))
    phone = fields.String(required=True, validate=validate.Regexp(r"^\+?[0-9 -]{6,20}$"))
    photo = image_ref(required=True)
    unit = fields.String(required=True, validate=validate.Length(1, 40))
    purpose = fields.String(required=True, validate=validate.OneOf(PURPOSES))
    purpose_note = fields.String(load_default="", validate=validate.Length(max=300))
    valid_from = fields.String(required=True, validate=DATE)
    valid_until = fields.String(required=True, validate=DATE)
    hours_from = fields.String(load_default="00:00", validate=HHMM)
    hours_until = fields.String(load_default="00:00", validate=HHMM)
    gates = fields.List(fields.String(validate=validate.Length(1, 40)), required=True,
                        validate=validate.Length(1, 20))

    @validates_schema
    def _dates(self, data, **_):
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            raise ValidationError("the last day is before the first", "valid_until")


class ChangesIn(Schema):
    """What a correction of a pass record may change (`record.amend`). Validity,
    gates and unit are signed into the QR: to change them, revoke and issue anew."""

    name = fields.String(validate=validate.Length(1, 200))
    company = fields.String(validate=validate.Length(max=200))
    phone = fields.String(validate=validate.Regexp(r"^\+?[0-9 -]{6,20}$"))
    purpose_note = fields.String(validate=validate.Length(max=300))


class ConsentIn(Schema):
    """The unit owner's answer, as the desk took it (front desk 3): by phone (who
    called, the number on file, when) or in person (signed)."""

    method = fields.String(required=True, validate=validate.OneOf(("phone", "in_person")))
    owner_name = fields.String(required=True, validate=validate.Length(1, 200))
    phone_on_file = fields.String(load_default="", validate=validate.Length(max=30))
    answer = fields.String(required=True, validate=validate.OneOf(("yes", "no")))
    signature = image_ref(load_default=None)
    note = fields.String(load_default="", validate=validate.Length(max=500))

    @validates_schema
    def _proof(self, data, **_):
        if data.get("method") == "phone" and not data.get("phone_on_file"):
            raise ValidationError("the number on file that was called", "phone_on_file")
        if data.get("method") == "in_person" and not data.get("signature"):
            raise ValidationError("the owner signs in person", "signature")


class ApproveIn(ConsentIn):
    pass_id = fields.String(required=True, validate=validate.Length(1, 80))


class RevokeIn(Schema):
    pass_id = fields.String(required=True, validate=validate.Length(1, 80))
    reason = fields.String(required=True, validate=validate.Length(1, 300))


def consent(ctx: HandlerContext, payload: dict) -> dict:
    keep = ("method", "owner_name", "phone_on_file", "answer", "signature", "note")
    return {**{k: payload[k] for k in keep}, "recorded": ctx.stamp()}


def roster(p: dict) -> dict:
    """A gate's view of a pass: never the phone number, never the owner's answer."""
    return {k: p.get(k) for k in ("id", "site_id", "number", "name", "company", "photo", "unit", "purpose",
                                  "valid_from", "valid_until", "hours_from", "hours_until", "gates",
                                  "status", "revoked_at")}


def _save(ctx: HandlerContext, p: dict) -> None:
    ctx.put(PASS, p["id"], p)
    ctx.put(ROSTER, p["id"], roster(p))


def issue(ctx: HandlerContext, m: Mutation) -> None:
    data = dict(m.payload)
    gates = ctx.setting("gates", list(DEFAULT_GATES))
    unknown = [g for g in data["gates"] if g not in gates]
    if unknown:
        raise Rejected("invalid_payload", f"gates: no gate {', '.join(unknown)} at this site")
    first, last = date.fromisoformat(data["valid_from"]), date.fromisoformat(data["valid_until"])
    if (last - first).days + 1 > ctx.setting("pass_max_days", 90):
        raise Rejected("invalid_payload", "valid_until: longer than this site allows")
    if not rules.fits_qr(rules.pass_claims({**data, "id": m.id, "site_id": m.space}, ctx.tz), m.space):
        raise Rejected("invalid_payload", "gates: too many or too long for the pass's QR; unit: shorten it")
    status = "awaiting_approval" if ctx.setting("pass_owner_approval", False) else "active"
    p = ctx.create(PASS, m.id, {**data, "status": status, "approval": None,
                                "revoked_at": None, "revocation": None})
    ctx.put(ROSTER, m.id, roster(p))


def approve(ctx: HandlerContext, m: Mutation) -> None:
    p = ctx.existing(PASS, m.payload["pass_id"]).data
    if p["status"] != "awaiting_approval":
        ctx.flag("already_decided", f"the pass is {p['status']}; the first answer is kept")
        return
    p["approval"] = consent(ctx, m.payload)
    p["status"] = "active" if m.payload["answer"] == "yes" else "refused"
    _save(ctx, p)


def revoke(ctx: HandlerContext, m: Mutation) -> None:
    p = ctx.existing(PASS, m.payload["pass_id"]).data
    if p["status"] == "revoked":
        ctx.flag("already_revoked", "the first revocation is kept")
        return
    # The time that counts is when the revocation reached the server: a gate that
    # let the pass in later is flagged (pass.scan), one that did so before is not.
    p["status"], p["revoked_at"] = "revoked", ctx.received_at
    p["revocation"] = {"reason": m.payload["reason"], **ctx.stamp()}
    _save(ctx, p)
