"""Supervisors settle what the merge could not: flags, parked mutations, conflicts
(`review.resolve`). Never their own: a flag raised on a record they wrote is
settled by another supervisor."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.domain import SUPERVISORS
from sync import records
from sync.kinds import HandlerContext
from sync.push import REVIEW
from sync.types import Mutation, Rejected

REVIEWERS = SUPERVISORS


class ResolveIn(Schema):
    item_id = fields.String(required=True, validate=validate.Length(1, 120))
    resolution = fields.String(required=True, validate=validate.OneOf(["acknowledged", "keep", "restore"]))
    note = fields.String(required=True, validate=validate.Length(1, 1000))


def resolve(ctx: HandlerContext, m: Mutation) -> None:
    item = ctx.existing(REVIEW, m.payload["item_id"])
    data = item.data
    if data["status"] == "resolved":
        ctx.flag("already_resolved", f"resolved already by user {data['resolved_by']}")
        return
    _not_own(ctx, data)
    resolution = m.payload["resolution"]
    if resolution == "restore":
        if data["type"] != "conflict":
            raise Rejected("invalid_payload", "only a conflict can be restored")
        target = ctx.existing(data["target"]["kind"], data["target"]["id"])
        # The supervisor's restore is the newest edit of that field: no new conflict.
        records.amend(ctx, ctx.rules(target.kind), target, ctx.version, {data["field"]: data["other"]},
                      f"conflict settled: {m.payload['note']}")
    data.update(status="resolved", resolution=resolution, note=m.payload["note"],
                resolved_by=ctx.user.id, resolved_at=ctx.corrected_at)
    ctx.put(REVIEW, item.id, data)


def _not_own(ctx: HandlerContext, item: dict) -> None:
    """A flag is settled by someone else than whoever raised it, on another phone
    than the one that raised it, and never by the author of the flagged record."""
    raised = item["mutation"]
    target = ctx.get(item["target"]["kind"], item["target"]["id"]) if item.get("target") else None
    authors = {raised["user_id"]} | ({target.data.get("author_id")} if target else set())
    if ctx.user.id in authors:
        raise Rejected("self_review", "a flag on your own record is settled by another supervisor")
    if raised["device_id"] == ctx.device_id:
        raise Rejected("self_review", "a flag raised on this phone is settled from another phone")
