"""The pull cursor: opaque to clients (P5.2), per space: the version reached (`v`),
the tombstone horizon (`h`), the window start (`w`) and the crawl's head (`f`).

`h` holds each space's tombstone horizon when the cursor was issued: a cursor is
stale only if a purge has raised the horizon since then, past its version (P5.3).
`w` is the window start the cursor was issued under and `f` the space's version
when the phone's crawl from nothing began (P5.6, sync/window.py).
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field

from sync import wire
from sync.canonical import canonical_json


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    epoch: str | None = None  # None: no cursor, the phone starts from nothing
    versions: dict[str, int] = field(default_factory=dict)
    horizons: dict[str, int] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)
    crawls: dict[str, int] = field(default_factory=dict)


def encode(epoch: str, versions: dict[str, int], horizons: dict[str, int],
           starts: dict[str, int] | None = None, crawls: dict[str, int] | None = None) -> str:
    body = {"e": epoch, "v": versions, "h": horizons}
    body.update({k: m for k, m in (("w", starts), ("f", crawls)) if m})
    text = canonical_json(body)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _counts(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        and 0 <= v <= wire.SAFE_INTEGER for k, v in value.items())


def decode(cursor: str | None) -> Cursor:
    """The cursor's fields; an empty Cursor for no cursor. Raises BadCursor.

    A cursor without `h` (issued before horizons were carried) counts as issued
    under horizon 0: any purge since makes it stale, as before. One without `w`
    (issued before windows) holds everything: what is out of the window leaves."""
    if not cursor:
        return Cursor()
    try:
        body = wire.read(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))  # P1.1
        out = Cursor(body["e"], body["v"], body.get("h", {}), body.get("w", {}), body.get("f", {}))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadCursor("the cursor cannot be read") from exc
    if not isinstance(out.epoch, str) or not all(
            _counts(m) for m in (out.versions, out.horizons, out.starts, out.crawls)):
        raise BadCursor("the cursor cannot be read")
    return out


def stale(since: int, issued_under: int, horizon: int) -> bool:
    """P5.3: tombstones below `horizon` may be gone. A cursor at `since` missed some
    only if a purge raised the horizon past `since` after the cursor was issued
    (its own horizon then was `issued_under`). Cursors issued since the last purge,
    a crawl from zero included, are never stale."""
    return 0 < since < horizon and issued_under < horizon
