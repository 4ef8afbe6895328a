"""HTTP face of the sync core: push and pull (PROTOCOL.md sections 3 and 5)."""
from __future__ import annotations

import gzip

from flask import current_app, jsonify, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.db import database, reading_session, session
from backend.errors import ApiError
from backend.identity.service import current_device, current_user
from backend.sync_api.store import SqlStore, now_ms, user_record
import sync
from sync.push import parse_batch

bp = Blueprint("sync", __name__, url_prefix="/api/sync", description="Offline sync")


class PushIn(Schema):
    device_id = fields.String(required=True, validate=validate.Length(1, 40))
    client_time = fields.Integer(required=True, strict=True)
    mutations = fields.Raw(required=True)  # read by sync.push.parse_batch, which names bad items
    signature = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


MAX_CURSOR = 1000


class PullQuery(Schema):
    # A cursor is ~150 characters; 1,000 keeps the request line far below the 4,094
    # bytes gunicorn reads (it answers a longer one 414 itself, without the envelope).
    cursor = fields.String(load_default=None, validate=validate.Length(max=MAX_CURSOR))
    limit = fields.Integer(load_default=500, validate=validate.Range(1, 1000))


def _caller():
    """P3.1 on the HTTP side: a valid user token and device token.

    Read in a plain (deferred) session: the sync core opens its own transaction.
    """
    reading_session()
    user = current_user()
    device = current_device()
    return user_record(user, session()), device.id


@bp.post("/push")
@bp.arguments(PushIn)
def push(body):
    """Push a batch of mutations from a device's outbox (PROTOCOL.md section 3)."""
    user, token_device = _caller()
    if body["device_id"] != token_device:
        raise ApiError(403, "device_mismatch", "The device token belongs to another device.")
    mutations = parse_batch(body["mutations"])
    session().close()  # the push runs in its own write transaction
    result = sync.push(SqlStore(database()), current_app.extensions["gatehouse_registry"],
                       device_id=token_device, user=user, client_time=body["client_time"],
                       mutations=mutations, signature=body["signature"], now=now_ms())
    return result.as_dict()


@bp.get("/pull")
@bp.arguments(PullQuery, location="query")
def pull(query):
    """Changes since the cursor, one page at a time (PROTOCOL.md section 5)."""
    user, device_id = _caller()
    session().close()
    page = sync.pull(SqlStore(database()), current_app.extensions["gatehouse_registry"],
                     device_id=device_id, user=user, cursor=query["cursor"], limit=query["limit"],
                     now=now_ms())
    return gzipped(jsonify(page))


def gzipped(response):
    """Compress a large JSON answer when the client accepts gzip (phones on weak signal:
    a page of changes shrinks ~15x, the role table ~6x)."""
    if "gzip" not in request.headers.get("Accept-Encoding", "") or response.content_length < 1024:
        return response
    response.set_data(gzip.compress(response.get_data(), compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    return response


@bp.get("/kinds")
def kinds():
    """The mutation kinds this server understands, who may send and see each, which are
    approvals, and the record rules each record kind declares (one source of truth
    for what a phone shows each role)."""
    registry = current_app.extensions["gatehouse_registry"]
    return gzipped(jsonify({"kinds": {k: sorted(s.roles) for k, s in sorted(registry.kinds.items())},
            "visible": {k: sorted(r) for k, r in sorted(registry.visible.items())},
            "approvals": sorted(k for k, s in registry.kinds.items() if s.approval),
            "records": {k: {"numbered": r.number is not None, "amendable": list(r.amend_fields),
                            "reviewed": r.reviewed} for k, r in sorted(registry.records.items())}}))

