"""Rounds and scans (guards, offline): `patrol.round_start`, `patrol.scan`.

A scan is a fact; the round's status is derived later (classification.py).
The handler refuses what cannot be a real scan (a code of no checkpoint, or of
another site's checkpoint), records a repeated scan of the same checkpoint in
the same round once, and flags what looks wrong but may be real.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.patrol import kinds
from backend.patrol.classification import clock_off, same_time_elsewhere, too_fast
from backend.media.fields import photo_list
from backend.patrol.kinds import CHECKPOINT, CODE, RECENT, ROUND, ROUTE, SCAN, SCHEDULE
from backend.patrol.timetable import MINUTE, Plan, Window, is_slot_start, slot_for
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected


def window(r: dict) -> int:
    """A round's window on phones (sync/window.py): needed until its slot and grace
    are over (an unscheduled round: closed once written)."""
    return (r.get("slot_end") or 0) + (r.get("grace_ms") or 0)


SOURCES = ("camera", "typed")
ADHOC_WINDOW = 60 * MINUTE   # a round outside any schedule is judged over an hour
RECENT_KEPT = 8


class RoundStartIn(Schema):
    route_id = fields.String(required=True, validate=validate.Length(1, 40))
    schedule_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 40))
    slot_start = fields.Integer(load_default=None, allow_none=True, strict=True)
    order = fields.List(fields.String(), load_default=None, allow_none=True)  # a random order, announced


class ScanIn(Schema):
    round_id = fields.String(required=True, validate=validate.Length(1, 80))
    code = fields.String(required=True, validate=validate.Length(1, 200))
    condition = fields.String(load_default="intact", validate=validate.OneOf(["intact", "damaged"]))
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    photos = photo_list()
    # Where the phone was, when the guard lets it tell (optional; both or neither).
    lat = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    lng = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))
    # How the code was entered: read by the camera, or typed from the label.
    source = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(SOURCES))

    @validates_schema
    def _both_or_neither(self, data, **_):
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise ValidationError("lat and lng come together", "lat")


def _same_site(ctx: HandlerContext, kind: str, entity_id: str | None, reason: str):
    """`ctx.existing`, refused with the patrol reason the phone translates."""
    entity = ctx.get(kind, entity_id) if entity_id else None
    if entity is None or entity.deleted:
        raise Rejected(reason, f"no {kind} {entity_id} at this site")
    return entity


def _window(ctx: HandlerContext, p: dict, route) -> tuple[Window, str | None]:
    if not p["schedule_id"]:
        return Window(ctx.corrected_at, ctx.corrected_at + ADHOC_WINDOW, 0), None
    schedule = _same_site(ctx, SCHEDULE, p["schedule_id"], "schedule_unknown")
    if schedule.data["route_id"] != route.id:
        raise Rejected("schedule_unknown", "the schedule is for another route")
    plan = Plan.of(schedule.data)
    window = (is_slot_start(plan, p["slot_start"], ctx.tz) if p["slot_start"] is not None
              else slot_for(plan, ctx.corrected_at, ctx.tz))
    if window is None:
        raise Rejected("slot_unknown", "no round of this schedule starts then")
    return window, schedule.id


def start_round(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    route = _same_site(ctx, ROUTE, p["route_id"], "route_unknown")
    window, schedule_id = _window(ctx, p, route)
    listed = list(route.data["checkpoint_ids"])
    order = list(route.data.get("due_checkpoint_ids", listed))  # a retired checkpoint is not due
    if p["order"] is not None:
        # The phone's copy of the route may predate a retirement: either list is accepted.
        if sorted(p["order"]) not in (sorted(order), sorted(listed)):
            raise Rejected("invalid_payload", "order: must list the route's checkpoints, each once")
        order = [c for c in p["order"] if c in order]
    if not route.data["active"]:
        ctx.flag("route_retired", "the route was retired")
    if ctx.corrected_at > window.end:
        ctx.flag("round_started_late", "started after its window closed")
    slot = window.key(schedule_id) if schedule_id else f"adhoc@{m.id}"
    ctx.create(ROUND, m.id, {
        "route_id": route.id, "route_name": route.data["name"],
        "route_name_zh": route.data["name_zh"], "schedule_id": schedule_id, "slot": slot,
        "slot_start": window.start, "slot_end": window.end, "grace_ms": window.grace,
        "day": ctx.day(window.start),
        "ordered": bool(route.data["ordered"] or p["order"] is not None), "checkpoint_ids": order,
        "started": ctx.stamp(), "scanned": {}, "last": None,
    })
    ctx.result(round_id=m.id, slot=slot, slot_start=window.start, slot_end=window.end)


def scan(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    code = p["code"].removeprefix(kinds.QR_PREFIX)
    ref = ctx.lookup_any_site(CODE, code)  # to tell "another site's label" from "no label"
    if ref is None or ref.deleted:
        raise Rejected("checkpoint_unknown", "this code is not a checkpoint at this site (forged or replaced label?)")
    if ref.data["site_id"] != m.space:
        raise Rejected("checkpoint_other_site", "this checkpoint belongs to another site")
    rnd = _same_site(ctx, ROUND, p["round_id"], "round_unknown")
    cp = _same_site(ctx, CHECKPOINT, ref.data["checkpoint_id"], "checkpoint_unknown").data
    rd, at = rnd.data, ctx.corrected_at
    if cp["id"] in rd["scanned"]:
        _repeat(ctx, m, rd["scanned"][cp["id"]])
        return
    recent = ctx.get(RECENT, cp["id"])
    earlier = recent.data["scans"] if recent else []
    # The phone's own position when it gave one, else the checkpoint's set-up position.
    here = ({"lat": p["lat"], "lng": p["lng"]} if p["lat"] is not None
            else {"lat": cp["lat"], "lng": cp["lng"]})
    flags = _flags(ctx, rd, cp, here, at, earlier)
    if p["source"] == "typed":
        flags.append(("code_typed", "the code was typed, not read from the label by the camera"))
    ctx.create(SCAN, m.id, {  # first write: a flag's review item points at the scan
        "round_id": rnd.id, "slot": rd["slot"], "round_day": rd["day"],
        "checkpoint_id": cp["id"], "checkpoint_name": cp["name"], "checkpoint_name_zh": cp["name_zh"],
        "condition": p["condition"], "note": p["note"], "photos": p["photos"], "source": p["source"],
        "gps": {"lat": p["lat"], "lng": p["lng"]} if p["lat"] is not None else None,
        **ctx.stamp(), "offset_ms": at - m.occurred_at, "hour": ctx.local().hour,
        "flags": [{"code": c, "detail": d} for c, d in flags], "repeats": [],
    })
    for c, d in flags:
        if c != "clock_off":  # the core has flagged the push's clock already
            ctx.flag(c, d)
    rd["scanned"][cp["id"]] = m.id
    rd["last"] = {"checkpoint_id": cp["id"], **here, "at": at}
    ctx.put(ROUND, rnd.id, rd)
    kept = earlier + [{"scan_id": m.id, "device_id": ctx.device_id, "at": at}]
    ctx.put(RECENT, cp["id"], {"scans": kept[-RECENT_KEPT:]})
    left = [c for c in rd["checkpoint_ids"] if c not in rd["scanned"]]
    ctx.result(scan_id=m.id, checkpoint_id=cp["id"], left=len(left))


def _repeat(ctx: HandlerContext, m: Mutation, first_id: str) -> None:
    """A second scan of a checkpoint in the same round: one scan, the repeat noted on it."""
    first = ctx.get(SCAN, first_id)
    first.data["repeats"].append({"id": m.id, "condition": m.payload["condition"], "note": m.payload["note"],
                                  "photos": m.payload["photos"], **ctx.stamp()})
    ctx.put(SCAN, first.id, first.data)
    ctx.result(scan_id=first.id, repeated=True)


def _flags(ctx: HandlerContext, rd: dict, cp: dict, here: dict, at: int,
           earlier: list[dict]) -> list[tuple[str, str]]:
    flags = []
    if cp["active"] and cp["id"] not in rd["checkpoint_ids"]:
        flags.append(("not_on_route", f"{cp['name']} is not on route {rd['route_name']}"))
    if not cp["active"]:
        flags.append(("checkpoint_retired", f"{cp['name']} was retired"))
    fast = too_fast(rd["last"], {**here, "at": at})
    if fast:
        flags.append(("too_fast", fast))
    for other in same_time_elsewhere(earlier, ctx.device_id, at):
        flags.append(("two_devices", f"also scanned by device {other['device_id']} "
                                     f"{abs(other['at'] - at) // 1000} s apart (scan {other['scan_id']})"))
    if clock_off(at - ctx.mutation.occurred_at):
        # Kept on the scan so the report shows it beside the times.
        flags.append(("clock_off", f"device clock off by {(at - ctx.mutation.occurred_at) // 1000} s"))
    return flags
