"""What awaits review, online (supervisors' phones also read `record.day` offline);
every record kind listed, exported and traced at a desk (listing.py)."""
from __future__ import annotations

import time

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.db import session
from backend.domain import SUPERVISORS
from backend.errors import ApiError
from backend.identity.service import ANY_ROLE, check_site, current_user, get_site, requires
from backend.printing import csv_response
from backend.records import listing
from backend.records.awaiting import awaiting_on, open_days
from backend.sync_api.models import EntityRow
from sync.push import REVIEW

bp = Blueprint("records", __name__, url_prefix="/api/records",
               description="Record rules: review; every record kind listed, exported and traced at a desk")


class SiteQuery(Schema):
    site_id = fields.String(required=True)


class DayQuery(SiteQuery):
    day = fields.Date(required=True)



@bp.get("/awaiting")
@bp.arguments(SiteQuery, location="query")
@requires(*SUPERVISORS)
def awaiting_days(query):
    """Days with records awaiting a review signature, oldest first; overdue ones marked."""
    site = get_site(session(), query["site_id"], current_user())
    return {"days": open_days(session(), site, int(time.time() * 1000))}


@bp.get("/awaiting/day")
@bp.arguments(DayQuery, location="query")
@requires(*SUPERVISORS)
def awaiting_records(query):
    """The records of one day that await a review signature, of every reviewed kind."""
    site = get_site(session(), query["site_id"], current_user())
    registry = current_app.extensions["gatehouse_registry"]
    kinds = sorted(k for k, r in registry.records.items() if r.reviewed)
    return {"day": query["day"].isoformat(),
            "records": awaiting_on(session(), site.id, query["day"].isoformat(), kinds)}


class ListFilters(SiteQuery):
    day = fields.Date(metadata={"description": "one local day of the site (or date_from and date_to)"})
    date_from = fields.Date(metadata={"description": "first local day of a range, included"})
    date_to = fields.Date(metadata={"description": "last local day of a range, included (at most 366 days)"})
    author = fields.Integer(validate=validate.Range(1, 2**31 - 1), metadata={"description": "author's user id"})
    category = fields.String(validate=validate.Length(1, 80), metadata={"description": "the record's category"})
    state = fields.String(validate=validate.Length(1, 40), metadata={"description": "the record's status"})
    number = fields.String(validate=validate.Length(1, 40),
                           metadata={"description": "the record's number, or its start (e.g. REF-2026-11)"})


class ListQuery(ListFilters):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    cursor = fields.String(validate=validate.Length(1, 400),
                           metadata={"description": "`next` of the previous page, under the same filters"})


class ExportQuery(ListFilters):
    lang = fields.String(load_default="en", validate=validate.OneOf(["en", "zh-Hant"]))


class RecordPage(Schema):
    kind = fields.String(required=True)
    records = fields.List(fields.Dict(), required=True,
                          metadata={"description": "newest first by (time, id); each with its version"})
    next = fields.String(allow_none=True, required=True, metadata={"description": "cursor of the next page; null at the end"})


class RecordHistory(Schema):
    kind = fields.String(required=True)
    id = fields.String(required=True)
    version = fields.Integer(required=True)
    record = fields.Dict(required=True)
    created = fields.Dict(required=True, metadata={"description": "author, phone, times and the phone's chain position"})
    original = fields.Dict(allow_none=True)
    amendments = fields.List(fields.Dict(), required=True)
    review = fields.Dict(allow_none=True)
    flags = fields.List(fields.Dict(), required=True, metadata={"description": "review items (supervisors only)"})


class KindsAtDesk(Schema):
    kinds = fields.List(fields.Dict(), required=True)


def _listed(kind: str) -> listing.Listed:
    """The kind, if the caller's role may read it (as its phone may pull it)."""
    listed = listing.listed_kinds(current_app.extensions["gatehouse_domains"]).get(kind)
    if listed is None:
        raise ApiError(404, "kind_unknown", f"No record kind {kind} is listed.")
    if current_user().role not in listed.readers:
        raise ApiError(403, "forbidden", "Your role may not read these records.")
    return listed


@bp.get("/kinds")
@bp.response(200, KindsAtDesk)
@requires(*ANY_ROLE)
def desk_kinds():
    """The record kinds the caller's role may list at a desk, and what each declares."""
    role = current_user().role
    return {"kinds": [{"kind": k.kind, "domain": k.domain, "numbered": k.numbered, "reviewed": k.reviewed,
                       "amendable": k.amendable, "timed_by": k.timed_by}
                      for k in sorted(listing.listed_kinds(current_app.extensions["gatehouse_domains"]).values(),
                                      key=lambda k: k.kind) if role in k.readers]}


@bp.get("/<kind>")
@bp.arguments(ListQuery, location="query")
@bp.response(200, RecordPage)
@requires(*ANY_ROLE)
def list_records(query, kind):
    """A site's records of one kind, newest first by (time, id), filtered and paged by cursor.
    Who may list a kind is who may pull it, at the sites they work at."""
    listed = _listed(kind)
    site = get_site(session(), query["site_id"], current_user())
    filters = listing.Filters.of(query)
    records, nxt = listing.page(session(), listed, filters, site.tz, query["limit"], query.get("cursor"))
    return {"kind": kind, "records": records, "next": nxt}


@bp.get("/<kind>.csv")
@bp.arguments(ExportQuery, location="query")
@bp.response(200, content_type="text/csv")
@requires(*ANY_ROLE)
def export_records(query, kind):
    """What the list shows under the same filters, every page, as CSV (at most 50,000 rows)."""
    listed = _listed(kind)
    site = get_site(session(), query["site_id"], current_user())
    filters = listing.Filters.of(query)
    records = list(listing.every(session(), listed, filters, site.tz))
    body = listing.to_csv(records, listed, site.tz, query["lang"])
    span = (f"-{filters.day_from}" + (f"-{filters.day_to}" if filters.day_to != filters.day_from else "")
            if filters.day_from else "")
    return csv_response(body, f"{kind}-{site.id}{span}.csv")


@bp.get("/<kind>/<record_id>/history")
@bp.response(200, RecordHistory)
@requires(*ANY_ROLE)
def record_history(kind, record_id):
    """One record's history: how it was made (phone, chain position), corrections,
    review signature, and (for supervisors) the flags and conflicts raised on it."""
    listed = _listed(kind)
    row = session().get(EntityRow, (kind, record_id))
    if row is None or row.deleted:
        raise ApiError(404, "not_found", "No such record.")
    user = current_user()
    check_site(user, row.space)
    registry = current_app.extensions["gatehouse_registry"]
    return listing.history(session(), kind, row, user.role in registry.visible.get(REVIEW, frozenset()))
