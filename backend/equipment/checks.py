"""An equipment check (guards, offline): `equipment.check`.

Scanning an item's label (or picking it from the list) asks its type's
checklist; each answer is kept. A failed answer, or an item past its expiry
date, opens an incident at once in the same push (the patrol domain's
`incident` record, created by kind name: this domain imports no other).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.equipment.kinds import CHECK, CHECKLISTS, CODE, FIRE_TYPES, INCIDENT, ITEM, QR_PREFIX
from backend.media.fields import photo_list
from sync.kinds import HandlerContext
from sync.types import Mutation, Rejected


class CheckIn(Schema):
    equipment_id = fields.String(required=True, validate=validate.Length(1, 40))
    code = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 200))  # when scanned
    answers = fields.Dict(keys=fields.String(validate=validate.Length(1, 40)), values=fields.Boolean(),
                          required=True, validate=validate.Length(max=20))
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    photos = photo_list()
    round_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 80))


def check(ctx: HandlerContext, m: Mutation) -> None:
    p = m.payload
    item = ctx.get(ITEM, p["equipment_id"])
    if item is None or item.deleted:
        raise Rejected("equipment_unknown", f"no equipment {p['equipment_id']} at this site")
    it = item.data
    label = ctx.get(CODE, it["id"])
    if p["code"] is not None and (label is None or p["code"].removeprefix(QR_PREFIX) != label.data["code"]):
        raise Rejected("equipment_code_mismatch", "the scanned label is not this item's (replaced label?)")
    expected = CHECKLISTS[it["type"]]
    if set(p["answers"]) != set(expected):
        raise Rejected("invalid_payload", f"answers: must answer exactly {', '.join(expected)}")
    failed = [k for k in expected if not p["answers"][k]]
    today = ctx.day()
    expired = bool(it["expires_on"]) and it["expires_on"] < today
    if expired and "not_expired" in expected and "not_expired" not in failed:
        failed.append("not_expired")  # the register's date outranks the answer
    if not it["active"]:
        ctx.flag("equipment_retired", f"{it['name']} was retired from the register")
    record = ctx.create(CHECK, m.id, {
        "equipment_id": it["id"], "equipment_name": it["name"], "equipment_name_zh": it["name_zh"],
        "type": it["type"], "floor": it["floor"], "checkpoint_id": it["checkpoint_id"],
        "answers": {k: p["answers"][k] for k in expected}, "failed": failed, "expired": expired,
        "result": "failed" if failed else "ok", "note": p["note"], "photos": p["photos"],
        "round_id": p["round_id"], "scanned": p["code"] is not None, **ctx.stamp(), "incident_id": None,
    })
    if not failed:
        ctx.result(number=record.get("number"), result="ok")
        return
    incident = _open_incident(ctx, m, it, failed)
    record["incident_id"] = incident["id"]
    ctx.put(CHECK, m.id, record)
    ctx.result(number=record.get("number"), result="failed", incident_id=incident["id"],
               incident_number=incident.get("number"))


def _place(it: dict) -> str:
    where = it["location"] or it["name"]
    return f"{where} ({it['floor']})" if it["floor"] else where


def _open_incident(ctx: HandlerContext, m: Mutation, it: dict, failed: list[str]) -> dict:
    """The incident a failed check opens: the same fields `incident.report` writes."""
    p = m.payload
    text = f"Equipment check failed: {it['name']} ({it['type']}): {', '.join(failed)}"
    if p["note"]:
        text += f". {p['note']}"
    return ctx.create(INCIDENT, f"{m.id}.incident", {
        "category": "fire_safety" if it["type"] in FIRE_TYPES else "damage",
        "description": text[:4000], "severity": "high" if it["type"] in FIRE_TYPES else "medium",
        "place": _place(it), "checkpoint_id": it["checkpoint_id"], "photos": p["photos"],
        "report_now": False, "status": "open", **ctx.stamp(), "notes": [], "closed": None,
        "equipment_check_id": m.id, "equipment_id": it["id"],
    })
