"""Reading the duty log (writes arrive through sync)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.db import session
from backend.dutylog.entries import CATEGORIES, ENTRY, WRITERS
from backend.identity.service import check_site, current_user, requires
from backend.sync_api.models import EntityRow
from backend.sync_api.store import entities

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
    equal = {k: v for k, v in (("day", query["day"] and query["day"].isoformat()),
                               ("category", query["category"])) if v}
    where = ([EntityRow.data["author_id"].as_integer() == query["author_id"]]
             if query["author_id"] is not None else [])
    return {"entries": entities(session(), query["site_id"], ENTRY, *where, newest_first=True,
                                limit=query["limit"], **equal)}
