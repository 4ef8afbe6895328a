"""The supervisor's inbox: flagged and parked mutations, merge conflicts."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from backend.db import session
from backend.identity.service import check_site, current_user, requires
from backend.review.handlers import REVIEWERS
from backend.sync_api.store import entities
from sync.push import REVIEW

bp = Blueprint("review", __name__, url_prefix="/api/review", description="Supervisor inbox")


class ItemQuery(Schema):
    site_id = fields.String(required=True)
    status = fields.String(load_default="open", validate=validate.OneOf(["open", "resolved", "all"]))


@bp.get("/items")
@bp.arguments(ItemQuery, location="query")
@requires(*REVIEWERS)
def items(query):
    """Review items of a site, newest first."""
    check_site(current_user(), query["site_id"])
    equal = {} if query["status"] == "all" else {"status": query["status"]}
    return {"items": entities(session(), query["site_id"], REVIEW, newest_first=True, limit=1000, **equal)}
