"""Downloading a period's archive (online, supervisors of the site): every download is logged."""
from __future__ import annotations

import io
import time

from flask import current_app, send_file
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.archive import audit
from backend.archive.export import build
from backend.db import session
from backend.errors import ApiError
from backend.identity.service import check_site, current_user, requires

bp = Blueprint("archive", __name__, url_prefix="/api/archive", description="Archives by period")
MAX_DAYS = 366


class PeriodQuery(Schema):
    site_id = fields.String(required=True, validate=validate.Length(1, 40))
    first = fields.Date(required=True, data_key="from")
    last = fields.Date(required=True, data_key="to")

    @validates_schema
    def _period(self, data, **_):
        if data["last"] < data["first"]:
            raise ValidationError("the period ends before it starts", "to")
        if (data["last"] - data["first"]).days >= MAX_DAYS:
            raise ValidationError(f"at most {MAX_DAYS} days at once", "to")


@bp.get("")
@bp.arguments(PeriodQuery, location="query")
@bp.response(200, content_type="application/zip")
@requires("supervisor", "admin")
def download(query):
    """A site's records from `from` to `to` as one zip: daily report PDFs, every record kind
    as CSV, photos, and a manifest with each file's SHA-256 and the ledger's chain heads.
    The download is written to the audit log (who, which site and period, when)."""
    user = current_user()
    check_site(user, query["site_id"])
    s = session()
    try:
        a = build(s, query["site_id"], query["first"], query["last"], int(time.time() * 1000),
                  current_app.extensions["gatehouse_domains"], f"user:{user.id}")
    except ValueError as exc:
        raise ApiError(404, "site_unknown", str(exc)) from exc
    audit.log(s, f"user:{user.id}", "archive_download", query["site_id"], **{
        "from": query["first"].isoformat(), "to": query["last"].isoformat(),
        "files": len(a.manifest["files"]), "manifest_sha256": a.manifest_sha256})
    s.commit()
    name = f"archive-{query['site_id']}-{query['first'].isoformat()}-{query['last'].isoformat()}.zip"
    response = send_file(io.BytesIO(a.data), mimetype="application/zip", download_name=name, max_age=0)
    response.headers["X-Manifest-SHA256"] = a.manifest_sha256
    return response
