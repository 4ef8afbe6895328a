"""Records at a desk: every record kind listed, filtered, paged and exported the same way.

One list for every kind a domain declares as a record (`Record.at_desk`,
backend/domain.py): no domain writes its own. Who may list a kind is who may pull
it (`Record.readers`), at the sites they work at, so a role never reads here what
its phone may not pull. A list is a site's live records of one kind, newest first
by (time, id), where the time is the kind's `timed_by` field (the corrected time,
or when a review item was opened); a day or a range of days is taken in the site's
time zone. Pages follow a cursor that remembers the filters it was made under: a
cursor from other filters is refused (`cursor_mismatch`), never read against them.
"""
from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, cast, or_, select
from sqlalchemy.orm import Session

from backend.errors import ApiError
from backend.sync_api.jsonpath import JsonInt, JsonText
from backend.identity.models import Device
from backend.sync_api.models import EntityRow, LedgerRow
from sync.push import REVIEW as REVIEW_ITEM  # flags and conflicts a supervisor settles

MAX_DAYS = 366          # the longest range one list or export covers
EXPORT_MAX = 50_000     # rows in one CSV export; past it, narrow the filters
PAGE = 500              # rows read at a time while exporting


@dataclass(frozen=True)
class Listed:
    """A record kind as a desk lists it (from its `Record` declaration)."""

    kind: str
    domain: str
    readers: frozenset[str]
    timed_by: str
    numbered: bool
    reviewed: bool
    amendable: bool


def listed_kinds(domains) -> dict[str, Listed]:
    """Every kind the domains declare as a record listed at a desk."""
    return {r.name: Listed(r.name, d.name, frozenset(r.readers), r.timed_by, r.number is not None,
                           r.reviewed, r.amendable is not None)
            for d in domains for r in d.records if r.at_desk}


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to. Days are the site's local days, both ends included."""

    site_id: str
    day_from: date | None = None
    day_to: date | None = None
    author: int | None = None
    category: str | None = None
    state: str | None = None
    number: str | None = None

    @classmethod
    def of(cls, query: dict) -> "Filters":
        day, start, end = query.get("day"), query.get("date_from"), query.get("date_to")
        if day is not None and (start is not None or end is not None):
            raise ApiError(422, "invalid_input", "Give either day, or date_from and date_to, not both.")
        if day is not None:
            start = end = day
        if (start is None) != (end is None):
            raise ApiError(422, "invalid_input", "A range needs both date_from and date_to.")
        if start is not None and end < start:
            raise ApiError(422, "invalid_input", "date_to is before date_from.")
        if start is not None and (end - start).days >= MAX_DAYS:
            raise ApiError(422, "invalid_input", f"A range covers at most {MAX_DAYS} days.")
        return cls(query["site_id"], start, end, query.get("author"), query.get("category") or None,
                   query.get("state") or None, query.get("number") or None)

    def fingerprint(self, kind: str) -> str:
        """The same for the same kind and filters; a cursor carries it."""
        values = [kind, self.site_id, str(self.day_from), str(self.day_to), self.author, self.category,
                  self.state, self.number]
        return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:16]


