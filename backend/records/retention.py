"""Records are kept for their retention period, then removed with a trace (forms 10.8).

Each record kind declares how long it is kept (`Record.retention_days`, three
years where the rulebook gives no period); a site may set its own per kind in
its settings (`retention_days: {kind: days}`). `gatehouse purge --before DATE`
lists what is past both the date and its retention (a dry run unless
`--execute`), then removes it: phones drop each record through a tombstone, the
ledger keeps every mutation's hash and chain link but drops stored payloads,
and the audit log says what went. `gatehouse ledger-verify` checks afterwards
that every device's hash chain still holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Text, cast, select, update
from sqlalchemy.orm import Session

from backend.identity.models import Site
from backend.identity.service import utcnow
from backend.sync_api.jsonpath import JsonText
from backend.sync_api.models import AuditEntry, EntityRow, LedgerRow
from backend.sync_api.store import tombstones
from sync.canonical import mutation_hash
from sync.kinds import Registry
from sync.records import DEFAULT_RETENTION_DAYS

CHUNK = 500  # tombstones per version: a pull page never has to carry more than this at once


@dataclass
class Expired:
    """What one site would lose for one kind."""

    site_id: str
    kind: str
    kept_days: int
    ids: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)


def expired(s: Session, registry: Registry, before: date, today: date) -> list[Expired]:
    """Records of every site whose day is before `before` and past their retention."""
    out = []
    for site in s.scalars(select(Site).order_by(Site.id)):
        own = (site.settings or {}).get("retention_days", {})
        for kind, rules in sorted(registry.records.items()):
            days = int(own.get(kind, rules.retention_days))
            cutoff = min(before, today - timedelta(days=days)).isoformat()
            rows = s.execute(select(EntityRow.id, JsonText(EntityRow.data, "number")).where(
                EntityRow.kind == kind, EntityRow.space == site.id, EntityRow.deleted.is_(False),
                JsonText(EntityRow.data, "day") < cutoff)).all()
            if rows:
                out.append(Expired(site.id, kind, days, [r[0] for r in rows], [r[1] for r in rows if r[1]]))
    return out


def purge(s: Session, registry: Registry, before: date, today: date, actor: str = "cli") -> list[Expired]:
    """Remove what `expired` lists; returns it. The caller commits."""
    gone = expired(s, registry, before, today)
    for e in gone:
        for i in range(0, len(e.ids), CHUNK):
            tombstones(s, e.site_id, e.kind, e.ids[i:i + CHUNK], "retention period ended")
        s.add(AuditEntry(at=utcnow(), actor=actor, action="purge", site_id=e.site_id, detail={
            "kind": e.kind, "before": before.isoformat(), "kept_days": e.kept_days,
            "count": len(e.ids), "ids": e.ids, "numbers": e.numbers}))
    # The ledger keeps each mutation's hash and link; the payloads it parked go
    # once no record kind could still need them.
    oldest = min(before, today - timedelta(days=DEFAULT_RETENTION_DAYS))
    cutoff_ms = int(datetime.combine(oldest, time(), timezone.utc).timestamp() * 1000)
    kept = cast(LedgerRow.mutation, Text) != "null"  # JSON null is how "no payload" is stored
    dropped = s.execute(update(LedgerRow).where(LedgerRow.received_at < cutoff_ms, kept)
                        .values(mutation=None)).rowcount
    if dropped:
        s.add(AuditEntry(at=utcnow(), actor=actor, action="purge_payloads", site_id=None,
                         detail={"before": before.isoformat(), "ledger_rows": dropped}))
    return gone


def verify_chains(s: Session) -> list[str]:
    """Every device's ledger still forms its hash chain; stored payloads still hash
    to what was recorded. Returns the problems found (none when all holds)."""
    problems, last = [], {}
    rows = s.execute(select(LedgerRow.device_id, LedgerRow.seq, LedgerRow.hash, LedgerRow.prev,
                            LedgerRow.mutation).order_by(LedgerRow.device_id, LedgerRow.seq))
    for device_id, seq, digest, prev, raw in rows:
        before = last.get(device_id)
        if before and before[0] == seq - 1 and prev and prev != before[1]:
            problems.append(f"{device_id} seq {seq}: prev does not match the hash of seq {seq - 1}")
        if raw is not None and mutation_hash(raw) != digest:
            problems.append(f"{device_id} seq {seq}: stored payload does not hash to the recorded hash")
        last[device_id] = (seq, digest)
    return problems

