"""What awaits review, online (supervisors' phones also read `record.day` offline)."""
from __future__ import annotations

import time

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.db import session
from backend.domain import SUPERVISORS
from backend.identity.service import current_user, get_site, requires
from backend.records.awaiting import awaiting_on, open_days

bp = Blueprint("records", __name__, url_prefix="/api/records", description="Record rules: review")


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
