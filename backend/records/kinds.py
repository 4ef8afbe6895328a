"""`record.amend` and `record.review`: corrections and review signatures for every
record kind that declares them (sync/records.py has the rules themselves).

Rulebook: forms 10.5 (the direct supervisor's review signature on every entry),
10.6-10.7 (corrections keep the original readable, with a stamp, a reason and a
version).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.domain import EVERYONE, SUPERVISORS, Kind
from sync import records
from sync.kinds import HandlerContext, flatten
from sync.types import Mutation, Rejected

ID = validate.Length(1, 80)


class AmendIn(Schema):
    target_kind = fields.String(required=True, validate=validate.Length(1, 40))
    target_id = fields.String(required=True, validate=ID)
    changes = fields.Dict(required=True, validate=validate.Length(min=1))
    reason = fields.String(required=True, validate=validate.Length(1, 1000))


class ReviewIn(Schema):
    target_kind = fields.String(required=True, validate=validate.Length(1, 40))
    target_ids = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(1, 500))
    approved = fields.Boolean(load_default=True)
    note = fields.String(load_default="", validate=validate.Length(max=1000))


def _rules(ctx: HandlerContext, kind: str, needs: str) -> records.RecordRules:
    rules = ctx.rules(kind)
    if rules is None or not getattr(rules, needs):
        what = "corrected" if needs == "amendable" else "reviewed"
        raise Rejected("invalid_payload", f"target_kind: {kind} records are not {what}")
    return rules


def amend(ctx: HandlerContext, m: Mutation) -> None:
    """A correction: only the author or a supervisor; merged field by field (P6)."""
    p = m.payload
    rules = _rules(ctx, p["target_kind"], "amendable")
    changes, errors = rules.amendable(p["changes"])
    if errors:
        raise Rejected("invalid_payload", flatten({"changes": errors}))
    target = ctx.existing(p["target_kind"], p["target_id"])
    data = target.data
    if ctx.user.id != data["author_id"] and ctx.user.role not in SUPERVISORS:
        raise Rejected("forbidden", "only the author or a supervisor may correct a record")
    base = m.base_version
    if base is None:
        # A phone correcting a record it made before syncing cannot know its version;
        # it has seen the record as it made it, so that is its base.
        if data.get("device_id") != ctx.device_id:
            raise Rejected("invalid_payload", "base_version: required to correct another phone's record")
        base = data["created_version"]
    records.amend(ctx, rules, target, base, changes, p["reason"])


def review(ctx: HandlerContext, m: Mutation) -> None:
    """Review signatures on one or more records of a kind (a day's gate log at once)."""
    p = m.payload
    rules = _rules(ctx, p["target_kind"], "reviewed")
    for target_id in dict.fromkeys(p["target_ids"]):
        records.review(ctx, rules, ctx.existing(p["target_kind"], target_id), p["approved"], p["note"].strip())


KINDS = (
    Kind("record.amend", AmendIn(), amend, EVERYONE),
    Kind("record.review", ReviewIn(), review, SUPERVISORS, approval=True),
)
