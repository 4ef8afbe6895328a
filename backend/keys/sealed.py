"""Secrets kept in the database, sealed with a key derived from SECRET_KEY.

Private signing keys never leave the server and are never logged; at rest they
are encrypted (AES-256-GCM) under a key derived (HKDF-SHA-256) from the app's
SECRET_KEY, so a copy of the database alone does not hand out the site's keys.
A changed SECRET_KEY makes sealed secrets unreadable: `Unsealable` says so.
"""
from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


class Unsealable(RuntimeError):
    pass


def _key(purpose: str) -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return HKDF(hashes.SHA256(), 32, salt=b"gatehouse-sealed-v1", info=purpose.encode()).derive(secret)


def seal(data: bytes, purpose: str) -> str:
    """`data` encrypted for `purpose` (the purpose is bound in, so one secret
    cannot be unsealed as another)."""
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(_key(purpose)).encrypt(nonce, data, purpose.encode())).decode()


def unseal(text: str, purpose: str) -> bytes:
    raw = base64.b64decode(text)
    try:
        return AESGCM(_key(purpose)).decrypt(raw[:12], raw[12:], purpose.encode())
    except InvalidTag as exc:
        raise Unsealable(f"a sealed {purpose} cannot be opened: was SECRET_KEY changed?") from exc