def day_bounds(tz: str, first: date, last: date) -> tuple[int, int]:
    """[start, end) in ms of the site's local days `first`..`last`."""
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def encode_cursor(fingerprint: str, at: int, record_id: str) -> str:
    raw = json.dumps([fingerprint, at, record_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, fingerprint: str) -> tuple[int, str]:
    """The (time, id) after which the next page starts; refused clearly when it is not
    a cursor of this list or was made under other filters."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_under, at, record_id = json.loads(raw)
        if not (isinstance(made_under, str) and isinstance(at, int) and not isinstance(at, bool)
                and isinstance(record_id, str)):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "bad_cursor", "The cursor is not one this list gave; start again without it.")
    if made_under != fingerprint:
        raise ApiError(400, "cursor_mismatch",
                       "The cursor was made for other filters; start again without it after changing them.")
    return at, record_id


def _query(listed: Listed, f: Filters, tz: str, after: tuple[int, str] | None = None):
    """The rows the filters list, after `after` (time, id) when given, newest first.

    Times are bounded by ONE upper bound (the range's end, or the cursor's time if
    earlier), so that SQLite as well as PostgreSQL reads a page as one index range
    of (kind, space, time, id) from where the last page stopped, never the skipped rows again.
    """
    at = JsonInt(EntityRow.data, listed.timed_by)
    stmt = select(EntityRow.id, EntityRow.version, EntityRow.data, at.label("at")).where(
        EntityRow.kind == listed.kind, EntityRow.space == f.site_id, EntityRow.deleted.is_(False),
        at.is_not(None))
    upper = None  # the latest time listed, included
    if f.day_from is not None:
        start, end = day_bounds(tz, f.day_from, f.day_to)
        stmt = stmt.where(at >= start)
        upper = end - 1
    if after is not None:
        upper = after[0] if upper is None else min(upper, after[0])
        # (at, id) < after: at the cursor's time itself, only the smaller ids
        stmt = stmt.where(or_(at < after[0], EntityRow.id < after[1]))
    if upper is not None:
        stmt = stmt.where(at <= upper)
    if f.author is not None:
        stmt = stmt.where(cast(JsonText(EntityRow.data, "author_id"), Integer) == f.author)
    if f.category is not None:
        stmt = stmt.where(JsonText(EntityRow.data, "category") == f.category)
    if f.state is not None:
        stmt = stmt.where(JsonText(EntityRow.data, "status") == f.state)
    if f.number is not None:
        stmt = stmt.where(JsonText(EntityRow.data, "number").startswith(f.number, autoescape=True))
    return stmt, at


def page(s: Session, listed: Listed, f: Filters, tz: str, limit: int,
         cursor: str | None = None) -> tuple[list[dict], str | None]:
    """One page of records, newest first, and the cursor of the next (None at the end)."""
    fingerprint = f.fingerprint(listed.kind)
    stmt, at = _query(listed, f, tz, decode_cursor(cursor, fingerprint) if cursor else None)
    rows = s.execute(stmt.order_by(at.desc(), EntityRow.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    records = [dict(r.data, id=r.id, kind=listed.kind, version=r.version) for r in rows]
    nxt = encode_cursor(fingerprint, rows[-1].at, rows[-1].id) if more else None
    return records, nxt


def every(s: Session, listed: Listed, f: Filters, tz: str) -> Iterator[dict]:
    """Every record the filters list, page by page (at most EXPORT_MAX)."""
    cursor, seen = None, 0
    while True:
        records, cursor = page(s, listed, f, tz, PAGE, cursor)
        for r in records:
            seen += 1
            if seen > EXPORT_MAX:
                raise ApiError(400, "too_many", f"More than {EXPORT_MAX} records: narrow the filters.")
            yield r
        if cursor is None:
            return


# The columns every export starts with; then the kind's own fields, by name.
COLUMNS = ("number", "day", "time", "author", "status", "category", "reviewed_by", "reviewed_at", "corrections", "id")
HEADINGS = {
    "en": {"number": "No.", "day": "Day", "time": "Time", "author": "Written by", "status": "Status",
           "category": "Category", "reviewed_by": "Countersigned by", "reviewed_at": "Countersigned at",
           "corrections": "Corrections", "id": "ID"},
    "zh-Hant": {"number": "編號", "day": "日期", "time": "時間", "author": "填寫人", "status": "狀態",
                "category": "類別", "reviewed_by": "審閱簽署人", "reviewed_at": "審閱簽署時間",
                "corrections": "更正", "id": "ID"},
}
# Bookkeeping an export leaves out (the record's history shows it).
HIDDEN = frozenset({"field_versions", "field_devices", "original", "amendments", "review", "kind", "site_id",
                    "author_name", "status", "category", "number", "day"})


def _cell(value) -> str:
    """A value as a cell; what people typed never runs as a spreadsheet formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _local(ms, tz: str) -> str:
    if not isinstance(ms, int):
        return ""
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S")


def to_csv(records: list[dict], listed: Listed, tz: str, lang: str) -> bytes:
    """The listed records as CSV (UTF-8 with a BOM, so spreadsheets read Chinese)."""
    own = sorted({k for r in records for k in r} - HIDDEN - set(COLUMNS) - {listed.timed_by})
    words = HEADINGS.get(lang, HEADINGS["en"])
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow([words[c] for c in COLUMNS] + own)
    for r in records:
        review = r.get("review") or {}
        fixed = {"number": r.get("number"), "day": r.get("day"), "time": _local(r.get(listed.timed_by), tz),
                 "author": r.get("author_name"), "status": r.get("status"), "category": r.get("category"),
                 "reviewed_by": review.get("user_name"), "reviewed_at": _local(review.get("corrected_at"), tz),
                 "corrections": len(r.get("amendments") or []), "id": r.get("id")}
        out.writerow([_cell(fixed[c]) for c in COLUMNS] + [_cell(r.get(k)) for k in own])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def history(s: Session, kind: str, row: EntityRow, with_flags: bool) -> dict:
    """A record's whole story: as it stands, how it was made (the phone, its place in
    that phone's hash chain), its corrections, its review signature and the flags and
    conflicts raised on it (review items, for those who may read them), oldest first."""
    data = row.data
    made = s.scalars(select(LedgerRow).where(LedgerRow.mutation_id == row.id)
                     .order_by(LedgerRow.received_at).limit(1)).first()
    flags = [] if not with_flags else s.scalars(select(EntityRow).where(
        EntityRow.kind == REVIEW_ITEM, EntityRow.space == row.space, EntityRow.deleted.is_(False),
        or_(EntityRow.data[("target", "id")].as_string() == row.id,
            EntityRow.data[("mutation", "id")].as_string() == row.id)))
    devices = {d for d in [data.get("device_id"), made.device_id if made else None]
               + [a.get("device_id") for a in data.get("amendments") or []]
               + [(data.get("review") or {}).get("device_id")] if d}
    labels = {i: label for i, label in s.execute(select(Device.id, Device.label).where(Device.id.in_(devices)))}
    return {
        "kind": kind, "id": row.id, "version": row.version, "record": dict(data, version=row.version),
        "created": {
            "author_id": data.get("author_id"), "author_name": data.get("author_name"),
            "device_id": data.get("device_id"), "device_label": labels.get(data.get("device_id")),
            "device_at": data.get("device_at"), "corrected_at": data.get("corrected_at"),
            "received_at": data.get("received_at"), "version": data.get("created_version"),
            "chain": None if made is None else {
                "device_id": made.device_id, "device_label": labels.get(made.device_id), "seq": made.seq,
                "mutation_id": made.mutation_id, "mutation_kind": made.kind, "hash": made.hash,
                "prev": made.prev, "status": made.status, "received_at": made.received_at},
        },
        "original": data.get("original"),
        "amendments": [dict(a, device_label=labels.get(a.get("device_id")))
                       for a in data.get("amendments") or []],
        "review": (dict(data["review"], device_label=labels.get(data["review"].get("device_id")))
                   if data.get("review") else None),
        "flags": sorted((dict(f.data, version=f.version) for f in flags), key=lambda f: (f.get("created_at") or 0, f["id"])),
    }
