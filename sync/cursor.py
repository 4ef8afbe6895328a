"""The pull cursor: opaque to clients, `{epoch, versions per space}` (P5.2)."""
from __future__ import annotations

import base64
import json

from sync.canonical import canonical_json


class BadCursor(ValueError):
    pass


def encode(epoch: str, versions: dict[str, int]) -> str:
    text = canonical_json({"e": epoch, "v": versions})
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str | None) -> tuple[str | None, dict[str, int]]:
    """Return (epoch, versions); (None, {}) for no cursor. Raises BadCursor."""
    if not cursor:
        return None, {}
    try:
        body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        epoch, versions = body["e"], body["v"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadCursor("the cursor cannot be read") from exc
    if not isinstance(epoch, str) or not isinstance(versions, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
            for k, v in versions.items()):
        raise BadCursor("the cursor cannot be read")
    return epoch, versions
