"""The gate: what the server accepts from the wire (PROTOCOL.md P1.1).

One rule for every input, kept here and nowhere else:

- a request body (and a pull cursor) is read by `read`: UTF-8 JSON, nested at
  most `MAX_DEPTH` deep (a body nested 50,000 deep stops Python's reader with a
  RecursionError, never a crash). Otherwise the request cannot be read: 400 with
  a reason (`Unreadable`).
- every value in it must be storable and mean the same to JavaScript (`problem`):
  text without NUL or lone surrogates, finite numbers, integers within
  +-(2^53 - 1). The HTTP layer (backend/gate.py) refuses a request whose own
  fields break this (400); a push checks each mutation on its own instead
  (`mutation_problem`): a bad one is answered `rejected` with the reason and
  parked, and never fails its batch (P3.4).

Pure: no Flask, no database.
"""
from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

from sync.types import Mutation, Reason

MAX_DEPTH = 64            # a request nested deeper cannot be read
MAX_MUTATION_DEPTH = 32   # a mutation nested deeper is refused (the request around it may be read)
SAFE_INTEGER = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER: beyond it numbers lose digits
ID_LENGTH = 40            # ledger.mutation_id, ledger.kind, spaces.id
ENTITY_ID_LENGTH = 80     # entities.id
HASH = re.compile(r"^[0-9a-f]{64}$")

_SURROGATE = re.compile("[\ud800-\udfff]")


class Unreadable(ValueError):
    """A request (or cursor) the server cannot read: 400 `reason`, nothing recorded."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def _deeper_than(value: Any, room: int) -> bool:
    """Whether `value` nests arrays and objects more than `room` levels deep."""
    if type(value) is dict:
        items = value.values()
    elif type(value) is list:
        items = value
    else:
        return False
    if room == 0:
        return True
    for item in items:
        if (type(item) is dict or type(item) is list) and _deeper_than(item, room - 1):
            return True
    return False


def _integer(literal: str) -> int | float:
    """An integer literal, exactly; one too long for Python's int() (over 4,300
    digits, far past the doubles) is the infinity JavaScript would read."""
    if len(literal.lstrip("-")) > sys.get_int_max_str_digits():
        return -math.inf if literal.startswith("-") else math.inf
    return int(literal)


def read(data: bytes | str) -> Any:
    """Parse a JSON document under the gate's limits; raises Unreadable.

    Python's JSON reader counts its own nesting and raises RecursionError (no stack
    overflow) long before 50,000 levels; what it reads is then held to MAX_DEPTH."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise Unreadable("invalid_json", "The request body is not UTF-8.") from exc
    too_deep = Unreadable("too_deep", f"The request nests more than {MAX_DEPTH} levels deep.")
    try:
        value = json.loads(text, parse_int=_integer)
    except RecursionError:
        raise too_deep from None
    except ValueError as exc:
        raise Unreadable("invalid_json", "The request body is not valid JSON.") from exc
    if _deeper_than(value, MAX_DEPTH):
        raise too_deep
    return value


def text_problem(value: str) -> Reason | None:
    if "\x00" in value:
        return Reason("invalid_text", "text holds NUL")
    if value.isascii():
        return None
    bad = _SURROGATE.search(value)
    return None if bad is None else Reason("invalid_text", f"text holds a lone surrogate U+{ord(bad.group()):04X}")


def problem(value: Any, max_depth: int = MAX_DEPTH) -> Reason | None:
    """The first value that breaks the rule (see the module docstring), or None.
    Recursion is bounded by `max_depth`."""
    kind = type(value)
    if kind is str:
        return text_problem(value)
    if kind is dict or kind is list:
        if max_depth == 0:
            return Reason("too_deep", "nested too deeply")
        if kind is dict:
            for key, item in value.items():
                found = text_problem(key) if type(key) is str else Reason("invalid_input", "a key that is not text")
                if found is None:
                    found = text_problem(item) if type(item) is str else problem(item, max_depth - 1)
                if found is not None:
                    return found
            return None
        for item in value:
            found = problem(item, max_depth - 1)
            if found is not None:
                return found
        return None
    if kind is int:
        return None if -SAFE_INTEGER <= value <= SAFE_INTEGER else Reason(
            "invalid_number", "an integer beyond +-(2^53 - 1)")
    if kind is float:
        return None if math.isfinite(value) else Reason("invalid_number", "NaN or an infinite number")
    if value is None or kind is bool:
        return None
    return Reason("invalid_input", f"{kind.__name__} is not JSON")


