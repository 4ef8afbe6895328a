"""Canonical JSON (PROTOCOL.md section 1): the bytes that hashes and signatures cover.

It must equal what pwa/lib/canonical.js produces, so numbers are written the
way JavaScript writes them, not the way Python's repr does.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64  # `prev` of a device's first mutation


def _js_number(value: float | int) -> str:
    """Format a number as JavaScript's JSON.stringify does, after JSON.parse read it:
    as the nearest double (integers beyond 2^53 lose digits), and `null` for NaN and
    infinities (JSON.parse reads 1e400 as Infinity). The gate refuses mutations holding
    such numbers (P1.1); writing them the JavaScript way keeps their hash the phone's."""
    try:
        value = float(value)
    except OverflowError:
        return "null"  # an integer beyond the doubles: Infinity to JavaScript
    if not math.isfinite(value):
        return "null"
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


_LONE = re.compile("[\ud800-\udfff]")
SAFE_INTEGER = 2**53 - 1


def _js_string(value: str) -> str:
    """A string as JSON.stringify writes it: a lone surrogate as a \\udxxx escape."""
    return _LONE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _utf16(key: str) -> bytes:
    """Sort key: UTF-16 code units, as JavaScript's sort() orders strings."""
    return key.encode("utf-16-be", "surrogatepass")


def _encode(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(str(value) if -SAFE_INTEGER <= value <= SAFE_INTEGER else _js_number(value))
    elif isinstance(value, float):
        out.append(_js_number(value))
    elif isinstance(value, str):
        out.append(_js_string(value))
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        if not all(isinstance(key, str) for key in value):
            raise TypeError("object keys must be strings")
        for i, key in enumerate(sorted(value, key=_utf16)):
            if i:
                out.append(",")
            out.append(_js_string(key))
            out.append(":")
            _encode(value[key], out)
        out.append("}")
    else:
        raise TypeError(f"{type(value).__name__} has no canonical JSON form")


_FAST = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _needs_care(value: Any) -> bool:
    """Whether Python's fast encoder would write `value` differently from JavaScript:
    floats, integers beyond 2^53, keys outside ASCII (sort order), non-string keys.

    Every mutation is checked, so this is the push's hottest loop: exact type tests
    (a subclass of int or str takes the careful path, which is always right), and
    the common leaves (text, small integers) tested inline rather than by a call."""
    t = type(value)
    if t is dict:
        for k in value:
            if type(k) is not str or not k.isascii():
                return True
        items = value.values()
    elif t is list or t is tuple:
        items = value
    elif t is str or value is None or t is bool:
        return False
    elif t is int:
        return not -SAFE_INTEGER <= value <= SAFE_INTEGER
    else:
        return True  # a float, a subclass, anything else: the careful path decides
    for v in items:
        tv = type(v)
        if tv is str or v is None or tv is bool:
            continue
        if tv is int:
            if -SAFE_INTEGER <= v <= SAFE_INTEGER:
                continue
            return True
        if _needs_care(v):
            return True
    return False


def canonical_json(value: Any) -> str:
    """Return the canonical JSON text of `value` (PROTOCOL.md section 1)."""
    if not _needs_care(value):
        # Python's C encoder then writes exactly the canonical form, several times faster,
        # unless a string holds a lone surrogate (JSON.stringify escapes those).
        text = _FAST.encode(value)
        if _LONE.search(text) is None:
            return text
    out: list[str] = []
    _encode(value, out)
    return "".join(out)


def mutation_hash(mutation: dict) -> str:
    """Lower-case hex SHA-256 of a mutation's canonical JSON, exactly as sent."""
    if not _needs_care(mutation):
        try:
            return hashlib.sha256(_FAST.encode(mutation).encode("utf-8")).hexdigest()
        except UnicodeEncodeError:
            pass  # a lone surrogate, which JSON.stringify escapes
    out: list[str] = []
    _encode(mutation, out)
    return hashlib.sha256("".join(out).encode("utf-8")).hexdigest()


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
