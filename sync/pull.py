"""Pull: what changed since the device's cursor (PROTOCOL.md section 5)."""
from __future__ import annotations

from sync import cursor as cursors
from sync.kinds import Registry
from sync.push import authenticate
from sync.store import Store
from sync.types import User

MAX_LIMIT = 1000


def pull(store: Store, registry: Registry, *, device_id: str, user: User,
         cursor: str | None, limit: int, now: int) -> dict:
    """One page of changes the user may see, from one snapshot (P5.1)."""
    limit = max(1, min(limit, MAX_LIMIT))
    epoch_seen, since, issued_under = cursors.decode(cursor)  # P5.2 (raises BadCursor)
    with store.read() as rx:  # P5.1: one read snapshot
        device = authenticate(rx, device_id, user)
        epoch = rx.epoch()
        spaces = [device.site_id]
        horizons = {s: rx.horizon(s) for s in spaces}
        # P5.3: another epoch, or a purge since the cursor was issued that went past it, starts over
        reset = epoch_seen is not None and (epoch_seen != epoch or any(
            cursors.stale(since.get(s, 0), issued_under.get(s, 0), horizons[s]) for s in spaces))
        versions = {s: 0 if reset else since.get(s, 0) for s in spaces}
        kinds = registry.visible_kinds(user.role)
        # P5.4: ordered by (space, version); a page never splits a version
        rows = rx.changes(versions, kinds, limit) if kinds else []
        for row in rows:
            versions[row.space] = max(versions[row.space], row.version)
        has_more = bool(rows) and bool(rx.changes(versions, kinds, 1))
        acks = {"device_id": device.id, "last_seq": device.last_seq}
    # P5.5
    return {"changes": [r.as_change() for r in rows], "cursor": cursors.encode(epoch, versions, horizons),
            "has_more": has_more, "acks": acks, "server_time": now, "epoch": epoch,
            "reset": reset}
