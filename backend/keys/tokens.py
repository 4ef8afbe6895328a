"""Signed tokens that phones check offline: passes, goods-release permits, box labels.

design.md section 6: ES256 (ECDSA P-256), a key id, no personal data, small
enough for a QR of version 10 at error correction M. The format is COSE_Sign1
(RFC 9052) over CBOR claims, written in a QR as ``GH1:`` + base45 (RFC 9285),
which QR codes carry in their dense alphanumeric mode (the EU's health
certificates work the same way). A phone verifies it with WebCrypto
(pwa/lib/cose.js); the server with `cryptography`. Both sides share the test
vectors in tests/vectors/cose.json.

    COSE_Sign1 = [protected: bstr .cbor {1: -7 (ES256), 4: kid}, {}, payload: bstr .cbor claims, signature]
    signed bytes = cbor(["Signature1", protected, h'', payload]), signature = raw r||s (64 bytes)
"""
from __future__ import annotations

from dataclasses import dataclass

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

PREFIX = "GH1:"
ES256 = -7
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}


class BadToken(ValueError):
    """The token is not one we can read or its signature does not hold; `reason`
    is the stable code the gate screen translates (`forged`, `unreadable`...)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def b45encode(data: bytes) -> str:
    """RFC 9285: two bytes to three characters of the QR alphanumeric set."""
    out = []
    for i in range(0, len(data), 2):
        if i + 1 < len(data):
            n = data[i] * 256 + data[i + 1]
            c, n = n % 45, n // 45
            d, e = n % 45, n // 45
            out += [_ALPHABET[c], _ALPHABET[d], _ALPHABET[e]]
        else:
            n = data[i]
            out += [_ALPHABET[n % 45], _ALPHABET[n // 45]]
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [_INDEX[c] for c in text]
    except KeyError as exc:
        raise BadToken("unreadable", "not base45") from exc
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i:i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise BadToken("unreadable", "not base45")
            out += bytes([n // 256, n % 256])
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise BadToken("unreadable", "not base45")
            out.append(n)
        else:
            raise BadToken("unreadable", "not base45")
    return bytes(out)


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign(claims: dict, kid: str, key: ec.EllipticCurvePrivateKey) -> str:
    """The QR text of `claims` signed by `key` (ES256) under key id `kid`."""
    protected = cbor2.dumps({1: ES256, 4: kid.encode()})
    payload = cbor2.dumps(claims)
    r, s = decode_dss_signature(key.sign(_to_be_signed(protected, payload), ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return PREFIX + b45encode(cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature])))


@dataclass(frozen=True)
class Token:
    """A token read from a QR, its signature not yet checked."""

    kid: str
    claims: dict
    signed: bytes      # the bytes the signature covers
    signature: bytes   # raw r||s


def read(text: str) -> Token:
    """Parse a token's QR text; raises BadToken('unreadable') for anything else."""
    if not isinstance(text, str) or not text.startswith(PREFIX) or len(text) > 2000:
        raise BadToken("unreadable", "not a Gatehouse token")
    try:
        item = cbor2.loads(b45decode(text[len(PREFIX):]))
        # Only what the signature covers may vary: the tag and the empty unprotected header are fixed.
        if not isinstance(item, cbor2.CBORTag) or item.tag != 18:
            raise BadToken("unreadable", "not a COSE_Sign1")
        protected, unprotected, payload, signature = item.value
        if unprotected != {}:
            raise BadToken("unreadable", "unexpected unprotected header")
        header = cbor2.loads(protected)
        claims = cbor2.loads(payload)
        kid = header[4].decode()
    except BadToken:
        raise
    except Exception as exc:  # any malformed CBOR is a forgery or a misread, never a crash
        raise BadToken("unreadable", "not a Gatehouse token") from exc
    if header.get(1) != ES256 or not isinstance(claims, dict) or not isinstance(signature, bytes) \
            or len(signature) != 64:
        raise BadToken("unreadable", "not an ES256 token")
    return Token(kid, claims, _to_be_signed(protected, payload), signature)


def verify(token: Token, public_key: ec.EllipticCurvePublicKey) -> dict:
    """The token's claims if `public_key` signed it; BadToken('forged') otherwise."""
    der = encode_dss_signature(int.from_bytes(token.signature[:32], "big"),
                               int.from_bytes(token.signature[32:], "big"))
    try:
        public_key.verify(der, token.signed, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise BadToken("forged", "the signature does not hold") from exc
    return token.claims
