"""The pull cursor: opaque to clients, `{epoch, versions per space, horizons per space}` (P5.2).

`h` holds each space's tombstone horizon when the cursor was issued: a cursor is
stale only if a purge has raised the horizon since then, past its version (P5.3).
"""
from __future__ import annotations

import base64

from sync import wire
from sync.canonical import canonical_json


class BadCursor(ValueError):
    pass


def encode(epoch: str, versions: dict[str, int], horizons: dict[str, int]) -> str:
    text = canonical_json({"e": epoch, "v": versions, "h": horizons})
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _counts(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        and 0 <= v <= wire.SAFE_INTEGER for k, v in value.items())


def decode(cursor: str | None) -> tuple[str | None, dict[str, int], dict[str, int]]:
    """Return (epoch, versions, horizons); (None, {}, {}) for no cursor. Raises BadCursor.

    A cursor without `h` (issued before horizons were carried) counts as issued
    under horizon 0: any purge since makes it stale, as before."""
    if not cursor:
        return None, {}, {}
    try:
        body = wire.read(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))  # P1.1
        epoch, versions, horizons = body["e"], body["v"], body.get("h", {})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadCursor("the cursor cannot be read") from exc
    if not isinstance(epoch, str) or not _counts(versions) or not _counts(horizons):
        raise BadCursor("the cursor cannot be read")
    return epoch, versions, horizons


def stale(since: int, issued_under: int, horizon: int) -> bool:
    """P5.3: tombstones below `horizon` may be gone. A cursor at `since` missed some
    only if a purge raised the horizon past `since` after the cursor was issued
    (its own horizon then was `issued_under`). Cursors issued since the last purge,
    a crawl from zero included, are never stale."""
    return 0 < since < horizon and issued_under < horizon
