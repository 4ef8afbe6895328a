"""Shift handover: `handover.write`, `handover.accept`, `handover.refuse`, `handover.review`.

Rulebook: security 3.5 and front desk handover 1-7. The outgoing guard writes
and signs; the incoming guard (another person) accepts or refuses with a
reason, which alerts the supervisor and keeps the outgoing guard on duty; the
supervisor countersigns each day's handovers, and a handover that was not
accepted is countersigned only with a reason. Status only moves forward:
written -> refused -> accepted; a refusal after acceptance is kept but flagged.

Taking a post (guard duties 2.3, front desk handover 4): a handover names its
post (`post_id`, set up per post in the equipment domain); the outgoing person
marks each item of the post's list present and working or not, the incoming
person checks the same list when accepting; both sign. A missing or broken
item, on either side, opens a review item for the supervisor
(`post_equipment_missing`). Handovers without a post (phones in the field that
still send the five fixed items) are accepted as before. The front desk hands
over with the same kinds; its checklist is the list of the site's desk post.

The shift's work diary (front desk handover 3): the outgoing person lists the
shift's duty-log entries (`log_entries`, ids of `log.entry`); the incoming person
acknowledges having read them (`log_read`). An entry listed and not acknowledged
opens a review item (`log_not_acknowledged`).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.media.fields import image_ref
from backend.patrol.kinds import HANDOVER, LOG_ENTRY, POST
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
    post_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 40))
    log_entries = fields.List(fields.String(validate=validate.Length(1, 80)), load_default=list,
                              validate=validate.Length(max=500))


class AcceptIn(SignatureIn):
    handover_id = fields.String(required=True, validate=validate.Length(1, 80))
    equipment = fields.List(fields.Nested(EquipmentIn), load_default=list, validate=validate.Length(max=50))
    log_read = fields.List(fields.String(validate=validate.Length(1, 80)), load_default=list,
                           validate=validate.Length(max=500))


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


def _post_list(ctx: HandlerContext, post_id: str | None) -> tuple[dict | None, list[str]]:
    """The post's record and its equipment list (item names), or no post."""
    if post_id is None:
        return None, []
    post = ctx.get(POST, post_id)
    if post is None or post.deleted:
        raise Rejected("post_unknown", f"no post {post_id} at this site")
    return post.data, [i["name"] for i in post.data["items"]]


def _checked(ctx: HandlerContext, listed: list[str], answers: list[dict], who: str) -> None:
    """Every item of the post's list answered once; a missing or broken one goes to the supervisor."""
    if sorted(a["item"] for a in answers) != sorted(listed):
        raise Rejected("invalid_payload", f"equipment: must answer each item of the post once: {', '.join(listed)}")
    bad = [f"{a['item']}{': ' + a['note'] if a['note'] else ''}" for a in answers if not a["ok"]]
    if bad:
        ctx.flag("post_equipment_missing", f"{who}: " + "; ".join(bad))


def _log_entries(ctx: HandlerContext, ids: list[str]) -> list[dict]:
    """The shift's duty-log entries, with their numbers when the server holds them
    (an entry still on another phone keeps its id and gets no number)."""
    out = []
    for entry_id in dict.fromkeys(ids):
        e = ctx.get(LOG_ENTRY, entry_id)
        out.append({"id": entry_id, "number": e.data.get("number") if e and not e.deleted else None})
    return out


def write(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    post, listed = _post_list(ctx, p["post_id"])
    record = ctx.create(HANDOVER, m.id, {
        "status": "written", "text": p["text"], "open_items": p["open_items"], "equipment": p["equipment"],
        "post_id": p["post_id"], "post_name": post["name"] if post else None,
        "post_name_zh": post["name_zh"] if post else None, "post_items": post["items"] if post else [],
        "desk": bool(post and post.get("desk")), "log_entries": _log_entries(ctx, p["log_entries"]), "log_read": None,
        "outgoing": _signed(ctx, m), "incoming": None, "incoming_equipment": None, "refusals": [],
    })
    if post:
        _checked(ctx, listed, p["equipment"], f"outgoing {record['outgoing']['user_name']}")


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
    if data.get("post_id"):  # the incoming person checks the post's list too
        if m.payload["equipment"]:
            _checked(ctx, [i["name"] for i in data["post_items"]], m.payload["equipment"], f"incoming {ctx.user.name}")
            data["incoming_equipment"] = m.payload["equipment"]
        else:
            ctx.flag("post_equipment_not_checked", "taken over without checking the post's equipment")
    data["log_read"] = list(dict.fromkeys(m.payload["log_read"]))
    unread = [e for e in data.get("log_entries", []) if e["id"] not in data["log_read"]]
    if unread:
        ctx.flag("log_not_acknowledged", f"{len(unread)} duty-log entries of the shift not acknowledged: "
                 + ", ".join(e["number"] or e["id"] for e in unread[:20]))
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
