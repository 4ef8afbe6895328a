"""Duty log entries: `log.entry` (write) and `log.countersign` (the supervisor's
review signature, the duty log's own name for `record.review`).

Rulebook: security 2.8 (everything on duty is written in the duty log); forms
10.3-10.7 come from the record rules the kind declares (backend/dutylog/__init__.py).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from sync import records
from sync.kinds import HandlerContext
from sync.types import Mutation

ENTRY = "log.entry"
CATEGORIES = ("general", "patrol", "visitor", "vehicle", "facility", "incident", "complaint", "other")
WRITERS = frozenset({"guard", "frontdesk", "supervisor", "admin"})


class EntryIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    text = fields.String(required=True, validate=validate.Length(1, 4000))
    location = fields.String(load_default="", validate=validate.Length(max=200))


class ChangesIn(Schema):
    """What a correction of an entry may change (`record.amend`)."""

    category = fields.String(validate=validate.OneOf(CATEGORIES))
    text = fields.String(validate=validate.Length(1, 4000))
    location = fields.String(validate=validate.Length(max=200))


class CountersignIn(Schema):
    entry_id = fields.String(required=True, validate=validate.Length(1, 80))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


def write_entry(ctx: HandlerContext, m: Mutation) -> None:
    ctx.create(ENTRY, m.id, dict(m.payload))


def countersign(ctx: HandlerContext, m: Mutation) -> None:
    entry = ctx.existing(ENTRY, m.payload["entry_id"])
    records.review(ctx, ctx.rules(ENTRY), entry, True, m.payload["note"].strip())
