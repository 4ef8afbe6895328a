"""Mail, parcels and newspapers (front desk 4; the mail log form, 郵件收發記錄表).

Received (type, carrier, tracking number, unit, a photo of the label), the
resident notified, collected (who, signature). The entries are the mail log:
numbered `MAL-`, countersigned by a supervisor, corrected with a stamp. Mail not
collected `mail_overdue_days` (site setting, default 3) after it arrived stands
out in the list (`overdue`).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.media.fields import image_ref, photo_list
from sync.kinds import HandlerContext
from sync.types import Mutation

MAIL = "mail"
TYPES = ("letter", "parcel", "newspaper")
NOTIFY_BY = ("phone", "message", "notice", "in_person")
DEFAULT_OVERDUE_DAYS = 3


class ReceiveIn(Schema):
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    carrier = fields.String(load_default="", validate=validate.Length(max=100))
    tracking = fields.String(load_default="", validate=validate.Length(max=100))
    unit = fields.String(required=True, validate=validate.Length(1, 40))
    addressee = fields.String(load_default="", validate=validate.Length(max=200))
    count = fields.Integer(load_default=1, strict=True, validate=validate.Range(1, 500))
    photos = photo_list()
    note = fields.String(load_default="", validate=validate.Length(max=500))


class ChangesIn(Schema):
    """What a correction of a mail log entry may change (`record.amend`)."""

    carrier = fields.String(validate=validate.Length(max=100))
    tracking = fields.String(validate=validate.Length(max=100))
    unit = fields.String(validate=validate.Length(1, 40))
    addressee = fields.String(validate=validate.Length(max=200))
    count = fields.Integer(strict=True, validate=validate.Range(1, 500))
    note = fields.String(validate=validate.Length(max=500))


class NotifyIn(Schema):
    mail_id = fields.String(required=True, validate=validate.Length(1, 80))
    by = fields.String(required=True, validate=validate.OneOf(NOTIFY_BY))
    note = fields.String(load_default="", validate=validate.Length(max=300))


class CollectIn(Schema):
    mail_id = fields.String(required=True, validate=validate.Length(1, 80))
    collected_by = fields.String(required=True, validate=validate.Length(1, 200))
    signature = image_ref(required=True)


def receive(ctx: HandlerContext, m: Mutation) -> None:
    ctx.create(MAIL, m.id, {**m.payload, "status": "waiting", "notified": [], "collected": None})


def notify(ctx: HandlerContext, m: Mutation) -> None:
    entity = ctx.existing(MAIL, m.payload["mail_id"])
    data = entity.data
    data["notified"] = data["notified"] + [{"by": m.payload["by"], "note": m.payload["note"], **ctx.stamp()}]
    ctx.put(MAIL, entity.id, data)


def collect(ctx: HandlerContext, m: Mutation) -> None:
    entity = ctx.existing(MAIL, m.payload["mail_id"])
    data = entity.data
    if data["collected"]:
        ctx.flag("already_collected", f"collected already by {data['collected']['collected_by']}; "
                                      "the first is kept")
        return
    if ctx.corrected_at < data["corrected_at"]:
        ctx.flag("collected_before_received", "the collection time is before the arrival")
    data["status"] = "collected"
    data["collected"] = {"collected_by": m.payload["collected_by"], "signature": m.payload["signature"],
                         **ctx.stamp()}
    ctx.put(MAIL, entity.id, data)


def overdue(entry: dict, now_ms: int, days: int) -> bool:
    """Waiting for collection longer than the site allows."""
    return entry["status"] == "waiting" and now_ms - entry["received_at"] > days * 86_400_000
