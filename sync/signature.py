"""Device signatures: ECDSA P-256 over the batch's last hash (PROTOCOL.md P3);
user proofs: HMAC-SHA-256 of each mutation by its user's proof key (P8)."""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_from_jwk(jwk: dict | str) -> ec.EllipticCurvePublicKey:
    """Load a P-256 public key from its JWK (as WebCrypto exports it)."""
    if isinstance(jwk, str):
        return _key_from_text(jwk)
    return _key_from_dict(jwk)


@functools.lru_cache(maxsize=4096)
def _key_from_text(text: str) -> ec.EllipticCurvePublicKey:
    """Stored keys are parsed once per process, not on every push."""
    return _key_from_dict(json.loads(text))


def _key_from_dict(jwk: dict) -> ec.EllipticCurvePublicKey:
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ValueError("public key must be an EC P-256 JWK")
    x = int.from_bytes(b64url_decode(jwk["x"]), "big")
    y = int.from_bytes(b64url_decode(jwk["y"]), "big")
    return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()


def verify(public_key: ec.EllipticCurvePublicKey | None, message: str, signature: str | None) -> bool:
    """True when `signature` (raw r||s, base64url) signs `message` (UTF-8)."""
    if public_key is None or not signature:
        return False
    try:
        raw = b64url_decode(signature)
    except (ValueError, TypeError):
        return False
    if len(raw) != 64:
        return False
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        public_key.verify(der, message.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def user_signature(proof_key: bytes, signed: bytes) -> str:
    """P8: HMAC-SHA-256 by the user's proof key of `proof_bytes(mutation)`, base64url."""
    return b64url(hmac.new(proof_key, signed, hashlib.sha256).digest())


def proven(proof_key: bytes | None, signed: bytes, user_sig) -> bool:
    """True when `user_sig` is the HMAC of `signed` by `proof_key` (constant time)."""
    if proof_key is None or not isinstance(user_sig, str) or len(user_sig) != 43:
        return False
    return hmac.compare_digest(user_signature(proof_key, signed), user_sig)
