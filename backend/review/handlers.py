"""Supervisors settle what the merge could not: flags, parked mutations, conflicts."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from backend.dutylog.handlers import apply_changes
from backend.sync_api.kinds import validator
from sync.kinds import HandlerContext, KindSpec, Registry
from sync.push import REVIEW
from sync.types import Mutation, Rejected

REVIEWERS = frozenset({"supervisor", "admin"})


class ResolveIn(Schema):
    item_id = fields.String(required=True, validate=validate.Length(1, 120))
    resolution = fields.String(required=True, validate=validate.OneOf(["acknowledged", "keep", "restore"]))
    note = fields.String(required=True, validate=validate.Length(1, 1000))


def resolve(ctx: HandlerContext, m: Mutation) -> None:
    item = ctx.get(REVIEW, m.payload["item_id"])
    if item is None:
        raise Rejected("not_found", f"no review item {m.payload['item_id']}")
    data = item.data
    if data["status"] == "resolved":
        ctx.flag("already_resolved", f"resolved already by user {data['resolved_by']}")
        return
    resolution = m.payload["resolution"]
    if resolution == "restore":
        if data["type"] != "conflict":
            raise Rejected("invalid_payload", "only a conflict can be restored")
        target = ctx.get(data["target"]["kind"], data["target"]["id"])
        if target is None:
            raise Rejected("not_found", "the conflicting record is gone")
        # The supervisor's restore is the newest edit of that field: no new conflict.
        apply_changes(ctx, target, ctx.version, {data["field"]: data["other"]},
                      f"conflict settled: {m.payload['note']}")
    data.update(status="resolved", resolution=resolution, note=m.payload["note"],
                resolved_by=ctx.user.id, resolved_at=ctx.corrected_at)
    ctx.put(REVIEW, item.id, data)


def register(registry: Registry, tz: str) -> None:
    registry.add(KindSpec("review.resolve", validator(ResolveIn()), resolve, REVIEWERS))
    registry.show(REVIEW, REVIEWERS)
