"""The rulebook's record rules, given to every kind that declares them (PROTOCOL.md P6).

Forms and records chapter (domain-rules.md section 5): every form has a number
(10.3); every entry carries who wrote it and when, and the direct supervisor's
review signature (10.5); corrections carry a correction stamp and never
overwrite (10.6), with a reason and a version (10.7); records are kept for their
retention period (10.8). A kind declares which of these it needs with a
`RecordRules`; `HandlerContext.create` then stamps and numbers it, `record.amend`
corrects it and `record.review` signs it. Everything here is pure: it reads and
writes through the handler context only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from sync.merge import merge_fields
from sync.types import Entity, Rejected

DAY = "record.day"        # per site and day: how many records of reviewed kinds await review
DEFAULT_RETENTION_DAYS = 3 * 365  # where the rulebook gives no period (forms 10.8)

Validator = Callable[[dict], tuple[dict, dict]]


def _author(data: dict) -> set[int]:
    return {data["author_id"]}


@dataclass(frozen=True)
class RecordRules:
    """What a record kind declares; every rule left out is simply not applied.

    number: the series prefix (``"LOG"`` gives ``LOG-2026-11-0042``; ``""`` gives
    ``2026-11-0042``), or a function of the new record's data giving it.
    amendable: the validator of a correction's ``changes`` and the fields it may touch.
    reviewed: a supervisor signs each record (``record.review``).
    note_required: when a review must carry a note even if approved (e.g. a
    handover that was never accepted).
    signers: who signed the record, and so may not review it (default: the author).
    """

    kind: str
    number: str | Callable[[dict], str] | None = None
    amendable: Validator | None = None
    amend_fields: tuple[str, ...] = ()
    reviewed: bool = False
    note_required: Callable[[dict], bool] | None = None
    signers: Callable[[dict], set[int]] = _author
    retention_days: int = DEFAULT_RETENTION_DAYS


def local(ms: int, tz: str) -> datetime:
    """A server or device time (ms since the epoch) in a site's time zone."""
    return datetime.fromtimestamp(ms / 1000, timezone.utc).astimezone(ZoneInfo(tz))


def stamp(ctx) -> dict:
    """Who did it on which phone, and when by the device, corrected and received
    (forms 10.5; design.md section 5): carried by every record and every event."""
    return {"user_id": ctx.user.id, "user_name": ctx.user.name, "device_id": ctx.device_id,
            "device_at": ctx.mutation.occurred_at, "corrected_at": ctx.corrected_at,
            "received_at": ctx.received_at}


def new_record(ctx, rules: RecordRules | None, kind: str, entity_id: str, data: dict) -> dict:
    """The data of a new record of `kind` with its stamp, number and rule fields."""
    # Ids are one namespace for every site (entities are keyed (kind, id)): an id taken
    # at another site is refused too, or this write would move that site's record here.
    if ctx.lookup_any_site(kind, entity_id) is not None:
        raise Rejected("duplicate_id", f"a {kind} {entity_id} already exists")
    s = stamp(ctx)
    record = {"id": entity_id, "site_id": ctx.mutation.space, **data,
              "author_id": s["user_id"], "author_name": s["user_name"], "device_id": s["device_id"],
              "device_at": s["device_at"], "corrected_at": s["corrected_at"], "received_at": s["received_at"],
              "created_version": ctx.version}
    record.setdefault("day", ctx.day())
    if rules is None:
        return record
    if rules.number is not None:
        prefix = rules.number(record) if callable(rules.number) else rules.number
        # The month the record belongs to: when it happened (corrected), never a future clock.
        month = local(min(ctx.corrected_at, ctx.received_at), ctx.tz).strftime("%Y-%m")
        series = f"{prefix}-{month}" if prefix else month
        record["number"] = f"{series}-{ctx.next_number(series):04d}"
        ctx.result(number=record["number"])
    if rules.amendable is not None:
        record.update(field_versions={}, field_devices={}, amendments=[],
                      original={f: record.get(f) for f in rules.amend_fields})
    if rules.reviewed:
        record["review"] = None
        _tally(ctx, record["day"], kind, total=1)
    return record


def amend(ctx, rules: RecordRules, target: Entity, base_version: int, changes: dict, reason: str) -> None:
    """Write a correction onto `target` with its stamp (P6); the original stays
    readable, and a value a concurrent edit overwrote goes to the conflict log."""
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
    s = stamp(ctx)
    data["amendments"].append({
        "version": ctx.version, "by": s["user_id"], "by_name": s["user_name"], "at": s["corrected_at"],
        "device_id": s["device_id"], "reason": reason,
        "changes": {c.field: {"from": c.before, "to": c.after} for c in merged},
    })
    if rules.reviewed and data.get("review"):
        ctx.flag("amended_after_review", "the record was corrected after the supervisor countersigned it")
    ctx.put(target.kind, target.id, data)


def review(ctx, rules: RecordRules, target: Entity, approved: bool, note: str) -> None:
    """The supervisor's review signature on one record (forms 10.5)."""
    data = target.data
    if ctx.user.id in rules.signers(data):
        raise Rejected("self_review", "nobody reviews a record they wrote or signed")
    if data.get("review"):
        ctx.flag("already_reviewed", f"countersigned already by {data['review']['user_name']}")
        return
    if not note and (not approved or (rules.note_required and rules.note_required(data))):
        raise Rejected("note_required", "say why: this record is not approved as it stands")
    data["review"] = {"approved": approved, "note": note, "state_at_review": data.get("status"),
                      "version": ctx.version, **stamp(ctx)}
    ctx.put(target.kind, target.id, data)
    _tally(ctx, data["day"], target.kind, reviewed=1)


def _tally(ctx, day: str, kind: str, total: int = 0, reviewed: int = 0) -> None:
    """Count a record of a reviewed kind, or its review, in its site-day's tally, so the
    inbox, the board and supervisors' phones (offline) see the days still open without
    reading every record. Counted per mutation, written once per batch (`write_tallies`)."""
    ctx.count(day, kind, total, reviewed)


def write_tallies(tx_get, space: str, version: int, counts: dict) -> list:
    """The `record.day` entities of a batch's counts: {(day, kind): [total, reviewed]}."""
    by_day: dict[str, dict] = {}
    for (day, kind), (total, reviewed) in counts.items():
        by_day.setdefault(day, {})[kind] = (total, reviewed)
    out = []
    for day, kinds in by_day.items():
        key = f"{space}:{day}"
        held = tx_get(DAY, key)
        data = held.data if held else {"site_id": space, "day": day, "kinds": {}, "awaiting": 0}
        for kind, (total, reviewed) in kinds.items():
            c = data["kinds"].setdefault(kind, {"total": 0, "reviewed": 0})
            c["total"] += total
            c["reviewed"] += reviewed
        data["awaiting"] = sum(c["total"] - c["reviewed"] for c in data["kinds"].values())
        out.append(Entity(DAY, key, space, version, data))
    return out
