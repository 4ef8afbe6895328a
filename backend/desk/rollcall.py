"""An evacuation roll call (issue 11 item 3): who is on site, from the phone's last
snapshot, ticked person by person, offline.

The phone lists everyone its last pull says is inside (pass holders from
`pass.presence`, and for guards the visitors of `gate.visit`) and the person
taking the roll call ticks each one accounted for; the roll call is then recorded
(`desk.roll_call`) with how old the snapshot was. Anyone not accounted for goes to
the supervisor at once (`roll_call_missing`, a review item).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from sync.kinds import HandlerContext
from sync.types import Mutation

ROLL_CALL = "desk.roll_call"
REF_KINDS = ("pass", "visit")


class PersonIn(Schema):
    ref_kind = fields.String(required=True, validate=validate.OneOf(REF_KINDS))
    ref_id = fields.String(required=True, validate=validate.Length(1, 80))
    name = fields.String(required=True, validate=validate.Length(max=200))
    unit = fields.String(load_default="", validate=validate.Length(max=40))
    accounted = fields.Boolean(required=True)


class RollCallIn(Schema):
    snapshot_at = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(0))
    people = fields.List(fields.Nested(PersonIn), required=True, validate=validate.Length(max=2000))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


def roll_call(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    missing = [x for x in p["people"] if not x["accounted"]]
    ctx.create(ROLL_CALL, m.id, {"snapshot_at": p["snapshot_at"], "people": p["people"], "note": p["note"],
                                 "total": len(p["people"]), "missing": len(missing)})
    ctx.result(missing=len(missing))
    if missing:
        ctx.flag("roll_call_missing", f"{len(missing)} not accounted for: "
                 + ", ".join(x["name"] or x["ref_id"] for x in missing[:30]))
