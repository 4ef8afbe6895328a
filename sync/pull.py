"""Pull: what changed since the device's cursor (PROTOCOL.md section 5)."""
from __future__ import annotations

from sync import cursor as cursors
from sync import window
from sync.kinds import Registry
from sync.push import authenticate
from sync.store import Store
from sync.types import Entity, Page, User

MAX_LIMIT = 1000


def pull(store: Store, registry: Registry, *, device_id: str, user: User,
         cursor: str | None, limit: int, now: int) -> dict:
    """One page of changes the user may see, from one snapshot (P5.1)."""
    limit = max(1, min(limit, MAX_LIMIT))
    seen = cursors.decode(cursor)  # P5.2 (raises BadCursor)
    with store.read() as rx:  # P5.1: one read snapshot
        device = authenticate(rx, device_id, user)
        epoch = rx.epoch()
        space = device.site_id  # a phone belongs to one site (P5.4)
        horizons = {space: rx.horizon(space)}
        # P5.3: another epoch, or a purge since the cursor was issued that went past it, starts over
        reset = seen.epoch is not None and (seen.epoch != epoch or cursors.stale(
            seen.versions.get(space, 0), seen.horizons.get(space, 0), horizons[space]))
        kinds = registry.visible_kinds(user.role)
        settings = rx.site_settings(space)
        # P5.6: what left the window since the cursor was issued; more than a page starts over
        issued = None if reset else seen.starts.get(space)
        start = window.start(now, settings, issued)
        left: list[Entity] = []
        if not reset and seen.versions.get(space, 0) and kinds and start > (issued or 0):
            left = rx.leaving(space, kinds, issued or 0, start, seen.versions[space], limit + 1)
            if len(left) > limit:
                reset, left, start = True, [], window.start(now, settings, None)
        version = 0 if reset else seen.versions.get(space, 0)
        crawl = rx.head(space) if version == 0 else seen.crawls.get(space, 0)
        versions, crawls = {space: version}, {space: (start, crawl)}
        # P5.4: ordered by (space, version); a page never splits a version
        rows = rx.changes(versions, kinds, limit, crawls) if kinds else Page()
        for row in rows:
            versions[row.space] = max(versions[row.space], row.version)
        has_more = rows.more
        acks = {"device_id": device.id, "last_seq": device.last_seq}
    # P5.5
    changes = [_gone(e) for e in left] + [
        _gone(r) if r.closes_at is not None and r.closes_at < start and not r.deleted else r.as_change()
        for r in rows]
    return {"changes": changes,
            "cursor": cursors.encode(epoch, versions, horizons, {space: start}, {space: crawl} if crawl else {}),
            "has_more": has_more, "acks": acks, "server_time": now, "epoch": epoch,
            "reset": reset}


def _gone(entity: Entity) -> dict:
    """P5.6: a record that left the phone's window is dropped like a tombstone."""
    return {"space": entity.space, "kind": entity.kind, "id": entity.id, "version": entity.version,
            "deleted": True, "data": {"reason": "window"}}
