"""A token read at the gate, checked against the site's key list the server
published (`site.keys`), inside a handler: pure, no private key near it."""
from __future__ import annotations

from backend.keys import tokens
from backend.keys.service import KEYS
from sync.signature import public_key_from_jwk


def check(ctx, text: str, at_ms: int) -> tuple[dict | None, str]:
    """(claims, "") when one of this site's keys, still good at `at_ms`, signed
    `text`; else (None, reason): `unreadable`, `unknown_key`, `retired_key`, `forged`."""
    try:
        token = tokens.read(text)
    except tokens.BadToken as exc:
        return None, exc.reason
    listed = ctx.get(KEYS, ctx.mutation.space)
    keys = {k["kid"]: k for k in (listed.data["keys"] if listed else [])}
    key = keys.get(token.kid)
    if key is None:
        return None, "unknown_key"
    if key["valid_until"] is not None and key["valid_until"] <= at_ms:
        return None, "retired_key"
    try:
        return tokens.verify(token, public_key_from_jwk(key["jwk"])), ""
    except tokens.BadToken as exc:
        return None, exc.reason
