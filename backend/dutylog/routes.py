"""Reading the duty log (writes arrive through sync)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from backend.db import session
from backend.dutylog.handlers import CATEGORIES, ENTRY, WRITERS
from backend.identity.service import check_site, current_user, requires
from backend.sync_api.models import EntityRow
from backend.sync_api.store import list_entities

bp = Blueprint("dutylog", __name__, url_prefix="/api/log", description="Duty log")


class EntryQuery(Schema):
    site_id = fields.String(required=True)
    day = fields.Date(load_default=None)
    author_id = fields.Integer(load_default=None)
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES))
    limit = fields.Integer(load_default=200, validate=validate.Range(1, 1000))


@bp.get("/entries")
@bp.arguments(EntryQuery, location="query")
@requires(*WRITERS)
def entries(query):
    """Duty log entries of a site, newest first; filter by day, author, category."""
    check_site(current_user(), query["site_id"])
    where = []
    if query["day"]:
        where.append(EntityRow.data["day"].as_string() == query["day"].isoformat())
    if query["author_id"] is not None:
        where.append(EntityRow.data["author_id"].as_integer() == query["author_id"])
    if query["category"]:
        where.append(EntityRow.data["category"].as_string() == query["category"])
    return {"entries": list_entities(session(), ENTRY, query["site_id"], *where, limit=query["limit"])}
