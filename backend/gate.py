"""The gate on the HTTP side (PROTOCOL.md P1.1; the rule itself is sync/wire.py).

Before any view runs, every request's path values, query values and JSON body
pass here. What the server cannot read answers 400 in the envelope (`too_deep`,
`invalid_json`, `invalid_text`, `invalid_number`) and reaches no handler and no
database. One exception, so that no input can stall a phone's outbox: the
mutations of a push are checked one by one by the push itself, and a bad one is
answered `rejected` for that item alone (P3.4).
"""
from __future__ import annotations

import re

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from backend.errors import ApiError
from sync import wire

# endpoint -> the list in its body whose items are checked per item, not here
PER_ITEM = {"sync.push": "mutations"}


def register(app: Flask) -> None:
    app.before_request(check_request)


def check_request() -> None:
    values = [*(request.view_args or {}).values(), *request.args.keys(), *request.args.values()]
    _refuse(wire.problem([_number(v) for v in values]))
    if request.is_json:
        data = _body()
        if data.strip():
            body = _read(data)
            items = PER_ITEM.get(request.endpoint)
            if items and isinstance(body, dict) and isinstance(body.get(items), list):
                body = {k: v for k, v in body.items() if k != items}
            _refuse(wire.problem(body))


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _number(value):
    """A query or path value written as an integer is one: a schema will read it so."""
    if isinstance(value, str) and len(value) < 400 and _INTEGER.fullmatch(value):
        return int(value)
    return value


def _body() -> bytes:
    """The body, cached for the view. A streamed (chunked) body is cut at
    MAX_CONTENT_LENGTH by Werkzeug without a word: here that is a 413."""
    data = request.get_data(cache=True)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is not None and len(data) >= limit and request.content_length is None:
        raise RequestEntityTooLarge()
    return data


def _read(data: bytes):
    try:
        return wire.read(data)
    except wire.Unreadable as exc:
        raise ApiError(400, exc.reason, exc.message) from exc


_MESSAGES = {
    "invalid_text": "The request holds text the server cannot store (NUL or a broken character).",
    "invalid_number": "The request holds a number outside what JSON from a phone can hold.",
    "too_deep": "The request nests too deeply.",
}


def _refuse(problem) -> None:
    if problem is not None:
        raise ApiError(400, problem.code, _MESSAGES.get(problem.code, "The request cannot be read."),
                       {"_": [problem.detail]})