# P2: each field of a mutation, what it must be
_FIELDS = ("seq", "id", "kind", "space", "occurred_at", "user_id", "prev", "payload", "base_version",
           "user_sig")
USER_SIG_LENGTH = 100


def _text(value: Any, most: int) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= most


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def seq_of(raw: Any) -> int:
    """The seq that places a wire mutation in its device's log; ValueError if there is none.
    A mutation without one cannot even be answered per item (P3: 400 `invalid_batch`)."""
    if not isinstance(raw, dict):
        raise ValueError("mutation must be an object")
    seq = raw.get("seq")
    if not _count(seq) or not 1 <= seq <= SAFE_INTEGER:
        raise ValueError("seq: expected an integer from 1 to 2^53 - 1")
    return seq


_TEXT = f"expected text of 1 to {ID_LENGTH} characters"
_CHECKS = (  # P2: (field, test, what it must be)
    ("id", lambda v: _text(v, ID_LENGTH), _TEXT),
    ("kind", lambda v: _text(v, ID_LENGTH), _TEXT),
    ("space", lambda v: _text(v, ID_LENGTH), _TEXT),
    ("occurred_at", _count, "expected an integer (ms since the epoch)"),
    ("user_id", _count, "expected an integer"),
    ("prev", lambda v: isinstance(v, str) and HASH.match(v) is not None, "expected 64 hex digits"),
    ("payload", lambda v: isinstance(v, dict), "expected an object"),
    ("base_version", lambda v: v is None or _count(v), "expected an integer"),
    ("user_sig", lambda v: v is None or _text(v, USER_SIG_LENGTH), f"expected text of at most {USER_SIG_LENGTH} characters"),
)
_KNOWN = frozenset(_FIELDS)


def mutation_problem(raw: dict) -> Reason | None:
    """Why a wire mutation (with a readable seq) cannot be understood or stored, or None."""
    found = problem(raw, MAX_MUTATION_DEPTH)
    if found is not None:
        return found
    for name, ok, expected in _CHECKS:
        if not ok(raw.get(name)):
            return Reason("invalid_mutation", f"{name}: {expected}")
    if not raw.keys() <= _KNOWN:
        return Reason("invalid_mutation", f"unknown fields: {', '.join(sorted(set(raw) - _KNOWN))}")
    return None


def storable(value: Any) -> Any:
    """A copy of `value` any store can keep, for parking what the gate refused:
    bad text and numbers become their escaped JSON text, too-deep parts a string."""
    def walk(v: Any, depth: int) -> Any:
        if isinstance(v, str):
            return v if text_problem(v) is None else json.dumps(v)[1:-1]
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, (int, float)):
            return v if problem(v) is None else repr(v)
        if isinstance(v, (dict, list)) and depth >= MAX_MUTATION_DEPTH:
            return "(nested too deep)"
        if isinstance(v, dict):
            return {walk(k, depth) if isinstance(k, str) else repr(k): walk(x, depth + 1) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, depth + 1) for x in v]
        return repr(v)
    return walk(value, 0)


def read_mutation(raw: dict) -> Mutation:
    """A wire mutation whose seq is readable (`seq_of`), checked by the gate.

    A refused one keeps the fields that are storable (others read as empty) so its
    ledger row and review item can be written; `unreadable` says why (P3.4)."""
    reason = mutation_problem(raw)
    if reason is None:
        return Mutation(seq=raw["seq"], id=raw["id"], kind=raw["kind"], space=raw["space"],
                        occurred_at=raw["occurred_at"], user_id=raw["user_id"], prev=raw["prev"],
                        payload=raw["payload"], raw=raw, base_version=raw.get("base_version"),
                        user_sig=raw.get("user_sig"))

    def text(name: str, most: int = ID_LENGTH) -> str:
        value = raw.get(name)
        return value if _text(value, most) and text_problem(value) is None else ""

    def number(name: str) -> int | None:
        value = raw.get(name)
        return value if _count(value) and value <= SAFE_INTEGER else None

    return Mutation(seq=raw["seq"], id=text("id"), kind=text("kind"), space=text("space"),
                    occurred_at=number("occurred_at") or 0, user_id=number("user_id"),
                    prev=raw["prev"] if isinstance(raw.get("prev"), str) and HASH.match(raw["prev"]) else "",
                    payload={}, raw=raw, unreadable=reason)
