"""The seal registry (issue 10 item 4): numbered seals (封條) received into stock,
issued to a packer, applied when a box is sealed, verified or found broken at
the arrival check. Each step keeps who and when (`ctx.stamp`).

`packing.seal_receive` `{prefix, first, last}`: a range of numbers received
(prefix + each number from first to last, as wide as `first`), at most
`MAX_RANGE`; a number already in the registry refuses the whole range.
`packing.seal_issue` `{prefix, first, last, to_user_id}`: those seals handed to a
packer of the site (a seal not applied yet may be handed on).
Sealing (`sealing.seal`) and the arrival check (`dispatch.arrival`) call `apply`
and `checked`. Where the site uses the registry (setting `seal_registry`), a
seal number not in it, or not issued to the packer who seals, is still
accepted (a phone offline must never be stalled) and flagged for the supervisor.
A seal record's id is `<site>:<number>`: numbers are the site's own.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.packing.kinds import MEMBER, PACKERS, SEAL, SEAL_USE
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected

MAX_RANGE = 500   # seals in one receipt or one issue
SETTING = "seal_registry"
STATES = ("received", "issued", "applied", "verified", "broken")
DIGITS = validate.Regexp(r"^[0-9]{1,12}$", error="digits only, 1 to 12")


def numbers(prefix: str, first: str, last: str) -> list[str]:
    """The seal numbers of a range: prefix + each number, zero-padded as wide as `first`."""
    width = len(first)
    return [f"{prefix}{str(n).zfill(width)}" for n in range(int(first), int(last) + 1)]


class RangeIn(Schema):
    prefix = fields.String(load_default="", validate=validate.Regexp(r"^[A-Za-z0-9-]{0,20}$",
                                                                     error="letters, digits and -, at most 20"))
    first = fields.String(required=True, validate=DIGITS)   # a number is at most 20 + 12 characters (SealIn: 40)
    last = fields.String(required=True, validate=DIGITS)

    @validates_schema
    def _range(self, data, **kwargs):
        first, last = int(data["first"]), int(data["last"])
        if last < first:
            raise ValidationError("the last number is not below the first", "last")
        if last - first + 1 > MAX_RANGE:
            raise ValidationError(f"at most {MAX_RANGE} seals at a time", "last")


class IssueIn(RangeIn):
    to_user_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


def seal_id(site_id: str, number: str) -> str:
    return f"{site_id}:{number}"


def receive(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    found = numbers(p["prefix"], p["first"], p["last"])
    known = [n for n in found if ctx.get(SEAL, seal_id(m.space, n)) is not None]
    if known:
        raise Rejected("seal_known", f"seal {known[0]} is in the registry already"
                       + (f" ({len(known)} of these numbers are)" if len(known) > 1 else "") + ": nothing was received")
    received = ctx.stamp()
    for n in found:
        ctx.put(SEAL, seal_id(m.space, n), {"id": seal_id(m.space, n), "number": n, "state": "received",
                                             "received": received, "issued": None, "applied": None,
                                             "verified": None, "broken": None, "reused": []})
    ctx.result(received=len(found), first=found[0], last=found[-1])


def issue(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    member = ctx.get(MEMBER, f"{m.space}:{p['to_user_id']}")
    if member is None or member.deleted or member.data.get("role") not in PACKERS:
        raise Rejected("packer_unknown", f"user {p['to_user_id']} is not a packer at this site")
    seals = []
    for n in numbers(p["prefix"], p["first"], p["last"]):
        seal = ctx.get(SEAL, seal_id(m.space, n))
        if seal is None:
            raise Rejected("seal_unknown", f"seal {n} is not in the registry: receive it first")
        if seal.data["state"] not in ("received", "issued"):
            raise Rejected("seal_used", f"seal {n} is {seal.data['state']} already")
        seals.append(seal)
    to = {"to_user_id": member.data["user_id"], "to_user_name": member.data["name"], **ctx.stamp()}
    for seal in seals:
        ctx.put(SEAL, seal.id, dict(seal.data, state="issued", issued=to))
    ctx.result(issued=len(seals), to_user_id=to["to_user_id"])


def apply(ctx: HandlerContext, number: str, box_id: str, order_id: str) -> None:
    """A box sealed with `number`: the seal applied; a number used on another box,
    and (where the site uses the registry) one not in it or not issued to this
    packer, flagged. Never refused: the phone sealed the box offline."""
    # Both records are keyed by site and number: record ids are unique across sites, so a
    # bare number would let another warehouse's seal S-9 overwrite (and move) this one's.
    sid = seal_id(ctx.mutation.space, number)
    used = ctx.get(SEAL_USE, sid)
    if used is not None and used.data["box_id"] != box_id:
        ctx.flag("seal_reused", f"seal {number} closed box {used.data['box_id']} already")
    ctx.put(SEAL_USE, sid, {"box_id": box_id, **ctx.stamp()})
    registry = bool(ctx.setting(SETTING, False))
    seal = ctx.get(SEAL, sid)
    if seal is None:
        if registry:
            ctx.flag("seal_not_registered", f"seal {number} is not in the seal registry")
        return
    s = seal.data
    applied = {"box_id": box_id, "order_id": order_id, **ctx.stamp()}
    if s["applied"] is not None:
        if s["applied"]["box_id"] != box_id:
            s["reused"].append(applied)
            ctx.put(SEAL, seal.id, s)
        return
    if registry and s["issued"] is None:
        ctx.flag("seal_not_issued", f"seal {number} was never issued to a packer")
    elif registry and s["issued"]["to_user_id"] != ctx.user.id:
        ctx.flag("seal_not_issued", f"seal {number} was issued to {s['issued']['to_user_name']}, not {ctx.user.name}")
    ctx.put(SEAL, seal.id, dict(s, state="applied", applied=applied))


def checked(ctx: HandlerContext, number: str, result: str, box_id: str) -> None:
    """The arrival check found the box's seal intact (verified) or broken. A broken
    seal stays broken; a seal the registry does not hold is left alone."""
    if not number or result not in ("intact", "seal_broken"):
        return
    seal = ctx.get(SEAL, seal_id(ctx.mutation.space, number))
    if seal is None or seal.data["state"] == "broken" or seal.data["applied"] is None \
            or seal.data["applied"]["box_id"] != box_id:
        return
    state = "verified" if result == "intact" else "broken"
    ctx.put(SEAL, seal.id, dict(seal.data, state=state, **{state: {"arrival_id": ctx.mutation.id, **ctx.stamp()}}))
