"""Duty log mutations: write, amend (correction stamp), countersign.

Rulebook: security 2.8 (everything on duty is written in the duty log), forms
10.5 (who, when, the supervisor's review signature), 10.6-10.7 (corrections keep
the original readable, carry a reason and a version).
"""
from __future__ import annotations

from functools import partial

from marshmallow import Schema, ValidationError, fields, post_load, validate

from backend.sync_api.kinds import local_time, validator
from sync.kinds import HandlerContext, KindSpec, Registry
from sync.merge import merge_fields
from sync.types import Mutation, Rejected

ENTRY = "log.entry"
CATEGORIES = ("general", "patrol", "visitor", "vehicle", "facility", "incident", "complaint", "other")
WRITERS = frozenset({"guard", "frontdesk", "supervisor", "admin"})
REVIEWERS = frozenset({"supervisor", "admin"})
EDITABLE = ("category", "text", "location")


class EntryIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    text = fields.String(required=True, validate=validate.Length(1, 4000))
    location = fields.String(load_default="", validate=validate.Length(max=200))


class ChangesIn(Schema):
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    text = fields.String(validate=validate.Length(1, 4000))
    location = fields.String(validate=validate.Length(max=200))


# Kinds a `record.amend` may correct, each with the schema of its editable fields.
# A target's data carries author_id, created_version, field_versions and amendments.
AMENDABLE: dict[str, Schema] = {ENTRY: ChangesIn()}


def amendable(kind: str, changes: Schema) -> None:
    """Let `record.amend` correct entities of `kind`, limited to `changes`' fields."""
    AMENDABLE[kind] = changes


def _amendable_kind(kind: str) -> None:
    if kind not in AMENDABLE:
        raise ValidationError(f"must be one of: {', '.join(sorted(AMENDABLE))}.")


class AmendIn(Schema):
    target_kind = fields.String(required=True, validate=_amendable_kind)
    target_id = fields.String(required=True, validate=validate.Length(1, 80))
    changes = fields.Dict(required=True, validate=validate.Length(min=1))
    reason = fields.String(required=True, validate=validate.Length(1, 1000))

    @post_load
    def _changes(self, data, **_):
        try:
            data["changes"] = AMENDABLE[data["target_kind"]].load(data["changes"])
        except ValidationError as exc:
            raise ValidationError({"changes": exc.messages}) from exc
        return data


class CountersignIn(Schema):
    entry_id = fields.String(required=True, validate=validate.Length(1, 80))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


def write_entry(tz: str, ctx: HandlerContext, m: Mutation) -> None:
    if ctx.get(ENTRY, m.id) is not None:
        raise Rejected("duplicate_id", f"an entry {m.id} already exists")
    when = local_time(ctx.received_at, tz)
    number = f"LOG-{when:%Y-%m}-{ctx.next_number(f'LOG-{when:%Y-%m}'):04d}"
    p = m.payload
    ctx.put(ENTRY, m.id, {
        "id": m.id, "site_id": m.space, "number": number,
        "category": p["category"], "text": p["text"], "location": p["location"],
        "occurred_at": m.occurred_at, "corrected_at": ctx.corrected_at,
        "day": local_time(ctx.corrected_at, tz).date().isoformat(),
        "author_id": ctx.user.id, "author_name": ctx.user.name, "device_id": ctx.device_id,
        "created_version": ctx.version, "field_versions": {},
        "original": {k: p[k] for k in EDITABLE}, "amendments": [], "countersign": None,
        "flags": [],
    })
    ctx.result(number=number)


def amend(ctx: HandlerContext, m: Mutation) -> None:
    """`record.amend`: a correction stamp, merged field by field (P6)."""
    p = m.payload
    target = ctx.get(p["target_kind"], p["target_id"])
    if target is None or target.deleted:
        raise Rejected("not_found", f"no {p['target_kind']} {p['target_id']}")
    data = target.data
    if ctx.user.id != data["author_id"] and ctx.user.role not in REVIEWERS:
        raise Rejected("forbidden", "only the author or a supervisor may correct a record")
    base = m.base_version
    if base is None:
        # A phone correcting a record it made before syncing cannot know its version;
        # it has seen the record as it made it, so that is its base.
        if data.get("device_id") != ctx.device_id:
            raise Rejected("invalid_payload", "base_version: required to correct another phone's record")
        base = data["created_version"]
    apply_changes(ctx, target, base, p["changes"], p["reason"])


def apply_changes(ctx: HandlerContext, target, base_version: int, changes: dict, reason: str) -> None:
    """Write a correction onto `target`; overwritten concurrent values go to the conflict log."""
    data = target.data
    changed_by = data.setdefault("field_devices", {})  # field -> device that last changed it
    own = frozenset(f for f, device in changed_by.items() if device == ctx.device_id)
    if data.get("device_id") == ctx.device_id:
        own |= frozenset(changes) - frozenset(changed_by)  # still as this phone wrote it
    merged = merge_fields(data, data["field_versions"], data["created_version"], base_version, changes, own)
    if not merged:
        ctx.result(unchanged=True)
        return
    for change in merged:
        if change.conflicted:
            ctx.conflict(target, change.field, kept=change.after, other=change.before)
        data[change.field] = change.after
        data["field_versions"][change.field] = ctx.version
        changed_by[change.field] = ctx.device_id
    data["amendments"].append({
        "version": ctx.version, "by": ctx.user.id, "by_name": ctx.user.name,
        "at": ctx.corrected_at, "reason": reason,
        "changes": {c.field: {"from": c.before, "to": c.after} for c in merged},
    })
    if data.get("countersign"):
        ctx.flag("amended_after_review", "the entry was corrected after the supervisor countersigned it")
    ctx.put(target.kind, target.id, data)


def countersign(ctx: HandlerContext, m: Mutation) -> None:
    entry = ctx.get(ENTRY, m.payload["entry_id"])
    if entry is None:
        raise Rejected("not_found", f"no entry {m.payload['entry_id']}")
    data = entry.data
    if data["author_id"] == ctx.user.id:
        raise Rejected("self_review", "a supervisor cannot countersign their own entry")
    if data["countersign"]:
        ctx.flag("already_countersigned", f"countersigned already by {data['countersign']['by_name']}")
        return
    data["countersign"] = {"by": ctx.user.id, "by_name": ctx.user.name, "at": ctx.corrected_at,
                           "note": m.payload["note"]}
    ctx.put(ENTRY, entry.id, data)


def register(registry: Registry, tz: str) -> None:
    registry.add(KindSpec(ENTRY, validator(EntryIn()), partial(write_entry, tz), WRITERS))
    registry.add(KindSpec("record.amend", validator(AmendIn()), amend, WRITERS))
    registry.add(KindSpec("log.countersign", validator(CountersignIn()), countersign, REVIEWERS))
    registry.show(ENTRY, WRITERS)
