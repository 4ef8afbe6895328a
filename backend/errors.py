"""One error envelope for everything: {code, status, message, reason, errors}."""
from __future__ import annotations

import logging
from http import HTTPStatus

from flask import jsonify
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from sync.push import BadBatch
from sync.cursor import BadCursor
from sync.types import AuthError, StorageUnavailable

log = logging.getLogger(__name__)

_DEFAULT_REASONS = {400: "bad_request", 401: "token_invalid", 403: "forbidden", 404: "not_found",
                    405: "method_not_allowed", 409: "conflict", 413: "batch_too_large",
                    415: "unsupported_media_type", 422: "invalid_input", 429: "too_many_requests",
                    500: "internal_error", 503: "storage_unavailable"}


class ApiError(Exception):
    """Raise anywhere in a view to answer with the envelope."""

    def __init__(self, code: int, reason: str, message: str, errors: dict | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.code, self.reason, self.message, self.errors = code, reason, message, errors or {}
        self.headers = headers or {}


def envelope(code: int, message: str, reason: str | None = None, errors: dict | None = None):
    body = {"code": code, "status": HTTPStatus(code).phrase, "message": message,
            "reason": reason or _DEFAULT_REASONS.get(code, "error"), "errors": errors or {}}
    return jsonify(body), code


def http_error(exc: HTTPException):
    data = getattr(exc, "data", None) or {}
    errors = data.get("messages") or data.get("errors") or {}
    if isinstance(errors, dict) and set(errors) <= {"json", "query", "form", "headers", "view_args"}:
        flat = {}
        for part in errors.values():
            flat.update(part if isinstance(part, dict) else {"_": part})
        errors = flat
    message = data.get("message") or exc.description or HTTPStatus(exc.code).phrase
    if errors.get("_") == ["Invalid JSON body."]:
        message, errors = "The request body is not valid JSON.", {}
        data = {**data, "reason": "invalid_json"}
    return envelope(exc.code or 500, message, data.get("reason"), errors)


def register(app) -> None:
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(AuthError, lambda e: envelope(e.status, e.message, e.reason))
    app.register_error_handler(BadBatch, lambda e: envelope(
        e.status, "The batch is malformed." if e.status == 400 else "Too many mutations in one push.",
        e.reason, e.errors))
    app.register_error_handler(BadCursor, lambda e: envelope(400, str(e), "cursor_invalid"))
    app.register_error_handler(StorageUnavailable, _storage_down)
    app.register_error_handler(OperationalError, _storage_down)
    app.register_error_handler(IntegrityError, _integrity)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, _unexpected)


def _api_error(e: ApiError):
    response, code = envelope(e.code, e.message, e.reason, e.errors)
    response.headers.update(e.headers)
    return response, code


def _storage_down(exc):
    log.error("storage unavailable: %s", exc)
    return envelope(503, "The database cannot be reached. Nothing was recorded; try again.",
                    "storage_unavailable")


def _integrity(exc):
    return envelope(409, "That conflicts with a record that already exists.", "conflict")


def _unexpected(exc):
    log.exception("unhandled error")
    return envelope(500, "Something went wrong on the server.", "internal_error")
