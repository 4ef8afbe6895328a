"""Canonical JSON (PROTOCOL.md section 1): the bytes that hashes and signatures cover.

It must equal what pwa/lib/canonical.js produces, so numbers are written the
way JavaScript writes them, not the way Python's repr does.
"""
from __future__ import annotations

import hashlib
import json
import math
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64  # `prev` of a device's first mutation


def _js_number(value: float) -> str:
    """Format a float as JavaScript's Number.prototype.toString does."""
    if not math.isfinite(value):
        raise ValueError("NaN and infinities have no canonical form")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr() holds the shortest round-trip digits, as JS does; lay them out JS's way.
    _, digit_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = k + exponent  # the decimal point sits after the first n digits
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def _encode(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        out.append(_js_number(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value)):
            if not isinstance(key, str):
                raise TypeError("object keys must be strings")
            if i:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _encode(value[key], out)
        out.append("}")
    else:
        raise TypeError(f"{type(value).__name__} has no canonical JSON form")


_FAST = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(not isinstance(k, str) or _has_float(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_float(v) for v in value)
    return not (value is None or isinstance(value, (str, int)))


def canonical_json(value: Any) -> str:
    """Return the canonical JSON text of `value` (PROTOCOL.md section 1)."""
    if not _has_float(value):
        # Without floats (and non-string keys, and odd types), Python's C encoder
        # writes exactly the canonical form, several times faster.
        return _FAST.encode(value)
    out: list[str] = []
    _encode(value, out)
    return "".join(out)


def mutation_hash(mutation: dict) -> str:
    """Lower-case hex SHA-256 of a mutation's canonical JSON, exactly as sent."""
    return hashlib.sha256(canonical_json(mutation).encode("utf-8")).hexdigest()


USER_SIG = "user_sig"  # sorts after every other key of a mutation (P2), so it is written last


def proof_bytes(mutation: dict) -> bytes:
    """What `user_sig` signs (P8): the canonical JSON of the mutation without `user_sig`."""
    return canonical_json({k: v for k, v in mutation.items() if k != USER_SIG}).encode("utf-8")


def hash_with_proof_bytes(mutation: dict) -> tuple[str, bytes]:
    """`mutation_hash(mutation)` and `proof_bytes(mutation)` from one encoding: with
    `user_sig` the last key, the whole text is the unsigned text with it appended."""
    unsigned = proof_bytes(mutation)
    sig = mutation.get(USER_SIG)
    if sig is None and USER_SIG not in mutation:
        return hashlib.sha256(unsigned).hexdigest(), unsigned
    whole = unsigned[:-1] + (b"," if len(unsigned) > 2 else b"") + b'"user_sig":' \
        + canonical_json(sig).encode("utf-8") + b"}"
    return hashlib.sha256(whole).hexdigest(), unsigned
