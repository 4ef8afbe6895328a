"""The gate: what the server accepts from the wire (PROTOCOL.md P1.1).

One rule for every input, kept here and nowhere else:

- a request body (and a pull cursor) is read by `read`: JSON, nested at most
  `MAX_DEPTH` deep (checked before parsing, so no recursion can blow up).
  Otherwise the request cannot be read: 400 with a reason (`Unreadable`).
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
from itertools import accumulate
from typing import Any

from sync.types import Mutation, Reason

MAX_DEPTH = 64            # a request nested deeper cannot be read
MAX_MUTATION_DEPTH = 32   # a mutation nested deeper is refused (the request around it may be read)
SAFE_INTEGER = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER: beyond it numbers lose digits
ID_LENGTH = 40            # ledger.mutation_id, ledger.kind, spaces.id
ENTITY_ID_LENGTH = 80     # entities.id
HASH = re.compile(r"^[0-9a-f]{64}$")

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


class Unreadable(ValueError):
    """A request (or cursor) the server cannot read: 400 `reason`, nothing recorded."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def _depth(text: str) -> int:
    """How deeply `text` nests arrays and objects (brackets inside strings do not count)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot be deeper than it has brackets
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _integer(literal: str) -> int | float:
    """An integer literal, exactly; one too long for Python's int() (over 4,300
    digits, far past the doubles) is the infinity JavaScript would read."""
    if len(literal.lstrip("-")) > sys.get_int_max_str_digits():
        return -math.inf if literal.startswith("-") else math.inf
    return int(literal)


def read(data: bytes | str) -> Any:
    """Parse a JSON document under the gate's limits; raises Unreadable."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise Unreadable("invalid_json", "The request body is not UTF-8.") from exc
    if _depth(text) > MAX_DEPTH:
        raise Unreadable("too_deep", f"The request nests more than {MAX_DEPTH} levels deep.")
    try:
        return json.loads(text, parse_int=_integer)
    except Unreadable:
        raise
    except ValueError as exc:
        raise Unreadable("invalid_json", "The request body is not valid JSON.") from exc


def text_problem(value: str) -> Reason | None:
    bad = _BAD_TEXT.search(value)
    if bad is None:
        return None
    what = "NUL" if bad.group() == "\x00" else f"a lone surrogate U+{ord(bad.group()):04X}"
    return Reason("invalid_text", f"text holds {what}")


def problem(value: Any, max_depth: int = MAX_DEPTH) -> Reason | None:
    """The first value that breaks the rule (see the module docstring), or None."""
    stack = [(value, 0)]
    while stack:
        v, depth = stack.pop()
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, str):
            found = text_problem(v)
        elif isinstance(v, int):
            found = None if -SAFE_INTEGER <= v <= SAFE_INTEGER else Reason(
                "invalid_number", "an integer beyond +-(2^53 - 1)")
        elif isinstance(v, float):
            found = None if math.isfinite(v) else Reason("invalid_number", "NaN or an infinite number")
        elif isinstance(v, (dict, list)):
            if depth >= max_depth:
                return Reason("too_deep", f"nested more than {max_depth} levels deep")
            items = v.items() if isinstance(v, dict) else enumerate(v)
            found = None
            for key, item in items:
                if isinstance(key, str) and (found := text_problem(key)):
                    break
                stack.append((item, depth + 1))
        else:
            found = Reason("invalid_input", f"{type(v).__name__} is not JSON")
        if found is not None:
            return found
    return None


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


def mutation_problem(raw: dict) -> Reason | None:
    """Why a wire mutation (with a readable seq) cannot be understood or stored, or None."""
    found = problem(raw, MAX_MUTATION_DEPTH)
    if found is not None:
        return found
    unknown = sorted(set(raw) - set(_FIELDS))
    checks = (
        ("id", _text(raw.get("id"), ID_LENGTH), f"expected text of 1 to {ID_LENGTH} characters"),
        ("kind", _text(raw.get("kind"), ID_LENGTH), f"expected text of 1 to {ID_LENGTH} characters"),
        ("space", _text(raw.get("space"), ID_LENGTH), f"expected text of 1 to {ID_LENGTH} characters"),
        ("occurred_at", _count(raw.get("occurred_at")), "expected an integer (ms since the epoch)"),
        ("user_id", _count(raw.get("user_id")), "expected an integer"),
        ("prev", isinstance(raw.get("prev"), str) and bool(HASH.match(raw["prev"])), "expected 64 hex digits"),
        ("payload", isinstance(raw.get("payload"), dict), "expected an object"),
        ("base_version", raw.get("base_version") is None or _count(raw["base_version"]), "expected an integer"),
        ("user_sig", raw.get("user_sig") is None or _text(raw["user_sig"], USER_SIG_LENGTH),
         f"expected text of at most {USER_SIG_LENGTH} characters"),
    )
    for name, ok, expected in checks:
        if not ok:
            return Reason("invalid_mutation", f"{name}: {expected}")
    if unknown:
        return Reason("invalid_mutation", f"unknown fields: {', '.join(unknown)}")
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
