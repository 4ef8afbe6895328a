"""A site's records of a period as one archive (records 10.8, 11.2.6; duties 1.6).

The zip holds the daily reports as PDF (each domain's `archive_day`), every
record kind as CSV, the photos and signatures those records name, and
`manifest.json`: each file's SHA-256 and size, and the ledger's hash-chain
heads of the site's phones (at the end of the period and at export), so the
archive can later be shown complete and unchanged (`verify`).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.identity.models import Site
from backend.media.models import Media, MediaUse
from backend.sync_api.models import EntityRow, LedgerRow

MANIFEST = "manifest.json"
SHA = re.compile(r"\b[0-9a-f]{64}\b")
FIXED = ("id", "number", "day", "version", "deleted")
FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Archive:
    data: bytes          # the zip
    manifest: dict
    manifest_sha256: str


def _in_period(data: dict, first: str, last: str, start_ms: int, end_ms: int) -> bool:
    """A record of the period: by its day; a record without one (set-up, a register) always."""
    if "day" in data and isinstance(data["day"], str):
        return first <= data["day"] <= last
    at = data.get("corrected_at") or data.get("received_at")
    return at is None or start_ms <= at < end_ms


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _csv(rows: list[EntityRow]) -> bytes:
    """One record kind: the fixed columns first, then every field any of its records has."""
    keys = sorted({k for r in rows for k in r.data} - set(FIXED))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*FIXED, *keys])
    for r in sorted(rows, key=lambda r: (r.version, r.id)):
        w.writerow([r.id, _cell(r.data.get("number")), _cell(r.data.get("day")), r.version, r.deleted,
                    *(_cell(r.data.get(k)) for k in keys)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: spreadsheets read the Chinese right


def _ledger_heads(s: Session, site_id: str, end_ms: int) -> dict:
    heads: dict[str, dict] = {}
    rows = s.execute(select(LedgerRow.device_id, LedgerRow.seq, LedgerRow.hash, LedgerRow.received_at)
                     .where(LedgerRow.space == site_id).order_by(LedgerRow.device_id, LedgerRow.seq))
    for device_id, seq, digest, received_at in rows:
        head = heads.setdefault(device_id, {"at_period_end": None, "at_export": None})
        head["at_export"] = {"seq": seq, "hash": digest}
        if received_at < end_ms:
            head["at_period_end"] = {"seq": seq, "hash": digest}
    return heads


def build(s: Session, site_id: str, first: date, last: date, now_ms: int, domains, by: str) -> Archive:
    """The archive of `site_id` from `first` to `last` (days in the site's time zone, both included)."""
    site = s.get(Site, site_id)
    if site is None:
        raise ValueError(f"no site {site_id}")
    if last < first:
        raise ValueError("the period ends before it starts")
    tz = ZoneInfo(site.tz)
    start_ms = int(datetime.combine(first, time(), tz).timestamp() * 1000)
    end_ms = int(datetime.combine(last + timedelta(days=1), time(), tz).timestamp() * 1000)
    files: dict[str, bytes] = {}
    day = first
    while day <= last:
        for d in domains:
            if d.archive_day:
                files.update(d.archive_day(s, site, day, now_ms))
        day += timedelta(days=1)
    # Every record kind the domains declare; internal ones (label codes, recent scans) stay out.
    declared = sorted({r.name for d in domains for r in d.records})
    by_kind: dict[str, list[EntityRow]] = {}
    for row in s.scalars(select(EntityRow).where(EntityRow.space == site_id, EntityRow.kind.in_(declared))):
        if not row.deleted and _in_period(row.data, first.isoformat(), last.isoformat(), start_ms, end_ms):
            by_kind.setdefault(row.kind, []).append(row)
    refs: set[str] = set()
    for kind, rows in sorted(by_kind.items()):
        files[f"records/{kind}.csv"] = _csv(rows)
        for r in rows:
            refs.update(SHA.findall(json.dumps(r.data)))
    if refs:
        photos = s.execute(select(Media.sha256, Media.content_type, Media.data).join(
            MediaUse, MediaUse.sha256 == Media.sha256).where(Media.sha256.in_(sorted(refs)), MediaUse.site_id == site_id))
        for digest, content_type, data in photos:
            ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(content_type, "bin")
            files[f"photos/{digest}.{ext}"] = data
    manifest = {
        "format": FORMAT, "site": {"id": site.id, "name": site.name, "name_zh": site.name_zh, "tz": site.tz},
        "from": first.isoformat(), "to": last.isoformat(),
        "created_at": datetime.fromtimestamp(now_ms / 1000, tz).isoformat(), "created_by": by,
        "files": {path: {"sha256": sha256(data), "bytes": len(data)} for path, data in sorted(files.items())},
        "records": {kind: len(rows) for kind, rows in sorted(by_kind.items())},
        "ledger_heads": _ledger_heads(s, site_id, end_ms),
    }
    raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in sorted(files.items()):
            z.writestr(path, data)
        z.writestr(MANIFEST, raw)
    return Archive(buf.getvalue(), manifest, sha256(raw))
