"""Per-user proof keys (PROTOCOL.md P8): issued at a user's online sign-in on a
phone, kept on the server sealed under SECRET_KEY (keys/sealed.py) and on the
phone only wrapped by a key derived from that user's PIN."""
from __future__ import annotations

import base64
import functools
import os

PURPOSE = "proof-key"


def new_proof_key() -> str:
    """32 random bytes, sealed for the database."""
    from backend.keys.sealed import seal  # keys sit on identity: imported late
    return seal(os.urandom(32), PURPOSE)


@functools.lru_cache(maxsize=4096)
def _opened(sealed: str, secret: str) -> bytes | None:
    from backend.keys.sealed import Unsealable, unseal
    try:
        return unseal(sealed, PURPOSE)
    except (Unsealable, ValueError):
        return None  # a changed SECRET_KEY: nothing is proved until the user signs in again


def open_proof_key(sealed: str) -> bytes | None:
    """The raw key of a sealed one (cached per process: unsealing runs HKDF and AES-GCM)."""
    from flask import current_app
    return _opened(sealed, current_app.config["SECRET_KEY"])


def wire(key: bytes) -> str:
    """The key as the sign-in answer carries it: base64url, no padding."""
    return base64.urlsafe_b64encode(key).decode().rstrip("=")
